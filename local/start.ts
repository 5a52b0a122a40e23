/**
 * `npm start`: runs the whole of SEND Hub on this machine. `--memory` keeps data in memory;
 * otherwise it persists under `.data/`. Ports: PORT (3000), SMTP_PORT (2525), SES_PORT (8005).
 */
import path from 'node:path';
import * as z from 'zod';
import { DEMO_PASSWORD } from './demo-users';
import { startLocalStack } from './stack';

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Serve the API on its own origin (as in production) instead of beside the page. */
  API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  SES_PORT: z.coerce.number().int().min(1).max(65535).default(8005),
  DYNAMODB_PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  SQS_PORT: z.coerce.number().int().min(0).max(65535).default(4566),
  /** The staff user pool's admin API (what `send-hub staff` talks to). */
  COGNITO_PORT: z.coerce.number().int().min(1).max(65535).default(9229),
  HUB_CONFIG_FILE: z.string().default('config/hub.json'),
  ESCALATE_EVERY_SECONDS: z.coerce.number().min(0).default(300),
  /** How often the retention sweep runs locally (production: daily at 02:30). */
  RETENTION_EVERY_SECONDS: z.coerce.number().min(0).default(86_400),
  /** What the SMTP door says SPF/DKIM/DMARC found (it has no DNS): `pass`, or `fail` to rehearse forgeries. */
  SMTP_DOOR_AUTH: z.enum(['pass', 'fail']).default('pass'),
});

const args = new Set(process.argv.slice(2));
if (args.has('--help') || args.has('-h')) {
  process.stdout.write(
    'Usage: npm start [-- --memory]\n  --memory   keep all data in memory (default: persist under .data/)\n' +
      'Environment: PORT, API_PORT, SMTP_PORT, SES_PORT, DYNAMODB_PORT, SQS_PORT, COGNITO_PORT, HUB_CONFIG_FILE, ESCALATE_EVERY_SECONDS, RETENTION_EVERY_SECONDS, SMTP_DOOR_AUTH\n',
  );
  process.exit(0);
}

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  const issue = parsed.error.issues[0];
  process.stderr.write(`send-hub: bad environment: ${issue?.path.join('.')}: ${issue?.message}\n`);
  process.exit(1);
}
const env = parsed.data;
const memory = args.has('--memory');
const log = (line: string) => process.stdout.write(`${line}\n`);

log(`Starting SEND Hub locally (${memory ? 'data in memory' : 'data in .data/'})...`);
const started = Date.now();
const stack = await startLocalStack({
  memory,
  dataDir: path.resolve('.data'),
  httpPort: env.PORT,
  apiPort: env.API_PORT,
  smtpPort: env.SMTP_PORT,
  sesPort: env.SES_PORT,
  dynamoPort: env.DYNAMODB_PORT,
  fauxqsPort: env.SQS_PORT,
  cognitoPort: env.COGNITO_PORT,
  hubConfigFile: path.resolve(env.HUB_CONFIG_FILE),
  escalateEveryMs: env.ESCALATE_EVERY_SECONDS * 1000,
  smtpDoorAuthentication: env.SMTP_DOOR_AUTH,
  retentionEveryMs: env.RETENTION_EVERY_SECONDS * 1000,
  log,
}).catch((error: unknown) => {
  process.stderr.write(
    `send-hub: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

const users = stack.auth.listUsers();
log(`
SEND Hub is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s).

  Web page                ${stack.urls.http}            (API contract: ${stack.urls.http}/openapi.json)
  HTTP API                ${stack.urls.api}${stack.urls.api === stack.urls.http ? '            (same origin; API_PORT puts it on its own, as in production)' : '            (its own origin, as in production: CORS preflights included)'}
  Mailbox (SMTP)          ${stack.urls.smtp.replace('smtp://', '')}           any mail client can send an enquiry here
  Sent email (SES outbox) ${stack.urls.ses}            JSON at ${stack.urls.ses}/store
  DynamoDB Local          ${stack.urls.dynamodb}
  SQS + S3 (fauxqs)       ${stack.urls.sqs}
  Staff user pool (admin) ${stack.urls.cognito}            send-hub staff add|remove|list
  Sweeps (escalator, duty alerts, workload, statutory alerts) run every ${env.ESCALATE_EVERY_SECONDS} s; weekly report Mondays 07:00.

Demo users (password "${DEMO_PASSWORD}"):
${users.map((user) => `  ${user.username.padEnd(20)} ${user.groups.length === 0 ? `on a safeguarding duty list, no role (${user.email})` : user.groups.join(', ')}`).join('\n')}

Send a first enquiry:
  python3 -c "import smtplib; from email.message import EmailMessage as M; m=M(); m['From']='Jo Parent <jo@example.org>'; m['To']='send.enquiries@kent.example.gov.uk'; m['Subject']='EHC needs assessment'; m.set_content('How do I ask for an EHC needs assessment for my son in Margate CT9?'); smtplib.SMTP('127.0.0.1', ${env.SMTP_PORT}).send_message(m)"
  then sign in at ${stack.urls.http} (e.g. as a caseworker) or read the acknowledgement at ${stack.urls.ses}.

Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log('\nStopping SEND Hub...');
    stack.stop().then(
      () => {
        log('Stopped.');
        process.exit(0);
      },
      () => process.exit(1),
    );
  });
}
