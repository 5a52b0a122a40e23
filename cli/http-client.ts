/**
 * How CLI commands talk to a running stack's HTTP API: a base URL and a bearer token, either given
 * (`--token`, for a deployed stack) or obtained from the local sign-in as a demo user.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface ApiClient {
  request(method: string, path: string, body?: string, contentType?: string): Promise<ApiResponse>;
}

async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const reason =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new CliError(`cannot reach ${new URL(url).origin} (${reason}): is the stack running (npm start)?`);
  }
}

/** Signs in locally unless a token is given. */
export async function apiClient(
  baseUrl: string,
  auth: { token?: string | undefined; user: string },
): Promise<ApiClient> {
  const base = baseUrl.replace(/\/+$/, '');
  let token = auth.token;
  if (token === undefined) {
    const response = await call(`${base}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: auth.user, password: process.env.SEND_HUB_PASSWORD ?? 'demo' }),
    });
    if (response.status !== 200)
      throw new CliError(
        `local sign-in as ${auth.user} failed (HTTP ${response.status}); pass --token for a deployed stack`,
      );
    token = ((await response.json()) as { accessToken: string }).accessToken;
  }
  return {
    async request(method, path, body, contentType = 'application/json') {
      const response = await call(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': contentType }),
        },
        body,
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // Non-JSON answers are passed on as text.
      }
      return { status: response.status, body: parsed };
    },
  };
}
