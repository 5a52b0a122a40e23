/** The API's contract, published as a static file beside the staff page (never served by a function). */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/api/openapi';
import { ROUTES } from '../../functions/api/routes';

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

  it('names the API it describes, which lives on its own origin apart from the page', () => {
    expect(document.servers).toEqual([{ url: 'https://api.send-hub.example.gov.uk' }]);
    expect(openApiDocument('').servers).toEqual([{ url: '/' }]);
    expect(dig(document, 'paths', '/openapi.json')).toBeUndefined();
  });
});
