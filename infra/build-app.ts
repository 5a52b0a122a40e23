/**
 * Builds SEND Hub's two stacks for one stage into an app. `infra/app.ts` calls it for the stage
 * named on the command line; the template tests call it with bundling switched off.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Annotations, type App, Tags } from 'aws-cdk-lib';
import { REPO_ROOT } from './constructs/send-hub-function';
import { checkHubConfig } from './hub-config-check';
import { assertProductionReady, checkProductionStage, effectiveWebBaseUrl } from './production-checks';
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack';
import { StatefulStack } from './stacks/stateful-stack';
import { StatelessStack } from './stacks/stateless-stack';
import { otherStages, type StageParams } from './stages';

export interface SendHubStacks {
  readonly edge: EdgeStack;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export interface BuildOptions {
  /** Where `functions/` and `web/` are found; defaults to this repository. */
  readonly sourceRoot?: string;
  /** The other stages' settings, to keep production in an account of its own (default: infra/stages.ts). */
  readonly otherStages?: readonly StageParams[];
}

/**
 * The hub configuration the functions are bundled with: the file, with `hub.webBaseUrl` set to the
 * staff page's custom domain when there is one (so links in emails follow the deployment).
 * Written next to the cloud assembly; returns its path.
 */
function bundledHubConfig(params: StageParams, file: string, webBaseUrl: string | undefined): string {
  if (webBaseUrl === undefined) return params.hubConfigFile;
  const config = JSON.parse(readFileSync(file, 'utf8')) as { hub?: Record<string, unknown> };
  const dir = path.join(tmpdir(), 'send-hub-synth');
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `hub-config.${params.stage}.json`);
  writeFileSync(out, `${JSON.stringify({ ...config, hub: { ...config.hub, webBaseUrl } }, null, 2)}\n`);
  return out;
}

export function buildSendHub(app: App, params: StageParams, options: BuildOptions = {}): SendHubStacks {
  const sourceRoot = options.sourceRoot ?? REPO_ROOT;
  const hubConfig = checkHubConfig(params, sourceRoot);
  const production = checkProductionStage(
    params,
    hubConfig.config,
    options.otherStages ?? otherStages(app, params.stage),
  );
  assertProductionReady(production, params.stage);
  const hubConfigFile =
    hubConfig.config === undefined
      ? params.hubConfigFile
      : bundledHubConfig(
          params,
          path.resolve(sourceRoot, params.hubConfigFile),
          params.web.customDomain === undefined ? undefined : effectiveWebBaseUrl(params, hubConfig.config),
        );
  // Without an account the stacks stay account-agnostic, so `cdk synth` works offline.
  const env = {
    account: params.account ?? process.env.CDK_DEFAULT_ACCOUNT,
    region: params.region,
  };
  const prefix = `SendHub-${params.stage}`;
  // CloudFront takes WAF web ACLs only from us-east-1: a small stack there, read across regions.
  const edge = new EdgeStack(app, `${prefix}-edge`, {
    env: { account: env.account, region: EDGE_REGION },
    params,
    crossRegionReferences: true,
    description: `SEND Hub ${params.stage}: WAF web ACL of the staff page and the API (us-east-1)`,
  });
  const stateful = new StatefulStack(app, `${prefix}-stateful`, {
    env,
    params,
    frontDoorWebAclArn: edge.webAcl.arn,
    crossRegionReferences: true,
    teams: hubConfig.config?.teams ?? [],
    hubName: hubConfig.config?.hub.name ?? 'SEND Enquiries Hub',
    description: `SEND Hub ${params.stage}: data, identity, mail and web address (retained)`,
    terminationProtection: params.stage === 'prod',
  });
  const stateless = new StatelessStack(app, `${prefix}-stateless`, {
    env,
    params,
    stateful,
    frontDoorWebAclArn: edge.webAcl.arn,
    hubConfigFile,
    crossRegionReferences: true,
    sourceRoot: options.sourceRoot,
    description: `SEND Hub ${params.stage}: functions, API, schedules and alarms (safe to redeploy)`,
  });
  [...hubConfig.warnings, ...production.warnings].forEach((warning, index) => {
    Annotations.of(stateless).addWarningV2(`send-hub:hub-config-${index}`, warning);
  });
  Tags.of(app).add('project', 'send-hub');
  Tags.of(app).add('stage', params.stage);
  Tags.of(stateful).add('data-classification', 'official-sensitive-personal');
  return { edge, stateful, stateless };
}
