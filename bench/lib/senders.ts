/**
 * The benchmarks' senders, in a process of their own (`sender-process.ts`): parents' mail clients
 * and the call handlers' browsers are not part of the hub, so their work (nodemailer's SMTP
 * client, JSON bodies, HTTP) must not take the measured stack's event loop. The stack's process
 * only hands over a prebuilt message and hears back when its door accepted it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

export type SenderRequest =
  | {
      readonly kind: 'init';
      readonly id: number;
      readonly smtpPort: number;
      readonly smtpConnections: number;
      readonly httpUrl: string;
      readonly accessToken: string;
      readonly hubMailbox: string;
    }
  | { readonly kind: 'mail'; readonly id: number; readonly raw: Uint8Array }
  | { readonly kind: 'calls'; readonly id: number; readonly body: string };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface SenderReply {
  readonly id: number;
  readonly error?: string;
}

export class SenderError extends Error {
  override readonly name = 'SenderError';
}

export interface Senders {
  /** Sends one raw message through the SMTP door; resolves when the door accepted it. */
  sendMail(raw: Uint8Array): Promise<void>;
  /** Posts a JSON array of phone-log entries in one request; resolves when the API answered 200. */
  postCalls(body: string): Promise<void>;
  stop(): void;
}

export async function startSenders(options: {
  readonly smtpPort: number;
  readonly smtpConnections: number;
  readonly httpUrl: string;
  readonly accessToken: string;
  readonly hubMailbox: string;
}): Promise<Senders> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'sender-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    // Buffers cross as bytes (structured clone), not as JSON arrays of numbers.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let next = 0;
  let gone: Error | undefined;
  child.on('message', (reply: SenderReply) => {
    const entry = waiting.get(reply.id);
    if (entry === undefined) return;
    waiting.delete(reply.id);
    if (reply.error === undefined) entry.resolve();
    else entry.reject(new SenderError(reply.error));
  });
  child.once('exit', (code, signal) => {
    gone = new SenderError(`the sender process ended (${code ?? signal})`);
    for (const entry of waiting.values()) entry.reject(gone);
    waiting.clear();
  });
  const ask = (body: WithoutId<SenderRequest>): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (gone !== undefined) {
        reject(gone);
        return;
      }
      next += 1;
      waiting.set(next, { resolve, reject });
      child.send({ ...body, id: next } satisfies SenderRequest);
    });
  await ask({ kind: 'init', ...options });
  return {
    sendMail: (raw) => ask({ kind: 'mail', raw }),
    postCalls: (body) => ask({ kind: 'calls', body }),
    stop() {
      if (child.connected) child.disconnect();
    },
  };
}
