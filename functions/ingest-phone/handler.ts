/**
 * ingest-phone: `POST /phone-logs` (API Gateway HTTP API, payload v2). Takes one JSON entry, a JSON
 * array of up to 500, or a `text/csv` export; answers 200 when every row was queued, 207 with both
 * lists when some rows were refused, 400 naming every bad field when none could be queued, 413 and
 * 415 for bodies too big or of another type. Batch policy and idempotency: `shared/intake/ingest-phone.ts`.
 *
 * Who may: the call-handler role and managers (403 for anyone else), on the hub's staff list. The
 * caller's roles and teams come from the access token the JWT authoriser checked, their staff id
 * (recorded as `handledBy`) from the staff record its `sub` is linked to (Cognito's `username` is a
 * UUID); when the hub got the request comes from API Gateway's clock (`requestContext.timeEpoch`).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { requireRole } from '../../shared/access/access-policy';
import { claimsOf, principalFromClaims, type StaffRole } from '../../shared/access/principal';
import { dynamoDocumentClient, sqsClient } from '../../shared/adapters/aws-clients';
import { IngestPhoneEnvironment } from '../../shared/adapters/ingest-environment';
import { frontDoorCheck } from '../../shared/adapters/origin-secret';
import { SqsIntakeQueue } from '../../shared/adapters/sqs-intake-queue';
import { StaffRepository } from '../../shared/adapters/staff-repository';
import { NotStaffError, type StaffLogins } from '../../shared/casework/casework-context';
import { receivedTimePolicy } from '../../shared/config/hub-config';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import * as z from '../../shared/domain/zod';
import { httpErrorResponses } from '../../shared/http/error-middleware';
import { jsonResponse } from '../../shared/http/responses';
import { type IngestPhoneDeps, ingestPhoneLogs } from '../../shared/intake/ingest-phone';
import { defineLoggedHandler } from '../define-logged-handler';

const HttpEvent = z.object({
  body: z.optional(z.string()),
  isBase64Encoded: z._default(z.boolean(), false),
  headers: z._default(z.record(z.string(), z.optional(z.string())), {}),
  requestContext: z.optional(z.object({ timeEpoch: z.optional(z.number()) })),
});

/** Roles that may log calls. */
export const CALL_LOGGING_ROLES: readonly StaffRole[] = ['callhandler', 'manager'];

export interface IngestPhoneHandlerDeps extends IngestPhoneDeps {
  /** Who each sign-in is: the staff id recorded as the call's handler. */
  readonly staff: StaffLogins;
  readonly logger: Logger;
  /** When API Gateway gave no request time. */
  readonly now?: () => Date;
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Parses the HTTP event, runs the use case and shapes the answer (errors are mapped by middleware). */
async function handlePhoneLogs(
  event: APIGatewayProxyEventV2,
  deps: IngestPhoneHandlerDeps,
): Promise<APIGatewayProxyStructuredResultV2> {
  const principal = principalFromClaims(claimsOf(event));
  requireRole(principal, CALL_LOGGING_ROLES);
  const login = await deps.staff.loginOf(principal.sub);
  if (login === null) throw new NotStaffError();
  const request = HttpEvent.parse(event);
  const body = Buffer.from(request.body ?? '', request.isBase64Encoded ? 'base64' : 'utf8');
  const epoch = request.requestContext?.timeEpoch;
  const result = await ingestPhoneLogs(
    {
      contentType: header(request.headers, 'content-type'),
      body,
      loggedBy: { username: login.staffId, teams: principal.teams },
      receivedAt: epoch === undefined ? (deps.now?.() ?? new Date()) : new Date(epoch),
    },
    deps,
  );
  // Counts only: callIds are typed by people and may hold a name or a number.
  deps.logger.info('phone logs queued', {
    accepted: result.accepted.length,
    rejected: result.rejected.length,
  });
  return jsonResponse(result.rejected.length === 0 ? 200 : 207, result);
}

/** Builds the HTTP handler with its dependencies (the local stack and tests). */
export function makeIngestPhoneHandler(deps: IngestPhoneHandlerDeps) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrorResponses({ logger: deps.logger }))
    .handler((event) => handlePhoneLogs(event, deps));
}

/** Lambda entry point: configuration and clients built once per container (functions/define-logged-handler.ts). */
export const handler = defineLoggedHandler({
  name: 'ingest-phone',
  env: IngestPhoneEnvironment,
  middleware: ({ logger }, environment) => [
    frontDoorCheck(environment, 'ingest-phone', logger),
    httpErrorResponses({ logger }),
  ],
  build: (env, { logger }): IngestPhoneHandlerDeps => {
    const hub = loadHubConfig();
    return {
      staff: new StaffRepository(dynamoDocumentClient(), env.TABLE_NAME),
      receivedTime: receivedTimePolicy(hub),
      queue: new SqsIntakeQueue(sqsClient({ endpoint: env.AWS_ENDPOINT_URL_SQS }), env.INTAKE_QUEUE_URL),
      maxBodyBytes: env.MAX_PHONE_LOG_BODY_BYTES,
      maxEntries: env.MAX_PHONE_LOG_ENTRIES,
      logger,
    };
  },
  handle: (event: APIGatewayProxyEventV2, deps): Promise<APIGatewayProxyStructuredResultV2> =>
    handlePhoneLogs(event, deps),
});
