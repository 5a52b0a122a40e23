/**
 * Poison and malformed mail at the email door, through the production ingest-email and router
 * handlers against fauxqs (S3, SQS), DynamoDB Local and the SES emulator. Whatever arrives, every
 * stored message ends as exactly one acknowledged enquiry or as a failure record beside the kept
 * raw mail; nothing is dead-lettered, and good mail in the same S3 event is never held up.
 *
 * Already proven elsewhere (not repeated): redelivered notifications, a Message-ID under two keys,
 * virus quarantine, spam, a message with no sender, an oversized message and a storage fault
 * (test/integration/ingest-email.test.ts); arbitrary bytes never crash the parser (unit, fast-check).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { RESOURCES } from '../../../shared/adapters/resource-definitions';
import type { Enquiry } from '../../../shared/domain/enquiry';
import { type Pipeline, startPipeline } from '../../support/reliability-pipeline';

let pipeline: Pipeline;
let sequence = 0;

function address(label: string): string {
  sequence += 1;
  return `${label}.${sequence}.${pipeline.tag}@example.org`;
}

interface MailParts {
  from: string;
  subject?: string;
  messageId?: string;
  headers?: string[];
  contentType?: string;
  body?: string;
}

function mail(parts: MailParts): string {
  return [
    `From: ${parts.from}`,
    'To: send.enquiries@kent.example.gov.uk',
    `Subject: ${parts.subject ?? 'Help with the school taxi'}`,
    'Date: Wed, 6 May 2026 08:31:44 +0100',
    `Message-ID: ${parts.messageId ?? `<${sequence}.${pipeline.tag}@mail.example.org>`}`,
    ...(parts.headers ?? []),
    'MIME-Version: 1.0',
    `Content-Type: ${parts.contentType ?? 'text/plain; charset=utf-8'}`,
    '',
    parts.body ?? 'Our taxi to school has not come for three days. Can someone help?',
    '',
  ].join('\r\n');
}

/** `depth` multipart/mixed containers, one inside the other, around one line of text. */
function nestedMultipart(from: string, depth: number): string {
  let part = 'Content-Type: text/plain; charset=utf-8\r\n\r\nInnermost words about the taxi.\r\n';
  for (let level = depth; level > 0; level -= 1) {
    part = `Content-Type: multipart/mixed; boundary="level-${level}"\r\n\r\n--level-${level}\r\n${part}\r\n--level-${level}--\r\n`;
  }
  const [headers = '', ...rest] = part.split('\r\n\r\n');
  return mail({ from, contentType: headers.replace(/^Content-Type: /, ''), body: rest.join('\r\n\r\n') });
}

/** A message forwarded as an attachment, that message forwarded as an attachment, `depth` times. */
function nestedAttachedMessages(from: string, depth: number): string {
  let inner = mail({ from, subject: 'The original question', body: 'Where is the taxi?' });
  for (let level = depth; level > 0; level -= 1) {
    inner = mail({
      from,
      subject: `Fw: layer ${level}`,
      messageId: `<layer-${level}.${sequence}.${pipeline.tag}@mail.example.org>`,
      contentType: `multipart/mixed; boundary="wrap-${level}"`,
      body: [
        `--wrap-${level}`,
        'Content-Type: text/plain',
        '',
        `Passing this on (${level}).`,
        `--wrap-${level}`,
        'Content-Type: message/rfc822',
        '',
        inner,
        `--wrap-${level}--`,
      ].join('\r\n'),
    });
  }
  return inner;
}

interface Case {
  readonly label: string;
  readonly from: string;
  readonly raw: string | Buffer;
  key: string;
  status: string;
}

const cases = new Map<string, Case>();

function add(label: string, from: string, raw: string | Buffer): void {
  cases.set(label, { label, from, raw, key: '', status: '' });
}

function get(label: string): Case {
  const found = cases.get(label);
  if (found === undefined) throw new Error(`no case ${label}`);
  return found;
}

async function onlyEnquiry(email: string): Promise<Enquiry> {
  const open = await pipeline.enquiriesOf(email);
  expect(open, email).toHaveLength(1);
  const [enquiry] = open;
  if (enquiry === undefined) throw new Error(`no enquiry for ${email}`);
  return enquiry;
}

async function failureRecord(key: string): Promise<{ reason: string; detail: string } | null> {
  const text = await pipeline.readText(`failed/${key}.json`);
  return text === null ? null : (JSON.parse(text) as { reason: string; detail: string });
}

beforeAll(async () => {
  pipeline = await startPipeline({
    dynamo: inject('dynamoEndpoint'),
    fauxqs: inject('fauxqsEndpoint'),
    ses: inject('sesEndpoint'),
  });
  const good = () => mail({ from: `Robin Good <${address('good')}>` });
  add('good-first', '', good());
  const truncated = address('truncated');
  add(
    'truncated',
    truncated,
    mail({
      from: `Tam Cut <${truncated}>`,
      contentType: 'multipart/mixed; boundary="cut"',
      body: [
        '--cut',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'My daughter has had no school place since September.',
        '--cut',
        'Content-Type: application/pdf; name="letter.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29',
      ].join('\r\n'),
    }).slice(0, -2),
  );
  const junk = Buffer.alloc(64 * 1024);
  for (let i = 0; i < junk.length; i += 1) junk[i] = (i * 7919 + 13) % 256;
  add('junk', '', junk);
  add('good-second', '', good());
  const klingon = address('charset');
  add(
    'unknown-charset',
    klingon,
    Buffer.from(
      mail({
        from: `Kit Charset <${klingon}>`,
        contentType: 'text/plain; charset=x-unheard-of-9',
        headers: ['Content-Transfer-Encoding: 8bit'],
        body: '\xe9\xe8\xff\xfe\x81\x9d'.repeat(60),
      }),
      'latin1',
    ),
  );
  // Header blocks just under the parser's 1 MiB limit (over it is the header-flood case below).
  const subject = address('subject');
  add('huge-subject', subject, mail({ from: `Sol Long <${subject}>`, subject: 'taxi '.repeat(180_000) }));
  const name = address('name');
  add('huge-name', name, mail({ from: `"${'Parent '.repeat(100_000)}" <${name}>` }));
  const references = address('references');
  add(
    'huge-references',
    references,
    mail({
      from: `Ray Refs <${references}>`,
      subject: 'Re: Help with the school taxi',
      headers: [
        `In-Reply-To: <${'r'.repeat(5_000)}@mail.example.org>`,
        `References: ${Array.from({ length: 15_000 }, (_, i) => `<ref-${i}@mail.example.org>`).join('\r\n ')}`,
      ],
    }),
  );
  const messageId = address('message-id');
  add(
    'huge-message-id',
    messageId,
    mail({ from: `Mo Id <${messageId}>`, messageId: `<${'x'.repeat(5_000)}@mail.example.org>` }),
  );
  add(
    'huge-address',
    '',
    mail({
      from: `Al Long <${'a'.repeat(3_000)}.${pipeline.tag}@example.org>`,
      messageId: `<huge-address.${pipeline.tag}@mail.example.org>`,
    }),
  );
  const forwarded = address('forwarded');
  add(
    'huge-forwarded-sender',
    forwarded,
    mail({
      from: 'Hub Officer <hub.officer@kent.example.gov.uk>',
      subject: 'FW: taxi',
      body: [
        'Passing this on.',
        '',
        '________________________________',
        `From: ${'Parent '.repeat(60_000)}<${forwarded}>`,
        'Sent: 05 May 2026 14:02',
        'To: send.enquiries@kent.example.gov.uk',
        `Subject: ${'taxi '.repeat(60_000)}`,
        '',
        'Our taxi has not come all week.',
      ].join('\r\n'),
    }),
  );
  const nested = address('nested-multipart');
  add('nested-multipart-200', nested, nestedMultipart(`Nia Nest <${nested}>`, 200));
  const attached = address('nested-attached');
  add('nested-attached-200', attached, nestedAttachedMessages(`Ari Attach <${attached}>`, 200));
  add('nested-multipart-5000', '', nestedMultipart(`Deep Nest <${address('too-deep')}>`, 5_000));
  add(
    'header-flood',
    '',
    mail({
      from: `Flo Headers <${address('flood')}>`,
      headers: Array.from({ length: 60_000 }, (_, i) => `X-Padding-${i}: ${i}`),
    }),
  );
  const emoji = address('emoji');
  add(
    'emoji',
    emoji,
    mail({
      from: `Em Oji <${emoji}>`,
      subject: 'Taxi 🚕 not coming',
      body: 'We are so worried 😟 — no taxi since \uFFFF Monday.',
    }),
  );
  add('good-last', '', good());

  for (const item of cases.values()) item.key = await pipeline.storeMail(item.raw);
  const results = await pipeline.ingestEmail(...[...cases.values()].map((item) => item.key));
  for (const item of cases.values()) {
    item.status = results.find((result) => result.key === item.key)?.status ?? 'missing';
  }
  await pipeline.drained(60_000);
}, 180_000);

describe('hostile mail at the email door, in one S3 event with good mail', () => {
  it('still makes one acknowledged enquiry of every good message around the hostile ones', async () => {
    for (const label of ['good-first', 'good-second', 'good-last']) {
      const item = get(label);
      expect(item.status, label).toBe('queued');
      const from = /<([^>]+)>/.exec(String(item.raw))?.[1] ?? '';
      const enquiry = await onlyEnquiry(from);
      expect(enquiry.acknowledgedAt).not.toBeNull();
      expect(await pipeline.outbox(from)).toHaveLength(1);
    }
  });

  it('keeps an email with emoji and a stray U+FFFF word for word (SQS refuses them raw)', async () => {
    const item = get('emoji');
    expect(item.status).toBe('queued');
    const enquiry = await onlyEnquiry(item.from);
    expect(enquiry.subject).toBe('Taxi 🚕 not coming');
    const timeline = await pipeline.enquiries.getTimeline(enquiry.id);
    const contact = timeline.find((entry) => entry.kind === 'contact');
    expect(contact?.kind === 'contact' && contact.contact.body).toBe(
      'We are so worried 😟 — no taxi since \uFFFF Monday.',
    );
  });

  it('keeps a message cut off in the middle of an attachment as an enquiry with the text it has', async () => {
    const item = get('truncated');
    expect(item.status).toBe('queued');
    const enquiry = await onlyEnquiry(item.from);
    const timeline = await pipeline.enquiries.getTimeline(enquiry.id);
    const contact = timeline.find((entry) => entry.kind === 'contact');
    expect(contact?.kind === 'contact' && contact.contact.body).toContain('no school place');
  });

  it('records binary junk (not mail at all) as a failure beside the kept raw mail', async () => {
    const junk = get('junk');
    expect(junk.status).toBe('failed');
    expect((await failureRecord(junk.key))?.reason).toBe('not-mail');
    expect(await pipeline.exists(junk.key)).toBe(true);
  });

  it('opens an enquiry for text in an unknown character set, saying on the timeline what could not be read', async () => {
    const charset = get('unknown-charset');
    expect(charset.status).toBe('queued');
    const enquiry = await onlyEnquiry(charset.from);
    const timeline = await pipeline.enquiries.getTimeline(enquiry.id);
    const note = timeline.find((entry) => entry.kind === 'event' && entry.event.detail.kind === 'decoding');
    expect(note?.kind === 'event' ? String(note.event.detail.text) : '').toContain('x-unheard-of-9');
  });

  it('makes one acknowledged enquiry of a message with a near-megabyte subject, sender or References', async () => {
    for (const label of ['huge-subject', 'huge-name', 'huge-references', 'huge-forwarded-sender']) {
      const item = get(label);
      expect(item.status, label).toBe('queued');
      const enquiry = await onlyEnquiry(item.from);
      expect(enquiry.acknowledgedAt, label).not.toBeNull();
      expect(enquiry.subject.length, label).toBeLessThanOrEqual(1_000);
      expect(enquiry.requester.name?.length ?? 0, label).toBeLessThanOrEqual(200);
    }
  });

  it('makes one enquiry of a message whose Message-ID is too long to be a key, once however often it comes', async () => {
    const item = get('huge-message-id');
    expect(item.status).toBe('queued');
    expect((await onlyEnquiry(item.from)).acknowledgedAt).not.toBeNull();
    // Notified again: queued again under the same intake id, and the router's marker makes it nothing.
    const again = await pipeline.ingestEmail(item.key);
    expect(again.map((result) => result.status)).toEqual(['queued']);
    await pipeline.drained();
    expect((await onlyEnquiry(item.from)).contactCount).toBe(1);
    expect(await pipeline.outbox(item.from)).toHaveLength(1);
  });

  it('keeps a message from an address too long to exist as an unacknowledged enquiry', async () => {
    expect(get('huge-address').status).toBe('queued');
    const id = await pipeline.enquiries.findIntake(`email:huge-address.${pipeline.tag}@mail.example.org`);
    const enquiry = await pipeline.enquiries.getEnquiry(id ?? '');
    expect(enquiry?.requester).toEqual({ name: 'Al Long', email: null, phone: null });
    expect(enquiry?.acknowledgedAt).toBeNull();
  });

  it('reads 200 levels of nested multipart and of attached messages', async () => {
    expect(get('nested-multipart-200').status).toBe('queued');
    expect(get('nested-attached-200').status).toBe('queued');
    const nested = await onlyEnquiry(get('nested-multipart-200').from);
    const timeline = await pipeline.enquiries.getTimeline(nested.id);
    const contact = timeline.find((entry) => entry.kind === 'contact');
    expect(contact?.kind === 'contact' && contact.contact.body).toContain('Innermost words');
    await onlyEnquiry(get('nested-attached-200').from);
  });

  it('reads nesting and header blocks beyond any real mail as plain text, and still opens an enquiry', async () => {
    for (const label of ['nested-multipart-5000', 'header-flood']) {
      const item = get(label);
      expect(item.status, label).toBe('queued');
      expect(await pipeline.exists(item.key), label).toBe(true);
    }
  });

  it('leaves every stored message as an enquiry or a failure record, and nothing in the DLQ', async () => {
    for (const item of cases.values()) {
      const failed = (await failureRecord(item.key)) !== null;
      expect(`${item.label}: ${item.status} ${failed ? 'recorded' : ''}`.trim()).toMatch(
        failed ? /: failed recorded$/ : /: queued$/,
      );
    }
    expect(await pipeline.deadLetters()).toBe(0);
  });
});

describe('mail near the size limit', () => {
  it('takes a real 30 MB message as one enquiry, its text shortened to fit, the raw mail keeping it all', async () => {
    expect(RESOURCES.limits.maxMailBytes).toBe(40 * 1024 * 1024);
    const from = address('thirty-mb');
    const paragraph = 'Here is everything that has happened with the school and the taxi since March. ';
    const raw = mail({
      from: `Tess Long <${from}>`,
      body: paragraph.repeat(Math.ceil((30 * 1024 * 1024) / paragraph.length)),
    });
    expect(Buffer.byteLength(raw)).toBeGreaterThan(30 * 1024 * 1024);
    const key = await pipeline.storeMail(raw, { verbatim: true });

    const started = performance.now();
    const [result] = await pipeline.ingestEmail(key);
    const ingestMs = performance.now() - started;
    await pipeline.drained();

    expect(result?.status).toBe('queued');
    // Parsing 30 MB costs about 3 s here; a Lambda has 60 s (RESOURCES functions) for the whole batch.
    expect(ingestMs).toBeLessThan(20_000);
    const enquiry = await onlyEnquiry(from);
    const timeline = await pipeline.enquiries.getTimeline(enquiry.id);
    const contact = timeline.find((entry) => entry.kind === 'contact');
    if (contact?.kind !== 'contact') throw new Error('no contact on the enquiry');
    expect(contact.contact.body.startsWith(paragraph)).toBe(true);
    expect(contact.contact.bodyTruncated).toBe(true);
    expect(contact.contact.raw).toEqual({ bucket: pipeline.bucket, key });
    expect(Buffer.byteLength((await pipeline.readText(key)) ?? '')).toBe(Buffer.byteLength(raw));
  });

  it('takes a message exactly at the limit and records one a byte over it as too-large', async () => {
    const atFrom = address('at-limit');
    const overFrom = address('over-limit');
    const at = mail({ from: `Ada Fit <${atFrom}>` });
    // Same length as `at` plus one byte: a longer display name.
    const over = mail({ from: `Ada Fitt <${overFrom}>` }).slice(0, Buffer.byteLength(at) + 1);
    expect(Buffer.byteLength(over)).toBe(Buffer.byteLength(at) + 1);
    const atKey = await pipeline.storeMail(at, { verbatim: true });
    const overKey = await pipeline.storeMail(over, { verbatim: true });

    const results = await pipeline.ingestEmailWithLimit(Buffer.byteLength(at), atKey, overKey);
    await pipeline.drained();

    expect(results.map((result) => result.status)).toEqual(['queued', 'failed']);
    expect(await pipeline.enquiriesOf(atFrom)).toHaveLength(1);
    expect(await pipeline.enquiriesOf(overFrom)).toEqual([]);
    const record = await failureRecord(overKey);
    expect(record?.reason).toBe('too-large');
    expect(record?.detail).toContain(`over the ${Buffer.byteLength(at)}-byte limit`);
    expect(await pipeline.exists(overKey)).toBe(true);
  });
});
