/**
 * api-reports: the managers' figures (`GET /dashboard?team=`, with the breach forecast from away
 * dates, and `GET /report`, the improvement board's report with its escalations). Reads only.
 */
import { DynamoAvailabilityStore } from '../../shared/adapters/availability-store';
import { EnquiryReader } from '../../shared/adapters/enquiry-reader';
import { DynamoEscalationLog } from '../../shared/adapters/escalation-log';
import { DynamoStatutoryStore } from '../../shared/adapters/statutory-store';
import { defineApiFunction } from '../api/api-function';
import { dispatchTo } from '../api/dispatch';
import { dashboardHandler } from '../api/groups/dashboard';
import { reportHandler } from '../api/groups/report';
import type { ReportsApiDeps } from '../api/route-group';
import { commonApiDeps, TableEnvironment } from '../api/wiring';

export const handler = defineApiFunction('api-reports', TableEnvironment, (env, { logger }) => {
  const { documentClient, ...common } = commonApiDeps(env.TABLE_NAME, logger);
  const deps: ReportsApiDeps = {
    ...common,
    // The dashboard and the report only read: no enquiry or escalation writes in this bundle.
    enquiries: new EnquiryReader(documentClient, env.TABLE_NAME),
    statutory: new DynamoStatutoryStore(documentClient, env.TABLE_NAME),
    availability: new DynamoAvailabilityStore(documentClient, env.TABLE_NAME),
    escalationLog: new DynamoEscalationLog(documentClient, env.TABLE_NAME),
  };
  return dispatchTo({ dashboard: dashboardHandler(deps), report: reportHandler(deps) });
});
