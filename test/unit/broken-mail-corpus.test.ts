/**
 * Broken mail, as real clients and mail servers send it (test/fixtures/broken-mail/README.md):
 * `send-hub triage` opens an enquiry for every message and refuses only the files that are not
 * mail at all, none crashing or hanging; what could not be read is said on the enquiry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IntakeFailureError } from '../../shared/intake/errors';
import { type ParseEmailOptions, parseEmail } from '../../shared/intake/parse-email';
import { asStoredByStandIn } from '../../shared/intake/receipt-verdicts';
import { sendHub, triageLines } from '../support/send-hub-cli';

const corpus = fileURLToPath(new URL('../fixtures/broken-mail/', import.meta.url));
const files = readdirSync(corpus)
  .filter((file) => file.endsWith('.eml'))
  .sort();
const notMail = files.filter((file) => file.startsWith('not-mail-'));
const mail = files.filter((file) => !file.startsWith('not-mail-'));

const OPTIONS: ParseEmailOptions = {
  hubAddresses: ['send.enquiries@kent.example.gov.uk'],
  councilDomains: ['kent.example.gov.uk'],
  raw: { bucket: 'corpus', key: 'corpus' },
  arrivedAt: new Date('2026-11-30T10:05:00Z'),
};

function read(file: string): Buffer {
  const at = new Date('2026-11-30T10:05:00Z');
  return asStoredByStandIn(readFileSync(join(corpus, file)), { authentication: 'pass', at, by: 'corpus' });
}

describe('a corpus of broken mail', () => {
  it('holds messages of every kind the issue names, and files that are not mail', () => {
    expect(mail.length).toBeGreaterThanOrEqual(25);
    expect(notMail.length).toBeGreaterThanOrEqual(4);
    for (const kind of [
      'iso-2022-jp',
      'rfc6532',
      'broken-encoded-words',
      'empty-content-transfer-encoding',
      'several-content-types',
      'invalid-reference',
    ]) {
      expect(
        files.some((file) => file.startsWith(kind)),
        kind,
      ).toBe(true);
    }
  });

  it('send-hub triage opens an enquiry for every message and refuses only what is not mail', async () => {
    const started = performance.now();
    const { code, stdout } = await sendHub(['triage', ...files.map((file) => join(corpus, file))], {
      timeoutMs: 120_000,
    });
    const lines = triageLines(stdout);
    expect(lines.map((line) => line.file.split('/').at(-1)).sort()).toEqual(files);
    for (const line of lines) {
      const name = line.file.split('/').at(-1) ?? '';
      if (notMail.includes(name)) {
        expect(line.error, name).toContain('not an email message');
      } else {
        expect(line.error, name).toBeUndefined();
        expect(line.topic, name).toBeDefined();
        expect(line.receivedAt, name).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      }
    }
    // Exit 1 says some files were refused: exactly the ones that are not mail.
    expect(code).toBe(1);
    expect(performance.now() - started).toBeLessThan(120_000);
  }, 150_000);

  it.each(mail)('%s becomes an intake message, saying what could not be read', async (file) => {
    const intake = await parseEmail(read(file), OPTIONS);
    expect(intake.channel).toBe('email');
    // The sender's clock is never later than the hub's.
    expect(Date.parse(intake.receivedAt)).toBeLessThanOrEqual(Date.parse('2026-11-30T10:05:00Z'));
    const undecoded = `${intake.subject}${intake.body}`.includes('\uFFFD');
    if (undecoded)
      expect(
        intake.notes?.some((note) => note.kind === 'decoding'),
        file,
      ).toBe(true);
  });

  it.each(notMail)('%s is refused as not-mail', async (file) => {
    const refused = parseEmail(read(file), OPTIONS);
    await expect(refused).rejects.toBeInstanceOf(IntakeFailureError);
    await expect(refused).rejects.toMatchObject({ reason: 'not-mail' });
  });

  it('says on the enquiry when a message names no sender or uses a charset nobody can read', async () => {
    const noFrom = await parseEmail(read('no-from.eml'), OPTIONS);
    expect(noFrom.notes?.map((note) => note.text).join(' ')).toContain('names no sender');
    const charset = await parseEmail(read('unknown-charset.eml'), OPTIONS);
    expect(charset.body).toContain('tribunal');
    expect(charset.notes?.map((note) => note.text).join(' ')).toContain('x-unheard-of-9');
    const future = await parseEmail(read('date-2100.eml'), OPTIONS);
    expect(future.receivedAt).toBe('2026-11-30T10:05:00Z');
  });
});
