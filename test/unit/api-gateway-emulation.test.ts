/** The local stand-in for API Gateway decides as API Gateway's HTTP API does, from the deployed route list. */
import { describe, expect, it } from 'vitest';
import { GROUP_FUNCTIONS, ROUTES } from '../../functions/api/routes';
import { authorise, corsHeaders, matchRoutePath, selectRoute } from '../../local/api-gateway';
import { API_ROUTES, API_SCOPE, type GatewayRoute, routeKey } from '../../shared/adapters/api-definition';

const key = (method: string, path: string) => {
  const selected = selectRoute(API_ROUTES, method, path);
  return selected === undefined ? undefined : routeKey(selected.route);
};

describe('route selection', () => {
  it('takes a full path and method before a greedy one, and a named method before ANY', () => {
    expect(key('POST', '/phone-logs')).toBe('POST /phone-logs');
    expect(key('GET', '/phone-logs')).toBe('ANY /{proxy+}');
    expect(key('OPTIONS', '/queue')).toBe('OPTIONS /{proxy+}');
    expect(key('OPTIONS', '/phone-logs')).toBe('OPTIONS /{proxy+}');
    expect(key('DELETE', '/enquiries/SEND-222222/claim')).toBe('ANY /{proxy+}');
  });

  it('matches a greedy variable to one or more segments and nothing to the bare root', () => {
    expect(matchRoutePath('/{proxy+}', '/enquiries/SEND-222222')).toEqual({ proxy: 'enquiries/SEND-222222' });
    expect(matchRoutePath('/{proxy+}', '/')).toBeNull();
    expect(matchRoutePath('/enquiries/{id}', '/enquiries/SEND-1')).toEqual({ id: 'SEND-1' });
    expect(key('GET', '/')).toBeUndefined();
  });
});

describe("the gateway's route table and the api function's", () => {
  /** A path the template matches, with a sample value in every variable. */
  const sample = (template: string) => template.replace(/\{\w+\}/g, 'SEND-222222');

  it('sends every operation to the API function of its group, a token required exactly where the operation needs one', () => {
    for (const route of ROUTES) {
      const selected = selectRoute(API_ROUTES, route.method, sample(route.path));
      expect(selected?.route.target, `${route.method} ${route.path}`).toBe(GROUP_FUNCTIONS[route.group]);
      expect(selected?.route.target, `${route.method} ${route.path}`).toMatch(/^api-/);
      expect(selected?.route.authorised, `${route.method} ${route.path}`).toBe(route.access !== 'public');
    }
  });
});

describe('CORS', () => {
  const rule = { allowOrigins: ['https://send-hub.example.gov.uk'] };

  it('answers a preflight from the allowed origin with methods, headers and max age', () => {
    const headers = corsHeaders(rule, 'OPTIONS', {
      origin: 'https://send-hub.example.gov.uk',
      'access-control-request-method': 'POST',
    });
    expect(headers['access-control-allow-origin']).toBe('https://send-hub.example.gov.uk');
    expect(headers['access-control-allow-headers']).toContain('authorization');
    expect(headers['access-control-max-age']).toBe('3600');
  });

  it('adds nothing for another origin, and only the origin to an ordinary answer', () => {
    expect(
      corsHeaders(rule, 'OPTIONS', {
        origin: 'https://evil.example',
        'access-control-request-method': 'GET',
      }),
    ).toEqual({});
    expect(corsHeaders(rule, 'GET', { origin: 'https://send-hub.example.gov.uk' })).toEqual({
      'access-control-allow-origin': 'https://send-hub.example.gov.uk',
      vary: 'origin',
    });
  });
});

describe('the JWT authoriser', () => {
  const closed: GatewayRoute = { method: 'ANY', path: '/{proxy+}', target: 'api', authorised: true };
  const open: GatewayRoute = { method: 'OPTIONS', path: '/{proxy+}', target: 'api', authorised: false };
  const verify = async (token: string) => {
    if (token !== 'good' && token !== 'no-scope') throw new Error('bad signature');
    return { sub: 'x', scope: token === 'good' ? API_SCOPE : 'openid' };
  };

  it('refuses a missing or bad token 401 and a token without the API scope 403', async () => {
    expect(await authorise(closed, undefined, verify)).toMatchObject({ kind: 'refused', status: 401 });
    expect(await authorise(closed, 'Bearer forged', verify)).toMatchObject({ kind: 'refused', status: 401 });
    expect(await authorise(closed, 'Bearer no-scope', verify)).toMatchObject({
      kind: 'refused',
      status: 403,
    });
    expect(await authorise(closed, 'Bearer good', verify)).toMatchObject({ kind: 'allowed' });
  });

  it('lets anyone through an open route, with no claims', async () => {
    expect(await authorise(open, undefined, verify)).toEqual({ kind: 'allowed', claims: undefined });
  });
});
