/**
 * A route group is one middy handler serving a few related routes: it maps every error to the
 * JSON error body in the one shared place (`shared/http`), finds out who is calling (401 without
 * claims), checks the route's roles before reading anything else (403), and runs the operation.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { requireRole } from '../../shared/access/access-policy';
import { principalFromClaims } from '../../shared/access/principal';
import type { EnquiryReader } from '../../shared/adapters/enquiry-reader';
import type { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import type { StaffRepository } from '../../shared/adapters/staff-repository';
import { type CaseworkRequest, caseworkRequest } from '../../shared/casework/casework-context';
import type { StaffDirectory } from '../../shared/casework/staff-admin';
import type { EscalationLog } from '../../shared/escalation/ports';
import type { FindingDeps } from '../../shared/finding/finding-context';
import { httpErrorResponses } from '../../shared/http/error-middleware';
import { type ErrorBody, jsonResponse } from '../../shared/http/responses';
import type { Mailer } from '../../shared/mail/outgoing-email';
import type { StatutoryStore } from '../../shared/statutory/ports';
import type { AvailabilityStore } from '../../shared/workload/ports';
import { claimsOf, MethodNotAllowedError, RouteNotFoundError } from './request';
import type { ResponseBody } from './responses';
import { matchRoute, type OperationId } from './routes';

/** Where the API reports response-time metrics (Powertools Metrics in Lambda); optional in tests. */
export interface ApiMetrics {
  firstResponse(dimensions: { team: string; priority: string }, workingMinutes: number): void;
}

export interface ApiDeps extends FindingDeps {
  /** The whole repository: the report group reads what no use case's port lists. */
  readonly enquiries: EnquiryRepository;
  /** Sends caseworkers' replies and the picked-up email (casework only). */
  readonly mailer: Mailer;
  /** Statutory processes on enquiries (EHC assessments, annual reviews, complaints). */
  readonly statutory: StatutoryStore;
  /** Away dates and deputies (docs/managers.md). */
  readonly availability: AvailabilityStore;
  /** The escalation log, for the report's escalation figures (none when absent). */
  readonly escalationLog?: EscalationLog;
  /** Members of staff: the sign-in links and the records the staff routes keep. */
  readonly staff: StaffRepository;
  /** The staff user pool (Cognito), for adding and removing members of staff. */
  readonly directory: StaffDirectory;
  readonly logger: Logger;
  readonly metrics?: ApiMetrics;
  /** The time a request is handled at (tests pin it). */
  readonly clock: () => Date;
}

/**
 * What each API function builds (`functions/api-<group>/handler.ts`): only the adapters its route
 * groups use, so a function that sends no email holds no SES client and only the staff routes hold
 * the user pool's. `createApiHandler` takes them all at once (tests, the whole API in one place).
 */
export type GroupDeps = Pick<ApiDeps, 'caseworkers' | 'staff' | 'logger' | 'clock'>;
export type CaseworkApiDeps = Omit<ApiDeps, 'directory' | 'rateLimits' | 'escalationLog'>;
export type FindingApiDeps = Omit<
  ApiDeps,
  'directory' | 'mailer' | 'statutory' | 'availability' | 'escalationLog' | 'metrics'
>;
/** The managers' figures read enquiries only: a reader serves them (the whole repository fits too). */
export type ReportsApiDeps = Omit<
  ApiDeps,
  'enquiries' | 'directory' | 'mailer' | 'accessLog' | 'rateLimits' | 'metrics'
> & { readonly enquiries: EnquiryReader };
export type AdminApiDeps = Omit<
  ApiDeps,
  'mailer' | 'accessLog' | 'rateLimits' | 'statutory' | 'availability' | 'escalationLog' | 'metrics'
>;

export interface Call {
  readonly event: APIGatewayProxyEventV2;
  readonly params: Readonly<Record<string, string>>;
  /** Who is calling; public routes get none. */
  readonly request: CaseworkRequest | null;
}

/** What an operation answers: on success a body its contract lists (`responses.ts`), else an error body. */
export interface OperationResult<Body = unknown> {
  readonly status?: number;
  readonly body: Body | ErrorBody;
  readonly headers?: Record<string, string>;
}

export type Operation<Id extends OperationId = OperationId> = (
  call: Call,
) => Promise<OperationResult<ResponseBody<Id>>>;

/** The operations of a route group, each typed by its own response schema. */
export type Operations = { readonly [Id in OperationId]?: Operation<Id> };

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The caller of a non-public route (route groups only run operations after authentication). */
export function caller(call: Call): CaseworkRequest {
  if (call.request === null) throw new Error('operation needs an authenticated caller');
  return call.request;
}

/** Builds the middy handler of a route group from its operations. */
export function routeGroup(deps: GroupDeps, operations: Operations): HttpHandler {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrorResponses({ logger: deps.logger }))
    .handler(async (event) => {
      const method = event.requestContext.http.method;
      const match = matchRoute(method, event.rawPath);
      if (match.kind === 'not-found') throw new RouteNotFoundError(event.rawPath);
      if (match.kind === 'method-not-allowed') throw new MethodNotAllowedError(method, match.allowed);
      // Any operation's answer is sent as JSON alike; the table typed each body where it was written.
      const operation: ((call: Call) => Promise<OperationResult>) | undefined =
        operations[match.route.operationId];
      if (operation === undefined) throw new RouteNotFoundError(event.rawPath);
      let request: CaseworkRequest | null = null;
      if (match.route.access !== 'public') {
        const principal = principalFromClaims(claimsOf(event));
        if (match.route.access !== 'any') requireRole(principal, match.route.access);
        request = await caseworkRequest(
          deps,
          principal,
          deps.clock().toISOString(),
          event.requestContext.requestId,
        );
      }
      const result = await operation({ event, params: match.params, request });
      // Ids and outcome only: never claims, bodies or enquirer details.
      deps.logger.info('request handled', {
        operationId: match.route.operationId,
        statusCode: result.status ?? 200,
      });
      return jsonResponse(result.status ?? 200, result.body, result.headers);
    });
}
