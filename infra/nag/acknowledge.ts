/**
 * cdk-nag acknowledgements with a reason, by construct (never by path string).
 *
 * Some findings carry the resolved resource in their id, e.g.
 * `AwsSolutions-IAM5[Resource::SendHub-prod-stateful:ExportsOutput...Arn.../inbound/*]`. Those ids only
 * exist once CDK has turned cross-stack references into imports, which happens after the
 * constructs are built. `acknowledgeFindings` therefore asks cdk-nag's own rule for the findings
 * of the constructs under a scope at validation time (after references are resolved, before the
 * AwsSolutions pack runs) and acknowledges exactly those, each with the reason given. A finding
 * that appears anywhere else still fails.
 */
import { CfnResource, Validations } from 'aws-cdk-lib';
import { type NagRuleResult, rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';

type Rule = (node: CfnResource) => NagRuleResult;

/** The rules whose findings carry per-resource detail, by the id AwsSolutions reports them under. */
const RULES_WITH_FINDINGS: Record<string, Rule> = {
  'AwsSolutions-IAM4': rules.iam.IAMNoManagedPolicies,
  'AwsSolutions-IAM5': rules.iam.IAMNoWildcardPermissions,
};

export type FindingRuleId = 'AwsSolutions-IAM4' | 'AwsSolutions-IAM5';

/**
 * Acknowledges every finding of `ruleId` on the resources under `scope`, with `reason`.
 * Use it on a scope that holds only the statements the reason speaks for.
 */
export function acknowledgeFindings(scope: IConstruct, ruleId: FindingRuleId, reason: string): void {
  const rule = RULES_WITH_FINDINGS[ruleId];
  if (rule === undefined) throw new Error(`No finding rule for ${ruleId}`);
  const acknowledged = new Set<string>();
  scope.node.addValidation({
    validate: () => {
      for (const node of scope.node.findAll()) {
        if (!CfnResource.isCfnResource(node)) continue;
        const result = rule(node);
        if (!Array.isArray(result)) continue;
        for (const finding of result) {
          const id = `${ruleId}[${finding}]`;
          if (acknowledged.has(id)) continue;
          acknowledged.add(id);
          Validations.of(scope).acknowledge({ id, reason });
        }
      }
      return [];
    },
  });
}

/** Acknowledges a rule without findings detail (e.g. `AwsSolutions-L1`) on `scope`, with `reason`. */
export function acknowledgeRule(scope: IConstruct, ruleId: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: ruleId, reason });
}

/**
 * Acknowledges the usual findings on a Lambda function CDK itself generates for a custom resource
 * (bucket notifications, bucket deployment): its managed logging policy, the wildcards CDK writes
 * and its runtime, which CDK pins.
 */
export function acknowledgeCdkProvider(scope: IConstruct, what: string): void {
  const reason = `CDK-generated provider for ${what}; its code, runtime and role are CDK's, run only at deploy time.`;
  acknowledgeFindings(
    scope,
    'AwsSolutions-IAM4',
    `${reason} Uses AWSLambdaBasicExecutionRole for its own logs.`,
  );
  acknowledgeFindings(
    scope,
    'AwsSolutions-IAM5',
    `${reason} CDK scopes the wildcards to the resources it manages.`,
  );
  acknowledgeRule(scope, 'AwsSolutions-L1', `${reason} The runtime is chosen by aws-cdk-lib.`);
}
