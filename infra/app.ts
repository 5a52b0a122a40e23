/**
 * CDK entry point (`cdk.json`: `npx tsx infra/app.ts`). The stage comes from context
 * (`-c stage=prod`, default dev); its settings from infra/stages.ts and any `sendHub:<stage>`
 * context override. cdk-nag's AwsSolutions pack checks every resource at synth: an
 * unacknowledged finding fails the synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildSendHub } from './build-app';
import { resolveStage, StageConfigError } from './stages';

const app = new App();
try {
  buildSendHub(app, resolveStage(app));
} catch (error) {
  // A configuration mistake is the operator's to fix: show the message, not a stack trace.
  if (!(error instanceof StageConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
