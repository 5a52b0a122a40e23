/**
 * Code and wiring: the functions (the staff API's one per route group), their triggers, the HTTP API, schedules, alarms, the
 * dashboard and the web page files. Nothing here holds data, so it can be redeployed, rolled back
 * or destroyed and recreated without risk to enquiries. Each function gets exactly the access the
 * bind helpers below give it; the tests pin that list.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import { API_ROUTES } from '../../shared/adapters/api-definition';
import {
  FUNCTION_NAMES,
  type FunctionName,
  RESOURCES,
  SWEEP_FUNCTIONS,
} from '../../shared/adapters/resource-definitions';
import { ApiDistribution } from '../constructs/api-distribution';
import { API_SCOPE, HubApi } from '../constructs/hub-api';
import { HubMonitoring } from '../constructs/hub-monitoring';
import { HubSchedules } from '../constructs/hub-schedules';
import { REPO_ROOT, SendHubFunction } from '../constructs/send-hub-function';
import { WebContent } from '../constructs/web-content';
import { acknowledgeCdkProvider } from '../nag/acknowledge';
import type { StageParams } from '../stages';
import type { StatefulStack } from './stateful-stack';

/** Partition-key prefix of the reporter's markers (`reportMarkerKey` in shared/adapters/dynamo-keys.ts). */
export const REPORT_MARKER_PARTITION_PREFIX = 'REPORT#';

export interface StatelessStackProps extends StackProps {
  readonly params: StageParams;
  readonly stateful: StatefulStack;
  /** The edge stack's WAF web ACL (us-east-1), for the API's distribution. */
  readonly frontDoorWebAclArn: string;
  /** The hub configuration bundled with the functions (default: the stage's file). */
  readonly hubConfigFile?: string;
  /** Where `functions/` and `web/` are found; defaults to this repository. */
  readonly sourceRoot?: string;
}

function constructId(name: FunctionName): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
    .concat('Function');
}

export class StatelessStack extends Stack {
  readonly functions: Record<FunctionName, SendHubFunction>;
  readonly api: HubApi;
  readonly schedules: HubSchedules;
  readonly monitoring: HubMonitoring;
  readonly frontDoor: ApiDistribution;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { params, stateful } = props;
    const make = (name: FunctionName) =>
      new SendHubFunction(this, constructId(name), {
        name,
        stage: params.stage,
        logLevel: params.logLevel,
        tracing: params.tracing[name],
        hubConfigFile: props.hubConfigFile ?? params.hubConfigFile,
        logRetentionDays: params.retentionDays.logs,
        logKey: stateful.keys.opsKey,
        sourceRoot: props.sourceRoot,
      });
    const fns = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, make(name)])) as Record<
      FunctionName,
      SendHubFunction
    >;
    this.functions = fns;
    const { data, queues, rawMail, reports, mail } = stateful;

    // ingest-email: S3 ObjectCreated under inbound/ -> parse -> intake queue.
    const ingestEmail = fns['ingest-email'];
    rawMail.grantIngest(ingestEmail);
    queues.grantSend(ingestEmail);
    ingestEmail.sendFailedEventsTo(queues.asyncFailures, queues.key);
    // The notification is declared on an imported reference so that the bucket's stack never
    // refers to this one (the handler of the notification lives here).
    const rawMailRef = s3.Bucket.fromBucketAttributes(this, 'RawMailBucketRef', {
      bucketArn: rawMail.bucket.bucketArn,
      bucketName: rawMail.bucket.bucketName,
    });
    rawMailRef.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new LambdaDestination(ingestEmail.function),
      {
        prefix: RESOURCES.buckets.rawMail.inboundPrefix,
      },
    );

    // ingest-phone: POST /phone-logs -> intake queue. Of the table, only the staff links (who
    // logged the call).
    queues.grantSend(fns['ingest-phone']);
    data.grantReadStaffLogins(fns['ingest-phone']);

    // router: intake queue -> table, acknowledgements.
    data.grantReadWrite(fns.router);
    mail.grantSend(fns.router);
    queues.attachConsumer(fns.router);
    // A throttled acknowledgement puts its intake back on the queue, delayed (never into the DLQ).
    queues.grantSend(fns.router);
    // Capacity kept for the router alone: a burst elsewhere never stops enquiries being recorded.
    (fns.router.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions =
      params.routerReservedConcurrency;

    // The 5-minute sweeps (docs/escalation.md), each a function of its own with only the access it
    // uses; a failed run is repeated by the next one five minutes later, so none is retried.
    // escalator: the escalation ladder -> table; digests by email.
    // duty-alerts: safeguarding alerts nobody picked up -> table; alerts by email.
    // workload: leave hand-overs and idle claims -> table; morning summaries by email.
    for (const sweep of [fns.escalator, fns['duty-alerts'], fns.workload]) {
      data.grantReadWrite(sweep);
      mail.grantSend(sweep);
    }
    // statutory-alerts: milestone notices into the digest outbox -> table only (the escalator's
    // digests carry them).
    data.grantReadWrite(fns['statutory-alerts']);
    for (const sweep of SWEEP_FUNCTIONS) fns[sweep].doNotRetryFailedEvents();

    // reporter: weekly schedule -> reads the table, writes the report, emails it. Its only table
    // writes are its own "report sent" markers (exactly one email per week however often it runs).
    data.grantRead(fns.reporter);
    data.grantWriteToPartitions(fns.reporter, REPORT_MARKER_PARTITION_PREFIX);
    reports.grantWrite(fns.reporter);
    mail.grantSend(fns.reporter);
    fns.reporter.sendFailedEventsTo(queues.asyncFailures, queues.key);

    // The staff API, one function per route group (shared/adapters/api-routes.ts). api answers
    // preflights and unknown routes and touches nothing. Casework and finding write the table
    // (claims, notes, the access log, status-page counters); only casework sends email (replies);
    // the managers' figures only read; only administration may change the user pool.
    data.grantReadWrite(fns['api-casework']);
    mail.grantSend(fns['api-casework']);
    data.grantReadWrite(fns['api-finding']);
    data.grantRead(fns['api-reports']);
    data.grantReadWrite(fns['api-admin']);
    stateful.staff.grantStaffAdmin(fns['api-admin']);

    // ses-feedback: bounces and complaints -> marks addresses do-not-reply.
    data.grantReadWrite(fns['ses-feedback']);
    mail.subscribeToFeedback(fns['ses-feedback']);
    fns['ses-feedback'].sendFailedEventsTo(queues.asyncFailures, queues.key);

    // retention: daily schedule -> purges enquiries past their retention period (read, delete only).
    data.grantReadAndDelete(fns.retention);
    rawMail.grantPurge(fns.retention);
    fns.retention.sendFailedEventsTo(queues.asyncFailures, queues.key);

    this.api = new HubApi(this, 'Api', {
      stage: params.stage,
      userPool: stateful.staff.userPool,
      webOrigin: stateful.web.origin,
      extraOrigins: params.web.extraCallbackOrigins,
      targets: fns,
      throttle: params.apiThrottle,
      logKey: stateful.keys.opsKey,
      logRetentionDays: params.retentionDays.logs,
    });
    const apiCertificate = params.api.certificateArn ?? params.web.certificateArn;
    this.frontDoor = new ApiDistribution(this, 'ApiFrontDoor', {
      stage: params.stage,
      apiEndpoint: this.api.url,
      webAclArn: props.frontDoorWebAclArn,
      customDomain:
        params.api.customDomain === undefined || apiCertificate === undefined
          ? undefined
          : { name: params.api.customDomain, certificateArn: apiCertificate },
      allowedCountries: params.web.allowedCountries,
      accessLogs: stateful.accessLogs.bucket,
      originSecretVersionId: params.api.originSecretVersionId,
    });
    // Requests sent straight to the execute-api address (past the WAF) are refused by both.
    for (const target of new Set(API_ROUTES.map((route) => route.target))) {
      this.frontDoor.grantOriginCheck(fns[target]);
    }
    this.schedules = new HubSchedules(this, 'Schedules', {
      stage: params.stage,
      sweeps: SWEEP_FUNCTIONS.map((name) => fns[name]),
      reporter: fns.reporter,
      retention: fns.retention,
    });
    this.monitoring = new HubMonitoring(this, 'Monitoring', {
      stage: params.stage,
      alarmTopic: stateful.alarmTopic,
      functions: Object.values(fns),
      sweeps: SWEEP_FUNCTIONS.map((name) => fns[name]),
      intake: queues.intake,
      deadLetters: queues.deadLetters,
      asyncFailures: queues.asyncFailures,
      api: this.api,
      breachAlarmThreshold: params.breachAlarmThreshold,
    });
    new WebContent(this, 'WebContent', {
      bucket: stateful.web.bucket,
      distribution: stateful.web.distribution,
      root: props.sourceRoot ?? REPO_ROOT,
      logKey: stateful.keys.opsKey,
      logRetentionDays: params.retentionDays.logs,
      config: {
        stage: params.stage,
        apiBaseUrl: this.frontDoor.origin,
        auth: {
          signInUrl: stateful.staff.domain.baseUrl(),
          clientId: this.api.client.userPoolClientId,
          scopes: ['openid', 'email', 'profile', API_SCOPE],
          redirectUri: `${stateful.web.origin}/`,
        },
      },
    });

    for (const child of this.node.children) {
      if (child.node.id.startsWith('BucketNotificationsHandler')) {
        acknowledgeCdkProvider(child, 'S3 bucket notifications (raw mail -> ingest-email)');
      }
    }

    new CfnOutput(this, 'ApiUrl', {
      value: this.frontDoor.origin,
      description:
        'API base URL (CloudFront with WAF); point the api.customDomain CNAME at ApiDistributionDomain',
    });
    new CfnOutput(this, 'ApiDistributionDomain', {
      value: this.frontDoor.distribution.distributionDomainName,
      description: 'CNAME target of the API custom domain',
    });
    new CfnOutput(this, 'ApiGatewayUrl', {
      value: this.api.url,
      description:
        'The HTTP API itself: refuses requests without the front door header (403); for diagnosis only',
    });
    new CfnOutput(this, 'WebClientId', {
      value: this.api.client.userPoolClientId,
      description: 'Cognito app client',
    });
    new CfnOutput(this, 'DashboardName', {
      value: this.monitoring.dashboard.dashboardName,
      description: 'CloudWatch dashboard',
    });
  }
}
