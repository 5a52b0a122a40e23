/**
 * An AWS WAF web ACL in front of a public entry point: the staff page and the API (CloudFront
 * scope, created in us-east-1 by the edge stack) or the staff sign-in (the Cognito user pool,
 * regional scope). Rules, in order:
 *
 * 1. a per-IP rate limit over five minutes (blocks floods and password guessing; set high enough
 *    for a council office whose staff share one outgoing address), then any rules of one route
 *    (the parents' status page's own rate limit on the CloudFront ACL);
 * 2. AWS's IP reputation list (addresses AWS has seen attacking);
 * 3. AWS's common rule set, with the body-size rule counted rather than blocking: phone-log CSV
 *    uploads (up to 1 MB) and caseworkers' replies (up to 20,000 characters) are legitimately large,
 *    and the API checks their size itself;
 * 4. AWS's known bad inputs (Log4j-style payloads, bad paths).
 *
 * Sampled requests are off: they would show request headers, the staff bearer tokens included, to
 * anyone with WAF console access. The metrics per rule are on.
 */
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export type WebAclScope = 'CLOUDFRONT' | 'REGIONAL';

export interface WebAclProps {
  readonly scope: WebAclScope;
  /** Name prefix of the ACL and its metrics, e.g. `send-hub-prod-edge`. */
  readonly name: string;
  readonly description: string;
  /** Requests one IP address may make in five minutes before it is blocked (WAF's minimum is 10). */
  readonly rateLimitPer5Minutes: number;
  /** Rules of one route, placed after the rate limit and before the managed groups (priorities are set here). */
  readonly extraRules?: readonly wafv2.CfnWebACL.RuleProperty[];
}

/** The AWS managed rule groups every web ACL of the hub uses, with the rules only counted. */
export const MANAGED_RULE_GROUPS = [
  { name: 'AWSManagedRulesAmazonIpReputationList', countOnly: [] },
  { name: 'AWSManagedRulesCommonRuleSet', countOnly: ['SizeRestrictions_BODY'] },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', countOnly: [] },
] as const satisfies readonly { name: string; countOnly: readonly string[] }[];

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: false };
}

export class WebAcl extends Construct {
  readonly acl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: 'RateLimitPerIp',
        priority: 0,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: props.rateLimitPer5Minutes,
            aggregateKeyType: 'IP',
            evaluationWindowSec: 300,
          },
        },
        visibilityConfig: visibility(`${props.name}-rate-limit`),
      },
      ...(props.extraRules ?? []).map(
        (rule, index): wafv2.CfnWebACL.RuleProperty => ({
          ...rule,
          priority: index + 1,
          // Never sampled: samples would show request headers, staff tokens included.
          visibilityConfig: {
            ...(rule.visibilityConfig as wafv2.CfnWebACL.VisibilityConfigProperty),
            sampledRequestsEnabled: false,
          },
        }),
      ),
      ...MANAGED_RULE_GROUPS.map(
        (group, index): wafv2.CfnWebACL.RuleProperty => ({
          name: group.name,
          priority: (props.extraRules?.length ?? 0) + index + 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: group.name,
              ruleActionOverrides: group.countOnly.map((rule) => ({
                name: rule,
                actionToUse: { count: {} },
              })),
            },
          },
          visibilityConfig: visibility(`${props.name}-${group.name}`),
        }),
      ),
    ];
    this.acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      description: props.description,
      scope: props.scope,
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility(props.name),
    });
  }

  get arn(): string {
    return this.acl.attrArn;
  }
}
