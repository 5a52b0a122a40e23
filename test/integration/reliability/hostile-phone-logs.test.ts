/**
 * Poison and malformed input at the phone door (`POST /phone-logs`), through the production
 * ingest-phone handler, the intake queue (fauxqs) and the router (DynamoDB Local, SES emulator):
 * JSON bombs and broken CSV get a clear 400/413 naming the field or line, the good entries of the
 * same request still become enquiries, and nothing is half-written or dead-lettered.
 *
 * Already proven elsewhere (not repeated): one bad field, a bad row in a batch or CSV, every row
 * bad, 415, 413 for a body or entry count over the limit, a body that is not JSON, re-posted
 * callIds (test/integration/ingest-phone.test.ts); the entry validator is total (unit, fast-check).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Enquiry } from '../../../shared/domain/enquiry';
import { type Pipeline, startPipeline } from '../../support/reliability-pipeline';

let pipeline: Pipeline;
let sequence = 0;

interface Caller {
  readonly callId: string;
  readonly email: string;
  /** Unique too: a call from a number with an open enquiry would join it. */
  readonly phone: string;
}

function caller(label: string): Caller {
  sequence += 1;
  return {
    callId: `REL-${pipeline.tag}-${label}-${sequence}`,
    email: `${label}.${sequence}.${pipeline.tag}@example.org`,
    phone: `07700 900${String(100 + sequence).padStart(3, '0')}`,
  };
}

function entry(who: Caller, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    callId: who.callId,
    receivedAt: '2026-11-23T10:02:00Z',
    caller: { name: 'Sam Carter', phone: who.phone, email: who.email },
    summary: 'Asked when the school taxi will start again.',
    ...overrides,
  };
}

async function onlyEnquiry(email: string): Promise<Enquiry> {
  const open = await pipeline.enquiriesOf(email);
  expect(open, email).toHaveLength(1);
  const [enquiry] = open;
  if (enquiry === undefined) throw new Error(`no enquiry for ${email}`);
  return enquiry;
}

async function contactBody(enquiry: Enquiry): Promise<string> {
  const timeline = await pipeline.enquiries.getTimeline(enquiry.id);
  const contact = timeline.find((item) => item.kind === 'contact');
  return contact?.kind === 'contact' ? contact.contact.body : '';
}

function nestedArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

beforeAll(async () => {
  pipeline = await startPipeline({
    dynamo: inject('dynamoEndpoint'),
    fauxqs: inject('fauxqsEndpoint'),
    ses: inject('sesEndpoint'),
  });
  pipeline.startRouter();
});

describe('JSON bombs at POST /phone-logs', () => {
  it('refuses the bad entries of a batch by field and turns the good ones, emoji and all, into enquiries', async () => {
    const good = [caller('good'), caller('good'), caller('good')];
    const longest = caller('longest');
    const emoji = caller('emoji');
    const bad = {
      deep: caller('deep'),
      name: caller('name'),
      summary: caller('summary'),
      callId: caller('callid'),
      number: caller('number'),
    };
    const body = [
      '[',
      JSON.stringify(entry(good[0] ?? caller('x'))),
      `,${nestedArrays(100_000)}`,
      `,${JSON.stringify(entry(bad.name, { caller: { name: 'N'.repeat(10_000), email: bad.name.email } }))}`,
      `,${JSON.stringify(entry(longest, { summary: `Taxi. ${'S'.repeat(9_994)}` }))}`,
      `,${JSON.stringify(entry(bad.summary, { summary: 'S'.repeat(10_001) }))}`,
      `,${JSON.stringify(entry(good[1] ?? caller('x')))}`,
      `,${JSON.stringify(entry(bad.callId, { callId: 'C'.repeat(10_000) }))}`,
      `,${JSON.stringify(entry(bad.deep, { caller: 'DEEP' })).replace('"DEEP"', nestedArrays(5_000))}`,
      `,${JSON.stringify(entry(emoji, { summary: 'We are so worried 😟 — no taxi since \uFFFF Monday' }))}`,
      `,${JSON.stringify(entry(bad.number, { receivedAt: 1e308, callbackRequested: '1'.repeat(5_000) }))}`,
      `,${JSON.stringify(entry(good[2] ?? caller('x')))}`,
      ']',
    ].join('');
    expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);

    const answer = await pipeline.postPhoneLogs(body);

    expect(answer.status).toBe(207);
    const rejected = answer.body.rejected as { index: number; fields: { path: string }[] }[];
    expect(rejected.map((row) => [row.index, row.fields.map((field) => field.path).sort()])).toEqual([
      [1, ['[1]']],
      [2, ['[2].caller.name']],
      [4, ['[4].summary']],
      [6, ['[6].callId']],
      [7, ['[7].caller']],
      [9, ['[9].callbackRequested', '[9].receivedAt']],
    ]);
    // Answers name the field and the rule, never the value (a refused callId is cut to 100 characters).
    expect(JSON.stringify(answer.body)).not.toMatch(/NNNN|SSSS|C{101}/);

    await pipeline.drained();
    for (const who of [...good, longest, emoji]) {
      expect((await onlyEnquiry(who.email)).acknowledgedAt, who.callId).not.toBeNull();
    }
    expect(await contactBody(await onlyEnquiry(emoji.email))).toContain(
      'We are so worried 😟 — no taxi since \uFFFF Monday',
    );
    expect(await contactBody(await onlyEnquiry(longest.email))).toContain('S'.repeat(9_994));
    for (const who of Object.values(bad)) expect(await pipeline.enquiriesOf(who.email)).toEqual([]);
    expect(await pipeline.deadLetters()).toBe(0);
  });

  it('takes the good entry beside an array nested 200,000 levels deep', async () => {
    const who = caller('bomb');
    const body = `[${JSON.stringify(entry(who))},${nestedArrays(200_000)}]`;

    const answer = await pipeline.postPhoneLogs(body);

    expect(answer.status).toBe(207);
    expect(answer.body.rejected).toEqual([
      { index: 1, callId: null, fields: [{ path: '[1]', message: expect.any(String) }] },
    ]);
    await pipeline.drained();
    await onlyEnquiry(who.email);
  });

  it('answers 413 to a huge array before validating any entry, and queues nothing', async () => {
    const who = caller('huge-array');
    const body = `[${JSON.stringify(entry(who))}${',0'.repeat(400_000)}]`;

    const answer = await pipeline.postPhoneLogs(body);

    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toMatch(/at most 500 entries/);
    await pipeline.drained();
    expect(await pipeline.enquiriesOf(who.email)).toEqual([]);
  });

  it('answers 413 to a body over a megabyte, however it is nested', async () => {
    expect((await pipeline.postPhoneLogs(nestedArrays(600_000))).status).toBe(413);
  });
});

describe('broken CSV at POST /phone-logs', () => {
  const header = 'callId,receivedAt,caller.name,caller.phone,caller.email,summary';

  it('refuses a file with broken quoting as a whole (400 naming the line), queues nothing, and takes it once fixed', async () => {
    const rows = [caller('csv'), caller('csv'), caller('csv')];
    const line = (who: Caller, summary: string) =>
      `${who.callId},2026-11-23T10:02:00Z,Sam Carter,${who.phone},${who.email},${summary}`;
    const broken = [
      header,
      line(rows[0] ?? caller('x'), 'Asked about the taxi'),
      line(rows[1] ?? caller('x'), '"Asked about "the" plan'),
      line(rows[2] ?? caller('x'), 'Asked about funding'),
    ].join('\n');

    const refused = await pipeline.postPhoneLogs(broken, 'text/csv');

    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^the CSV is malformed at line \d+$/);
    expect(refused.body.error.fields[0].path).toMatch(/^line \d+$/);
    await pipeline.drained();
    for (const who of rows) expect(await pipeline.enquiriesOf(who.email)).toEqual([]);

    const fixed = broken.replace('"Asked about "the" plan', '"Asked about ""the"" plan"');
    const accepted = await pipeline.postPhoneLogs(fixed, 'text/csv');
    expect(accepted.status).toBe(200);
    await pipeline.drained();
    for (const who of rows) await onlyEnquiry(who.email);
    expect(await contactBody(await onlyEnquiry(rows[1]?.email ?? ''))).toContain('Asked about "the" plan');
  });

  it('reports a row with an over-long cell by its line and still takes the rows around it', async () => {
    const rows = [caller('csv-wide'), caller('csv-wide'), caller('csv-wide')];
    const line = (who: Caller, summary: string) =>
      `${who.callId},2026-11-23T10:02:00Z,Sam Carter,${who.phone},${who.email},${summary}`;
    const csv = [
      header,
      line(rows[0] ?? caller('x'), 'Asked about the taxi'),
      line(rows[1] ?? caller('x'), `"${'S'.repeat(10_001)}"`),
      line(rows[2] ?? caller('x'), 'Asked about funding'),
    ].join('\n');

    const answer = await pipeline.postPhoneLogs(csv, 'text/csv');

    expect(answer.status).toBe(207);
    expect(answer.body.rejected).toEqual([
      {
        index: 1,
        line: 3,
        callId: rows[1]?.callId,
        fields: [{ path: '[1].summary', message: 'must be at most 10000 characters' }],
      },
    ]);
    await pipeline.drained();
    await onlyEnquiry(rows[0]?.email ?? '');
    await onlyEnquiry(rows[2]?.email ?? '');
    expect(await pipeline.enquiriesOf(rows[1]?.email ?? '')).toEqual([]);
    expect(await pipeline.deadLetters()).toBe(0);
  });
});
