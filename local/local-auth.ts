/**
 * Local stand-in for Cognito: demo users sign in with a password and get a signed JWT access token
 * shaped like Cognito's (`token_use: access`, `client_id`, `cognito:groups`, `username`). The HTTP
 * front verifies it the way the API Gateway JWT authoriser does in production.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';

export const LOCAL_ISSUER = 'https://send-hub.local/auth';
export const LOCAL_CLIENT_ID = 'send-hub-local-web';
export const ROLE_GROUPS = ['caseworker', 'manager', 'callhandler', 'admin'] as const;

export interface DemoUser {
  readonly username: string;
  readonly password: string;
  readonly name: string;
  readonly email: string;
  /** Cognito groups: one or more roles, plus `team:<id>` for each team the user works in. */
  readonly groups: readonly string[];
}

export class AuthError extends Error {
  override readonly name = 'AuthError';
}

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface KeyPair {
  readonly privateKey: SigningKey;
  readonly publicKey: SigningKey;
}

/** Loads the local signing key from `keyFile`, creating it on first run (or in memory if no file). */
export async function loadSigningKey(keyFile?: string): Promise<KeyPair> {
  if (keyFile !== undefined && existsSync(keyFile)) {
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
    return {
      privateKey: (await importJWK(stored.privateJwk, 'ES256')) as SigningKey,
      publicKey: (await importJWK(stored.publicJwk, 'ES256')) as SigningKey,
    };
  }
  const pair = await generateKeyPair('ES256', { extractable: true });
  if (keyFile !== undefined) {
    mkdirSync(path.dirname(keyFile), { recursive: true });
    const record = {
      privateJwk: await exportJWK(pair.privateKey),
      publicJwk: await exportJWK(pair.publicKey),
    };
    writeFileSync(keyFile, JSON.stringify(record), { mode: 0o600 });
  }
  return pair;
}

export class LocalAuth {
  constructor(
    private readonly keys: KeyPair,
    private readonly users: readonly DemoUser[],
    private readonly tokenLifetimeSeconds = 8 * 3600,
  ) {}

  listUsers(): readonly DemoUser[] {
    return this.users;
  }

  /** Checks the demo password and returns a Cognito-shaped access token. */
  async signIn(username: string, password: string): Promise<{ accessToken: string; expiresIn: number }> {
    const user = this.users.find((candidate) => candidate.username === username);
    if (user === undefined || user.password !== password)
      throw new AuthError('unknown user or wrong password');
    return { accessToken: await this.issue(user), expiresIn: this.tokenLifetimeSeconds };
  }

  /** Issues a token; tests use `expiresInSeconds` < 0 to make an expired one. */
  async issue(user: DemoUser, expiresInSeconds = this.tokenLifetimeSeconds): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      token_use: 'access',
      client_id: LOCAL_CLIENT_ID,
      username: user.username,
      scope: 'send-hub/api',
      'cognito:groups': [...user.groups],
      name: user.name,
      email: user.email,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'local' })
      .setIssuer(LOCAL_ISSUER)
      .setSubject(user.username)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInSeconds)
      .sign(this.keys.privateKey);
  }

  /** Verifies as the API Gateway JWT authoriser does: signature, issuer, expiry, client id, access token. */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.keys.publicKey, {
      issuer: LOCAL_ISSUER,
      algorithms: ['ES256'],
    });
    if (payload.client_id !== LOCAL_CLIENT_ID) throw new AuthError('token was issued to another client');
    if (payload.token_use !== 'access') throw new AuthError('an access token is required');
    return payload;
  }
}

/**
 * API Gateway HTTP API hands JWT claims to Lambda as strings; array claims such as
 * `cognito:groups` arrive as `"[a b]"`. The local front does the same so handlers see AWS's shape.
 */
export function claimsAsApiGateway(payload: JWTPayload): Record<string, string | number | boolean> {
  const claims: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[key] = `[${value.join(' ')}]`;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      claims[key] = value;
    else if (value !== undefined && value !== null) claims[key] = JSON.stringify(value);
  }
  return claims;
}
