/**
 * The part of a stage that AWS only accepts in us-east-1: the WAF web ACL of the two CloudFront
 * distributions (the staff page and the API). Nothing here holds data. The stateful and stateless
 * stacks read its ARN through CDK's cross-region references (an SSM parameter CDK writes into
 * the stage's region), so `cdk deploy --all` deploys this first.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { statusPageRateRule } from '../constructs/status-page-waf';
import { WebAcl } from '../constructs/web-acl';
import type { StageParams } from '../stages';

/** CloudFront takes WAF web ACLs (and certificates) only from this region. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  readonly params: StageParams;
}

export class EdgeStack extends Stack {
  readonly webAcl: WebAcl;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { params } = props;
    this.webAcl = new WebAcl(this, 'FrontDoor', {
      scope: 'CLOUDFRONT',
      name: `send-hub-${params.stage}-front-door`,
      description: `SEND Hub ${params.stage} - the staff page and the API on CloudFront`,
      rateLimitPer5Minutes: params.waf.rateLimitPer5Minutes,
      // The parents' status page (POST /status, no account) gets a much tighter limit of its own.
      extraRules: [statusPageRateRule(1, `send-hub-${params.stage}-status-page-rate`)],
    });
    new CfnOutput(this, 'FrontDoorWebAclArn', {
      value: this.webAcl.arn,
      description: 'WAF web ACL of the staff page and the API distributions',
    });
  }
}
