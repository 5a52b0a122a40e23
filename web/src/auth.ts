/**
 * Signing in. Locally: a username and password posted to the local stack's `/auth/sign-in`. In
 * production: Cognito's hosted sign-in with the authorisation code flow and PKCE (no client
 * secret in the page). Either way the access token is kept in sessionStorage, so it lasts as long
 * as the browser tab and is never written to disk by us.
 */
import { isLocalSignIn, type PageConfig } from './config';

const SESSION_KEY = 'send-hub.session';
const PKCE_KEY = 'send-hub.pkce';

export interface Session {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Swapped for a new access token when this one runs out (access tokens live 15 minutes). */
  refreshToken?: string;
}

/** A refresh this close to expiry avoids sending a token that dies in flight. */
const REFRESH_MARGIN_MS = 60_000;

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

function storedSession(): Session | null {
  const stored = sessionStorage.getItem(SESSION_KEY);
  if (stored === null) return null;
  try {
    const session = JSON.parse(stored) as Partial<Session>;
    if (typeof session.accessToken !== 'string' || typeof session.expiresAt !== 'number') return null;
    return {
      accessToken: session.accessToken,
      expiresAt: session.expiresAt,
      ...(typeof session.refreshToken === 'string' ? { refreshToken: session.refreshToken } : {}),
    };
  } catch {
    return null;
  }
}

/** The signed-in session, or null: none, or its token ran out and there is no way to renew it. */
export function currentSession(): Session | null {
  const session = storedSession();
  if (session === null) return null;
  if (session.expiresAt <= Date.now() && session.refreshToken === undefined) {
    sessionStorage.removeItem(SESSION_KEY);
    return null;
  }
  return session;
}

function saveSession(accessToken: string, expiresInSeconds: number, refreshToken?: string): void {
  const session: Session = {
    accessToken,
    expiresAt: Date.now() + Math.max(60, expiresInSeconds) * 1000,
    ...(refreshToken === undefined ? {} : { refreshToken }),
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

/**
 * A session whose access token is good for at least another minute: renewed with the refresh
 * token when needed (Cognito's token endpoint, or the local stack's stand-in). Null when signed out
 * or the renewal was refused.
 */
export async function freshSession(config: PageConfig): Promise<Session | null> {
  const session = currentSession();
  if (session === null || session.expiresAt - REFRESH_MARGIN_MS > Date.now()) return session;
  if (session.refreshToken === undefined) return session.expiresAt > Date.now() ? session : null;
  const response = isLocalSignIn(config)
    ? await fetch(config.auth.signInUrl.replace(/sign-in$/, 'refresh'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      })
    : await fetch(`${config.auth.signInUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: config.auth.clientId,
          refresh_token: session.refreshToken,
        }),
      }).catch(() => null);
  if (response === null || !response.ok) {
    signOut();
    return null;
  }
  const tokens = (await response.json()) as Record<string, unknown>;
  const accessToken = tokens.accessToken ?? tokens.access_token;
  const expiresIn = tokens.expiresIn ?? tokens.expires_in;
  if (typeof accessToken !== 'string') {
    signOut();
    return null;
  }
  saveSession(accessToken, typeof expiresIn === 'number' ? expiresIn : 900, session.refreshToken);
  return currentSession();
}

export function signOut(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** Local stack: checks the demo password and keeps the token. */
export async function signInWithPassword(
  config: PageConfig,
  username: string,
  password: string,
): Promise<void> {
  const response = await fetch(config.auth.signInUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status === 401) throw new SignInError('The username or password is not right');
  if (!response.ok) throw new SignInError('Signing in did not work. Try again.');
  const body = (await response.json()) as {
    accessToken?: unknown;
    expiresIn?: unknown;
    refreshToken?: unknown;
  };
  if (typeof body.accessToken !== 'string') throw new SignInError('Signing in did not work. Try again.');
  saveSession(
    body.accessToken,
    typeof body.expiresIn === 'number' ? body.expiresIn : 900,
    typeof body.refreshToken === 'string' ? body.refreshToken : undefined,
  );
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function redirectUri(config: PageConfig): string {
  return config.auth.redirectUri === '' ? `${location.origin}/` : config.auth.redirectUri;
}

/** Production: sends the browser to Cognito's hosted sign-in (authorisation code + PKCE). */
export async function startHostedSignIn(config: PageConfig): Promise<void> {
  const verifier = randomString(48);
  const state = randomString(16);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo: location.hash }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.auth.clientId,
    redirect_uri: redirectUri(config),
    scope: ['openid', ...config.auth.scopes].join(' '),
    state,
    code_challenge: base64Url(digest),
    code_challenge_method: 'S256',
  });
  location.assign(`${config.auth.signInUrl}/oauth2/authorize?${query.toString()}`);
}

/**
 * Production: if Cognito just sent the browser back with a code, swaps it for tokens.
 * @returns the hash route to go back to, or null when this was not a sign-in return.
 */
export async function completeHostedSignIn(config: PageConfig): Promise<string | null> {
  if (isLocalSignIn(config)) return null;
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (code === null) return null;
  const stored = sessionStorage.getItem(PKCE_KEY);
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', location.pathname + location.hash);
  const pkce =
    stored === null ? null : (JSON.parse(stored) as { verifier: string; state: string; returnTo: string });
  if (pkce === null || pkce.state !== params.get('state'))
    throw new SignInError('Signing in did not work. Try again.');
  const response = await fetch(`${config.auth.signInUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.auth.clientId,
      code,
      redirect_uri: redirectUri(config),
      code_verifier: pkce.verifier,
    }),
  });
  if (!response.ok) throw new SignInError('Signing in did not work. Try again.');
  const tokens = (await response.json()) as {
    access_token?: unknown;
    expires_in?: unknown;
    refresh_token?: unknown;
  };
  if (typeof tokens.access_token !== 'string') throw new SignInError('Signing in did not work. Try again.');
  saveSession(
    tokens.access_token,
    typeof tokens.expires_in === 'number' ? tokens.expires_in : 900,
    typeof tokens.refresh_token === 'string' ? tokens.refresh_token : undefined,
  );
  return pkce.returnTo;
}
