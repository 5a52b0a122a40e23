/**
 * The one place errors become HTTP answers (API Gateway HTTP API, payload v2). Errors of the
 * project's family (`shared/domain/errors.ts`) carry their status; only those marked `expose`
 * show their message, everything else is a 500 with a correlation id and no detail. Bodies are
 * `{ "error": { "code", "message", "fields"? } }`; `fields` lists bad fields by path.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type FieldProblem, FieldsValidationError, SendHubError, ValidationError } from '../domain/errors';
import * as z from '../domain/zod';

/** A bad field as the error body lists it. */
export type ErrorField = FieldProblem;

export const ErrorBody = z.object({
  error: z.object({
    code: z
      .string()
      .check(
        z.describe(
          'Stable code, e.g. `unauthorized`, `forbidden`, `enquiry-not-found`, `request-validation`, `version-conflict`, `already-claimed`, `caseload-full`, `not-assignee`, `invalid-transition`, `internal`.',
        ),
      ),
    message: z.string().check(z.describe('Plain English, safe to show.')),
    fields: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
    correlationId: z.optional(z.string()).check(z.describe('On 5xx answers: quote it to support.')),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A JSON response with the house headers. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** `PhoneLogValidationError` -> `phone-log-validation`: a stable code from the class name. */
function codeFromName(name: string): string {
  return name
    .replace(/Error$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

function fieldsOf(error: unknown): ErrorField[] | undefined {
  if (error instanceof FieldsValidationError && error.fields.length > 0) {
    return error.fields.map((field) => ({ path: field.path, message: field.message }));
  }
  if (error instanceof ValidationError && error.field !== null)
    return [{ path: error.field, message: error.message }];
  return undefined;
}

/** An error with an HTTP status that says its message is safe (ours, or middy's http errors). */
function exposedStatus(error: unknown): number | null {
  if (error instanceof SendHubError) return error.expose ? error.statusCode : null;
  if (typeof error !== 'object' || error === null) return null;
  const { statusCode, expose } = error as { statusCode?: unknown; expose?: unknown };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && expose === true)
    return statusCode;
  return null;
}

/** The HTTP status an error maps to (500 for anything not ours). */
export function statusOf(error: unknown): number {
  if (error instanceof SendHubError) return error.statusCode;
  return exposedStatus(error) ?? 500;
}

/**
 * The HTTP answer for an error. `correlationId` (the Lambda request id) is given on 5xx answers so
 * a user can quote it and an operator can find the log line.
 */
export function errorResponse(error: unknown, correlationId?: string): APIGatewayProxyStructuredResultV2 {
  const status = exposedStatus(error);
  if (status === null) {
    const statusCode = error instanceof SendHubError ? error.statusCode : 500;
    const unavailable = statusCode === 503;
    const body: ErrorBody = {
      error: {
        code: unavailable ? 'service-unavailable' : 'internal',
        message: unavailable
          ? 'The service is busy; try again shortly.'
          : 'Something went wrong on our side.',
        ...(correlationId === undefined ? {} : { correlationId }),
      },
    };
    return jsonResponse(statusCode, body, unavailable ? { 'retry-after': '5' } : {});
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : 'Request failed';
  const fields = fieldsOf(error);
  const body: ErrorBody = {
    error: {
      code: codeFromName(name),
      message,
      ...(fields === undefined ? {} : { fields }),
      ...(status >= 500 && correlationId !== undefined ? { correlationId } : {}),
    },
  };
  return jsonResponse(status, body, status === 503 ? { 'retry-after': '5' } : {});
}
