/**
 * api-finding: the staff API's finding routes (`GET /search`, `GET /children/{id}`, linking an
 * enquiry to a child and correcting its details, the call handler's `GET /phone-logs/{callId}`)
 * and the parents' public status page (`POST /status`, counted per reference and client). Every
 * search and record opened is written to the access log. It sends no email.
 */
import { DynamoAccessLog } from '../../shared/adapters/access-log';
import { DynamoRateLimits } from '../../shared/adapters/rate-limits';
import { defineApiFunction } from '../api/api-function';
import { dispatchTo } from '../api/dispatch';
import { findingHandler } from '../api/groups/finding';
import type { FindingApiDeps } from '../api/route-group';
import { commonApiDeps, enquiryRepository, TableEnvironment } from '../api/wiring';

export const handler = defineApiFunction('api-finding', TableEnvironment, (env, { logger }) => {
  const { documentClient, ...common } = commonApiDeps(env.TABLE_NAME, logger);
  const deps: FindingApiDeps = {
    ...common,
    enquiries: enquiryRepository(documentClient, env.TABLE_NAME, common.config),
    accessLog: new DynamoAccessLog(documentClient, env.TABLE_NAME),
    rateLimits: new DynamoRateLimits(documentClient, env.TABLE_NAME),
  };
  return dispatchTo({ finding: findingHandler(deps) });
});
