/**
 * What a stage costs each month before anyone sends an enquiry, counted from the synthesised
 * templates (so a new alarm or key shows up in the figure), with the prices written down beside
 * where they came from. Usage-priced services (Lambda, API Gateway, SQS, DynamoDB requests, SES,
 * CloudFront requests) are not here: BENCHMARKS.md gives their cost per 1,000 enquiries.
 *
 * `npm run cost -- -c stage=prod` prints the table that docs/deploy.md shows.
 */

/** One price, with its unit and where it was read. */
export interface Price {
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
}

import { RESOURCES } from '../shared/adapters/resource-definitions';

/** Read on 2026-12-07 from the public AWS pricing pages named; eu-west-2 (London) where regional. */
export const PRICES_AS_OF = '2026-12-07';

export const PRICES = {
  wafWebAcl: { usd: 5, unit: 'web ACL per month', source: 'aws.amazon.com/waf/pricing' },
  wafRule: {
    usd: 1,
    unit: 'rule or managed rule group per web ACL per month',
    source: 'aws.amazon.com/waf/pricing (AWS managed baseline groups carry no extra subscription)',
  },
  wafRequests: { usd: 0.6, unit: 'million requests inspected', source: 'aws.amazon.com/waf/pricing' },
  kmsKey: {
    usd: 1,
    unit: 'customer-managed key per month (rotation included)',
    source: 'aws.amazon.com/kms/pricing',
  },
  alarm: {
    usd: 0.1,
    unit: 'standard-resolution alarm metric per month',
    source: "aws.amazon.com/cloudwatch/pricing (the account's first 10 alarms are free; not counted here)",
  },
  secret: {
    usd: 0.4,
    unit: 'Secrets Manager secret per month (plus $0.05 per 10,000 reads: a few a day per warm function)',
    source: 'aws.amazon.com/secrets-manager/pricing',
  },
  dashboard: {
    usd: 3,
    unit: 'dashboard per month',
    source: "aws.amazon.com/cloudwatch/pricing (the account's first 3 dashboards are free; not counted here)",
  },
  cognitoPlusMau: {
    usd: 0.02,
    unit: 'monthly active user on the Plus plan',
    source: 'aws.amazon.com/cognito/pricing (Plus has no free allowance)',
  },
  backupStorage: {
    usd: 0.1,
    unit: 'GB-month of DynamoDB backup (warm) storage',
    source: 'aws.amazon.com/backup/pricing (each backup of a table is a full copy)',
  },
  pitr: {
    usd: 0.2,
    unit: 'GB-month of table for point-in-time recovery',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand',
  },
  customMetric: {
    usd: 0.3,
    unit: 'custom metric series per month (a name with one set of dimension values; billed by the hour it gets data)',
    source: "aws.amazon.com/cloudwatch/pricing (the account's first 10 are free; not counted here)",
  },
  xrayTrace: {
    usd: 0.000005,
    unit: 'trace recorded ($5 per million; the first 100,000 a month are free, not counted here)',
    source: 'aws.amazon.com/xray/pricing',
  },
  dynamoStorage: {
    usd: 0.25,
    unit: 'GB-month of table storage',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand',
  },
} as const satisfies Record<string, Price>;

/**
 * CloudFormation types with no charge of their own, or charged only by use (covered by
 * BENCHMARKS.md's cost per enquiry), or counted through another type below.
 */
export const UNPRICED_TYPES: Readonly<Record<string, string>> = {
  'AWS::Lambda::Function': 'per request and GB-second',
  'AWS::Lambda::Permission': 'free',
  'AWS::Lambda::EventSourceMapping': 'free',
  'AWS::Lambda::EventInvokeConfig': 'free',
  'AWS::Lambda::LayerVersion': 'free (the AWS CLI layer of the page deployment)',
  'AWS::IAM::Role': 'free',
  'AWS::IAM::Policy': 'free',
  'AWS::Logs::LogGroup': 'per GB ingested and stored (ids and counts only: small)',
  'AWS::SQS::Queue': 'per request',
  'AWS::SQS::QueuePolicy': 'free',
  'AWS::SNS::Topic': 'per message (email to the alarm address is free in volume)',
  'AWS::SNS::TopicPolicy': 'free',
  'AWS::SNS::Subscription': 'free',
  'AWS::S3::Bucket': 'per GB stored and per request',
  'AWS::S3::BucketPolicy': 'free',
  'AWS::DynamoDB::Table': 'per request; storage and PITR counted below from the table size',
  'AWS::ApiGatewayV2::Api': 'per request',
  'AWS::ApiGatewayV2::Stage': 'free',
  'AWS::ApiGatewayV2::Route': 'free',
  'AWS::ApiGatewayV2::Integration': 'free',
  'AWS::ApiGatewayV2::Authorizer': 'free',
  'AWS::CloudFront::Distribution': 'per request and GB out (no monthly fee)',
  'AWS::CloudFront::OriginAccessControl': 'free',
  'AWS::CloudFront::Function': 'per million invocations (no monthly fee)',
  'AWS::CloudFront::ResponseHeadersPolicy': 'free',
  'AWS::Cognito::UserPool': 'per monthly active user: counted below from the staff number',
  'AWS::Cognito::UserPoolClient': 'free',
  'AWS::Cognito::UserPoolDomain': 'free',
  'AWS::Cognito::UserPoolGroup': 'free',
  'AWS::Cognito::UserPoolResourceServer': 'free',
  'AWS::SES::ConfigurationSet': 'free',
  'AWS::SES::ConfigurationSetEventDestination': 'free',
  'AWS::SES::EmailIdentity': 'per message sent',
  'AWS::SES::ReceiptRuleSet': 'per message received',
  'AWS::SES::ReceiptRule': 'per message received',
  'AWS::Scheduler::Schedule': 'free below 14 million invocations a month (the hub makes about 34,600)',
  'AWS::Scheduler::ScheduleGroup': 'free',
  'AWS::KMS::Alias': 'free',
  'AWS::WAFv2::WebACLAssociation': 'free',
  'AWS::Backup::BackupVault': 'storage counted below from the table size',
  'AWS::Backup::BackupPlan': 'free',
  'AWS::Backup::BackupSelection': 'free',
  'AWS::SSM::Parameter': 'free (standard parameters)',
  'Custom::S3BucketNotifications': 'deploy-time only',
  'Custom::CDKBucketDeployment': 'deploy-time only',
  'Custom::CrossRegionExportWriter': 'deploy-time only',
  'Custom::CrossRegionExportReader': 'deploy-time only',
  'AWS::CDK::Metadata': 'free',
};

/** A month of 30 days, as the sweeps' idle rounds are counted (8,640 five-minute runs). */
const DAYS_PER_MONTH = 30;

/** The values a cron field lists: `*` is all `all` of them, else a comma list of single values. */
function cronFieldCount(field: string, all: number, expression: string): number {
  if (field === '*') return all;
  const values = field.split(',');
  if (values.some((value) => !/^[0-9A-Z]+$/.test(value)))
    throw new Error(`cannot count the runs of ${expression} (ranges and steps are not counted)`);
  return values.length;
}

/**
 * Runs a month of an EventBridge Scheduler expression: `rate(N minutes|hours|days)`, or a cron
 * (`cron(minutes hours day-of-month month day-of-week year)`) of listed values.
 */
export function runsPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate !== null) {
    const minutes = { minute: 1, hour: 60, day: 1440 }[(rate[2] ?? '').replace(/s$/, '')] ?? 0;
    return (DAYS_PER_MONTH * 1440) / (Number(rate[1]) * minutes);
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+)(?: (\S+))?\)$/.exec(expression);
  if (cron === null) throw new Error(`cannot count the runs of ${expression}`);
  const [, minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = ''] = cron;
  if (month !== '*') throw new Error(`cannot count the runs of ${expression} (not every month)`);
  const days =
    dayOfWeek !== '?' && dayOfWeek !== '*'
      ? (cronFieldCount(dayOfWeek, 7, expression) * DAYS_PER_MONTH) / 7
      : cronFieldCount(dayOfMonth === '?' ? '*' : dayOfMonth, DAYS_PER_MONTH, expression);
  return cronFieldCount(minute, 60, expression) * cronFieldCount(hour, 24, expression) * days;
}

/**
 * Traces a month from the schedules in the templates: each schedule's runs when the function it
 * invokes is traced `Active` (a `PassThrough` function records no trace of a scheduled run). A
 * target the template does not resolve to a function is counted as traced.
 */
export function scheduledTracesPerMonth(templates: readonly Template[]): number {
  let traces = 0;
  for (const template of templates) {
    const resources = template.Resources ?? {};
    for (const schedule of Object.values(resources)) {
      if (schedule.Type !== 'AWS::Scheduler::Schedule') continue;
      const properties = schedule.Properties ?? {};
      const arn = (properties.Target as { Arn?: unknown } | undefined)?.Arn;
      const getAtt = (arn as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
      const target = Array.isArray(getAtt) ? resources[String(getAtt[0])] : undefined;
      const mode = (target?.Properties?.TracingConfig as { Mode?: unknown } | undefined)?.Mode;
      if (target?.Type === 'AWS::Lambda::Function' && mode !== 'Active') continue;
      traces += runsPerMonth(String(properties.ScheduleExpression));
    }
  }
  return Math.round(traces);
}

/** What the fixed cost depends on that the template cannot say. */
export interface CostAssumptions {
  /** Staff who sign in during a month (Cognito monthly active users). */
  readonly staff: number;
  /** Size of the enquiry table (GB); about 0.1 GB per 5,000 enquiries with their timelines. */
  readonly tableGb: number;
  /** Requests a month through the WAF web ACLs (staff page, API and sign-in together). */
  readonly wafMillionRequests: number;
  /** Backups kept at once: daily + monthly copies (the backup plan's settings). */
  readonly backupCopies: number;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly price: Price;
  readonly usd: number;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface Template {
  readonly Resources?: Record<string, TemplateResource>;
}

function ofType(templates: readonly Template[], type: string): TemplateResource[] {
  return templates.flatMap((template) =>
    Object.values(template.Resources ?? {}).filter((resource) => resource.Type === type),
  );
}

/** Resource types in the templates that are neither priced here nor listed as unpriced. */
export function unclassifiedTypes(templates: readonly Template[]): string[] {
  const priced = new Set([
    'AWS::WAFv2::WebACL',
    'AWS::KMS::Key',
    'AWS::CloudWatch::Alarm',
    'AWS::CloudWatch::Dashboard',
    'AWS::SecretsManager::Secret',
  ]);
  const types = new Set(
    templates.flatMap((template) => Object.values(template.Resources ?? {}).map((r) => r.Type)),
  );
  return [...types].filter((type) => !priced.has(type) && !(type in UNPRICED_TYPES)).sort();
}

/** The fixed monthly cost of a stage, line by line. */
export function fixedMonthlyCost(templates: readonly Template[], assumptions: CostAssumptions): CostLine[] {
  const line = (item: string, quantity: number, price: Price): CostLine => ({
    item,
    quantity,
    price,
    usd: Math.round(quantity * price.usd * 100) / 100,
  });
  const acls = ofType(templates, 'AWS::WAFv2::WebACL');
  const rules = acls.reduce(
    (sum, acl) => sum + ((acl.Properties?.Rules as unknown[] | undefined)?.length ?? 0),
    0,
  );
  const alarms = ofType(templates, 'AWS::CloudWatch::Alarm').length;
  // Series that get data around the clock (every sweep) or in most hours (with intake); series
  // published only on faults are listed in RESOURCES.metrics.series and cost next to nothing.
  const series = RESOURCES.metrics.series.filter((entry) => entry.hours !== 'on faults').length;
  return [
    line('WAF web ACLs', acls.length, PRICES.wafWebAcl),
    line('WAF rules (rate limit and managed groups)', rules, PRICES.wafRule),
    line('WAF requests inspected (millions)', assumptions.wafMillionRequests, PRICES.wafRequests),
    line('KMS customer-managed keys', ofType(templates, 'AWS::KMS::Key').length, PRICES.kmsKey),
    line('Secrets Manager secrets', ofType(templates, 'AWS::SecretsManager::Secret').length, PRICES.secret),
    line('CloudWatch alarms', alarms, PRICES.alarm),
    line('CloudWatch dashboards', ofType(templates, 'AWS::CloudWatch::Dashboard').length, PRICES.dashboard),
    line('Custom metric series (at most, every hour of the month)', series, PRICES.customMetric),
    line(
      'X-Ray traces of the scheduled runs (sweeps, reporter, retention)',
      scheduledTracesPerMonth(templates),
      PRICES.xrayTrace,
    ),
    line('Cognito Plus monthly active staff', assumptions.staff, PRICES.cognitoPlusMau),
    line('DynamoDB table storage (GB)', assumptions.tableGb, PRICES.dynamoStorage),
    line('Point-in-time recovery (GB)', assumptions.tableGb, PRICES.pitr),
    line(
      `AWS Backup copies (${assumptions.backupCopies} copies of ${assumptions.tableGb} GB)`,
      assumptions.backupCopies * assumptions.tableGb,
      PRICES.backupStorage,
    ),
  ];
}

/** The lines as a Markdown table with a total. */
export function costTable(lines: readonly CostLine[]): string {
  const total = lines.reduce((sum, line) => sum + line.usd, 0);
  const rows = lines.map(
    (line) =>
      `| ${line.item} | ${line.quantity} | $${line.price.usd} per ${line.price.unit} | $${line.usd.toFixed(2)} |`,
  );
  return [
    '| Item | Quantity | Price | Per month |',
    '| --- | ---: | --- | ---: |',
    ...rows,
    `| **Total** | | | **$${total.toFixed(2)}** |`,
  ].join('\n');
}
