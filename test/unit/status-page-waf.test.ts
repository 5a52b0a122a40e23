import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  STATUS_PAGE_WAF_LIMIT,
  StatusPageWebAcl,
  statusPageRateRule,
} from '../../infra/constructs/status-page-waf';

describe('the status page WAF rule', () => {
  it('blocks one address past the limit of POSTs to /status with a 429', { timeout: 60_000 }, () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'WafTest', {
      env: { region: 'us-east-1' },
    });
    new StatusPageWebAcl(stack, 'StatusPage', { scope: 'CLOUDFRONT' });
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Name: 'status-page-rate',
          Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: STATUS_PAGE_WAF_LIMIT,
              AggregateKeyType: 'IP',
              ScopeDownStatement: Match.objectLike({ AndStatement: Match.anyValue() }),
            }),
          },
        }),
      ],
    });
  });

  it('scopes the rule to POST /status only, so the staff API is not limited by it', () => {
    const rule = statusPageRateRule(3);
    const scope = JSON.stringify(rule.statement);
    expect(rule.priority).toBe(3);
    expect(scope).toContain('"searchString":"/status"');
    expect(scope).toContain('"searchString":"POST"');
  });
});
