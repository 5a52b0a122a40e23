/**
 * Starts the whole local stack in-process on free ports (memory mode, no escalator timer) for
 * end-to-end tests, and gives tests the public doors: SMTP, the HTTP API with a signed-in user, and
 * the SES outbox.
 */
import { createTransport } from 'nodemailer';
import { freePort } from '../../local/emulators';
import { type LocalStack, startLocalStack } from '../../local/stack';

export interface OutboxEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { to: string[]; cc?: string[]; bcc?: string[] };
  readonly subject: string;
  readonly body: { text?: string; html?: string };
  readonly at: number;
}

/** Calls the HTTP API as a signed-in user; `T` is the JSON body the test expects back. */
export type ApiCaller = <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: T }>;

export interface Harness {
  readonly stack: LocalStack;
  /** Sends a raw RFC 5322 message through the SMTP door, as a mailbox redirect would. */
  sendMail(raw: string | Buffer): Promise<void>;
  /** Signs in as a demo user and returns a JSON caller for the HTTP API. */
  as(username: string): Promise<ApiCaller>;
  /** Emails the SES emulator holds that were sent after the harness started. */
  outbox(): Promise<OutboxEmail[]>;
  /** Demo usernames by group, e.g. the first caseworker of team east. */
  userWith(...groups: string[]): string;
}

export interface HarnessOptions {
  /** Receives the stack's own lines (what `npm start` prints); they are dropped by default. */
  readonly log?: (line: string) => void;
  /** Serve the API on an origin of its own, apart from the page, as production does. */
  readonly crossOrigin?: boolean;
  /** Run the router and ingest-email on worker threads (`LocalStackOptions.functionThreads`). */
  readonly functionThreads?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const [httpPort, smtpPort, sesPort] = [await freePort(), await freePort(), await freePort()];
  const apiPort = options.crossOrigin === true ? await freePort() : undefined;
  const stack = await startLocalStack({
    memory: true,
    dataDir: '.data-test-unused',
    httpPort,
    apiPort,
    smtpPort,
    sesPort,
    dynamoPort: 0,
    fauxqsPort: 0,
    hubConfigFile: 'config/hub.json',
    escalateEveryMs: 0,
    functionThreads: options.functionThreads ?? false,
    log: options.log ?? (() => undefined),
  });
  const startedAt = Math.floor(Date.now() / 1000) - 1;
  const smtp = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  return {
    stack,
    async sendMail(raw) {
      await smtp.sendMail({
        envelope: { from: 'sender@example.org', to: ['send.enquiries@kent.example.gov.uk'] },
        raw,
      });
    },
    async as(username) {
      const signIn = await fetch(`${stack.urls.http}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'demo' }),
      });
      const { accessToken } = (await signIn.json()) as { accessToken: string };
      const caller: ApiCaller = async <T>(method: string, path: string, body?: unknown) => {
        const response = await fetch(`${stack.urls.api}${path}`, {
          method,
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
      };
      return caller;
    },
    async outbox() {
      const response = await fetch(`${stack.urls.ses}/store?since=${startedAt}`);
      return ((await response.json()) as { emails: OutboxEmail[] }).emails;
    },
    userWith(...groups) {
      const user = stack.auth
        .listUsers()
        .find((candidate) => groups.every((group) => candidate.groups.includes(group)));
      if (user === undefined) throw new Error(`no demo user with groups ${groups.join(', ')}`);
      return user.username;
    },
  };
}

/** A plain-text RFC 5322 message to the hub mailbox, as a parent's mail client would send it. */
export function plainEmail(options: {
  from: string;
  subject: string;
  text: string;
  messageId: string;
  date?: Date;
}): string {
  return [
    `From: ${options.from}`,
    'To: send.enquiries@kent.example.gov.uk',
    `Subject: ${options.subject}`,
    `Date: ${(options.date ?? new Date()).toUTCString()}`,
    `Message-ID: <${options.messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.text,
    '',
  ].join('\r\n');
}

/**
 * Sends a plain email enquiry through the SMTP door and returns its reference, read from the
 * acknowledgement the enquirer gets.
 */
export async function sendEnquiry(
  hub: Harness,
  options: { from: string; name: string; subject: string; text: string; messageId: string },
): Promise<string> {
  await hub.sendMail(
    plainEmail({
      from: `${options.name} <${options.from}>`,
      subject: options.subject,
      text: options.text,
      messageId: options.messageId,
      date: new Date(Date.now() - 60_000),
    }),
  );
  await hub.stack.drained();
  const ack = await waitFor(
    async () => (await hub.outbox()).find((sent) => sent.destination.to.includes(options.from)),
    `the acknowledgement to ${options.from}`,
  );
  const reference = /SEND-[2-9A-HJ-NP-Z]{6}/.exec(ack.subject)?.[0];
  if (reference === undefined) throw new Error('the acknowledgement carries no reference');
  return reference;
}

/** Polls `probe` until it returns a value, or fails naming what it waited for. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
