/**
 * The whole product on one machine: real emulators (DynamoDB Local, fauxqs SQS+S3, SES), resources
 * created from the same definitions the CDK stacks use, and the production handlers wired to them
 * with the glue AWS would provide (SQS event source, HTTP API front, SMTP door, schedules).
 * `npm start` and the end-to-end tests both call `startLocalStack`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { S3Event, ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { STAFF_ROLES, type StaffRole, TEAM_GROUP_PREFIX } from '../shared/access/principal';
import { API_ROUTES } from '../shared/adapters/api-definition';
import { dynamoDocumentClient, s3Client, sesClient, sqsClient } from '../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../shared/adapters/caseworker-repository';
import { ensureTable } from '../shared/adapters/create-table';
import { RESOURCES, SWEEP_FUNCTIONS } from '../shared/adapters/resource-definitions';
import { StaffRepository } from '../shared/adapters/staff-repository';
import { STAFF_ID_PATTERN, staffGroupNames } from '../shared/casework/staff';
import { loadHubConfig } from '../shared/config/load-hub-config';
import { errorForLog } from '../shared/domain/errors';
import { localDate, startOfLocalDay, weekdayOfDate } from '../shared/domain/local-time';
import type { StandInAuthentication } from '../shared/intake/receipt-verdicts';
import { fromHeader } from '../shared/mail/hub-mail';
import { PASSWORD_PLACEHOLDER, staffInvitation, USERNAME_PLACEHOLDER } from '../shared/mail/staff-invitation';
import { buildWeb, LOCAL_WEB_CONFIG } from '../web/build';
import { demoUsers } from './demo-users';
import { freePort, type RunningEmulator, startDynamoDbLocal, startFauxqs, startSesLocal } from './emulators';
import { startFunctionThreads } from './function-threads';
import { type GatewayOptions, type HttpHandler, startHttpFront } from './http-front';
import { invoke, type LambdaHandler } from './lambda-runtime';
import { LOCAL_USER_POOL_ID, LocalAuth, loadSigningKey, startLocalCognito } from './local-auth';
import { startSmtpDoor } from './smtp-door';
import { type RunningPoller, startSqsPoller } from './sqs-poller';

export interface LocalStackOptions {
  /** Keep all data in memory (nothing under dataDir). */
  readonly memory: boolean;
  readonly dataDir: string;
  readonly httpPort: number;
  /**
   * Serve the API on its own origin (this port) apart from the page, as production does (page on
   * CloudFront, API on its own domain): every call the page makes is then cross-origin, preflight
   * included. Unset: page and API share `httpPort`.
   */
  readonly apiPort?: number;
  /** The staff user pool's admin API (what `send-hub staff` talks to); 0 or unset picks a free port. */
  readonly cognitoPort?: number;
  readonly smtpPort: number;
  readonly sesPort: number;
  /** 0 picks free ports for the emulators (tests); fixed ports keep URLs stable for people. */
  readonly dynamoPort: number;
  readonly fauxqsPort: number;
  readonly hubConfigFile: string;
  /** How often the escalator runs; 0 disables the timer (tests drive sweeps themselves). */
  readonly escalateEveryMs: number;
  /** How often the retention sweep runs; 0 or absent disables the timer. */
  readonly retentionEveryMs?: number;
  /** SPF/DKIM/DMARC verdict the SMTP door writes, standing in for SES (default `pass`). */
  readonly smtpDoorAuthentication?: StandInAuthentication;
  /**
   * Run the router on worker threads, one sandbox per batch the event source runs at once, as
   * Lambda runs each concurrent invocation in its own environment (`function-threads.ts`), instead
   * of in this thread beside the doors and emulators. Default off.
   */
  readonly functionThreads?: boolean;
  readonly log: (line: string) => void;
}

export interface LocalStack {
  /** `http` is the page (and the API when they share an origin); `api` is the API's origin. */
  readonly urls: {
    http: string;
    api: string;
    smtp: string;
    ses: string;
    dynamodb: string;
    sqs: string;
    /** The staff user pool's admin API (Cognito's JSON protocol). */
    cognito: string;
  };
  readonly names: {
    table: string;
    intakeQueueUrl: string;
    dlqUrl: string;
    rawMailBucket: string;
    reportsBucket: string;
  };
  readonly auth: LocalAuth;
  /** Emulators that run in processes of their own (DynamoDB Local's JVM), for the bench to read their CPU time. */
  readonly emulatorProcesses: readonly { readonly name: string; readonly pid: number }[];
  /**
   * Runs the 5-minute sweeps as if their schedules fired at `at` (duty alerts, workload, statutory
   * alerts, escalator: `SWEEP_FUNCTIONS`), each its own handler; the summaries by function.
   */
  escalate(at: Date): Promise<Record<string, unknown>>;
  /** Runs the retention sweep as if its schedule fired at `at`. */
  purge(at: Date): Promise<unknown>;
  /** Runs the reporter as if its schedule fired at `at`. */
  report(at: Date): Promise<unknown>;
  /** Waits until mail accepted by the SMTP door has been ingested and the intake queue is empty (all routed). */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

type ScheduledHandler = LambdaHandler<ScheduledEvent, unknown>;

/** The scheduled event AWS delivers; the escalator takes `now` from its `time`. */
export function scheduledEvent(at: Date, scheduleName: string): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: '000000000000',
    time: at.toISOString(),
    region: 'eu-west-2',
    resources: [`arn:aws:scheduler:eu-west-2:000000000000:schedule/default/${scheduleName}`],
    detail: {},
  };
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  };
  try {
    const data = (name: string) => (options.memory ? undefined : path.join(options.dataDir, name));
    const emulators: RunningEmulator[] = [];
    const cognitoPort =
      options.cognitoPort === undefined || options.cognitoPort === 0 ? await freePort() : options.cognitoPort;
    const [dynamo, fauxqs, ses] = await Promise.all([
      startDynamoDbLocal({ port: options.dynamoPort || undefined, dbPath: data('dynamodb') }),
      startFauxqs({ port: options.fauxqsPort || undefined, dataDir: data('fauxqs') }),
      startSesLocal({ port: options.sesPort }),
    ]);
    emulators.push(dynamo, fauxqs, ses);
    for (const emulator of emulators) stoppers.push(() => emulator.stop());

    // Handlers read their settings from the environment exactly as in Lambda.
    const names = {
      table: RESOURCES.table.localName,
      rawMailBucket: RESOURCES.buckets.rawMail.localName,
      reportsBucket: RESOURCES.buckets.reports.localName,
    };
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: fauxqs.endpoint,
      AWS_ENDPOINT_URL_S3: fauxqs.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      // The staff user pool's admin API: the stand-in in local-auth.ts.
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://127.0.0.1:${cognitoPort}`,
      USER_POOL_ID: LOCAL_USER_POOL_ID,
      TABLE_NAME: names.table,
      RAW_MAIL_BUCKET: names.rawMailBucket,
      REPORTS_BUCKET: names.reportsBucket,
      HUB_CONFIG_FILE: options.hubConfigFile,
      // Links in emails point at this stack's own page, whatever port it runs on.
      HUB_WEB_BASE_URL: `http://127.0.0.1:${options.httpPort}`,
      // The SES emulator has no sending quota, and one mailer per function stands for all its
      // containers here: pacing under the account's rate is proven by unit tests instead.
      SES_MAX_SEND_RATE: process.env.SES_MAX_SEND_RATE ?? '1000',
      POWERTOOLS_SERVICE_NAME: 'send-hub-local',
      POWERTOOLS_METRICS_NAMESPACE: 'SendHub',
      POWERTOOLS_DEV: 'false',
      // Lambda ships EMF metric lines to CloudWatch; on a terminal they would only drown the output.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    });

    const config = loadHubConfig(options.hubConfigFile);
    await ensureTable(
      new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      names.table,
    );
    // Caseworkers in the configuration who are not in the table yet join the roster; existing
    // records are left alone so caps an administrator changed survive a restart.
    const roster = new CaseworkerRepository(dynamoDocumentClient({ endpoint: dynamo.endpoint }), names.table);
    for (const caseworker of config.caseworkers) {
      if ((await roster.getCaseworker(caseworker.id)) === null)
        await roster.putCaseworker({ ...caseworker, active: true });
    }
    const sqs = sqsClient({ endpoint: fauxqs.endpoint });
    const s3 = s3Client({ endpoint: fauxqs.endpoint });
    for (const bucket of [names.rawMailBucket, names.reportsBucket]) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
        if (!(error instanceof Error) || !/BucketAlready/.test(error.name)) throw error;
      });
    }
    const dlq = await sqs.send(
      new CreateQueueCommand({
        QueueName: RESOURCES.intakeQueue.dlqName,
        Attributes: { MessageRetentionPeriod: String(RESOURCES.intakeQueue.dlqRetentionSeconds) },
      }),
    );
    const dlqUrl = dlq.QueueUrl ?? '';
    const dlqArn =
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] })))
        .Attributes?.QueueArn ?? '';
    const intake = await sqs.send(
      new CreateQueueCommand({
        QueueName: RESOURCES.intakeQueue.name,
        Attributes: {
          VisibilityTimeout: String(RESOURCES.intakeQueue.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqArn,
            maxReceiveCount: RESOURCES.intakeQueue.maxReceiveCount,
          }),
        },
      }),
    );
    const intakeQueueUrl = intake.QueueUrl ?? '';
    const intakeArn =
      (
        await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: intakeQueueUrl, AttributeNames: ['QueueArn'] }),
        )
      ).Attributes?.QueueArn ?? '';
    process.env.INTAKE_QUEUE_URL = intakeQueueUrl;
    process.env.DLQ_URL = dlqUrl;

    const onError = (error: unknown) => {
      // The name (and SDK status) only: a message can quote input, as in Lambda's logs.
      const { errorName, httpStatus } = errorForLog(error);
      options.log(`error: ${errorName}${httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`}`);
    };

    // Handlers are imported only now, after the environment is set, as Lambda would load them
    // (threads copy the environment as it is now).
    const threaded = async <TEvent, TResult>(name: string, threads: number) => {
      const pool = await startFunctionThreads<TEvent, TResult>({
        functionName: name,
        modulePath: path.join(import.meta.dirname, `../functions/${name}/handler.ts`),
        threads,
      });
      stoppers.push(() => pool.stop());
      return pool.handler;
    };
    const router = options.functionThreads
      ? await threaded<SQSEvent, SQSBatchResponse>('router', RESOURCES.intakeQueue.maxConcurrency)
      : ((await import('../functions/router/handler')).handler as LambdaHandler<SQSEvent, SQSBatchResponse>);
    const ingestEmail = (await import('../functions/ingest-email/handler')).handler as LambdaHandler<
      S3Event,
      unknown
    >;
    // The 5-minute sweeps, each its own function (docs/escalation.md), in SWEEP_FUNCTIONS order.
    const sweepModules: Record<(typeof SWEEP_FUNCTIONS)[number], () => Promise<{ handler: unknown }>> = {
      'duty-alerts': () => import('../functions/duty-alerts/handler'),
      workload: () => import('../functions/workload/handler'),
      'statutory-alerts': () => import('../functions/statutory-alerts/handler'),
      escalator: () => import('../functions/escalator/handler'),
    };
    const sweeps: { name: string; handler: ScheduledHandler }[] = [];
    for (const name of SWEEP_FUNCTIONS) {
      sweeps.push({ name, handler: (await sweepModules[name]()).handler as ScheduledHandler });
    }
    const reporter = (await import('../functions/reporter/handler')).handler as ScheduledHandler;
    const retention = (await import('../functions/retention/handler')).handler as ScheduledHandler;

    const poller: RunningPoller = startSqsPoller(sqs, {
      functionName: 'router',
      queueUrl: intakeQueueUrl,
      queueArn: intakeArn,
      batchSize: RESOURCES.intakeQueue.batchSize,
      // As many batches in flight as the event source mapping's maximum concurrency allows.
      concurrency: RESOURCES.intakeQueue.maxConcurrency,
      handler: router,
      onError,
    });
    stoppers.push(() => poller.stop());

    const pageOrigin = `http://127.0.0.1:${options.httpPort}`;
    // The staff user pool: demo users, the role and team groups CDK creates, invitations by SES.
    const invitation = staffInvitation(config.hub.name, `${pageOrigin}/`);
    const ses2 = sesClient({ endpoint: ses.endpoint });
    const auth = new LocalAuth(await loadSigningKey(data('local-signing-key.json')), demoUsers(config), {
      groups: staffGroupNames(config),
      usersFile: data('local-users.json'),
      sendInvitation: async (mail) => {
        await ses2.send(
          new SendEmailCommand({
            FromEmailAddress: fromHeader(config),
            Destination: { ToAddresses: [mail.to] },
            Content: {
              Simple: {
                Subject: { Data: invitation.subject },
                Body: {
                  Text: {
                    Data: invitation.body
                      .replace(PASSWORD_PLACEHOLDER, mail.temporaryPassword)
                      .replace(USERNAME_PLACEHOLDER, mail.username),
                  },
                },
              },
            },
          }),
        );
      },
    });
    const cognito = await startLocalCognito(auth, cognitoPort, onError);
    stoppers.push(() => cognito.stop());
    // Demo users are members of staff: their sign-in (sub) links to their demo name as staff id.
    const staff = new StaffRepository(dynamoDocumentClient({ endpoint: dynamo.endpoint }), names.table);
    for (const user of auth.listUsers()) {
      if (!STAFF_ID_PATTERN.test(user.username) || (await staff.loginOf(user.sub)) !== null) continue;
      const roles = user.groups.filter((group): group is StaffRole =>
        (STAFF_ROLES as readonly string[]).includes(group),
      );
      await staff.save(
        {
          id: user.username,
          sub: user.sub,
          email: user.email.toLowerCase(),
          name: user.name,
          roles,
          teams: user.groups
            .filter((group) => group.startsWith(TEAM_GROUP_PREFIX))
            .map((group) => group.slice(TEAM_GROUP_PREFIX.length)),
          active: true,
          addedAt: new Date().toISOString(),
          removedAt: null,
        },
        null,
      );
    }
    const lazy = (load: () => Promise<{ handler: unknown }>) => async () =>
      (await load()).handler as HttpHandler;
    const apiOrigin = options.apiPort === undefined ? pageOrigin : `http://127.0.0.1:${options.apiPort}`;
    // The same routes, authoriser and CORS rule as the deployed HTTP API.
    const gateway: GatewayOptions = {
      routes: API_ROUTES,
      handlers: {
        api: lazy(() => import('../functions/api/handler')),
        'api-casework': lazy(() => import('../functions/api-casework/handler')),
        'api-finding': lazy(() => import('../functions/api-finding/handler')),
        'api-reports': lazy(() => import('../functions/api-reports/handler')),
        'api-admin': lazy(() => import('../functions/api-admin/handler')),
        'ingest-phone': lazy(() => import('../functions/ingest-phone/handler')),
      },
      cors: { allowOrigins: [pageOrigin] },
    };
    // The page is served from its build; building takes well under a second with esbuild. With
    // the API on its own origin the page is told where it is, as the deployment's config.json does.
    const web =
      options.apiPort === undefined
        ? await buildWeb()
        : await buildWeb({
            outDir: mkdtempSync(path.join(tmpdir(), 'send-hub-web-')),
            config: { ...LOCAL_WEB_CONFIG, apiBaseUrl: apiOrigin },
          });
    if (options.apiPort === undefined) {
      const http = await startHttpFront({
        port: options.httpPort,
        auth,
        gateway,
        webRoot: web.outDir,
        onError,
      });
      stoppers.push(() => http.stop());
    } else {
      const page = await startHttpFront({
        port: options.httpPort,
        auth,
        webRoot: web.outDir,
        apiOrigins: [apiOrigin],
        onError,
        purpose: 'web page',
      });
      stoppers.push(() => page.stop());
      const api = await startHttpFront({
        port: options.apiPort,
        auth,
        gateway,
        onError,
        purpose: 'HTTP API',
        portVariable: 'API_PORT',
      });
      stoppers.push(() => api.stop());
    }

    const smtp = await startSmtpDoor({
      port: options.smtpPort,
      s3,
      bucket: names.rawMailBucket,
      prefix: RESOURCES.buckets.rawMail.inboundPrefix,
      maxBytes: RESOURCES.limits.maxMailBytes,
      authentication: options.smtpDoorAuthentication ?? 'pass',
      deliver: async (event) => {
        await invoke('ingest-email', ingestEmail, event);
      },
      onError,
    });
    stoppers.push(() => smtp.stop());

    // Each sweep runs whatever another did (independent functions in AWS); a failure is thrown after
    // all have run, as AWS would alarm on it.
    const escalate = async (at: Date) => {
      const summaries: Record<string, unknown> = {};
      const failures: unknown[] = [];
      for (const sweep of sweeps) {
        try {
          summaries[sweep.name] = await invoke(sweep.name, sweep.handler, scheduledEvent(at, sweep.name));
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) throw failures[0];
      return summaries;
    };
    const report = (at: Date) => invoke('reporter', reporter, scheduledEvent(at, 'weekly-report'));
    if (options.escalateEveryMs > 0) {
      const timer = setInterval(() => {
        escalate(new Date()).catch(onError);
      }, options.escalateEveryMs);
      stoppers.push(async () => clearInterval(timer));
    }
    // The weekly report fires on Monday 07:00 hub time, as the production schedule does; checked
    // once a minute. The reporter's own marker makes a second firing in the same week harmless.
    const timeZone = config.calendar.timeZone;
    let lastReportDay = '';
    const reportTimer = setInterval(() => {
      const now = new Date();
      const today = localDate(timeZone, now.getTime());
      const isMonday = weekdayOfDate(today) === 0;
      const seven = startOfLocalDay(timeZone, today) + 7 * 3_600_000;
      if (isMonday && now.getTime() >= seven && lastReportDay !== today) {
        lastReportDay = today;
        report(now).catch(onError);
      }
    }, 60_000);
    stoppers.push(async () => clearInterval(reportTimer));
    // The retention sweep runs daily at 02:30 hub time in production; locally once a day from start
    // (RETENTION_EVERY_SECONDS; 0 turns it off) and on demand with `send-hub retention`.
    const purge = (at: Date) => invoke('retention', retention, scheduledEvent(at, 'retention'));
    if ((options.retentionEveryMs ?? 0) > 0) {
      const timer = setInterval(() => {
        purge(new Date()).catch(onError);
      }, options.retentionEveryMs);
      stoppers.push(async () => clearInterval(timer));
    }

    return {
      urls: {
        http: `http://127.0.0.1:${options.httpPort}`,
        api: `http://127.0.0.1:${options.apiPort ?? options.httpPort}`,
        smtp: `smtp://127.0.0.1:${options.smtpPort}`,
        ses: ses.endpoint,
        dynamodb: dynamo.endpoint,
        sqs: fauxqs.endpoint,
        cognito: cognito.endpoint,
      },
      names: { ...names, intakeQueueUrl, dlqUrl },
      auth,
      emulatorProcesses: emulators.flatMap((emulator) =>
        emulator.pid === undefined ? [] : [{ name: emulator.name, pid: emulator.pid }],
      ),
      escalate,
      report,
      purge,
      async drained(timeoutMs) {
        // Mail accepted by the SMTP door first reaches ingest-email, then the intake queue.
        await smtp.idle();
        await poller.drained(timeoutMs);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
