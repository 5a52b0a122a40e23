/**
 * The page's runtime configuration, read from `/config.json` next to the page. Locally the build
 * writes one that points the sign-in at the local stack; in production the deployment writes the
 * API URL and the Cognito hosted sign-in (see web/README.md).
 */

export interface PageConfig {
  stage: string;
  /** Base URL of the API; empty for the page's own origin. */
  apiBaseUrl: string;
  auth: {
    /** A path such as `/auth/sign-in` (local password sign-in) or the Cognito domain URL. */
    signInUrl: string;
    clientId: string;
    scopes: string[];
    redirectUri: string;
  };
}

const LOCAL: PageConfig = {
  stage: 'local',
  apiBaseUrl: '',
  auth: {
    signInUrl: '/auth/sign-in',
    clientId: 'send-hub-local-web',
    scopes: ['send-hub/api'],
    redirectUri: '',
  },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** Reads `/config.json`; a missing or unreadable file means the local stack's defaults. */
export async function loadConfig(): Promise<PageConfig> {
  let json: unknown;
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) return LOCAL;
    json = await response.json();
  } catch {
    return LOCAL;
  }
  if (!isRecord(json)) return LOCAL;
  const auth = isRecord(json.auth) ? json.auth : {};
  return {
    stage: text(json.stage, LOCAL.stage),
    apiBaseUrl: text(json.apiBaseUrl, '').replace(/\/+$/, ''),
    auth: {
      signInUrl: text(auth.signInUrl, LOCAL.auth.signInUrl).replace(/\/+$/, ''),
      clientId: text(auth.clientId, LOCAL.auth.clientId),
      scopes: Array.isArray(auth.scopes)
        ? auth.scopes.filter((scope) => typeof scope === 'string')
        : LOCAL.auth.scopes,
      redirectUri: text(auth.redirectUri, ''),
    },
  };
}

/** `true` when sign-in is the local stack's password form rather than Cognito's hosted page. */
export function isLocalSignIn(config: PageConfig): boolean {
  return config.auth.signInUrl.startsWith('/');
}
