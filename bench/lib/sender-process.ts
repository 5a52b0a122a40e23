/**
 * The load generator's own process (started by `bench/lib/senders.ts`): the senders' SMTP client
 * (nodemailer) and HTTP client live here, as the hub's correspondents live on other machines, so
 * building and sending their messages does not take the measured stack's event loop. Each request
 * from the parent is one message to send or one `POST /phone-logs`; the answer says when the door
 * accepted it, or why it did not.
 */
import { createTransport, type Transporter } from 'nodemailer';
import type { SenderReply, SenderRequest } from './senders';

let smtp: Transporter | undefined;
let http: { url: string; accessToken: string } | undefined;
let hubMailbox = '';

function reply(message: SenderReply): void {
  process.send?.(message);
}

async function perform(request: SenderRequest): Promise<void> {
  if (request.kind === 'init') {
    smtp = createTransport({
      host: '127.0.0.1',
      port: request.smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: request.smtpConnections,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    http = { url: request.httpUrl, accessToken: request.accessToken };
    hubMailbox = request.hubMailbox;
    return;
  }
  if (request.kind === 'mail') {
    if (smtp === undefined) throw new Error('sender not initialised');
    await smtp.sendMail({
      envelope: { from: 'bench@example.org', to: [hubMailbox] },
      raw: Buffer.from(request.raw),
    });
    return;
  }
  if (http === undefined) throw new Error('sender not initialised');
  const response = await fetch(`${http.url}/phone-logs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${http.accessToken}`, 'content-type': 'application/json' },
    body: request.body,
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`POST /phone-logs answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
}

process.on('message', (request: SenderRequest) => {
  perform(request).then(
    () => reply({ id: request.id }),
    (error: unknown) =>
      reply({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});

// The parent went away (finished or killed): nothing left to send for.
process.on('disconnect', () => {
  smtp?.close();
  process.exit(0);
});
