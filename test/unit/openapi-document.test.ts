/** The API's contract, published as a static file beside the staff page (never served by a function). */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/api/openapi';
import { RESPONSE_BODIES } from '../../functions/api/responses';
import { ROUTES } from '../../functions/api/routes';
import { API_ROUTES } from '../../shared/adapters/api-definition';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

/** Every operation in the document as `METHOD /path`. */
function operations(document: unknown): { key: string; operation: Record<string, unknown>; path: string }[] {
  const paths = (dig(document, 'paths') ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        operation: operation as Record<string, unknown>,
        path,
      })),
  );
}

/** Every `$ref` anywhere in a JSON value. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refs(inner),
  );
}

/** The value at `keys` inside a JSON document, or undefined. */
function dig(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

describe('the OpenAPI document', () => {
  const document = openApiDocument('https://api.send-hub.example.gov.uk');

  it('is OpenAPI 3.1 and describes every route the API dispatches', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const operationId = dig(document, 'paths', route.path, route.method.toLowerCase(), 'operationId');
      expect(operationId, `${route.method} ${route.path}`).toBe(route.operationId);
    }
    const respond = dig(
      document,
      ...['paths', '/enquiries/{id}/respond', 'post', 'requestBody', 'content', 'application/json'],
      'schema',
      'required',
    );
    expect(respond).toEqual(['text', 'sendEmail', 'expectedVersion']);
  });

  it('describes nothing the API does not serve, with unique operation ids', () => {
    // The route tables: the api function's, and the HTTP API's routes to other functions.
    const served = new Set([
      ...ROUTES.map((route) => `${route.method} ${route.path}`),
      ...API_ROUTES.filter((route) => !route.path.includes('{proxy+}')).map(
        (route) => `${route.method} ${route.path}`,
      ),
    ]);
    const documented = operations(document);
    expect(documented.map((entry) => entry.key).filter((key) => !served.has(key))).toEqual([]);
    for (const key of served)
      expect(
        documented.map((entry) => entry.key),
        key,
      ).toContain(key);
    const ids = documented.map((entry) => entry.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('marks exactly the routes that need no token as public', () => {
    const open = new Set([
      ...ROUTES.filter((route) => route.access === 'public').map((route) => `${route.method} ${route.path}`),
      ...API_ROUTES.filter((route) => !route.authorised && !route.path.includes('{proxy+}')).map(
        (route) => `${route.method} ${route.path}`,
      ),
    ]);
    const publicOperations = operations(document)
      .filter((entry) => Array.isArray(entry.operation.security) && entry.operation.security.length === 0)
      .map((entry) => entry.key);
    expect(new Set(publicOperations)).toEqual(open);
  });

  it('declares every path parameter and resolves every reference', () => {
    for (const { key, operation, path } of operations(document)) {
      const named = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = ((operation.parameters ?? []) as { name: string; in: string }[])
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      expect(declared.sort(), key).toEqual(named.sort());
      expect(typeof operation.summary, key).toBe('string');
      expect(Object.keys((operation.responses ?? {}) as object).length, key).toBeGreaterThan(0);
    }
    for (const reference of refs(document)) {
      expect(reference).toMatch(/^#\/components\/schemas\//);
      expect(dig(document, ...reference.slice(2).split('/')), reference).toBeDefined();
    }
    const tags = new Set(((document.tags ?? []) as { name: string }[]).map((tag) => tag.name));
    for (const { key, operation } of operations(document)) {
      for (const tag of (operation.tags ?? []) as string[])
        expect(tags.has(tag), `${key}: ${tag}`).toBe(true);
    }
  });

  it('documents each success answer with the schema the route table gives it, generated from zod', () => {
    for (const route of ROUTES) {
      const responses = dig(document, 'paths', route.path, route.method.toLowerCase(), 'responses') as Record<
        string,
        unknown
      >;
      const documented = Object.keys(responses).filter((status) => status.startsWith('2'));
      const bodies: Record<number, unknown> = RESPONSE_BODIES[route.operationId];
      expect(documented.sort(), route.operationId).toEqual(Object.keys(bodies).sort());
      for (const status of documented) {
        const schema = dig(responses, status, 'content', 'application/json', 'schema');
        expect(schema, `${route.operationId} ${status}`).toBeDefined();
      }
    }
    // The components are the zod schemas' JSON Schema: a field the use case adds appears here.
    const summary = dig(document, 'components', 'schemas', 'EnquirySummary', 'properties') as object;
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining(['id', 'breached', 'safeguarding', 'version']),
    );
    expect(dig(document, 'components', 'schemas', 'EnquirySummary', 'required')).toContain('version');
    expect(dig(document, 'components', 'schemas', 'EnquiryDetail', 'properties', 'enquiry')).toEqual({
      $ref: '#/components/schemas/Enquiry',
    });
    const permissions = dig(document, 'components', 'schemas', 'EnquiryDetail', 'properties', 'permissions');
    expect(Object.keys(dig(permissions, 'properties') as object)).toContain('resendAcknowledgement');
  });

  it('names the API it describes, which lives on its own origin apart from the page', () => {
    expect(document.servers).toEqual([{ url: 'https://api.send-hub.example.gov.uk' }]);
    expect(openApiDocument('').servers).toEqual([{ url: '/' }]);
    expect(dig(document, 'paths', '/openapi.json')).toBeUndefined();
  });
});
