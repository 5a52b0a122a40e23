/**
 * api-casework: the staff API's casework routes (`GET /queue`, `GET /caseload`, one enquiry and the
 * actions on it, statutory processes, away dates and deputies, `GET /me`). It sends caseworkers'
 * replies, the picked-up email and resent acknowledgements through SES (paced), and counts first
 * responses.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoAccessLog } from '../../shared/adapters/access-log';
import { DynamoAvailabilityStore } from '../../shared/adapters/availability-store';
import { sesClient } from '../../shared/adapters/aws-clients';
import { pacedSesMailer } from '../../shared/adapters/mailer';
import { DynamoStatutoryStore } from '../../shared/adapters/statutory-store';
import * as z from '../../shared/domain/zod';
import { apiFunction } from '../api/api-function';
import { dispatchTo } from '../api/dispatch';
import { availabilityHandler } from '../api/groups/availability';
import { enquiriesHandler } from '../api/groups/enquiries';
import { meHandler } from '../api/groups/me';
import { statutoryHandler } from '../api/groups/statutory';
import { workListsHandler } from '../api/groups/work-lists';
import type { CaseworkApiDeps } from '../api/route-group';
import { commonApiDeps, enquiryRepository, TableEnvironment } from '../api/wiring';
import { defineHandler, type FunctionTools } from '../define-handler';

export const ApiCaseworkEnvironment = z.extend(TableEnvironment, {
  /** SES configuration set for replies (bounce and complaint events); optional locally. */
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
});

/**
 * A first response is counted at once, with no dimension but the service: a series per team and
 * priority would cost more than the requests ($0.30 a month each); the weekly report gives
 * response times per team and priority from the table.
 */
function recordFirstResponse(metrics: Metrics): void {
  metrics.singleMetric().addMetric('FirstResponses', MetricUnit.Count, 1);
}

/** Lambda entry point, with metrics (first responses); the other API functions emit none. */
export const handler = defineHandler(
  apiFunction('api-casework', ApiCaseworkEnvironment, (env, { logger, metrics }: FunctionTools) => {
    const { documentClient, ...common } = commonApiDeps(env.TABLE_NAME, logger);
    const deps: CaseworkApiDeps = {
      ...common,
      enquiries: enquiryRepository(documentClient, env.TABLE_NAME, common.config),
      statutory: new DynamoStatutoryStore(documentClient, env.TABLE_NAME),
      availability: new DynamoAvailabilityStore(documentClient, env.TABLE_NAME),
      accessLog: new DynamoAccessLog(documentClient, env.TABLE_NAME),
      mailer: pacedSesMailer('api-casework', sesClient(), common.config.sending, env.SES_CONFIGURATION_SET),
      metrics: { firstResponse: () => recordFirstResponse(metrics) },
    };
    return dispatchTo({
      'work-lists': workListsHandler(deps),
      enquiries: enquiriesHandler(deps),
      statutory: statutoryHandler(deps),
      availability: availabilityHandler(deps),
      me: meHandler(deps),
    });
  }),
);
