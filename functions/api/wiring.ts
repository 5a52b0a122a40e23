/**
 * What every staff API function builds alike, once per container: its environment's shape, the
 * hub configuration, the table's repositories every route group reads (who is calling, their
 * caseworker record). Each `functions/api-<group>/handler.ts` adds only the adapters its own
 * groups use: the enquiry repository (`enquiryRepository` below) where routes change enquiries,
 * the read-only `EnquiryReader` for the managers' figures; the handler shape is `api-function.ts`.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { StaffRepository } from '../../shared/adapters/staff-repository';
import { type HubConfig, retentionRepositoryOptions } from '../../shared/config/hub-config';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { hubServiceLevels } from '../../shared/domain/service-level';
import * as z from '../../shared/domain/zod';
import type { ApiDeps } from './route-group';

/** The table every API function with route groups reads and writes. */
export const TableEnvironment = z.object({
  TABLE_NAME: z.string().check(z.minLength(3), z.maxLength(255)),
});

/** Dependencies every route group has (the rest are each function's own). */
export function commonApiDeps(
  tableName: string,
  logger: Logger,
): Pick<ApiDeps, 'caseworkers' | 'staff' | 'config' | 'policy' | 'logger' | 'clock'> & {
  readonly documentClient: ReturnType<typeof dynamoDocumentClient>;
} {
  const config = loadHubConfig();
  const documentClient = dynamoDocumentClient();
  return {
    documentClient,
    caseworkers: new CaseworkerRepository(documentClient, tableName),
    staff: new StaffRepository(documentClient, tableName),
    config,
    policy: hubServiceLevels(config),
    logger,
    clock: () => new Date(),
  };
}

/** The enquiry repository, for the functions whose routes change enquiries. */
export function enquiryRepository(
  documentClient: ReturnType<typeof dynamoDocumentClient>,
  tableName: string,
  config: HubConfig,
): EnquiryRepository {
  return new EnquiryRepository(documentClient, tableName, retentionRepositoryOptions(config));
}
