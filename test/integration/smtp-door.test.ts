/**
 * The local SMTP door's size limit (SES's 40 MB) against the S3 emulator, driven by a plain SMTP
 * conversation over a socket: a message over the limit is streamed (never built in memory by the
 * test) and refused with 552 at the end of DATA, nothing stored or delivered, and the session goes
 * on; a message just under the limit is accepted, stored whole and delivered once.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSmtpDoor } from '../../local/smtp-door';
import { s3Client } from '../../shared/adapters/aws-clients';
import { RESOURCES } from '../../shared/adapters/resource-definitions';

const s3 = s3Client({ endpoint: inject('fauxqsEndpoint') });
const BUCKET = `smtp-door-it-${randomUUID().slice(0, 8)}`;
const PREFIX = 'inbound/';
const LIMIT = RESOURCES.limits.maxMailBytes;

const delivered: S3Event[] = [];
let door: Awaited<ReturnType<typeof startSmtpDoor>>;
let port = 0;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A line-oriented SMTP client: `reply()` resolves with the next complete (multi-line) reply. */
class SmtpSession {
  private buffer = '';
  private lines: string[] = [];
  private readonly replies: string[] = [];
  private waiting: ((reply: string) => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      this.buffer += text;
      for (let end = this.buffer.indexOf('\r\n'); end >= 0; end = this.buffer.indexOf('\r\n')) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.lines.push(line);
        // The last line of a reply has a space after its code (`250 OK`); others a dash (`250-SIZE`).
        if (!/^\d{3} /.test(line)) continue;
        const reply = this.lines.join('\n');
        this.lines = [];
        const taker = this.waiting;
        this.waiting = null;
        if (taker === null) this.replies.push(reply);
        else taker(reply);
      }
    });
  }

  static async open(): Promise<SmtpSession> {
    const socket = tcpConnect(port, '127.0.0.1');
    const session = new SmtpSession(socket);
    await once(socket, 'connect');
    expect(await session.reply()).toMatch(/^220 /);
    expect(await session.command('EHLO tester.example.org')).toMatch(/^250/m);
    return session;
  }

  reply(): Promise<string> {
    const ready = this.replies.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** Writes a chunk, waiting for the socket to drain (the message is never held whole). */
  async write(chunk: string): Promise<void> {
    if (!this.socket.write(chunk)) await once(this.socket, 'drain');
  }

  async close(): Promise<void> {
    await this.command('QUIT');
    this.socket.end();
  }
}

const LINE = `${'A'.repeat(76)}\r\n`;

/**
 * Sends one message of about `bodyBytes` bytes of body and returns the reply to the end of DATA.
 * The body is written line by line through the socket's back-pressure.
 */
async function sendMessage(session: SmtpSession, bodyBytes: number, tag: string): Promise<string> {
  expect(await session.command('MAIL FROM:<parent@example.org>')).toMatch(/^250 /);
  expect(await session.command('RCPT TO:<send.enquiries@kent.example.gov.uk>')).toMatch(/^250 /);
  expect(await session.command('DATA')).toMatch(/^354 /);
  const header = [
    'From: Parent <parent@example.org>',
    'To: send.enquiries@kent.example.gov.uk',
    `Subject: Scanned letters ${tag}`,
    `Message-ID: <${tag}@example.org>`,
    'Content-Type: text/plain',
    '',
    '',
  ].join('\r\n');
  await session.write(header);
  const lines = Math.floor(bodyBytes / LINE.length);
  const batch = LINE.repeat(1024);
  for (let sent = 0; sent < lines; sent += 1024) {
    await session.write(lines - sent >= 1024 ? batch : LINE.repeat(lines - sent));
  }
  await session.write('.\r\n');
  return session.reply();
}

async function storedKeys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  port = await freePort();
  door = await startSmtpDoor({
    port,
    s3,
    bucket: BUCKET,
    prefix: PREFIX,
    // The limit the local stack uses (SES's own).
    maxBytes: LIMIT,
    deliver: async (event) => {
      delivered.push(event);
    },
  });
});

afterAll(async () => {
  await door?.stop();
});

describe('the SMTP door refuses mail over SES 40 MB limit', () => {
  it('announces the limit in its EHLO reply', async () => {
    const session = await SmtpSession.open();
    const ehlo = await session.command('EHLO again.example.org');
    expect(ehlo).toContain(`SIZE ${LIMIT}`);
    await session.close();
  });

  it('refuses at MAIL FROM a message whose declared SIZE is over the limit', async () => {
    const session = await SmtpSession.open();
    const reply = await session.command(`MAIL FROM:<parent@example.org> SIZE=${LIMIT + 1}`);
    expect(reply).toMatch(/^552 /);
    await session.close();
  });

  it('answers 552 at the end of DATA for an undeclared message over the limit, stores and delivers nothing, and keeps the session', async () => {
    const session = await SmtpSession.open();
    const before = await storedKeys();

    const reply = await sendMessage(session, LIMIT + 512 * 1024, 'too-big');

    expect(reply).toMatch(/^552 /);
    await door.idle();
    expect(await storedKeys()).toEqual(before);
    expect(delivered).toHaveLength(0);
    // The connection is still usable: a small message right after is accepted.
    expect(await sendMessage(session, 2_000, 'after-refusal')).toMatch(/^250 /);
    await door.idle();
    expect(delivered).toHaveLength(1);
    await session.close();
    delivered.length = 0;
  });

  it('accepts a message just under the limit, stores it whole and delivers it once', async () => {
    const session = await SmtpSession.open();
    const before = new Set(await storedKeys());

    const reply = await sendMessage(session, LIMIT - 64 * 1024, 'just-under');

    expect(reply).toMatch(/^250 /);
    await door.idle();
    const added = (await storedKeys()).filter((key) => !before.has(key));
    expect(added).toHaveLength(1);
    const key = added[0] ?? '';
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    // The message plus the receipt block the door writes on top, as SES does.
    expect(head.ContentLength ?? 0).toBeGreaterThan(LIMIT - 64 * 1024);
    expect(delivered.map((event) => decodeURIComponent(event.Records[0]?.s3.object.key ?? ''))).toEqual([
      key,
    ]);
    await session.close();
  });
});
