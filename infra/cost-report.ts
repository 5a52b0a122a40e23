/**
 * `npm run cost [-- -c stage=prod] [--staff N] [--table-gb N] [--waf-million N]`: synthesises the
 * stage (no bundling, offline) and prints its fixed monthly cost as a Markdown table, counted from
 * the templates with the prices in infra/fixed-cost.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { buildSendHub } from './build-app';
import { REPO_ROOT } from './constructs/send-hub-function';
import {
  type CostAssumptions,
  costTable,
  fixedMonthlyCost,
  PRICES_AS_OF,
  unclassifiedTypes,
} from './fixed-cost';
import { resolveStage, StageConfigError, type StageParams } from './stages';

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const context: Record<string, unknown> = {
  ...(
    JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
  ).context,
  'aws:cdk:bundling-stacks': [],
};
// `-c key=value` as the CDK CLI takes it (e.g. `-c stage=prod -c 'sendHub:prod={...}'`).
process.argv.forEach((arg, index) => {
  const value = process.argv[index + 1];
  if ((arg === '-c' || arg === '--context') && value !== undefined && value.includes('=')) {
    context[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
  }
});

const app = new App({ context, outdir: path.join(REPO_ROOT, 'cdk.out', 'cost') });
let params: StageParams;
try {
  params = resolveStage(app);
  buildSendHub(app, params);
} catch (error) {
  // A configuration mistake is the operator's to fix: the message, not a stack trace (as infra/app.ts).
  if (!(error instanceof StageConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const assembly = app.synth();
const templates = app.node.children
  .filter((child): child is Stack => Stack.isStack(child))
  .map((stack) => assembly.getStackArtifact(stack.artifactId).template as object);

const assumptions: CostAssumptions = {
  staff: Number(flag('--staff') ?? 60),
  tableGb: Number(flag('--table-gb') ?? 1),
  wafMillionRequests: Number(flag('--waf-million') ?? 1),
  backupCopies: Math.ceil(params.backup.dailyDays / 1) + Math.ceil(params.backup.monthlyDays / 30),
};
const unknown = unclassifiedTypes(templates);
process.stdout.write(
  `Fixed monthly cost of stage ${params.stage} (${params.region}), prices as read on ${PRICES_AS_OF}, USD before tax:\n\n` +
    `${costTable(fixedMonthlyCost(templates, assumptions))}\n\n` +
    `Assumptions: ${assumptions.staff} staff signing in each month, a ${assumptions.tableGb} GB table, ` +
    `${assumptions.wafMillionRequests} million requests through WAF, ${assumptions.backupCopies} backups kept.\n` +
    (unknown.length === 0 ? '' : `Not priced (add them to infra/fixed-cost.ts): ${unknown.join(', ')}\n`),
);
