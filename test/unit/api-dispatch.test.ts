/**
 * Each staff API function answers only its own route groups; whichever function API Gateway picks,
 * a preflight, an unknown path and a known path with another method are answered alike.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { dispatchTo } from '../../functions/api/dispatch';
import { handler as catchAll } from '../../functions/api/handler';
import type { HttpHandler } from '../../functions/api/route-group';

const CONTEXT = { getRemainingTimeInMillis: () => 10_000, functionName: 'api' } as unknown as Context;

function request(method: string, path: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method, path }, requestId: 'r-1', timeEpoch: Date.now() },
  } as unknown as APIGatewayProxyEventV2;
}

const answered: HttpHandler = async () => ({ statusCode: 200, body: '{"served":true}' });

function bodyOf(result: APIGatewayProxyStructuredResultV2): { error?: { code?: string } } {
  return JSON.parse(result.body ?? '{}') as { error?: { code?: string } };
}

describe('a staff API function', () => {
  const finding = dispatchTo({ finding: answered });

  it('serves the routes of its own groups', async () => {
    expect((await finding(request('GET', '/search'), CONTEXT)).statusCode).toBe(200);
    expect((await finding(request('POST', '/status'), CONTEXT)).statusCode).toBe(200);
  });

  it("answers 404 for another group's route, never running it", async () => {
    const result = await finding(request('GET', '/queue'), CONTEXT);
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result).error?.code).toBe('route-not-found');
  });

  it('answers 405 with Allow for a known path and another method, and 204 to a preflight', async () => {
    const result = await finding(request('DELETE', '/search'), CONTEXT);
    expect(result.statusCode).toBe(405);
    expect(result.headers?.allow).toBe('GET');
    expect((await finding(request('OPTIONS', '/search'), CONTEXT)).statusCode).toBe(204);
  });
});

describe('the api catch-all function', () => {
  it('answers preflights, unknown routes and wrong methods without any route group', async () => {
    const call = (method: string, path: string) =>
      catchAll(request(method, path), CONTEXT) as Promise<APIGatewayProxyStructuredResultV2>;
    expect((await call('OPTIONS', '/queue')).statusCode).toBe(204);
    expect((await call('GET', '/nowhere')).statusCode).toBe(404);
    const wrongMethod = await call('DELETE', '/enquiries/SEND-222222/claim');
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers?.allow).toBe('POST');
  });
});
