/**
 * api-admin: staff and roster administration (`GET|POST /staff`, `DELETE /staff/{id}`,
 * `GET /caseworkers`, `PUT /caseworkers/{id}`). The only API function that may add and remove
 * members of staff in the user pool.
 */
import { cognitoClient } from '../../shared/adapters/aws-clients';
import { CognitoStaffDirectory } from '../../shared/adapters/cognito-staff-directory';
import * as z from '../../shared/domain/zod';
import { defineApiFunction } from '../api/api-function';
import { dispatchTo } from '../api/dispatch';
import { caseworkersHandler } from '../api/groups/caseworkers';
import { staffHandler } from '../api/groups/staff';
import type { AdminApiDeps } from '../api/route-group';
import { commonApiDeps, enquiryRepository, TableEnvironment } from '../api/wiring';

export const ApiAdminEnvironment = z.extend(TableEnvironment, {
  /** The staff user pool, where administrators add and remove members of staff. */
  USER_POOL_ID: z.string().check(z.minLength(1)),
});

export const handler = defineApiFunction('api-admin', ApiAdminEnvironment, (env, { logger }) => {
  const { documentClient, ...common } = commonApiDeps(env.TABLE_NAME, logger);
  const deps: AdminApiDeps = {
    ...common,
    // Removing a caseworker puts the enquiries they held back in their team's queue.
    enquiries: enquiryRepository(documentClient, env.TABLE_NAME, common.config),
    directory: new CognitoStaffDirectory(cognitoClient(), env.USER_POOL_ID),
  };
  return dispatchTo({ caseworkers: caseworkersHandler(deps), staff: staffHandler(deps) });
});
