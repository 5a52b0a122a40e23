/**
 * What the finding use cases (search, child records, the call handler's reference, the parents'
 * status page) work with besides casework's: the enquiries as they are looked up, the access log
 * and the attempt counters (`ports.ts`).
 */
import type { CaseworkDeps, CaseworkRequest } from '../casework/casework-context';
import type { AccessAction, AccessLog, FindingEnquiries, RateLimits } from './ports';

/** No mailer: finding sends nothing (its own Lambda function holds no SES client). */
export interface FindingDeps extends Omit<CaseworkDeps, 'mailer'> {
  readonly enquiries: FindingEnquiries;
  readonly accessLog: AccessLog;
  readonly rateLimits: RateLimits;
}

/** Records that the caller searched or opened something (who, when, what): before answering. */
export async function recordAccess(
  deps: Pick<FindingDeps, 'accessLog' | 'config'>,
  request: CaseworkRequest,
  action: AccessAction,
  query: string | null,
  records: readonly string[],
): Promise<void> {
  await deps.accessLog.record(
    {
      at: request.now,
      who: request.principal.username,
      roles: [...request.principal.roles],
      action,
      query,
      records,
      requestId: request.requestId,
    },
    deps.config.accessAudit.retentionDays,
  );
}
