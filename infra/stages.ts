/**
 * A stage is one deployment of SEND Hub (dev, prod) with the hub's own settings. A council changes
 * the values here, or overrides them without a code edit through CDK context:
 *
 *   npx cdk deploy -c stage=prod -c 'sendHub:prod={"alarmEmail":"send-ops@council.example.gov.uk"}'
 *
 * or the same object under `"sendHub:prod"` in cdk.json / cdk.context.json. Overrides are merged
 * over the defaults below (objects merge, other values replace) and the result is validated, so a
 * typo fails the synth with the field named.
 */
import * as z from 'zod';
import { FUNCTION_NAMES, type FunctionName, RESOURCES } from '../shared/adapters/resource-definitions';

const domainName = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lower-case DNS name',
  );
const email = z.email();
const days = z.number().int().positive();
/** ACM certificate for CloudFront, which takes certificates only from us-east-1. */
const certificateArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, 'must be an ACM ARN in us-east-1');

/**
 * X-Ray tracing of a function. `Active`: Lambda samples it itself (the first request each second
 * and 5% beyond; it honours no sampling rule), so at a hub's pace every invocation is a billed
 * trace. `PassThrough`: traced only when the caller's trace header says sampled.
 */
export const TracingMode = z.enum(['Active', 'PassThrough']);
export type TracingMode = z.infer<typeof TracingMode>;

/**
 * Functions that pass tracing through by default: the intake path, invoked once or twice for
 * every enquiry. Nothing upstream of them samples (S3 notifications and HTTP APIs send no trace
 * header, and SQS only forwards ingest's), so they record no trace unless an operator turns
 * `Active` back on for a stage (docs/deploy.md, "Tracing").
 */
const PASS_THROUGH_BY_DEFAULT: readonly FunctionName[] = ['ingest-email', 'ingest-phone', 'router'];

/** The tracing mode of every function when a stage names none. */
export const DEFAULT_TRACING: Readonly<Record<FunctionName, TracingMode>> = Object.fromEntries(
  FUNCTION_NAMES.map((name) => [name, PASS_THROUGH_BY_DEFAULT.includes(name) ? 'PassThrough' : 'Active']),
) as Record<FunctionName, TracingMode>;

export const StageParamsSchema = z
  .object({
    /** Short lower-case name, part of every resource name. */
    stage: z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, 'must be 1-16 lower-case letters, digits or dashes'),
    /**
     * A stage holding real enquiries. Synth refuses it unless it names its own AWS account (not
     * another stage's), receives mail in its region, has the council's domains for the page and the
     * API, an alarm address, and no development address anywhere (infra/production-checks.ts).
     */
    production: z.boolean().default(false),
    /** AWS account; omitted means the account of the credentials deploying it (or none offline). */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit account id')
      .optional(),
    /** Region of everything; SES must offer email receiving there (see docs/deploy.md). */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-2'),
    mail: z.object({
      /** Domain verified in SES (Easy DKIM); covers its subdomains. */
      domain: domainName,
      /**
       * The address the council mailbox redirects to, on `domain` or a subdomain of it whose MX
       * record points at SES (the council's own MX stays with Exchange).
       */
      inboundAddress: email,
      /** The address acknowledgements and escalations come from: the hub configuration's `hub.fromAddress`. */
      fromAddress: email,
      /** Subdomain of `domain` used as the custom MAIL FROM (SPF alignment for DMARC). */
      mailFromSubdomain: z
        .string()
        .regex(/^[a-z0-9-]+$/)
        .default('bounce'),
      /**
       * Only one SES receipt rule set can be active in a region. Name the council's active set here
       * to add the hub's rule to it; leave it out to create a set of our own (then activate it).
       */
      existingReceiptRuleSetName: z.string().min(1).optional(),
      /**
       * While the account is in the SES sandbox, SES only delivers to verified addresses and checks
       * the sender's permission on the recipient too: list test recipients here (each gets a
       * verification email) and remove them once production access is granted.
       */
      sandboxRecipients: z.array(email).default([]),
      /**
       * Set once SES shows the domain verified (docs/deploy.md step 6): Cognito then sends staff
       * mail through SES from `fromAddress`. Cognito checks the identity when the setting is
       * applied, so it stays false for the first deployment.
       */
      domainVerified: z.boolean().default(false),
    }),
    web: z.object({
      /** Custom domain for the web page; without it the CloudFront domain is the origin. */
      customDomain: domainName.optional(),
      /** ACM certificate in us-east-1 for `customDomain` (CloudFront requires that region). */
      certificateArn: certificateArn.optional(),
      /** Countries (ISO 3166-1 alpha-2) allowed to load the staff web page. */
      allowedCountries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
      /** Extra OAuth callback origins, e.g. the local stack during development. */
      extraCallbackOrigins: z.array(z.url()).default([]),
    }),
    auth: z.object({
      /** Cognito hosted sign-in prefix: https://<prefix>.auth.<region>.amazoncognito.com (unique per region). */
      domainPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/),
      /**
       * The sign-in page on the council's own domain (e.g. `sign-in.send-hub.kent.gov.uk`) instead
       * of the prefix address: staff see the council's name where they type their password. Cognito
       * serves it through CloudFront, so `certificateArn` must be an ACM certificate in us-east-1
       * covering it, and its parent domain must resolve (an A or alias record; docs/deploy.md).
       */
      customDomain: domainName.optional(),
      certificateArn: certificateArn.optional(),
    }),
    api: z
      .object({
        /**
         * The API's own domain (e.g. `api.send-hub.kent.gov.uk`), served by CloudFront with the WAF
         * web ACL; needs an ACM certificate in us-east-1 covering it (`certificateArn`, or the
         * page's certificate when that covers both names).
         */
        customDomain: domainName.optional(),
        certificateArn: certificateArn.optional(),
        /**
         * After rotating the origin secret (docs/deploy.md), the `VersionId` that
         * `aws secretsmanager put-secret-value` printed: CloudFront then sends that version.
         */
        originSecretVersionId: z
          .string()
          .regex(/^[0-9a-f-]{32,64}$/i, 'must be a Secrets Manager VersionId')
          .optional(),
      })
      .default({}),
    waf: z
      .object({
        /**
         * Requests one address may make in five minutes before WAF blocks it (page, API and
         * sign-in each). Council offices send all their staff from a few addresses: keep it well
         * above a busy office's morning.
         */
        rateLimitPer5Minutes: z.number().int().min(10).max(2_000_000_000).default(3000),
      })
      .default({ rateLimitPer5Minutes: 3000 }),
    /**
     * Concurrent router invocations kept for the router alone, so a burst elsewhere in the account
     * (the API, a report) can never stop enquiries being recorded. At least the intake queue's
     * maximum concurrency, or the router would throttle itself.
     */
    routerReservedConcurrency: z
      .number()
      .int()
      .min(RESOURCES.intakeQueue.maxConcurrency)
      .max(1000)
      .default(10),
    /** AWS Backup of the enquiry table, beyond point-in-time recovery (35 days, AWS's maximum). */
    backup: z
      .object({
        dailyDays: days.default(35),
        monthlyDays: days.default(365),
      })
      .default({ dailyDays: 35, monthlyDays: 365 }),
    /** Hub configuration (teams, calendar, service levels) copied into every function bundle; repo-relative. */
    hubConfigFile: z.string().min(1),
    retentionDays: z.object({
      inbound: days,
      quarantine: days,
      failed: days,
      reports: days,
      logs: days,
      accessLogs: days,
    }),
    /** Who hears about alarms (an email subscription needing confirmation). Optional for dev. */
    alarmEmail: email.optional(),
    /** Breaches in one hour that raise the "breaches rising" alarm. */
    breachAlarmThreshold: z.number().int().positive(),
    /** HTTP API throttling across all routes. */
    apiThrottle: z.object({ rateLimit: z.number().positive(), burstLimit: z.number().int().positive() }),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
    /**
     * X-Ray tracing per function (`Active` or `PassThrough`); an override names only the functions
     * it changes, e.g. `{"tracing":{"router":"Active"}}`. The cost section of `npm run bench`
     * prices traces from the production stage's modes.
     */
    tracing: z
      .object(
        Object.fromEntries(
          FUNCTION_NAMES.map((name) => [name, TracingMode.default(DEFAULT_TRACING[name])]),
        ) as Record<FunctionName, z.ZodDefault<typeof TracingMode>>,
      )
      .strict()
      .prefault({}),
  })
  .superRefine((params, ctx) => {
    for (const field of ['inboundAddress', 'fromAddress'] as const) {
      const addressDomain = params.mail[field].split('@')[1] ?? '';
      if (addressDomain !== params.mail.domain && !addressDomain.endsWith(`.${params.mail.domain}`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['mail', field],
          message: `must be an address on ${params.mail.domain} or one of its subdomains`,
        });
      }
    }
    if ((params.web.customDomain === undefined) !== (params.web.certificateArn === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['web', 'certificateArn'],
        message: 'customDomain and certificateArn go together',
      });
    }
    if ((params.auth.customDomain === undefined) !== (params.auth.certificateArn === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['auth', 'certificateArn'],
        message: 'auth.customDomain and auth.certificateArn go together',
      });
    }
    if (
      params.api.customDomain !== undefined &&
      params.api.certificateArn === undefined &&
      params.web.certificateArn === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['api', 'certificateArn'],
        message:
          "api.customDomain needs a certificate: api.certificateArn, or the page's covering both names",
      });
    }
  });

export type StageParams = z.infer<typeof StageParamsSchema>;
type StageInput = z.input<typeof StageParamsSchema>;

const shared = {
  region: 'eu-west-2',
  hubConfigFile: 'config/hub.json',
  retentionDays: { ...RESOURCES.retentionDays },
  web: { allowedCountries: ['GB'] as string[] },
};

/**
 * The defaults of each stage. The example domains are placeholders a council replaces: SES signs
 * for the council's domain (three DKIM CNAMEs), mail from the hub mailbox is redirected to an
 * address on a dedicated subdomain whose MX points at SES, and the From address is the hub
 * configuration's.
 */
export const STAGES: Record<string, StageInput> = {
  dev: {
    ...shared,
    stage: 'dev',
    mail: {
      domain: 'kent.example.gov.uk',
      inboundAddress: 'enquiries@send-hub-dev-mail.kent.example.gov.uk',
      fromAddress: 'send.hub@kent.example.gov.uk',
    },
    web: { ...shared.web, extraCallbackOrigins: ['http://localhost:3000'] },
    auth: { domainPrefix: 'kent-send-hub-dev' },
    retentionDays: {
      ...shared.retentionDays,
      inbound: 7,
      quarantine: 7,
      failed: 30,
      logs: 30,
      accessLogs: 30,
    },
    breachAlarmThreshold: 5,
    apiThrottle: { rateLimit: 20, burstLimit: 40 },
    logLevel: 'DEBUG',
  },
  prod: {
    ...shared,
    stage: 'prod',
    production: true,
    // The council's records policy: logs and request logs 13 months (a year of audit and a month
    // to look into it), daily backups 35 days and monthly backups a year (see docs/deploy.md).
    retentionDays: { ...shared.retentionDays, logs: 400, accessLogs: 400 },
    backup: { dailyDays: 35, monthlyDays: 365 },
    mail: {
      domain: 'kent.example.gov.uk',
      inboundAddress: 'enquiries@send-hub-mail.kent.example.gov.uk',
      fromAddress: 'send.hub@kent.example.gov.uk',
    },
    auth: { domainPrefix: 'kent-send-hub' },
    alarmEmail: 'send-hub-alerts@kent.example.gov.uk',
    breachAlarmThreshold: 5,
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    logLevel: 'INFO',
  },
};

/** Thrown when the chosen stage or its overrides are not usable; names the field. */
export class StageConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StageConfigError';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) result[key] = merge(base[key], value);
  return result;
}

/** Something with CDK context, e.g. an App. */
interface ContextSource {
  readonly node: { tryGetContext(key: string): unknown };
}

/**
 * The parameters of the stage named by the `stage` context value (default `dev`), with any
 * `sendHub:<stage>` context override merged in and validated.
 */
export function resolveStage(scope: ContextSource): StageParams {
  const stageContext = scope.node.tryGetContext('stage');
  const stage = typeof stageContext === 'string' ? stageContext : 'dev';
  const defaults = STAGES[stage];
  if (defaults === undefined) {
    throw new StageConfigError(
      `Unknown stage "${stage}" (context "stage"); known: ${Object.keys(STAGES).join(', ')}`,
    );
  }
  let override = scope.node.tryGetContext(`sendHub:${stage}`);
  if (typeof override === 'string') {
    try {
      override = JSON.parse(override);
    } catch (error) {
      throw new StageConfigError(`Context "sendHub:${stage}" is not valid JSON`, { cause: error });
    }
  }
  return parseStageParams(override === undefined ? defaults : merge(defaults, override));
}

/**
 * Every other known stage's parameters (with their context overrides), for checks across stages
 * such as keeping production in an account of its own. Stages that do not validate are skipped.
 */
export function otherStages(scope: ContextSource, stage: string): StageParams[] {
  const others: StageParams[] = [];
  for (const name of Object.keys(STAGES)) {
    if (name === stage) continue;
    try {
      others.push(
        resolveStage({
          node: { tryGetContext: (key) => (key === 'stage' ? name : scope.node.tryGetContext(key)) },
        }),
      );
    } catch {
      // A broken override of another stage is that stage's problem, reported when it is synthesised.
    }
  }
  return others;
}

/** Validates stage parameters, failing with every bad field named. */
export function parseStageParams(input: unknown): StageParams {
  const result = StageParamsSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new StageConfigError(`Invalid stage parameters:\n  ${problems.join('\n  ')}`, {
      cause: result.error,
    });
  }
  return result.data;
}
