/**
 * The pre token generation trigger that puts the verified email in staff access tokens (how the API
 * recognises a safeguarding duty contact). The inline source shipped to Lambda is run as it is.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_EMAIL_SOURCE } from '../../infra/constructs/staff-directory';

type Handler = (event: unknown) => Promise<Record<string, unknown>>;

function shippedHandler(): Handler {
  const module = { exports: {} as { handler?: Handler } };
  runInNewContext(ACCESS_TOKEN_EMAIL_SOURCE, { exports: module.exports, module, Object });
  const handler = module.exports.handler;
  if (handler === undefined) throw new Error('the source exports no handler');
  return handler;
}

/** A version 2 event as Cognito sends it (the response starts empty). */
function event(userAttributes: Record<string, string>) {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_HostedAuth',
    userPoolId: 'eu-west-2_example',
    userName: 'a1b2c3',
    request: { userAttributes, groupConfiguration: { groupsToOverride: ['manager'] }, scopes: [] },
    response: { claimsAndScopeOverrideDetails: null },
  };
}

describe('the access token email trigger', () => {
  it('adds a verified email to the access token claims', async () => {
    const result = await shippedHandler()(
      event({ email: 'send.safeguarding.duty@kent.example.gov.uk', email_verified: 'true' }),
    );
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: {
          claimsToAddOrOverride: { email: 'send.safeguarding.duty@kent.example.gov.uk' },
        },
      },
    });
  });

  it('adds nothing for an address that is not verified, or none', async () => {
    const handler = shippedHandler();
    const unverified = await handler(event({ email: 'someone@example.org', email_verified: 'false' }));
    expect(unverified.response).toEqual({ claimsAndScopeOverrideDetails: null });
    const none = await handler(event({}));
    expect(none.response).toEqual({ claimsAndScopeOverrideDetails: null });
  });

  it('keeps claims another part of the response already set', async () => {
    const withClaims = event({ email: 'duty@example.org', email_verified: 'true' });
    (withClaims.response as { claimsAndScopeOverrideDetails: unknown }).claimsAndScopeOverrideDetails = {
      accessTokenGeneration: { claimsToAddOrOverride: { team: 'east' }, scopesToAdd: ['x'] },
    };
    const result = await shippedHandler()(withClaims);
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: {
          claimsToAddOrOverride: { team: 'east', email: 'duty@example.org' },
          scopesToAdd: ['x'],
        },
      },
    });
  });
});
