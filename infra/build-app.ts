/**
 * Builds SEND Hub's two stacks for one stage into an app. `infra/app.ts` calls it for the stage
 * named on the command line; the template tests call it with bundling switched off.
 */
import { Annotations, type App, Tags } from 'aws-cdk-lib';
import { REPO_ROOT } from './constructs/send-hub-function';
import { checkHubConfig } from './hub-config-check';
import { StatefulStack } from './stacks/stateful-stack';
import { StatelessStack } from './stacks/stateless-stack';
import type { StageParams } from './stages';

export interface SendHubStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export interface BuildOptions {
  /** Where `functions/` and `web/` are found; defaults to this repository. */
  readonly sourceRoot?: string;
}

export function buildSendHub(app: App, params: StageParams, options: BuildOptions = {}): SendHubStacks {
  const hubConfig = checkHubConfig(params, options.sourceRoot ?? REPO_ROOT);
  // Without an account the stacks stay account-agnostic, so `cdk synth` works offline.
  const env = {
    account: params.account ?? process.env.CDK_DEFAULT_ACCOUNT,
    region: params.region,
  };
  const prefix = `SendHub-${params.stage}`;
  const stateful = new StatefulStack(app, `${prefix}-stateful`, {
    env,
    params,
    teams: hubConfig.config?.teams ?? [],
    hubName: hubConfig.config?.hub.name ?? 'SEND Enquiries Hub',
    description: `SEND Hub ${params.stage}: data, identity, mail and web address (retained)`,
    terminationProtection: params.stage === 'prod',
  });
  const stateless = new StatelessStack(app, `${prefix}-stateless`, {
    env,
    params,
    stateful,
    sourceRoot: options.sourceRoot,
    description: `SEND Hub ${params.stage}: functions, API, schedules and alarms (safe to redeploy)`,
  });
  hubConfig.warnings.forEach((warning, index) => {
    Annotations.of(stateless).addWarningV2(`send-hub:hub-config-${index}`, warning);
  });
  Tags.of(app).add('project', 'send-hub');
  Tags.of(app).add('stage', params.stage);
  Tags.of(stateful).add('data-classification', 'official-sensitive-personal');
  return { stateful, stateless };
}
