/**
 * Stands in for API Gateway (HTTP API, payload v2) and the static site. The API side routes,
 * authorises and answers CORS as `api-gateway.ts` says API Gateway does, turns each request into
 * the event AWS would send, invokes the production handler and writes its result back. The page
 * side serves the built page and the local sign-in. One front can do both (one origin, as `npm
 * start` runs by default) or two fronts can split them over two origins, as in production.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { GatewayRoute } from '../shared/adapters/api-definition';
import type { FunctionName } from '../shared/adapters/resource-definitions';
import { addressKey } from '../shared/domain/email-address';
import {
  authorise,
  type CorsRule,
  corsHeaders,
  isPreflight,
  selectRoute,
  withoutCorsHeaders,
} from './api-gateway';
import { invoke, type LambdaHandler } from './lambda-runtime';
import { AuthError, claimsAsApiGateway, type LocalAuth } from './local-auth';

export type HttpHandler = LambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;

/** The local API Gateway: the deployed route list, the functions behind it and its CORS rule. */
export interface GatewayOptions {
  readonly routes: readonly GatewayRoute[];
  /** The production handler of each function a route targets, loaded on first use. */
  readonly handlers: Partial<Record<FunctionName, () => Promise<HttpHandler>>>;
  readonly cors: CorsRule;
}

export interface HttpFrontOptions {
  readonly port: number;
  readonly auth: LocalAuth;
  /** Serves the API on this front (same origin as the page when `webRoot` is set too). */
  readonly gateway?: GatewayOptions;
  /** Serves the built page and the local sign-in (which stands in for Cognito's hosted page). */
  readonly webRoot?: string;
  /** Origins of an API served elsewhere, which the page's Content-Security-Policy lets it call. */
  readonly apiOrigins?: readonly string[];
  /** API Gateway's payload limit. */
  readonly maxBodyBytes?: number;
  readonly onError?: (error: unknown) => void;
  /** What the port is for, in the "already in use" message. */
  readonly purpose?: string;
  /** The environment variable that moves it, in the same message. */
  readonly portVariable?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** The same security headers CloudFront adds in production; `apiOrigins` are the API's, when it has its own. */
function securityHeaders(apiOrigins: readonly string[]): Record<string, string> {
  const connect = ["'self'", ...apiOrigins].join(' ');
  return {
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src ${connect}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return 'too-large';
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function isTextual(contentType: string | undefined): boolean {
  return (
    contentType === undefined ||
    /^(text\/|application\/(json|x-www-form-urlencoded|xml|csv))/i.test(contentType)
  );
}

/** Builds the HTTP API v2 event AWS would deliver for this request. */
export function toApiGatewayEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  routeKey: string,
  claims: Record<string, string | number | boolean> | undefined,
): APIGatewayProxyEventV2 {
  // Header and parameter names come from the client: prototype-free objects keep `__proto__` or
  // `constructor` a plain name, as API Gateway treats them.
  const headers = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || key === 'cookie') continue;
    headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query = Object.create(null) as Record<string, string>;
  for (const [key, value] of url.searchParams) {
    const earlier = query[key];
    query[key] = earlier === undefined ? value : `${earlier},${value}`;
  }
  const now = new Date();
  const textual = isTextual(headers['content-type']);
  const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie?.split(/;\s*/),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : textual ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !textual,
  };
  if (claims !== undefined) {
    const scope = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    event.requestContext.authorizer = { jwt: { claims, scopes: scope } };
  }
  return event;
}

function writeResult(
  res: ServerResponse,
  result: APIGatewayProxyResultV2,
  extraHeaders: Record<string, string>,
): void {
  if (typeof result === 'string') {
    res.writeHead(200, { 'content-type': 'application/json', ...extraHeaders });
    res.end(result);
    return;
  }
  const headers: Record<string, string | string[]> = { ...extraHeaders };
  for (const [key, value] of Object.entries(result.headers ?? {})) headers[key] = String(value);
  if (result.cookies !== undefined) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(
    result.body === undefined
      ? undefined
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
  );
}

function serveStatic(
  res: ServerResponse,
  webRoot: string,
  pathname: string,
  apiOrigins: readonly string[],
): boolean {
  // `/status` is the parents' status page (`status.html`), as the CDN serves it.
  const named = pathname === '/status' ? '/status.html' : pathname;
  const relative = named === '/' ? 'index.html' : decodeURIComponent(named).replace(/^\/+/, '');
  const file = path.resolve(webRoot, relative);
  if (!file.startsWith(path.resolve(webRoot) + path.sep)) return false; // no path traversal
  if (!existsSync(file) || !statSync(file).isFile()) return false;
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    ...securityHeaders(apiOrigins),
  });
  res.end(readFileSync(file));
  return true;
}

async function signIn(req: IncomingMessage, res: ServerResponse, auth: LocalAuth): Promise<void> {
  const body = await readBody(req, 10_000);
  let parsed: unknown;
  try {
    parsed = body === 'too-large' ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const record = (parsed ?? {}) as { username?: unknown; password?: unknown };
  if (typeof record.username !== 'string' || typeof record.password !== 'string') {
    send(res, 400, { error: { code: 'bad-request', message: 'send JSON with "username" and "password"' } });
    return;
  }
  try {
    const { accessToken, expiresIn, refreshToken } = await auth.signIn(record.username, record.password);
    const login = addressKey(record.username);
    const user = auth
      .listUsers()
      .find((candidate) => candidate.username === record.username || candidate.email.toLowerCase() === login);
    send(res, 200, {
      accessToken,
      expiresIn,
      refreshToken,
      username: record.username,
      name: user?.name,
      groups: user?.groups,
    });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    send(res, 401, { error: { code: 'unauthorised', message: 'unknown user or wrong password' } });
  }
}

function requestHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** One request through the local API Gateway. */
async function throughGateway(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  gateway: GatewayOptions,
  auth: LocalAuth,
  maxBody: number,
): Promise<void> {
  const method = req.method ?? 'GET';
  const headers = requestHeaders(req);
  const cors = corsHeaders(gateway.cors, method, headers);
  const selected = selectRoute(gateway.routes, method, url.pathname);
  if (selected === undefined) {
    // With CORS configured, API Gateway answers a preflight no route takes by itself.
    if (isPreflight(method, headers)) {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    return send(res, 404, { message: 'Not Found' }, cors);
  }
  const decision = await authorise(selected.route, headers.authorization, async (token) =>
    claimsAsApiGateway(await auth.verify(token)),
  );
  if (decision.kind === 'refused') return send(res, decision.status, { message: decision.message }, cors);
  const load = gateway.handlers[selected.route.target];
  if (load === undefined) return send(res, 500, { message: 'Internal Server Error' }, cors);
  const body = await readBody(req, maxBody);
  if (body === 'too-large') return send(res, 413, { message: 'Request Entity Too Large' }, cors);
  const key = `${selected.route.method} ${selected.route.path}`;
  const event = toApiGatewayEvent(req, url, body, key, decision.claims);
  if (Object.keys(selected.params).length > 0) event.pathParameters = selected.params;
  const result = await invoke(selected.route.target, await load(), event);
  writeResult(res, withoutCorsHeaders(result), cors);
}

/** The local stand-in for Cognito's refresh-token grant. */
async function refresh(req: IncomingMessage, res: ServerResponse, auth: LocalAuth): Promise<void> {
  const body = await readBody(req, 10_000);
  let token: unknown;
  try {
    token =
      body === 'too-large'
        ? undefined
        : (JSON.parse(body.toString('utf8')) as { refreshToken?: unknown }).refreshToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string') {
    send(res, 400, { error: { code: 'bad-request', message: 'send JSON with "refreshToken"' } });
    return;
  }
  try {
    send(res, 200, await auth.refresh(token));
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    send(res, 401, { error: { code: 'unauthorised', message: 'sign in again' } });
  }
}

export async function startHttpFront(
  options: HttpFrontOptions,
): Promise<{ server: Server; stop(): Promise<void> }> {
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if (options.webRoot !== undefined) {
      if (url.pathname === '/auth/sign-in' && method === 'POST') return signIn(req, res, options.auth);
      if (url.pathname === '/auth/refresh' && method === 'POST') return refresh(req, res, options.auth);
      if (url.pathname === '/auth/users' && method === 'GET') {
        const users = options.auth
          .listUsers()
          .map(({ username, name, groups }) => ({ username, name, groups }));
        return send(res, 200, { users });
      }
      // The page's files win over API paths, as CloudFront's own origin would.
      if (method === 'GET' && serveStatic(res, options.webRoot, url.pathname, options.apiOrigins ?? []))
        return;
    }
    if (options.gateway !== undefined) {
      return throughGateway(req, res, url, options.gateway, options.auth, maxBody);
    }
    return send(res, 404, { message: 'Not Found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${options.port} (${options.purpose ?? 'HTTP API and web page'}) is already in use: set ${options.portVariable ?? 'PORT'} to another port`,
            )
          : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
