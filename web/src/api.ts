/**
 * Calls to the staff API with the signed-in user's token. Every error answer is
 * `{ error: { code, message, fields? } }`; it becomes an `ApiError` the views show in plain English.
 */
import type { FieldProblem } from '../../shared/domain/errors';
import { freshSession, signOut } from './auth';
import type { PageConfig } from './config';

/** A bad field as the error body names it (the API's own type). */
export type { FieldProblem };

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly correlationId: string | null = null,
  ) {
    super(message);
  }
}

let baseUrl = '';
let pageConfig: PageConfig | null = null;
let onSignedOut: () => void = () => undefined;

export function configureApi(config: PageConfig, signedOut: () => void): void {
  baseUrl = config.apiBaseUrl;
  pageConfig = config;
  onSignedOut = signedOut;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const fields = Array.isArray(error.fields)
    ? error.fields.filter(
        (field): field is FieldProblem =>
          isRecord(field) && typeof field.path === 'string' && typeof field.message === 'string',
      )
    : [];
  const fallback =
    status === 401
      ? 'You need to sign in again'
      : status === 403
        ? 'You do not have access to this'
        : status >= 500
          ? 'Something went wrong on our side. Try again in a moment.'
          : 'The request did not work';
  return new ApiError(
    status,
    typeof error.code === 'string' ? error.code : `http-${status}`,
    typeof error.message === 'string' ? error.message : fallback,
    fields,
    typeof error.correlationId === 'string' ? error.correlationId : null,
  );
}

/** Calls the API; resolves with the JSON body or rejects with an `ApiError`. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const session = pageConfig === null ? null : await freshSession(pageConfig);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (session !== null) headers.authorization = `Bearer ${session.accessToken}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the service. Check your connection and try again.');
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.status === 401) {
    signOut();
    onSignedOut();
  }
  if (!response.ok && response.status !== 207) throw toApiError(response.status, json);
  return json as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
export const del = <T>(path: string) => request<T>('DELETE', path);
