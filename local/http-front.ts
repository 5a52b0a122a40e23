/**
 * Stands in for API Gateway (HTTP API, payload v2) and the static site: turns each HTTP request into
 * the event AWS would send, enforces the same JWT authorisation on protected routes, invokes the
 * production handler and writes its result back. Also serves the web page and the local sign-in.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { invoke, type LambdaHandler } from './lambda-runtime';
import { AuthError, claimsAsApiGateway, type LocalAuth } from './local-auth';

export type HttpHandler = LambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;

export interface HttpRoute {
  readonly functionName: string;
  readonly method: string | 'ANY';
  /** Exact path, or a prefix ending in `/*`. */
  readonly path: string;
  /** Routes behind the JWT authoriser; public ones (openapi) say false. */
  readonly authorised: boolean;
  readonly handler: () => Promise<HttpHandler>;
}

export interface HttpFrontOptions {
  readonly port: number;
  readonly routes: readonly HttpRoute[];
  readonly auth: LocalAuth;
  readonly webRoot?: string;
  /** API Gateway's payload limit. */
  readonly maxBodyBytes?: number;
  readonly onError?: (error: unknown) => void;
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

/** The same security headers CloudFront adds in production. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function matches(route: HttpRoute, method: string, pathname: string): boolean {
  if (route.method !== 'ANY' && route.method !== method) return false;
  if (route.path.endsWith('/*'))
    return pathname === route.path.slice(0, -2) || pathname.startsWith(route.path.slice(0, -1));
  return route.path === pathname;
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

function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'string') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(result);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(result.headers ?? {})) headers[key] = String(value);
  if (result.cookies !== undefined) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(
    result.body === undefined
      ? undefined
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
  );
}

function serveStatic(res: ServerResponse, webRoot: string, pathname: string): boolean {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = path.resolve(webRoot, relative);
  if (!file.startsWith(path.resolve(webRoot) + path.sep)) return false; // no path traversal
  if (!existsSync(file) || !statSync(file).isFile()) return false;
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    ...SECURITY_HEADERS,
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
    const { accessToken, expiresIn } = await auth.signIn(record.username, record.password);
    const user = auth.listUsers().find((candidate) => candidate.username === record.username);
    send(res, 200, {
      accessToken,
      expiresIn,
      username: record.username,
      name: user?.name,
      groups: user?.groups,
    });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    send(res, 401, { error: { code: 'unauthorised', message: 'unknown user or wrong password' } });
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
    if (url.pathname === '/auth/sign-in' && method === 'POST') return signIn(req, res, options.auth);
    if (url.pathname === '/auth/users' && method === 'GET') {
      const users = options.auth
        .listUsers()
        .map(({ username, name, groups }) => ({ username, name, groups }));
      return send(res, 200, { users });
    }
    const route = options.routes.find((candidate) => matches(candidate, method, url.pathname));
    if (route === undefined) {
      if (
        method === 'GET' &&
        options.webRoot !== undefined &&
        serveStatic(res, options.webRoot, url.pathname)
      )
        return;
      return send(res, 404, { message: 'Not Found' });
    }
    let claims: Record<string, string | number | boolean> | undefined;
    if (route.authorised) {
      const header = req.headers.authorization ?? '';
      const token = header.replace(/^Bearer\s+/i, '');
      if (token === '' || token === header) return send(res, 401, { message: 'Unauthorized' });
      try {
        claims = claimsAsApiGateway(await options.auth.verify(token));
      } catch {
        return send(res, 401, { message: 'Unauthorized' });
      }
    }
    const body = await readBody(req, maxBody);
    if (body === 'too-large') return send(res, 413, { message: 'Request Entity Too Large' });
    const routeKey = `${route.method} ${route.path.replace('/*', '/{proxy+}')}`;
    const event = toApiGatewayEvent(req, url, body, routeKey, claims);
    const handler = await route.handler();
    writeResult(res, await invoke(route.functionName, handler, event));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${options.port} (HTTP API and web page) is already in use: set PORT to another port`,
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
