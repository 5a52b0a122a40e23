/**
 * Local stand-in for the Cognito user pool of staff, faithful where the product depends on it:
 *
 * - Access tokens have Cognito's shape: `sub` and `username` are the same generated UUID (people
 *   sign in with their email address, so Cognito never uses a roster id as the username),
 *   `cognito:groups`, `token_use: access`, `scope`, `client_id`, `auth_time`, `jti`, `origin_jti`,
 *   `event_id`, `version: 2`, and the verified `email` that the pool's pre token generation
 *   trigger adds (infra/constructs/staff-directory.ts); no name. They live 15 minutes.
 * - The admin API the staff commands use (AdminCreateUser, ListUsers by email, groups, global
 *   sign-out, disable, delete) answers on its own port in Cognito's JSON protocol, so the same SDK
 *   adapter (`shared/adapters/cognito-staff-directory.ts`) runs locally and against AWS.
 * - AdminCreateUser emails the invitation with a temporary password through the SES emulator,
 *   in the words Cognito uses in production (`shared/mail/staff-invitation.ts`).
 *
 * Simplified: the temporary password signs in directly (no forced change, no MFA enrolment), and
 * the page signs in with a password form instead of the hosted page. Demo users also sign in by
 * their demo name (`cw-east-1`), which is their staff id.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import * as z from 'zod';
import { API_SCOPE } from '../shared/adapters/api-definition';
import { addressKey } from '../shared/domain/email-address';

export const LOCAL_ISSUER = 'https://send-hub.local/auth';
export const LOCAL_CLIENT_ID = 'send-hub-local-web';
export const LOCAL_USER_POOL_ID = 'eu-west-2_local';
export const ROLE_GROUPS = ['caseworker', 'manager', 'callhandler', 'admin'] as const;
/** Cognito access tokens of the web client live 15 minutes (the app client's setting). */
export const ACCESS_TOKEN_SECONDS = 15 * 60;

/** A demo user: a sign-in name and password, and their groups. */
export interface DemoUser {
  /** What they type to sign in locally (their staff id for demo users, else their email). */
  readonly username: string;
  readonly password: string;
  readonly name: string;
  readonly email: string;
  /** Cognito groups: one or more roles, plus `team:<id>` for each team the user works in. */
  readonly groups: readonly string[];
}

/** A user of the local pool. */
export interface LocalUser extends DemoUser {
  /** Cognito's id of the user; also their Cognito username. */
  readonly sub: string;
  readonly enabled: boolean;
}

const StoredUsers = z.array(
  z.object({
    username: z.string(),
    password: z.string(),
    name: z.string(),
    email: z.string(),
    groups: z.array(z.string()),
    sub: z.string(),
    enabled: z.boolean(),
  }),
);

export class AuthError extends Error {
  override readonly name = 'AuthError';
}

/** An error answered in Cognito's JSON protocol (`__type` names it, as the SDK expects). */
export class CognitoApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
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

/** A stable UUID for a demo user, so their sub (and staff link) survives restarts. */
export function demoSub(username: string): string {
  const hex = createHash('sha256').update(`send-hub-demo:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface InvitationMail {
  readonly to: string;
  readonly username: string;
  readonly temporaryPassword: string;
}

export interface LocalAuthOptions {
  /** Groups that exist in the pool (roles and `team:<id>`); adding a user to another fails as in Cognito. */
  readonly groups?: readonly string[];
  /** Where users are kept between runs; in memory without it. */
  readonly usersFile?: string;
  /** Sends an invitation (the local stack sends it through the SES emulator). */
  readonly sendInvitation?: (mail: InvitationMail) => Promise<void>;
  readonly tokenLifetimeSeconds?: number;
}

export class LocalAuth {
  private readonly users: LocalUser[];
  private readonly groups: ReadonlySet<string>;
  /** Refresh token -> the sub it renews; global sign-out, disabling and deleting revoke them. */
  private readonly refreshTokens = new Map<string, string>();

  constructor(
    private readonly keys: KeyPair,
    demo: readonly DemoUser[],
    private readonly options: LocalAuthOptions = {},
  ) {
    const stored =
      options.usersFile !== undefined && existsSync(options.usersFile)
        ? StoredUsers.parse(JSON.parse(readFileSync(options.usersFile, 'utf8')))
        : [];
    this.users = [...stored];
    for (const user of demo) {
      if (this.users.some((known) => known.username === user.username)) continue;
      const sub = 'sub' in user && typeof user.sub === 'string' ? user.sub : demoSub(user.username);
      this.users.push({ ...user, groups: [...user.groups], sub, enabled: true });
    }
    this.groups = new Set(options.groups ?? this.users.flatMap((user) => user.groups));
  }

  /** Every user, demo users first. */
  listUsers(): readonly LocalUser[] {
    return this.users;
  }

  private find(login: string): LocalUser | undefined {
    const key = addressKey(login);
    return this.users.find((user) => user.username === login.trim() || user.email.toLowerCase() === key);
  }

  /** Checks the password of a sign-in name or email address; returns a Cognito-shaped access token. */
  async signIn(
    login: string,
    password: string,
  ): Promise<{ accessToken: string; expiresIn: number; refreshToken: string }> {
    const user = this.find(login);
    if (user === undefined || !user.enabled || user.password !== password) {
      throw new AuthError('unknown user or wrong password');
    }
    const lifetime = this.options.tokenLifetimeSeconds ?? ACCESS_TOKEN_SECONDS;
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshTokens.set(refreshToken, user.sub);
    return { accessToken: await this.issue(user, lifetime), expiresIn: lifetime, refreshToken };
  }

  /** A new access token for a refresh token that was not revoked (and whose user still may sign in). */
  async refresh(refreshToken: string): Promise<{ accessToken: string; expiresIn: number }> {
    const sub = this.refreshTokens.get(refreshToken);
    const user = this.users.find((candidate) => candidate.sub === sub);
    if (user === undefined || !user.enabled) throw new AuthError('refresh token revoked');
    const lifetime = this.options.tokenLifetimeSeconds ?? ACCESS_TOKEN_SECONDS;
    return { accessToken: await this.issue(user, lifetime), expiresIn: lifetime };
  }

  private revoke(sub: string): void {
    for (const [token, owner] of this.refreshTokens) if (owner === sub) this.refreshTokens.delete(token);
  }

  /** Issues an access token as Cognito would; tests use `expiresInSeconds` < 0 for an expired one. */
  async issue(
    user: Pick<DemoUser, 'username' | 'groups'> & { sub?: string },
    expiresInSeconds = this.options.tokenLifetimeSeconds ?? ACCESS_TOKEN_SECONDS,
  ): Promise<string> {
    const known = this.find(user.username);
    const sub = user.sub ?? known?.sub ?? demoSub(user.username);
    const email = (
      'email' in user && typeof user.email === 'string' ? user.email : known?.email
    )?.toLowerCase();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      'cognito:groups': [...user.groups],
      version: 2,
      client_id: LOCAL_CLIENT_ID,
      origin_jti: randomUUID(),
      event_id: randomUUID(),
      token_use: 'access',
      scope: `${API_SCOPE} openid email profile`,
      auth_time: now,
      jti: randomUUID(),
      // With sign-in by email address, Cognito's username is the generated UUID, equal to sub.
      username: sub,
      // The pool's pre token generation trigger adds the verified address (staff-directory.ts).
      ...(email === undefined ? {} : { email }),
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'local' })
      .setIssuer(LOCAL_ISSUER)
      .setSubject(sub)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInSeconds)
      .sign(this.keys.privateKey);
  }

  /** Verifies as the API Gateway JWT authoriser does: signature, issuer, expiry, client id. */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.keys.publicKey, {
      issuer: LOCAL_ISSUER,
      algorithms: ['ES256'],
    });
    if (payload.client_id !== LOCAL_CLIENT_ID) throw new AuthError('token was issued to another client');
    return payload;
  }

  private save(): void {
    if (this.options.usersFile === undefined) return;
    mkdirSync(path.dirname(this.options.usersFile), { recursive: true });
    writeFileSync(this.options.usersFile, JSON.stringify(this.users, null, 2), { mode: 0o600 });
  }

  private byUsername(poolId: unknown, username: unknown): LocalUser {
    if (poolId !== LOCAL_USER_POOL_ID)
      throw new CognitoApiError('ResourceNotFoundException', 'User pool does not exist.');
    const user = this.users.find((candidate) => candidate.sub === username || candidate.email === username);
    if (user === undefined) throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  private replace(user: LocalUser, change: Partial<LocalUser>): void {
    const index = this.users.indexOf(user);
    this.users[index] = { ...user, ...change };
    this.save();
  }

  private cognitoUser(user: LocalUser): Record<string, unknown> {
    return {
      Username: user.sub,
      Enabled: user.enabled,
      UserStatus: 'CONFIRMED',
      Attributes: [
        { Name: 'sub', Value: user.sub },
        { Name: 'email', Value: user.email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: user.name },
      ],
    };
  }

  /** One call of Cognito's admin API (`X-Amz-Target: AWSCognitoIdentityProviderService.<action>`). */
  async admin(action: string, input: Record<string, unknown>): Promise<unknown> {
    switch (action) {
      case 'ListUsers': {
        if (input.UserPoolId !== LOCAL_USER_POOL_ID) {
          throw new CognitoApiError('ResourceNotFoundException', 'User pool does not exist.');
        }
        const filter = typeof input.Filter === 'string' ? /^email\s*=\s*"(.*)"$/.exec(input.Filter) : null;
        if (input.Filter !== undefined && filter === null) {
          throw new CognitoApiError(
            'InvalidParameterException',
            'Only email = "..." filters are supported locally.',
          );
        }
        const email = filter?.[1]?.replace(/\\(.)/g, '$1').toLowerCase();
        const users = this.users.filter((user) => email === undefined || user.email.toLowerCase() === email);
        return { Users: users.map((user) => this.cognitoUser(user)) };
      }
      case 'AdminCreateUser': {
        if (input.UserPoolId !== LOCAL_USER_POOL_ID) {
          throw new CognitoApiError('ResourceNotFoundException', 'User pool does not exist.');
        }
        const attributes = new Map(
          (Array.isArray(input.UserAttributes) ? input.UserAttributes : []).map(
            (attribute: { Name: string; Value: string }) => [attribute.Name, attribute.Value],
          ),
        );
        const email = String(attributes.get('email') ?? input.Username ?? '').toLowerCase();
        if (!email.includes('@'))
          throw new CognitoApiError('InvalidParameterException', 'Username should be an email.');
        if (this.users.some((user) => user.email.toLowerCase() === email)) {
          throw new CognitoApiError(
            'UsernameExistsException',
            'An account with the given email already exists.',
          );
        }
        const password = `Temp-${randomBytes(6).toString('base64url')}-${Math.floor(Math.random() * 90 + 10)}`;
        const user: LocalUser = {
          username: email,
          password,
          name: String(attributes.get('name') ?? email),
          email,
          groups: [],
          sub: randomUUID(),
          enabled: true,
        };
        this.users.push(user);
        this.save();
        await this.options.sendInvitation?.({ to: email, username: user.sub, temporaryPassword: password });
        return { User: this.cognitoUser(user) };
      }
      case 'AdminGetUser': {
        const user = this.byUsername(input.UserPoolId, input.Username);
        const { Attributes, ...rest } = this.cognitoUser(user);
        return { ...rest, UserAttributes: Attributes };
      }
      case 'AdminListGroupsForUser': {
        const user = this.byUsername(input.UserPoolId, input.Username);
        return { Groups: user.groups.map((group) => ({ GroupName: group, UserPoolId: LOCAL_USER_POOL_ID })) };
      }
      case 'AdminAddUserToGroup':
      case 'AdminRemoveUserFromGroup': {
        const user = this.byUsername(input.UserPoolId, input.Username);
        const group = String(input.GroupName);
        if (!this.groups.has(group))
          throw new CognitoApiError('ResourceNotFoundException', 'Group not found.');
        const groups =
          action === 'AdminAddUserToGroup'
            ? [...new Set([...user.groups, group])]
            : user.groups.filter((candidate) => candidate !== group);
        this.replace(user, { groups });
        return {};
      }
      case 'AdminUserGlobalSignOut':
        // Revokes refresh tokens, as Cognito does; access tokens stay valid until they expire.
        this.revoke(this.byUsername(input.UserPoolId, input.Username).sub);
        return {};
      case 'AdminDisableUser': {
        const user = this.byUsername(input.UserPoolId, input.Username);
        this.revoke(user.sub);
        this.replace(user, { enabled: false });
        return {};
      }
      case 'AdminDeleteUser': {
        const user = this.byUsername(input.UserPoolId, input.Username);
        this.revoke(user.sub);
        this.users.splice(this.users.indexOf(user), 1);
        this.save();
        return {};
      }
      default:
        throw new CognitoApiError('NotImplementedException', `${action} is not available locally.`);
    }
  }
}

/** Serves the admin API in Cognito's JSON protocol on 127.0.0.1:`port`. */
export async function startLocalCognito(
  auth: LocalAuth,
  port: number,
  onError?: (error: unknown) => void,
): Promise<{ server: Server; endpoint: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = target.replace(/^AWSCognitoIdentityProviderService\./, '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'body is not JSON' });
      }
      auth.admin(action, input).then(
        (output) => reply(200, output),
        (error: unknown) => {
          if (error instanceof CognitoApiError)
            return reply(error.status, { __type: error.type, message: error.message });
          onError?.(error);
          reply(500, { __type: 'InternalErrorException', message: 'internal error' });
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} (staff sign-in admin API) is already in use: set COGNITO_PORT to another port`,
            )
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    server,
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
