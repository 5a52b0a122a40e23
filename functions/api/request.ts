/**
 * Reading an API Gateway v2 event: the caller's claims, the JSON body and query parameters, each
 * validated with zod. A bad request is a `RequestValidationError` (400) naming every bad field;
 * the shared mapping (`shared/http/responses.ts`) lists them under `error.fields`.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  FieldsValidationError,
  fieldProblems,
  NotFoundError,
  PayloadTooLargeError,
  SendHubError,
  UnsupportedMediaTypeError,
} from '../../shared/domain/errors';
import * as z from '../../shared/domain/zod';

/** Largest JSON body the staff API reads (a response text is at most 20,000 characters). */
export const MAX_BODY_BYTES = 128 * 1024;

/** One or more fields of the request are missing or wrong; `fields` names each. */
export class RequestValidationError extends FieldsValidationError {}

/** No route has this path. */
export class RouteNotFoundError extends NotFoundError {
  constructor(path: string) {
    super(`no such route: ${path.slice(0, 200)}`);
  }
}

/** The path exists, but not with this method. */
export class MethodNotAllowedError extends SendHubError {
  readonly statusCode = 405;
  constructor(
    method: string,
    readonly allowed: readonly string[],
  ) {
    super(`${method} is not allowed here; use ${allowed.join(' or ')}`);
  }
}

function invalid(error: z.core.$ZodError, prefix: string, what: string): RequestValidationError {
  const fields = fieldProblems(error.issues, prefix);
  const first = fields[0];
  const summary = first === undefined ? `the ${what} is not valid` : `${first.path}: ${first.message}`;
  return new RequestValidationError(summary, fields, { cause: error });
}

/** The token claims the JWT authoriser passed on (shared with ingest-phone). */
export { claimsOf } from '../../shared/access/principal';

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/**
 * The JSON body validated by `schema`. An empty body is read as `{}` so the schema names what is missing.
 * @throws UnsupportedMediaTypeError (415) a body that is not JSON; PayloadTooLargeError (413);
 *   RequestValidationError (400) unparseable JSON or bad fields.
 */
export function parseBody<Schema extends z.core.$ZodType>(
  event: APIGatewayProxyEventV2,
  schema: Schema,
): z.output<Schema> {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`the body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  let json: unknown = {};
  if (text.trim() !== '') {
    const media = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (media !== 'application/json') {
      throw new UnsupportedMediaTypeError(
        `Content-Type ${media === '' ? '(none)' : media} is not accepted: send application/json`,
      );
    }
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new RequestValidationError(
        'the body is not valid JSON',
        [{ path: '(body)', message: 'is not valid JSON' }],
        {
          cause: error,
        },
      );
    }
  }
  const result = z.safeParse(schema, json);
  if (!result.success) throw invalid(result.error, '', 'body');
  return result.data;
}

/** Query string parameters validated by `schema`. */
export function parseQuery<Schema extends z.core.$ZodType>(
  event: APIGatewayProxyEventV2,
  schema: Schema,
): z.output<Schema> {
  const result = z.safeParse(schema, event.queryStringParameters ?? {});
  if (!result.success) throw invalid(result.error, '', 'query');
  return result.data;
}
