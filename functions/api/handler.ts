/**
 * api: the staff API's catch-all (API Gateway HTTP API, payload v2). It answers CORS preflights
 * (`OPTIONS /{proxy+}`, no authoriser) with an empty 204 and, behind the JWT authoriser, what no
 * route names: 404, or 405 with `Allow` for a known path. Every route of the table goes to the
 * function of its group (`shared/adapters/api-routes.ts`): `functions/api-casework`,
 * `api-finding`, `api-reports` and `api-admin`. The contract is `openapi.ts`, published whole
 * with the page.
 */
import * as z from '../../shared/domain/zod';
import { defineApiFunction } from './api-function';
import { dispatchTo } from './dispatch';

/** Lambda entry point: no route group of its own, so no table, mail or user pool. */
export const handler = defineApiFunction('api', z.object({}), () => dispatchTo({}));
