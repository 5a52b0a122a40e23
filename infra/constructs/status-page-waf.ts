/**
 * The WAF rate-based rule behind the parents' status page (`POST /status`). The API itself counts
 * attempts per reference and per client (429); this rule limits each address at the edge, before
 * a request costs a Lambda invocation.
 *
 * AWS WAF cannot be attached to an API Gateway HTTP API directly: the rule belongs on the web ACL
 * of the CloudFront distribution in front of the API. `statusPageRateRule` is the rule as data, to
 * add to that ACL; `StatusPageWebAcl` is a web ACL holding just this rule, for a deployment that has
 * no other ACL yet (a CLOUDFRONT-scoped ACL must be created in us-east-1).
 */
import { aws_wafv2 as wafv2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Requests to POST /status one address may make in the evaluation window before WAF blocks it. */
export const STATUS_PAGE_WAF_LIMIT = 100;
/** WAF's evaluation window for the rule (seconds; 60 is the shortest WAF offers). */
export const STATUS_PAGE_WAF_WINDOW_SECONDS = 60;

/** The rate-based rule: POSTs to `/status` per client address, blocked with 429 past the limit. */
export function statusPageRateRule(
  priority: number,
  metricName = 'StatusPageRate',
): wafv2.CfnWebACL.RuleProperty {
  return {
    name: 'status-page-rate',
    priority,
    action: {
      block: { customResponse: { responseCode: 429 } },
    },
    statement: {
      rateBasedStatement: {
        limit: STATUS_PAGE_WAF_LIMIT,
        evaluationWindowSec: STATUS_PAGE_WAF_WINDOW_SECONDS,
        aggregateKeyType: 'IP',
        scopeDownStatement: {
          andStatement: {
            statements: [
              {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'EXACTLY',
                  searchString: '/status',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
              {
                byteMatchStatement: {
                  fieldToMatch: { method: {} },
                  positionalConstraint: 'EXACTLY',
                  searchString: 'POST',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            ],
          },
        },
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true },
  };
}

export interface StatusPageWebAclProps {
  /** `CLOUDFRONT` (in us-east-1, for the distribution in front of the API) or `REGIONAL`. */
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
}

/** A web ACL that allows everything except an address over the status page's rate. */
export class StatusPageWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: StatusPageWebAclProps) {
    super(scope, id);
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: props.scope,
      defaultAction: { allow: {} },
      rules: [statusPageRateRule(0)],
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: 'StatusPageWebAcl',
        sampledRequestsEnabled: true,
      },
    });
  }
}
