/**
 * Queues, buckets, limits and function sizes, described once as plain data. The CDK stacks (infra/)
 * and the local stack (local/) both build their resources from this file, so the queue settings the
 * tests exercise on the emulators are the ones deployed to AWS. The table's keys and indexes live
 * in `table-definition.ts`.
 *
 * Names here are base names: AWS resources get a `send-hub-<stage>-` prefix ({@link awsResourceName}),
 * the local stack uses them as they are.
 */
import type { FunctionTimeouts } from '../config/function-timeouts';

/** Every Lambda function of the product; the folder under `functions/` has the same name. */
export const FUNCTION_NAMES = [
  'ingest-email',
  'ingest-phone',
  'router',
  'escalator',
  'duty-alerts',
  'workload',
  'statutory-alerts',
  'reporter',
  'api',
  'api-casework',
  'api-finding',
  'api-reports',
  'api-admin',
  'ses-feedback',
  'retention',
] as const;

export type FunctionName = (typeof FUNCTION_NAMES)[number];

/**
 * The functions EventBridge Scheduler runs every 5 minutes, each doing one chore of the sweep
 * (docs/escalation.md); the local stack's timer runs the same handlers.
 */
export const SWEEP_FUNCTIONS = [
  'duty-alerts',
  'workload',
  'statutory-alerts',
  'escalator',
] as const satisfies readonly FunctionName[];

export interface FunctionSettings {
  /** Lambda timeout. */
  readonly timeoutSeconds: number;
  /** Lambda memory (also buys CPU). */
  readonly memoryMb: number;
  /** What the function does, for the template and the dashboard. */
  readonly description: string;
}

/**
 * The four 5-minute sweeps share one timeout: the digest and duty-alert leases are derived from it
 * (`FunctionTimeouts.escalator`), so it must outlast any of them.
 */
const SWEEP_TIMEOUT_SECONDS = 120;

/**
 * Size and patience of each function. The router's timeout fixes the intake queue's visibility
 * timeout below; the API stays under API Gateway's 30 s integration limit.
 */
export const FUNCTIONS = {
  // A 40 MB MIME message with attachments has to be parsed in memory.
  'ingest-email': { timeoutSeconds: 60, memoryMb: 1024, description: 'Raw mail in S3 to the intake queue' },
  'ingest-phone': { timeoutSeconds: 10, memoryMb: 256, description: 'Phone-log entries to the intake queue' },
  router: { timeoutSeconds: 30, memoryMb: 512, description: 'Triage, thread, assign and acknowledge' },
  escalator: {
    timeoutSeconds: SWEEP_TIMEOUT_SECONDS,
    memoryMb: 512,
    description: 'Warn and escalate overdue enquiries (digests)',
  },
  'duty-alerts': {
    timeoutSeconds: SWEEP_TIMEOUT_SECONDS,
    memoryMb: 512,
    description: 'Safeguarding duty alerts nobody picked up',
  },
  workload: {
    timeoutSeconds: SWEEP_TIMEOUT_SECONDS,
    memoryMb: 512,
    description: 'Leave hand-overs, idle claims, morning summaries',
  },
  'statutory-alerts': {
    timeoutSeconds: SWEEP_TIMEOUT_SECONDS,
    memoryMb: 512,
    description: 'Statutory deadlines missed or due soon',
  },
  reporter: { timeoutSeconds: 300, memoryMb: 1024, description: 'Weekly KPI report' },
  // The staff API, one function per route group (shared/adapters/api-routes.ts); every one stays
  // under API Gateway's 30 s integration limit.
  api: { timeoutSeconds: 10, memoryMb: 512, description: 'Staff API: CORS preflights and unknown routes' },
  'api-casework': { timeoutSeconds: 10, memoryMb: 512, description: 'Staff API: work lists and casework' },
  'api-finding': {
    timeoutSeconds: 10,
    memoryMb: 512,
    description: 'Staff API: search, children, status page',
  },
  'api-reports': {
    timeoutSeconds: 10,
    memoryMb: 512,
    description: "Staff API: managers' dashboard and report",
  },
  'api-admin': {
    timeoutSeconds: 10,
    memoryMb: 512,
    description: 'Staff API: staff and roster administration',
  },
  'ses-feedback': { timeoutSeconds: 30, memoryMb: 256, description: 'SES bounces and complaints' },
  retention: {
    timeoutSeconds: 600,
    memoryMb: 512,
    description: 'Purge enquiries past their retention period',
  },
} as const satisfies Record<FunctionName, FunctionSettings>;

/** The timeouts the use cases derive leases from (`shared/config/function-timeouts.ts`). */
export const FUNCTION_TIMEOUTS: FunctionTimeouts = {
  router: FUNCTIONS.router.timeoutSeconds,
  escalator: FUNCTIONS.escalator.timeoutSeconds,
  reporter: FUNCTIONS.reporter.timeoutSeconds,
};

const DAY_SECONDS = 24 * 60 * 60;

/** Lambda refuses an SQS trigger whose queue hides messages for less than the function timeout; AWS advises 6x. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** Amazon SES's limit for a received message delivered through the S3 action. */
const MAX_MAIL_BYTES = 40 * 1024 * 1024;

export const RESOURCES = {
  table: {
    /** Table name for the local stack (AWS generates the production name). */
    localName: 'send-hub',
  },
  intakeQueue: {
    name: 'intake',
    dlqName: 'intake-dlq',
    /** Derived from the router's timeout so the two cannot drift apart. */
    visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_FACTOR * FUNCTIONS.router.timeoutSeconds,
    /** Kept the maximum 14 days so a router outage over a bank-holiday weekend loses nothing. */
    retentionSeconds: 14 * DAY_SECONDS,
    /** SQS's maximum: a dead letter waits two weeks for someone to redrive it. */
    dlqRetentionSeconds: 14 * DAY_SECONDS,
    /** Five tries, so Lambda throttling alone never pushes a good message to the DLQ. */
    maxReceiveCount: 5,
    /** Router event source: messages per invocation. */
    batchSize: 10,
    /** Router event source: how long Lambda gathers a batch; short, acknowledgements should be prompt. */
    maxBatchingWindowSeconds: 1,
    /** Router event source: concurrent invocations, capping DynamoDB and SES send rates (min 2). */
    maxConcurrency: 5,
  },
  /** Lambda's asynchronous invocations (S3, SNS, schedules) that still fail after retries land here. */
  asyncFailureQueue: {
    name: 'async-failures',
    retentionSeconds: 14 * DAY_SECONDS,
    /** Lambda's own retries of a failed asynchronous invocation before giving up. */
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 60 * 60,
  },
  buckets: {
    rawMail: {
      localName: 'send-hub-raw-mail',
      /** Where SES writes each received message (and where ingest-email is triggered). */
      inboundPrefix: 'inbound/',
      /** Messages SES marked as spam or carrying a virus, kept aside unprocessed. */
      quarantinePrefix: 'quarantine/',
      /** Messages ingest-email could not parse, kept for a person to look at. */
      failedPrefix: 'failed/',
      /** ingest-email's "already queued" markers, so a repeated S3 notification queues nothing twice. */
      sentMarkerPrefix: 'intake-sent/',
    },
    reports: {
      localName: 'send-hub-reports',
      reportsPrefix: 'reports/',
    },
  },
  /** Default retention (days); a stage may change them. Children's data is kept no longer than needed. */
  retentionDays: {
    /** Raw mail after ingest: long enough to replay a bad deploy's intake, no longer. */
    inbound: 30,
    quarantine: 30,
    failed: 90,
    /** Weekly KPI reports: aggregate counts, kept for year-on-year comparison. */
    reports: 730,
    /** Function and API logs (ids and counts only). */
    logs: 90,
    /** Request logs of the buckets and the web distribution. */
    accessLogs: 90,
  },
  limits: {
    maxMailBytes: MAX_MAIL_BYTES,
  },
  metrics: {
    /** CloudWatch namespace of the product's own metrics (Powertools `POWERTOOLS_METRICS_NAMESPACE`). */
    namespace: 'SendHub',
    names: {
      enquiriesReceived: 'EnquiriesReceived',
      firstResponses: 'FirstResponses',
      breaches: 'Breaches',
      escalations: 'Escalations',
      /** Escalator: enquiries due for an escalation check in a sweep. */
      queueDepth: 'QueueDepth',
    },
    /**
     * Every metric series the functions publish. CloudWatch bills each series (a metric name with
     * one set of dimension values) at $0.30 a month, by the hour it receives data; so every metric
     * has only the stage's `service` dimension (no channel, team, priority or step: those would
     * multiply the series, and the table already answers such questions), and only what an alarm
     * or the dashboard reads, or what signals a fault, is a metric. Other counts are in the
     * functions' log lines. `npm run cost` prices this list; a unit test keeps it true to the code.
     * `hours`: `every sweep` publishes around the clock; `with intake` in hours with enquiries or
     * responses; `on faults` only when something went wrong.
     */
    series: [
      { name: 'EnquiriesReceived', publisher: 'router', hours: 'with intake' },
      { name: 'PoisonMessages', publisher: 'router', hours: 'on faults' },
      { name: 'ThrottledIntakesRequeued', publisher: 'router', hours: 'on faults' },
      { name: 'FirstResponses', publisher: 'api-casework', hours: 'with intake' },
      { name: 'Escalations', publisher: 'escalator', hours: 'every sweep' },
      { name: 'Breaches', publisher: 'escalator', hours: 'every sweep' },
      { name: 'QueueDepth', publisher: 'escalator', hours: 'every sweep' },
      { name: 'DigestFailures', publisher: 'escalator', hours: 'on faults' },
    ],
  },
} as const;

/** `send-hub-<stage>-<base>`: the physical name of a named AWS resource (queues, functions). */
export function awsResourceName(stage: string, base: string): string {
  return `send-hub-${stage}-${base}`;
}

/**
 * Powertools `service` of every function of a stage. It is also the one dimension of the product's
 * metrics (`SendHub` namespace), which the alarms and the dashboard query by it.
 */
export function metricsServiceName(stage: string): string {
  return `send-hub-${stage}`;
}
