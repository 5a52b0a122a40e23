/**
 * Template tests of the CDK app: the security-relevant properties a council's platform team
 * checks, pinned. The app is synthesised once (bundling skipped, so no esbuild runs) with the same
 * context as `cdk.json`, and cdk-nag's AwsSolutions pack runs over it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSendHub, type SendHubStacks } from '../../infra/build-app';
import { API_SCOPE } from '../../infra/constructs/hub-api';
import { REPO_ROOT } from '../../infra/constructs/send-hub-function';
import {
  costTable,
  fixedMonthlyCost,
  runsPerMonth,
  scheduledTracesPerMonth,
  unclassifiedTypes,
} from '../../infra/fixed-cost';
import { checkHubConfig } from '../../infra/hub-config-check';
import { REPORT_MARKER_PARTITION_PREFIX } from '../../infra/stacks/stateless-stack';
import { parseStageParams, resolveStage, STAGES, type StageParams } from '../../infra/stages';
import { API_CORS, API_ROUTES, routeKey } from '../../shared/adapters/api-definition';
import { reportMarkerKey } from '../../shared/adapters/dynamo-keys';
import {
  FUNCTION_NAMES,
  FUNCTIONS,
  type FunctionName,
  RESOURCES,
  SWEEP_FUNCTIONS,
  VISIBILITY_TIMEOUT_FACTOR,
} from '../../shared/adapters/resource-definitions';
import { INDEX_LIST, TTL_ATTRIBUTE } from '../../shared/adapters/table-definition';
import { defaultHubConfig } from '../../shared/config/load-hub-config';

type Json = Record<string, unknown>;
interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Json;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

const CDK_CONTEXT = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Json })
  .context;

/** The prod stage as a council would run it: its own account and domains (one certificate for both). */
const PARAMS: StageParams = parseStageParams({
  ...STAGES.prod,
  account: '111122223333',
  web: {
    allowedCountries: ['GB'],
    customDomain: 'send-hub-staff.kent.example.gov.uk',
    certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0b0d8f5e-1c1e-4a57-9a2e-3c1d1f1a2b3c',
  },
  api: { customDomain: 'api.send-hub-staff.kent.example.gov.uk' },
  auth: {
    domainPrefix: 'kent-send-hub',
    customDomain: 'sign-in.send-hub-staff.kent.example.gov.uk',
    certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0b0d8f5e-1c1e-4a57-9a2e-3c1d1f1a2b3c',
  },
});
const WEB_ORIGIN = 'https://send-hub-staff.kent.example.gov.uk';

let app: App;
let stacks: SendHubStacks;
let stateful: Template;
let stateless: Template;
let edge: Template;
let nagViolations: string[];

function resources(template: Template, type: string): [string, CfnResourceJson][] {
  return Object.entries(template.findResources(type)) as [string, CfnResourceJson][];
}

function props(resource: CfnResourceJson): Json {
  return resource.Properties ?? {};
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Logical id of a product function, found by its physical name. */
function functionId(name: FunctionName): string {
  const match = resources(stateless, 'AWS::Lambda::Function').find(
    ([, resource]) => props(resource).FunctionName === `send-hub-${PARAMS.stage}-${name}`,
  );
  if (match === undefined) throw new Error(`no function ${name}`);
  return match[0];
}

function functionProps(name: FunctionName): Json {
  return props(stateless.toJSON().Resources[functionId(name)] as CfnResourceJson);
}

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Json;
}

/** Every statement of every policy attached to a function's role. */
function statementsOf(name: FunctionName): Statement[] {
  const role = functionProps(name).Role as { 'Fn::GetAtt': [string, string] };
  const roleId = role['Fn::GetAtt'][0];
  return resources(stateless, 'AWS::IAM::Policy')
    .filter(([, policy]) => asArray(props(policy).Roles as unknown[]).some((r) => (r as Json).Ref === roleId))
    .flatMap(([, policy]) => (props(policy).PolicyDocument as { Statement: Statement[] }).Statement);
}

function actionsOf(name: FunctionName): Set<string> {
  return new Set(statementsOf(name).flatMap((statement) => asArray(statement.Action)));
}

function environmentOf(name: FunctionName): Json {
  return ((functionProps(name).Environment as Json | undefined)?.Variables as Json | undefined) ?? {};
}

function acknowledgementsUnder(root: IConstruct): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        Object.assign(found, entry.data as Json);
    }
  }
  return found;
}

beforeAll(() => {
  app = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  stacks = buildSendHub(app, PARAMS);
  stateful = Template.fromStack(stacks.stateful);
  stateless = Template.fromStack(stacks.stateless);
  edge = Template.fromStack(stacks.edge);
  nagViolations = new AwsSolutionsChecks()
    .validateScope(app)
    .violations.map(
      (violation) =>
        `${violation.ruleName}: ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`,
    );
}, 120_000);

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding that has not been acknowledged', () => {
    expect(nagViolations).toEqual([]);
  });

  it('has a written reason on every acknowledgement', () => {
    const acknowledged = acknowledgementsUnder(app);
    expect(Object.keys(acknowledged).length).toBeGreaterThan(0);
    for (const [id, reason] of Object.entries(acknowledged)) {
      expect(typeof reason === 'string' && reason.length >= 40, `${id} needs a reason`).toBe(true);
    }
  });

  it('acknowledges wildcards on dedicated policies, never on a function role as a whole', () => {
    for (const name of FUNCTION_NAMES) {
      const role = stacks.stateless.functions[name].role;
      const onRole = Object.keys(acknowledgementsUnder(role)).filter((id) => id.includes('IAM5'));
      expect(onRole, name).toEqual([]);
      // X-Ray is the only `Resource: *`, in a policy of its own.
      const star = statementsOf(name).filter((statement) => asArray(statement.Resource).includes('*'));
      expect(star.flatMap((statement) => asArray(statement.Action)).sort(), name).toEqual([
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    }
  });
});

describe('data at rest', () => {
  it('builds the table from the shared definition: on-demand, PITR, deletion protection, TTL, data key', () => {
    const [[, table]] = resources(stateful, 'AWS::DynamoDB::Table') as [[string, CfnResourceJson]];
    const p = props(table);
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.DeletionProtectionEnabled).toBe(true);
    expect(p.PointInTimeRecoverySpecification).toMatchObject({ PointInTimeRecoveryEnabled: true });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(p.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^KeysDataKey/), 'Arn'] },
    });
    expect(table.DeletionPolicy).toBe('Retain');
    const indexes = (p.GlobalSecondaryIndexes as Json[]).map((index) => index.IndexName);
    expect(indexes).toEqual(INDEX_LIST.map((index) => index.indexName));
    // Enquiry indexes hold keys only, so an enquiry write costs one unit per index (docs/data-model.md);
    // the search keys (small items) are projected whole.
    const projections = Object.fromEntries(
      (p.GlobalSecondaryIndexes as Json[]).map((index) => [
        index.IndexName,
        (index.Projection as Json | undefined)?.ProjectionType,
      ]),
    );
    expect(projections).toEqual({
      GSI1: 'KEYS_ONLY',
      GSI2: 'KEYS_ONLY',
      GSI3: 'KEYS_ONLY',
      GSI4: 'KEYS_ONLY',
      GSI5: 'INCLUDE',
      GSI6: 'ALL',
      GSI7: 'KEYS_ONLY',
      GSI8: 'KEYS_ONLY',
    });
    // The by-day index holds what the reports read and nothing an acknowledgement changes.
    const byDay = (p.GlobalSecondaryIndexes as Json[]).find((index) => index.IndexName === 'GSI5');
    const included = ((byDay?.Projection as Json | undefined)?.NonKeyAttributes ?? []) as string[];
    expect(included).toEqual(
      expect.arrayContaining(['receivedAt', 'team', 'priority', 'firstResponseWorkingMinutes']),
    );
    expect(included).not.toContain('acknowledgedAt');
    expect(included).not.toContain('requester');
  });

  it('encrypts every queue with the data key and refuses plain-HTTP access', () => {
    const queues = resources(stateful, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(3);
    for (const [, queue] of queues) {
      expect(props(queue).KmsMasterKeyId).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^KeysDataKey/), 'Arn'],
      });
      expect(queue.DeletionPolicy).toBe('Retain');
    }
    const policies = resources(stateful, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(3);
    for (const [, policy] of policies) {
      expect(JSON.stringify(props(policy).PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('blocks public access and plain HTTP on every bucket', () => {
    const buckets = resources(stateful, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(4);
    for (const [id, bucket] of buckets) {
      expect(props(bucket).PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const policy = resources(stateful, 'AWS::S3::BucketPolicy').find(
        ([, candidate]) => (props(candidate).Bucket as Json).Ref === id,
      );
      expect(JSON.stringify(policy?.[1].Properties)).toContain('"aws:SecureTransport":"false"');
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
  });

  it('keeps raw mail and reports under the data key and logs access to them', () => {
    for (const prefix of ['RawMailBucket', 'ReportsBucket']) {
      const [, bucket] = resources(stateful, 'AWS::S3::Bucket').find(([id]) => id.startsWith(prefix)) ?? [];
      expect(bucket, prefix).toBeDefined();
      const p = props(bucket as CfnResourceJson);
      expect(JSON.stringify(p.BucketEncryption)).toMatch(
        /"SSEAlgorithm":"aws:kms".*KeysDataKey|KeysDataKey.*"SSEAlgorithm":"aws:kms"/,
      );
      expect(p.LoggingConfiguration).toMatchObject({
        DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) },
      });
      expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    }
  });

  it('expires raw mail, quarantine and failed prefixes after the stage retention, reports later', () => {
    const rules = (id: string) => {
      const [, bucket] =
        resources(stateful, 'AWS::S3::Bucket').find(([logicalId]) => logicalId.startsWith(id)) ?? [];
      return ((props(bucket as CfnResourceJson).LifecycleConfiguration as Json).Rules as Json[]).filter(
        (rule) => rule.Prefix !== undefined,
      );
    };
    const prefixes = RESOURCES.buckets.rawMail;
    expect(rules('RawMailBucket')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Prefix: prefixes.inboundPrefix,
          ExpirationInDays: PARAMS.retentionDays.inbound,
        }),
        expect.objectContaining({
          Prefix: prefixes.quarantinePrefix,
          ExpirationInDays: PARAMS.retentionDays.quarantine,
        }),
        expect.objectContaining({
          Prefix: prefixes.failedPrefix,
          ExpirationInDays: PARAMS.retentionDays.failed,
        }),
      ]),
    );
    expect(rules('ReportsBucket')).toEqual([
      expect.objectContaining({
        Prefix: RESOURCES.buckets.reports.reportsPrefix,
        ExpirationInDays: PARAMS.retentionDays.reports,
      }),
    ]);
  });

  it('encrypts every log group with the ops key and keeps it for the stage retention', () => {
    const groups = resources(stateless, 'AWS::Logs::LogGroup');
    // One per function, the API access log and the web deployment's.
    expect(groups.length).toBe(FUNCTION_NAMES.length + 2);
    for (const [, group] of groups) {
      expect(JSON.stringify(props(group).KmsKeyId)).toContain('OpsKey');
      expect(props(group).RetentionInDays).toBe(PARAMS.retentionDays.logs);
    }
  });

  it('rotates both customer-managed keys and encrypts both topics', () => {
    const keys = resources(stateful, 'AWS::KMS::Key');
    expect(keys).toHaveLength(2);
    for (const [, key] of keys) expect(props(key).EnableKeyRotation).toBe(true);
    for (const [, topic] of resources(stateful, 'AWS::SNS::Topic')) {
      expect(props(topic).KmsMasterKeyId).toBeDefined();
    }
  });
});

describe('intake queue', () => {
  it('hides a message for at least six times the router timeout and dead-letters it after five receives', () => {
    const [, intake] =
      resources(stateful, 'AWS::SQS::Queue').find(
        ([, queue]) => props(queue).QueueName === `send-hub-${PARAMS.stage}-intake`,
      ) ?? [];
    const p = props(intake as CfnResourceJson);
    const routerTimeout = functionProps('router').Timeout as number;
    expect(p.VisibilityTimeout as number).toBeGreaterThanOrEqual(VISIBILITY_TIMEOUT_FACTOR * routerTimeout);
    expect(p.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^QueuesDeadLetters/), 'Arn'] },
      maxReceiveCount: 5,
    });
  });

  it('feeds the router in batches that report item failures, with capped concurrency', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId('router') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: RESOURCES.intakeQueue.batchSize,
      ScalingConfig: { MaximumConcurrency: RESOURCES.intakeQueue.maxConcurrency },
    });
  });

  it('derives the visibility timeout from the router timeout in the shared definitions', () => {
    expect(RESOURCES.intakeQueue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
      6 * FUNCTIONS.router.timeoutSeconds,
    );
  });
});

describe('functions', () => {
  it('runs every product function on Node.js 22, arm64, with X-Ray as the stage sets it and its own log group', () => {
    for (const name of FUNCTION_NAMES) {
      const p = functionProps(name);
      expect(p.Runtime, name).toBe('nodejs22.x');
      expect(p.Architectures, name).toEqual(['arm64']);
      expect(p.TracingConfig, name).toEqual({ Mode: PARAMS.tracing[name] });
      expect((p.LoggingConfig as Json).LogGroup, name).toEqual({ Ref: expect.stringContaining('Logs') });
      expect((p.LoggingConfig as Json).ApplicationLogLevel, name).toBe(PARAMS.logLevel);
      expect(p.Timeout, name).toBe(FUNCTIONS[name].timeoutSeconds);
      expect(p.MemorySize, name).toBe(FUNCTIONS[name].memoryMb);
      expect(environmentOf(name), name).toMatchObject({
        HUB_CONFIG_FILE: '/var/task/hub-config.json',
        POWERTOOLS_METRICS_NAMESPACE: 'SendHub',
        POWERTOOLS_SERVICE_NAME: `send-hub-${PARAMS.stage}`,
        LOG_LEVEL: PARAMS.logLevel,
      });
      // Source maps are shipped for reading a trace, not applied at run time (slower import).
      expect(environmentOf(name), name).not.toHaveProperty('NODE_OPTIONS');
    }
  });

  it('gives no function a managed policy or an action wildcard', () => {
    for (const name of FUNCTION_NAMES) {
      for (const action of actionsOf(name)) expect(action, name).not.toContain('*');
      const roleId = (functionProps(name).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const role = stateless.toJSON().Resources[roleId] as CfnResourceJson;
      expect(props(role).ManagedPolicyArns, name).toBeUndefined();
    }
  });
});

describe('least privilege', () => {
  const writes = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ];
  const isWrite = (statement: Statement) =>
    asArray(statement.Action).some((action) => writes.includes(action));
  /** Writes to any item, as opposed to writes limited to some partition keys. */
  const unrestrictedWriters = (): FunctionName[] =>
    FUNCTION_NAMES.filter((name) =>
      statementsOf(name).some((statement) => isWrite(statement) && statement.Condition === undefined),
    );

  it('lets only ses-feedback, router, the staff API (not its reports or catch-all) and the sweeps write enquiries, and the retention sweep delete them', () => {
    expect(unrestrictedWriters().sort()).toEqual([
      'api-admin',
      'api-casework',
      'api-finding',
      'duty-alerts',
      'escalator',
      'retention',
      'router',
      'ses-feedback',
      'statutory-alerts',
      'workload',
    ]);
    const sweepWrites = [...actionsOf('retention')].filter((action) => writes.includes(action)).sort();
    expect(sweepWrites).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem']);
  });

  it('runs the retention sweep daily at 02:30 London time, deleting only raw mail and markers in S3', () => {
    const schedules = resources(stateless, 'AWS::Scheduler::Schedule').map(([, schedule]) => props(schedule));
    expect(schedules.map((schedule) => schedule.ScheduleExpression)).toContain('cron(30 2 * * ? *)');
    const deletes = statementsOf('retention').filter((statement) =>
      asArray(statement.Action).includes('s3:DeleteObject'),
    );
    expect(JSON.stringify(deletes)).toContain('inbound/*');
    expect(JSON.stringify(deletes)).toContain('intake-sent/*');
    expect([...actionsOf('retention')].filter((action) => action.startsWith('s3:'))).toEqual([
      's3:DeleteObject',
    ]);
  });

  it('lets the reporter read the table and write nothing but its own report markers', () => {
    expect(actionsOf('reporter').has('dynamodb:Query')).toBe(true);
    const reporterWrites = statementsOf('reporter').filter(isWrite);
    expect(reporterWrites).toHaveLength(1);
    expect(reporterWrites[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${REPORT_MARKER_PARTITION_PREFIX}*`] },
    });
    expect(
      reportMarkerKey('weekly', '2026-11-16', '2026-11-22').PK.startsWith(REPORT_MARKER_PARTITION_PREFIX),
    ).toBe(true);
  });

  it('keeps both ingest functions away from enquiries: ingest-phone reads only the staff links', () => {
    expect([...actionsOf('ingest-email')].filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
    expect(environmentOf('ingest-email').TABLE_NAME).toBeUndefined();
    const reads = statementsOf('ingest-phone').filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('dynamodb:')),
    );
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      Action: 'dynamodb:GetItem',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LOGIN#*'] } },
    });
  });

  it('never allows a table Scan', () => {
    for (const name of FUNCTION_NAMES) expect(actionsOf(name).has('dynamodb:Scan'), name).toBe(false);
  });

  it('lets only the functions that email people send through SES', () => {
    const senders = FUNCTION_NAMES.filter((name) => actionsOf(name).has('ses:SendEmail'));
    // The statutory alerts only record notices: the escalator's digests send them.
    expect(senders.sort()).toEqual([
      'api-casework',
      'duty-alerts',
      'escalator',
      'reporter',
      'router',
      'workload',
    ]);
  });

  it("lets them send only from the hub's From address, never as anyone else at the council", () => {
    for (const name of FUNCTION_NAMES) {
      for (const statement of statementsOf(name)) {
        if (!asArray(statement.Action).some((action) => action.startsWith('ses:Send'))) continue;
        expect(statement.Condition, name).toEqual({
          StringEquals: { 'ses:FromAddress': PARAMS.mail.fromAddress },
        });
      }
    }
  });

  it('lets only the ingest functions and the router (its delayed retries under SES throttling) put on the intake queue, and only the router consume it', () => {
    expect(
      FUNCTION_NAMES.filter(
        (name) =>
          actionsOf(name).has('sqs:SendMessage') && environmentOf(name).INTAKE_QUEUE_URL !== undefined,
      ).sort(),
    ).toEqual(['ingest-email', 'ingest-phone', 'router']);
    expect(FUNCTION_NAMES.filter((name) => actionsOf(name).has('sqs:ReceiveMessage'))).toEqual(['router']);
  });

  it('limits S3 access to the prefixes each function works on', () => {
    const s3 = (name: FunctionName) =>
      statementsOf(name)
        .filter((statement) => asArray(statement.Action).some((action) => action.startsWith('s3:')))
        .map((statement) => ({
          actions: asArray(statement.Action).sort(),
          resource: JSON.stringify(statement.Resource),
        }));
    const email = s3('ingest-email');
    expect(email.find((s) => s.resource.includes('/inbound/*'))?.actions).toEqual(['s3:GetObject']);
    expect(email.find((s) => s.resource.includes('/quarantine/*'))?.actions).toEqual(['s3:PutObject']);
    expect(s3('reporter')).toEqual([
      { actions: ['s3:PutObject'], resource: expect.stringContaining('/reports/*') },
    ]);
    for (const name of [
      'router',
      'escalator',
      'api',
      'api-casework',
      'ses-feedback',
      'ingest-phone',
    ] as const) {
      expect(s3(name), name).toEqual([]);
    }
  });

  it('sets each resource variable exactly when the matching access was granted', () => {
    for (const name of FUNCTION_NAMES) {
      const env = environmentOf(name);
      const actions = actionsOf(name);
      expect(env.TABLE_NAME !== undefined, name).toBe(actions.has('dynamodb:GetItem'));
      expect(env.SES_CONFIGURATION_SET !== undefined, name).toBe(actions.has('ses:SendEmail'));
      expect(env.RAW_MAIL_BUCKET !== undefined, name).toBe(name === 'ingest-email' || name === 'retention');
      expect(env.REPORTS_BUCKET !== undefined, name).toBe(name === 'reporter');
    }
  });
});

describe('HTTP API', () => {
  it('deploys exactly the shared route list, every route but the CORS preflight and the status page behind the authoriser', () => {
    const authorizers = resources(stateless, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [[authorizerId, authorizer]] = authorizers as [[string, CfnResourceJson]];
    expect(props(authorizer)).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    const routes = resources(stateless, 'AWS::ApiGatewayV2::Route').map(([, route]) => props(route));
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(API_ROUTES.map(routeKey).sort());
    for (const route of routes) {
      if (route.RouteKey === 'OPTIONS /{proxy+}') continue;
      if (route.RouteKey === 'POST /status') {
        // The parents' status page has no account: no authoriser, and the WAF rule limits it.
        expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
        continue;
      }
      expect(route, String(route.RouteKey)).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
        AuthorizationScopes: [API_SCOPE],
      });
    }
  });

  it("lets a browser's preflight (sent without a token) through to an empty answer, not the authoriser", () => {
    const routes = resources(stateless, 'AWS::ApiGatewayV2::Route').map(([, route]) => props(route));
    const preflight = routes.find((route) => route.RouteKey === 'OPTIONS /{proxy+}');
    expect(preflight).toBeDefined();
    expect(preflight?.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(preflight?.AuthorizerId).toBeUndefined();
    // The catch-all that carries the authoriser would otherwise take OPTIONS too.
    expect(routes.find((route) => route.RouteKey === 'ANY /{proxy+}')?.AuthorizationType).toBe('JWT');
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowMethods: [...API_CORS.allowMethods],
        AllowHeaders: [...API_CORS.allowHeaders],
        MaxAge: API_CORS.maxAgeSeconds,
      }),
    });
  });

  it('trusts only the staff user pool and the web client', () => {
    const [[, authorizer]] = resources(stateless, 'AWS::ApiGatewayV2::Authorizer') as [
      [string, CfnResourceJson],
    ];
    const config = props(authorizer).JwtConfiguration as Json;
    // Read from the stateful stack: the user pool's OIDC provider URL.
    expect(JSON.stringify(config.Issuer)).toMatch(/StaffUserPool\w*ProviderURL/);
    expect(config.Audience).toEqual([{ Ref: expect.stringMatching(/WebClient/) }]);
  });

  it('allows cross-origin calls from the staff page only', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [WEB_ORIGIN], AllowCredentials: false }),
    });
  });

  it('throttles the stage and logs requests without anything that identifies the caller', () => {
    const [[, stage]] = resources(stateless, 'AWS::ApiGatewayV2::Stage') as [[string, CfnResourceJson]];
    const p = props(stage);
    expect(p.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: PARAMS.apiThrottle.rateLimit,
      ThrottlingBurstLimit: PARAMS.apiThrottle.burstLimit,
    });
    const format = (p.AccessLogSettings as Json).Format as string;
    const fields = JSON.parse(format) as Record<string, string>;
    expect(Object.values(fields)).toEqual(
      expect.arrayContaining(['$context.requestId', '$context.routeKey', '$context.status']),
    );
    expect(format).not.toMatch(/sourceIp|userAgent|claims|principalId|\$context\.path/);
  });

  it('issues tokens through the hosted sign-in only, back to the staff page', () => {
    stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: [`${WEB_ORIGIN}/`],
      AllowedOAuthScopes: Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.anyValue() })]),
    });
  });
});

describe('staff directory', () => {
  it('has the four role groups and a team:<id> group per team, no self sign-up, and requires MFA', () => {
    const groups = resources(stateful, 'AWS::Cognito::UserPoolGroup').map(
      ([, group]) => props(group).GroupName,
    );
    const teams = defaultHubConfig().teams.map((team) => `team:${team.id}`);
    expect(groups.sort()).toEqual(['admin', 'callhandler', 'caseworker', 'manager', ...teams].sort());
    expect(teams.length).toBeGreaterThan(0);
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      MfaConfiguration: 'ON',
      DeletionProtection: 'ACTIVE',
      // Sign-in by email address: Cognito names users by a UUID, which the staff record maps.
      UsernameAttributes: ['email'],
    });
  });

  it("serves the hosted sign-in on the council's domain with its us-east-1 certificate, and tells page and DNS", () => {
    const domains = resources(stateful, 'AWS::Cognito::UserPoolDomain');
    expect(domains).toHaveLength(1);
    const [[domainId, domain]] = domains as [[string, CfnResourceJson]];
    expect(props(domain)).toMatchObject({
      Domain: PARAMS.auth.customDomain,
      CustomDomainConfig: { CertificateArn: PARAMS.auth.certificateArn },
    });
    // The page sends staff there, and its CSP lets the browser reach it.
    const policy = JSON.stringify(
      props(
        (resources(stateful, 'AWS::CloudFront::ResponseHeadersPolicy')[0] as [string, CfnResourceJson])[1],
      ),
    );
    expect(policy).toContain(`https://${PARAMS.auth.customDomain}`);
    expect(policy).not.toContain('amazoncognito.com');
    // The CNAME target for DNS is an output.
    expect(JSON.stringify(stateful.findOutputs('SignInDomainTarget'))).toContain(domainId);
    expect(JSON.stringify(stateful.findOutputs('SignInUrl'))).toContain(domainId);
  });

  it('keeps the amazoncognito.com prefix address for a stage without a sign-in domain (development)', () => {
    const dev = buildSendHub(new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } }), {
      ...PARAMS,
      production: false,
      auth: { domainPrefix: 'kent-send-hub-dev' },
    });
    const [[, domain]] = resources(Template.fromStack(dev.stateful), 'AWS::Cognito::UserPoolDomain') as [
      [string, CfnResourceJson],
    ];
    expect(props(domain).Domain).toBe('kent-send-hub-dev');
    expect(props(domain).CustomDomainConfig).toBeUndefined();
  }, 60_000);

  it('puts the verified email in access tokens with a version 2 pre token generation trigger', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessTokenEmail'), 'Arn'] },
          LambdaVersion: 'V2_0',
        },
      },
    });
    const [[, fn]] = resources(stateful, 'AWS::Lambda::Function').filter(([id]) =>
      id.includes('AccessTokenEmail'),
    ) as [[string, CfnResourceJson]];
    expect(props(fn)).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler', MemorySize: 128 });
    // Its role has no managed policy: it may write its own, encrypted log group and nothing else.
    const [[, role]] = resources(stateful, 'AWS::IAM::Role').filter(([id]) =>
      id.includes('AccessTokenEmailRole'),
    ) as [[string, CfnResourceJson]];
    expect(props(role).ManagedPolicyArns).toBeUndefined();
    const [[, group]] = resources(stateful, 'AWS::Logs::LogGroup').filter(([id]) =>
      id.includes('AccessTokenEmailLogs'),
    ) as [[string, CfnResourceJson]];
    expect(JSON.stringify(props(group).KmsKeyId)).toContain('OpsKey');
    expect(props(group).RetentionInDays).toBe(PARAMS.retentionDays.logs);
  });

  it("lets access tokens live 15 minutes (a removed leaver's token dies soon even at the gateway)", () => {
    stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 15,
      TokenValidityUnits: Match.objectLike({ AccessToken: 'minutes' }),
    });
  });

  it('invites staff with words that do not ask them to type the UUID username', () => {
    const [[, pool]] = resources(stateful, 'AWS::Cognito::UserPool') as [[string, CfnResourceJson]];
    const template = (props(pool).AdminCreateUserConfig as Json).InviteMessageTemplate as Json;
    expect(template.EmailMessage).toContain('{####}');
    expect(template.EmailMessage).toContain('{username}');
    expect(String(template.EmailMessage)).toMatch(/council email address/);
  });

  it('sends staff mail through SES from the hub address once the domain is verified, not before', () => {
    const [[, pool]] = resources(stateful, 'AWS::Cognito::UserPool') as [[string, CfnResourceJson]];
    expect(
      (props(pool).EmailConfiguration as Json | undefined)?.EmailSendingAccount ?? 'COGNITO_DEFAULT',
    ).toBe('COGNITO_DEFAULT');
    const verifiedApp = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
    const verified = buildSendHub(verifiedApp, { ...PARAMS, mail: { ...PARAMS.mail, domainVerified: true } });
    Template.fromStack(verified.stateful).hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: Match.stringLikeRegexp(PARAMS.mail.fromAddress),
        SourceArn: Match.anyValue(),
        ConfigurationSet: Match.anyValue(),
      }),
    });
  }, 60_000);

  it('lets only the api-admin function manage staff sign-ins, in this pool only', () => {
    for (const name of FUNCTION_NAMES) {
      const admin = [...actionsOf(name)].filter((action) => action.startsWith('cognito-idp:'));
      expect(admin.length > 0, name).toBe(name === 'api-admin');
      expect(environmentOf(name).USER_POOL_ID !== undefined, name).toBe(name === 'api-admin');
    }
    const statement = statementsOf('api-admin').find((candidate) =>
      asArray(candidate.Action).includes('cognito-idp:AdminCreateUser'),
    );
    expect(JSON.stringify(statement?.Resource)).toMatch(/StaffUserPool\w*Arn/);
  });
});

describe('mail', () => {
  it('stores mail for the inbound address in raw mail under inbound/, scanned, and does nothing else', () => {
    const [[, rule]] = resources(stateful, 'AWS::SES::ReceiptRule') as [[string, CfnResourceJson]];
    const definition = props(rule).Rule as Json;
    expect(definition).toMatchObject({
      Recipients: [PARAMS.mail.inboundAddress],
      ScanEnabled: true,
      TlsPolicy: 'Require',
      Enabled: true,
    });
    expect(definition.Actions).toEqual([
      {
        S3Action: {
          BucketName: { Ref: expect.stringMatching(/^RawMailBucket/) },
          ObjectKeyPrefix: RESOURCES.buckets.rawMail.inboundPrefix,
          IamRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/InboundWriterRole/), 'Arn'] },
        },
      },
    ]);
  });

  it('lets SES write only new objects under inbound/, only for the hub rule', () => {
    const [[, role]] = resources(stateful, 'AWS::IAM::Role').filter(([id]) =>
      id.includes('InboundWriter'),
    ) as [[string, CfnResourceJson]];
    expect(JSON.stringify(props(role).AssumeRolePolicyDocument)).toContain(
      'receipt-rule/send-hub-prod-inbound-mail',
    );
    const [[, policy]] = resources(stateful, 'AWS::IAM::Policy').filter(([id]) =>
      id.includes('InboundWriter'),
    ) as [[string, CfnResourceJson]];
    const statements = (props(policy).PolicyDocument as { Statement: Statement[] }).Statement;
    const s3 = statements.filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('s3:')),
    );
    expect(s3.map((statement) => statement.Action)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(s3[0]?.Resource)).toContain('/inbound/*');
  });

  it('starts ingest-email when an object lands under inbound/', () => {
    stateless.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: {
              Key: { FilterRules: [{ Name: 'prefix', Value: RESOURCES.buckets.rawMail.inboundPrefix }] },
            },
            LambdaFunctionArn: { 'Fn::GetAtt': [functionId('ingest-email'), 'Arn'] },
          }),
        ],
      },
    });
  });

  it('publishes bounces and complaints to the topic ses-feedback listens to', () => {
    stateful.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint'], Enabled: true }),
    });
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [functionId('ses-feedback'), 'Arn'] },
    });
  });

  it('puts events that still fail after retries on the async-failures queue', () => {
    for (const name of ['ingest-email', 'ses-feedback', 'reporter'] as const) {
      expect(functionProps(name).DeadLetterConfig, name).toEqual({ TargetArn: expect.anything() });
    }
  });
});

describe('schedules and alarms', () => {
  it('runs each sweep every five minutes and the reporter on Monday 07:00 London time', () => {
    for (const sweep of SWEEP_FUNCTIONS) {
      stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(5 minutes)',
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId(sweep), 'Arn'] } }),
      });
    }
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/London',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('reporter'), 'Arn'] } }),
    });
  });

  it('hands the scheduled time to the handlers as the event time', () => {
    for (const [, schedule] of resources(stateless, 'AWS::Scheduler::Schedule')) {
      const input = JSON.stringify((props(schedule).Target as Json).Input);
      expect(input).toContain('\\"time\\":\\"<aws.scheduler.scheduled-time>\\"');
    }
  });

  it('alarms on dead letters, every function error, any silent sweep and rising breaches', () => {
    const alarms = resources(stateless, 'AWS::CloudWatch::Alarm').map(([, alarm]) => props(alarm));
    const named = (suffix: string) => alarms.find((alarm) => String(alarm.AlarmName).endsWith(suffix));
    expect(named('-intake-dead-letters')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    for (const name of FUNCTION_NAMES) {
      expect(named(`-${name}-errors`), name).toMatchObject({
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(name) } }],
      });
    }
    for (const sweep of SWEEP_FUNCTIONS) {
      expect(named(`-${sweep}-not-running`), sweep).toMatchObject({
        MetricName: 'Invocations',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(sweep) } }],
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        Period: 900,
        TreatMissingData: 'breaching',
      });
    }
    expect(named('-breaches-rising')).toMatchObject({ Namespace: 'SendHub', MetricName: 'Breaches' });
    for (const alarm of alarms) expect(alarm.AlarmActions, String(alarm.AlarmName)).toHaveLength(1);
  });

  it('lets CloudWatch publish to the alarm topic (its TLS-only policy replaces the default one)', () => {
    const [[topicId]] = resources(stateful, 'AWS::SNS::Topic').filter(([, topic]) =>
      String(props(topic).DisplayName).endsWith('alarms'),
    ) as [[string, CfnResourceJson]];
    const policies = resources(stateful, 'AWS::SNS::TopicPolicy').filter(([, policy]) =>
      asArray(props(policy).Topics as unknown[]).some((topic) => (topic as Json).Ref === topicId),
    );
    expect(policies).toHaveLength(1);
    const document = (policies[0]?.[1].Properties?.PolicyDocument ?? {}) as Json;
    const statements = (document.Statement ?? []) as Json[];
    const allow = statements.find((statement) => statement.Effect === 'Allow');
    expect(allow).toMatchObject({
      Action: 'sns:Publish',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(JSON.stringify(allow?.Condition)).toContain(':alarm:*');
    expect(statements.some((statement) => statement.Effect === 'Deny')).toBe(true);
  });
});

describe('web page', () => {
  it('serves the page through origin access control with strict security headers', () => {
    const [[, distribution]] = resources(stateful, 'AWS::CloudFront::Distribution') as [
      [string, CfnResourceJson],
    ];
    const config = props(distribution).DistributionConfig as Json;
    expect(JSON.stringify(config.Origins)).toContain('OriginAccessControlId');
    expect(config.Logging).toBeDefined();
    expect(config.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    stateful.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.anyValue() }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: Match.objectLike({ ReferrerPolicy: 'no-referrer' }),
          StrictTransportSecurity: Match.objectLike({
            AccessControlMaxAgeSec: 63072000,
            IncludeSubdomains: true,
          }),
        }),
      }),
    });
  });

  it("serves the parents' status page at /status, which acknowledgements link to", () => {
    const [[, fn]] = resources(stateful, 'AWS::CloudFront::Function') as [[string, CfnResourceJson]];
    const code = String(props(fn).FunctionCode);
    // Run the function's own code on the paths a browser asks for.
    const handler = new Function(`${code}\nreturn handler;`)() as (event: { request: { uri: string } }) => {
      uri: string;
    };
    expect(handler({ request: { uri: '/status' } }).uri).toBe('/status.html');
    expect(handler({ request: { uri: '/status/' } }).uri).toBe('/status.html');
    expect(handler({ request: { uri: '/app.js' } }).uri).toBe('/app.js');
    const [[, distribution]] = resources(stateful, 'AWS::CloudFront::Distribution') as [
      [string, CfnResourceJson],
    ];
    const behaviour = (props(distribution).DistributionConfig as Json).DefaultCacheBehavior as Json;
    expect(behaviour.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: expect.anything() },
    ]);
  });
});

describe('front door', () => {
  const managedGroups = (acl: Json) =>
    ((acl.Rules ?? []) as Json[]).flatMap((rule) => {
      const managed = (rule.Statement as Json).ManagedRuleGroupStatement as Json | undefined;
      return managed === undefined ? [] : [String(managed.Name)];
    });

  it('puts a CloudFront web ACL (in us-east-1) with a per-IP rate limit and AWS managed rules before page and API', () => {
    expect(stacks.edge.region).toBe('us-east-1');
    const [[aclId, acl]] = resources(edge, 'AWS::WAFv2::WebACL') as [[string, CfnResourceJson]];
    const p = props(acl);
    expect(p.Scope).toBe('CLOUDFRONT');
    expect(p.DefaultAction).toEqual({ Allow: {} });
    const rate = (p.Rules as Json[]).find((rule) => rule.Name === 'RateLimitPerIp');
    expect(rate).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: PARAMS.waf.rateLimitPer5Minutes } },
    });
    expect(managedGroups(p)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    // The parents' status page has its own, tighter limit on POST /status.
    expect((p.Rules as Json[]).find((rule) => rule.Name === 'status-page-rate')).toMatchObject({
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', EvaluationWindowSec: 60 } },
    });
    // Large phone-log uploads and replies are legitimate: the body-size rule only counts.
    expect(JSON.stringify(p.Rules)).toContain('{"ActionToUse":{"Count":{}},"Name":"SizeRestrictions_BODY"}');
    // Sampled requests would show staff bearer tokens to anyone reading WAF.
    expect(JSON.stringify(p)).not.toContain('"SampledRequestsEnabled":true');
    expect(aclId).toBeTruthy();
  });

  it('attaches that web ACL to the staff page and the API distributions', () => {
    const page = props(
      (resources(stateful, 'AWS::CloudFront::Distribution')[0] as [string, CfnResourceJson])[1],
    );
    const api = props(
      (resources(stateless, 'AWS::CloudFront::Distribution')[0] as [string, CfnResourceJson])[1],
    );
    for (const distribution of [page, api]) {
      // Read across regions through the SSM parameter CDK writes for the edge stack's ARN.
      expect(JSON.stringify((distribution.DistributionConfig as Json).WebACLId)).toMatch(/FrontDoorWebAcl/);
    }
  });

  it('fronts the HTTP API with CloudFront on its own domain: TLS 1.2 (2021), nothing cached, every method', () => {
    const [[, distribution]] = resources(stateless, 'AWS::CloudFront::Distribution') as [
      [string, CfnResourceJson],
    ];
    const config = props(distribution).DistributionConfig as Json;
    expect(config.Aliases).toEqual([PARAMS.api.customDomain]);
    expect(config.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    const behaviour = config.DefaultCacheBehavior as Json;
    expect(behaviour).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      // Managed policies: CachingDisabled and AllViewerExceptHostHeader.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    });
    expect(JSON.stringify(config.Origins)).toMatch(/HttpApi/);
    expect(config.Logging).toBeDefined();
  });

  it('makes CloudFront prove itself to the API with a secret header kept out of the template', () => {
    const [[secretId, secret]] = resources(stateless, 'AWS::SecretsManager::Secret') as [
      [string, CfnResourceJson],
    ];
    // Generated by Secrets Manager at deploy time, never written in the template.
    expect(props(secret).GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    expect(props(secret).SecretString).toBeUndefined();
    const [[, distribution]] = resources(stateless, 'AWS::CloudFront::Distribution') as [
      [string, CfnResourceJson],
    ];
    const [origin] = (props(distribution).DistributionConfig as Json).Origins as Json[];
    const headers = (origin?.OriginCustomHeaders ?? []) as Json[];
    expect(headers.map((header) => header.HeaderName)).toEqual(['x-origin-verify']);
    // A dynamic reference CloudFormation resolves at deploy time, pointing at that secret.
    const value = JSON.stringify(headers[0]?.HeaderValue);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain(secretId);
    // The functions behind the API know the secret and may read it; nothing else may.
    const behindTheApi: readonly FunctionName[] = [
      'api',
      'api-casework',
      'api-finding',
      'api-reports',
      'api-admin',
      'ingest-phone',
    ];
    for (const name of behindTheApi) {
      expect(environmentOf(name).ORIGIN_SECRET_ARN, name).toEqual({ Ref: secretId });
      expect(actionsOf(name), name).toContain('secretsmanager:GetSecretValue');
    }
    for (const name of FUNCTION_NAMES.filter((fn) => !behindTheApi.includes(fn))) {
      expect(environmentOf(name).ORIGIN_SECRET_ARN).toBeUndefined();
      expect(actionsOf(name)).not.toContain('secretsmanager:GetSecretValue');
    }
  });

  it('sends the secret version named after a rotation', () => {
    const versionId = '0f5a6c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
    const rotated = buildSendHub(new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } }), {
      ...PARAMS,
      api: { ...PARAMS.api, originSecretVersionId: versionId },
    });
    const [[, distribution]] = resources(
      Template.fromStack(rotated.stateless),
      'AWS::CloudFront::Distribution',
    ) as [[string, CfnResourceJson]];
    const [origin] = (props(distribution).DistributionConfig as Json).Origins as Json[];
    expect(JSON.stringify(origin?.OriginCustomHeaders)).toContain(`::${versionId}}}`);
  }, 60_000);

  it('tells the page to call the API through the front door, and lets its CSP reach only that origin', () => {
    const policy = JSON.stringify(
      props(
        (resources(stateful, 'AWS::CloudFront::ResponseHeadersPolicy')[0] as [string, CfnResourceJson])[1],
      ),
    );
    expect(policy).toContain(`connect-src 'self' https://${PARAMS.api.customDomain} `);
    expect(policy).not.toContain('execute-api');
  });

  it('puts a regional web ACL with a rate limit and managed rules on the Cognito user pool', () => {
    const [[aclId, acl]] = resources(stateful, 'AWS::WAFv2::WebACL') as [[string, CfnResourceJson]];
    expect(props(acl).Scope).toBe('REGIONAL');
    expect(managedGroups(props(acl))).not.toContain('AWSManagedRulesATPRuleSet');
    const [[, association]] = resources(stateful, 'AWS::WAFv2::WebACLAssociation') as [
      [string, CfnResourceJson],
    ];
    expect(props(association).WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(props(association).ResourceArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^StaffUserPool/), 'Arn'],
    });
  });
});

describe('operability', () => {
  it('keeps concurrency for the router alone, at least what its queue may ask for', () => {
    expect(functionProps('router').ReservedConcurrentExecutions).toBe(PARAMS.routerReservedConcurrency);
    expect(PARAMS.routerReservedConcurrency).toBeGreaterThanOrEqual(RESOURCES.intakeQueue.maxConcurrency);
  });

  it('alarms on throttling of every function and on SES bounce and complaint rates before AWS reviews the account', () => {
    const alarms = resources(stateless, 'AWS::CloudWatch::Alarm').map(([, alarm]) => props(alarm));
    for (const name of FUNCTION_NAMES) {
      expect(
        alarms.find((alarm) => alarm.AlarmName === `send-hub-prod-${name}-throttled`),
        name,
      ).toMatchObject({
        MetricName: 'Throttles',
        Threshold: 1,
      });
    }
    const bounce = alarms.find((alarm) => alarm.AlarmName === 'send-hub-prod-ses-bounce-rate');
    const complaint = alarms.find((alarm) => alarm.AlarmName === 'send-hub-prod-ses-complaint-rate');
    expect(bounce).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate' });
    expect(complaint).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate' });
    expect(Number(bounce?.Threshold)).toBeLessThan(0.05);
    expect(Number(complaint?.Threshold)).toBeLessThan(0.001);
  });

  it("backs the table up daily and monthly for the stage's periods, into a retained vault under the data key", () => {
    const [[, plan]] = resources(stateful, 'AWS::Backup::BackupPlan') as [[string, CfnResourceJson]];
    const rules = ((props(plan).BackupPlan as Json).BackupPlanRule as Json[]).map((rule) => ({
      name: rule.RuleName,
      days: (rule.Lifecycle as Json).DeleteAfterDays,
    }));
    expect(rules).toEqual([
      { name: 'daily', days: PARAMS.backup.dailyDays },
      { name: 'monthly', days: PARAMS.backup.monthlyDays },
    ]);
    const [[, vault]] = resources(stateful, 'AWS::Backup::BackupVault') as [[string, CfnResourceJson]];
    expect(vault.DeletionPolicy).toBe('Retain');
    expect(JSON.stringify(props(vault).EncryptionKeyArn)).toMatch(/DataKey/);
    const [[, selection]] = resources(stateful, 'AWS::Backup::BackupSelection') as [
      [string, CfnResourceJson],
    ];
    expect(JSON.stringify(props(selection))).toMatch(/EnquiriesTable/);
  });

  it("keeps production logs 13 months, the council's default", () => {
    expect(STAGES.prod?.retentionDays?.logs).toBe(400);
    for (const [, group] of resources(stateless, 'AWS::Logs::LogGroup')) {
      expect(props(group).RetentionInDays).toBe(400);
    }
  });
});

describe('the data key', () => {
  it("lets only the stage's function roles, the SES writer, AWS Backup and the break-glass role use it", () => {
    const keys = resources(stateful, 'AWS::KMS::Key').filter(([, key]) =>
      String(props(key).Description).includes('enquiries'),
    );
    const statements = ((props((keys[0] as [string, CfnResourceJson])[1]).KeyPolicy as Json).Statement ??
      []) as Json[];
    const decrypting = statements.filter((statement) =>
      asArray(statement.Action as string | string[]).some(
        (action) => action === 'kms:Decrypt' || action === 'kms:*',
      ),
    );
    const byAccount = decrypting.filter((statement) => JSON.stringify(statement.Principal).includes(':root'));
    expect(byAccount).toHaveLength(1);
    const allowed = JSON.stringify(byAccount[0]?.Condition);
    for (const role of [
      'send-hub-prod-fn-*',
      'send-hub-prod-ses-writer',
      'send-hub-prod-backup',
      'send-hub-prod-break-glass',
    ]) {
      expect(allowed).toContain(`:role/${role}`);
    }
    // Nothing else from the account may decrypt; the only other user is the SES service (bounce topic).
    for (const statement of decrypting.filter((candidate) => candidate !== byAccount[0])) {
      expect(statement.Principal).toEqual({ Service: 'ses.amazonaws.com' });
    }
    expect(JSON.stringify(statements)).not.toContain('"kms:*"');
  });

  it('names every function role so that the key policy matches exactly them', () => {
    for (const name of FUNCTION_NAMES) {
      const role = functionProps(name).Role as { 'Fn::GetAtt': [string, string] };
      const roleResource = stateless.toJSON().Resources[role['Fn::GetAtt'][0]] as CfnResourceJson;
      expect(props(roleResource).RoleName).toBe(`send-hub-prod-fn-${name}`);
    }
  });

  it('has a break-glass role that needs MFA and may restore the table', () => {
    stateful.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'send-hub-prod-break-glass',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
      }),
    });
  });
});

describe('fixed monthly cost', () => {
  it('prices every resource type in the templates, or says why it has no fixed price', () => {
    const templates = [edge, stateful, stateless].map((template) => template.toJSON());
    expect(unclassifiedTypes(templates)).toEqual([]);
  });

  it('counts two web ACLs, their rules, both keys, every alarm and the dashboard from the templates', () => {
    const templates = [edge, stateful, stateless].map((template) => template.toJSON());
    const lines = fixedMonthlyCost(templates, {
      staff: 60,
      tableGb: 1,
      wafMillionRequests: 1,
      backupCopies: 47,
    });
    const quantity = (item: string) => lines.find((line) => line.item.startsWith(item))?.quantity;
    expect(quantity('WAF web ACLs')).toBe(2);
    expect(quantity('WAF rules')).toBe(9);
    expect(quantity('KMS customer-managed keys')).toBe(2);
    expect(quantity('CloudWatch alarms')).toBe(resources(stateless, 'AWS::CloudWatch::Alarm').length);
    expect(quantity('CloudWatch dashboards')).toBe(1);
    // Each 5-minute sweep, the weekly report and the daily retention sweep, all traced Active in prod.
    expect(quantity('X-Ray traces')).toBe(Math.round(SWEEP_FUNCTIONS.length * 8640 + 30 / 7 + 30));
    const total = lines.reduce((sum, line) => sum + line.usd, 0);
    expect(total).toBeGreaterThan(20);
    expect(costTable(lines)).toContain('**Total**');
  });
});

describe('scheduled runs a month (X-Ray traces of the schedules)', () => {
  it('counts rates and crons of listed values over a 30-day month', () => {
    expect(runsPerMonth('rate(5 minutes)')).toBe(8640);
    expect(runsPerMonth('rate(1 hour)')).toBe(720);
    expect(runsPerMonth('cron(0 7 ? * MON *)')).toBeCloseTo(30 / 7);
    expect(runsPerMonth('cron(30 2 * * ? *)')).toBe(30);
    expect(runsPerMonth('cron(0,30 8,17 ? * MON,FRI *)')).toBeCloseTo((4 * 2 * 30) / 7);
    expect(() => runsPerMonth('cron(0/5 * * * ? *)')).toThrow(/cannot count/);
  });

  it('counts a schedule only when the function it invokes is traced Active', () => {
    const fn = (mode: string) => ({
      Type: 'AWS::Lambda::Function',
      Properties: { TracingConfig: { Mode: mode } },
    });
    const schedule = (target: string, expression: string) => ({
      Type: 'AWS::Scheduler::Schedule',
      Properties: { ScheduleExpression: expression, Target: { Arn: { 'Fn::GetAtt': [target, 'Arn'] } } },
    });
    const template = {
      Resources: {
        Traced: fn('Active'),
        Quiet: fn('PassThrough'),
        TracedEvery5: schedule('Traced', 'rate(5 minutes)'),
        QuietEvery5: schedule('Quiet', 'rate(5 minutes)'),
        TracedDaily: schedule('Traced', 'cron(30 2 * * ? *)'),
      },
    };
    expect(scheduledTracesPerMonth([template])).toBe(8640 + 30);
  });
});

describe('stage parameters', () => {
  const contextOf = (values: Record<string, unknown>) => ({
    node: { tryGetContext: (key: string) => values[key] },
  });

  it('takes a stage override from CDK context without a code edit', () => {
    const params = resolveStage(
      contextOf({
        stage: 'prod',
        'sendHub:prod': '{"alarmEmail":"send-ops@kent.example.gov.uk","retentionDays":{"inbound":14}}',
      }),
    );
    expect(params.alarmEmail).toBe('send-ops@kent.example.gov.uk');
    expect(params.retentionDays.inbound).toBe(14);
    expect(params.retentionDays.reports).toBe(RESOURCES.retentionDays.reports);
  });

  it('passes tracing through on the intake functions by default, and an operator can turn it back on', () => {
    const defaults = resolveStage(contextOf({ stage: 'prod' }));
    expect(defaults.tracing).toMatchObject({
      'ingest-email': 'PassThrough',
      'ingest-phone': 'PassThrough',
      router: 'PassThrough',
      escalator: 'Active',
      'api-casework': 'Active',
    });
    expect(PARAMS.tracing.router).toBe('PassThrough');
    const traced = resolveStage(
      contextOf({ stage: 'prod', 'sendHub:prod': '{"tracing":{"router":"Active"}}' }),
    );
    expect(traced.tracing.router).toBe('Active');
    expect(traced.tracing['ingest-email']).toBe('PassThrough');
    expect(() =>
      resolveStage(contextOf({ stage: 'prod', 'sendHub:prod': '{"tracing":{"router":"Sampled"}}' })),
    ).toThrow(/tracing\.router/);
    expect(() =>
      resolveStage(contextOf({ stage: 'prod', 'sendHub:prod': '{"tracing":{"routr":"Active"}}' })),
    ).toThrow(/tracing/);
  });

  it('names the stages it knows when asked for another', () => {
    expect(() => resolveStage(contextOf({ stage: 'staging' }))).toThrow(/Unknown stage "staging".*dev, prod/);
  });

  it('refuses an inbound address outside the mail domain, naming the field', () => {
    expect(() =>
      parseStageParams({
        ...STAGES.dev,
        mail: { ...STAGES.dev?.mail, inboundAddress: 'hub@elsewhere.example.org' },
      }),
    ).toThrow(/mail\.inboundAddress: must be an address on/);
  });

  it('refuses a From address the bundled hub configuration does not send from', () => {
    const params = parseStageParams({
      ...STAGES.prod,
      mail: { ...STAGES.prod?.mail, fromAddress: 'other@kent.example.gov.uk' },
    });
    expect(() => checkHubConfig(params, REPO_ROOT)).toThrow(
      /mail\.fromAddress .* must equal hub\.fromAddress/,
    );
  });

  it('refuses to build without the hub configuration when bundling', () => {
    const emptyRoot = mkdtempSync(path.join(tmpdir(), 'send-hub-infra-'));
    try {
      expect(() =>
        buildSendHub(new App({ context: CDK_CONTEXT }), parseStageParams(STAGES.dev), {
          sourceRoot: emptyRoot,
        }),
      ).toThrow(/Hub configuration .*hub\.json .*hubConfigFile/);
    } finally {
      rmSync(emptyRoot, { recursive: true, force: true });
    }
  });

  it('never leaves a stateful resource to be deleted with its stack', () => {
    const retained = [
      'AWS::DynamoDB::Table',
      'AWS::S3::Bucket',
      'AWS::SQS::Queue',
      'AWS::KMS::Key',
      'AWS::Cognito::UserPool',
    ];
    for (const type of retained) {
      for (const [id, resource] of resources(stateful, type))
        expect(resource.DeletionPolicy, id).toBe('Retain');
    }
  });
});
