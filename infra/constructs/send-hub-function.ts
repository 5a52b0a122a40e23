/**
 * The one Lambda construct every SEND Hub function uses, carrying the house defaults: Node.js 22 on
 * arm64, an ESM esbuild bundle (minified, source maps, a `require` shim for CommonJS dependencies)
 * with the hub configuration copied in, X-Ray tracing as the stage sets it, a KMS-encrypted log group with retention,
 * and a role that starts with nothing but its own log group.
 *
 * Access is added by the bind helpers of the resources (e.g. `data.grantReadWrite(fn)`), which set
 * the matching environment variable in the same call, so a function never has a variable for
 * something it may not touch, nor a permission it was not given a name for.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  awsResourceName,
  FUNCTIONS,
  type FunctionName,
  metricsServiceName,
  RESOURCES,
} from '../../shared/adapters/resource-definitions';
import { acknowledgeFindings, acknowledgeRule } from '../nag/acknowledge';
import { StageConfigError, type TracingMode } from '../stages';

/** Repository root: entries, lock file and hub configuration are found from here. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Where the hub configuration sits inside every bundle (Lambda unpacks code to /var/task). */
export const BUNDLED_HUB_CONFIG = 'hub-config.json';

/** The environment variables handlers read (each parsed with zod at cold start). */
export type EnvironmentName =
  | 'TABLE_NAME'
  | 'INTAKE_QUEUE_URL'
  | 'RAW_MAIL_BUCKET'
  | 'REPORTS_BUCKET'
  | 'SES_CONFIGURATION_SET'
  | 'USER_POOL_ID'
  | 'ORIGIN_SECRET_ARN'
  | 'HUB_CONFIG_FILE'
  | 'POWERTOOLS_SERVICE_NAME'
  | 'POWERTOOLS_METRICS_NAMESPACE'
  | 'LOG_LEVEL';

export interface SendHubFunctionProps {
  readonly name: FunctionName;
  readonly stage: string;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** X-Ray tracing mode (the stage's `tracing`). */
  readonly tracing: TracingMode;
  /** Hub configuration JSON, relative to `sourceRoot`; copied into the bundle. */
  readonly hubConfigFile: string;
  readonly logRetentionDays: number;
  /** Key for the log group (its policy must let CloudWatch Logs use it). */
  readonly logKey: IKey;
  /** Where `functions/<name>/handler.ts` is found. Defaults to this repository. */
  readonly sourceRoot?: string;
}

/**
 * The name of a function's role. Named (not generated) so that the data key's policy can let
 * exactly the function roles of the stage use it without naming roles of another stack.
 */
export function functionRoleName(stage: string, name: FunctionName): string {
  return `send-hub-${stage}-fn-${name}`;
}

/** The pattern matching every function role of a stage (IAM `ArnLike`). */
export function functionRolePattern(stage: string): string {
  return `send-hub-${stage}-fn-*`;
}

/** Log retention values CloudWatch accepts, in days. */
const RETENTION_STEPS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The CloudWatch retention at or above `days` (the accepted values are fixed steps). */
export function logRetentionFor(days: number): logs.RetentionDays {
  const step = RETENTION_STEPS.find((candidate) => candidate >= days) ?? 3653;
  return step as logs.RetentionDays;
}

/** Prepended to the ESM bundle: CommonJS dependencies (mailparser and friends) call `require`. */
const REQUIRE_SHIM =
  "import { createRequire as __sendHubCreateRequire } from 'node:module'; const require = __sendHubCreateRequire(import.meta.url);";

export class SendHubFunction extends Construct {
  readonly name: FunctionName;
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SendHubFunctionProps) {
    super(scope, id);
    this.name = props.name;
    const settings = FUNCTIONS[props.name];
    const sourceRoot = props.sourceRoot ?? REPO_ROOT;
    const hubConfigPath = path.resolve(sourceRoot, props.hubConfigFile);
    if (Stack.of(this).bundlingRequired && !existsSync(hubConfigPath)) {
      throw new StageConfigError(
        `Hub configuration ${hubConfigPath} (stage parameter hubConfigFile) does not exist`,
      );
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logRetentionFor(props.logRetentionDays),
      encryptionKey: props.logKey,
    });

    // No managed policy: the role can write to its own log group and nothing else until bound.
    this.role = new iam.Role(this, 'Role', {
      roleName: functionRoleName(props.stage, props.name),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `SEND Hub ${props.stage} ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      functionName: awsResourceName(props.stage, props.name),
      description: settings.description,
      entry: path.join(sourceRoot, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: sourceRoot,
      depsLockFilePath: path.join(sourceRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: settings.memoryMb,
      timeout: Duration.seconds(settings.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // Lambda's own filter must let through what Powertools is asked to log.
      applicationLogLevelV2: lambda.ApplicationLogLevel[props.logLevel],
      environment: {
        HUB_CONFIG_FILE: `/var/task/${BUNDLED_HUB_CONFIG}`,
        POWERTOOLS_SERVICE_NAME: metricsServiceName(props.stage),
        POWERTOOLS_METRICS_NAMESPACE: RESOURCES.metrics.namespace,
        LOG_LEVEL: props.logLevel,
        // No NODE_OPTIONS=--enable-source-maps: it slows every import and the first stack trace
        // (~180 ms). The maps are still shipped beside the code; docs/operations.md says how to read one.
      } satisfies Partial<Record<EnvironmentName, string>>,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        // Error classes take their `name` (and so the API's error codes) from the class name.
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        banner: REQUIRE_SHIM,
        // Ship the SDK version the tests ran against rather than whatever the runtime carries.
        bundleAwsSDK: true,
        externalModules: [],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [
            `cp "${hubConfigPath}" "${path.join(outputDir, BUNDLED_HUB_CONFIG)}"`,
          ],
        },
      },
    });

    // X-Ray is set on the resource and its write permission kept in a policy of its own, so the
    // one unavoidable `Resource: *` is acknowledged for exactly that statement.
    const cfnFunction = this.function.node.defaultChild as lambda.CfnFunction;
    cfnFunction.tracingConfig = { mode: props.tracing };
    this.allowWithWildcard(
      'XRayWrite',
      new iam.PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
      'X-Ray trace segments cannot be scoped to a resource; the statement grants only the two write actions.',
    );
    acknowledgeRule(
      this.function,
      'AwsSolutions-L1',
      'The project runs on Node.js 22 (nodejs22.x, supported until 2027); tests and tooling pin Node 22. Node 24 is a planned upgrade, not a drift.',
    );
  }

  /** Sets an environment variable; used by the bind helpers together with the permission. */
  setEnvironment(name: EnvironmentName, value: string): void {
    this.function.addEnvironment(name, value);
  }

  /** Adds statements without wildcards to the function's role. */
  allow(...statements: iam.PolicyStatement[]): void {
    for (const statement of statements) this.role.addToPrincipalPolicy(statement);
  }

  /**
   * Adds a statement that needs a wildcard (an S3 key prefix, X-Ray) in a policy of its own, and
   * acknowledges cdk-nag's wildcard finding for that policy only, with `reason`.
   */
  allowWithWildcard(id: string, statement: iam.PolicyStatement, reason: string): void {
    const policy = new iam.Policy(this, id, { statements: [statement] });
    this.role.attachInlinePolicy(policy);
    this.function.node.addDependency(policy);
    acknowledgeFindings(policy, 'AwsSolutions-IAM5', reason);
  }

  /**
   * For asynchronous invocations (S3, SNS, schedules): Lambda retries a failed event, then puts it
   * on `queue` so nothing is dropped silently.
   */
  sendFailedEventsTo(queue: IQueue, queueKey: IKey): void {
    const cfnFunction = this.function.node.defaultChild as lambda.CfnFunction;
    cfnFunction.deadLetterConfig = { targetArn: queue.queueArn };
    this.allow(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [queueKey.keyArn],
      }),
    );
    this.function.configureAsyncInvoke({
      retryAttempts: RESOURCES.asyncFailureQueue.retryAttempts,
      maxEventAge: Duration.seconds(RESOURCES.asyncFailureQueue.maxEventAgeSeconds),
    });
  }

  /** Asynchronous invocations that a later run repeats anyway (the escalator) are not retried. */
  doNotRetryFailedEvents(): void {
    this.function.configureAsyncInvoke({ retryAttempts: 0 });
  }
}
