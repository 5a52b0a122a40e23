/**
 * A public corpus of hostile mail that we did not write: the message fixtures that the WildDuck
 * mail server (zone-eu/wildduck, EUPL-1.2) publishes in its npm package for its own IMAP tests,
 * including Ryan Finnie's MIME torture test (nested message/rfc822 parts, mixed charsets, broken
 * boundaries), a multipart without the blank line before its first boundary, messages of headers
 * only, and a real marketing mail with long folded headers. The package is a pinned devDependency
 * (package.json) and nothing of it is copied here: the test reads the files where npm put them.
 * package.json overrides its transitive `cbor-extract` to 2.2.2: 2.2.3 names platform binaries
 * 2.2.3 that the registry these machines use does not have, which made `npm ci` refuse the lock.
 *
 * `send-hub triage` must open an enquiry for every message (all of them are mail), none crashing
 * or hanging; the same reader the local stack and ingest-email use parses each within a bound.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ParseEmailOptions, parseEmail } from '../../shared/intake/parse-email';
import { asStoredByStandIn } from '../../shared/intake/receipt-verdicts';
import { sendHub, triageLines } from '../support/send-hub-cli';

const require = createRequire(import.meta.url);
const corpus = join(dirname(require.resolve('wildduck/package.json')), 'imap-core', 'test', 'fixtures');
const files = readdirSync(corpus)
  .filter((file) => file.endsWith('.eml'))
  .sort();

const ARRIVED = new Date('2026-11-30T10:05:00Z');
const OPTIONS: ParseEmailOptions = {
  hubAddresses: ['send.enquiries@kent.example.gov.uk'],
  councilDomains: ['kent.example.gov.uk'],
  raw: { bucket: 'corpus', key: 'corpus' },
  arrivedAt: ARRIVED,
};
/** Per message: the reader must finish well inside a Lambda's time even on a loaded machine. */
const PER_MESSAGE_MS = 10_000;

function withinBound<T>(work: Promise<T>, file: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${file} took longer than ${PER_MESSAGE_MS} ms`)),
      PER_MESSAGE_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

describe("WildDuck's published test messages", () => {
  it('are where the pinned package puts them: ten messages, the MIME torture test among them', () => {
    expect(files).toHaveLength(10);
    expect(files).toEqual(
      expect.arrayContaining(['ryan_finnie_mime_torture.eml', 'no_empty_line_between_text_boundary.eml']),
    );
  });

  it('send-hub triage opens an enquiry for every one, none crashing or hanging', async () => {
    const { code, stdout, stderr } = await sendHub(['triage', ...files.map((file) => join(corpus, file))], {
      timeoutMs: 120_000,
    });
    const lines = triageLines(stdout);
    expect(lines.map((line) => line.file.split('/').at(-1)).sort()).toEqual(files);
    for (const line of lines) {
      const name = line.file.split('/').at(-1) ?? '';
      expect(line.error, name).toBeUndefined();
      expect(line.topic, name).toBeDefined();
      expect(line.receivedAt, name).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    expect(code, stderr).toBe(0);
  }, 150_000);

  it.each(files)(
    '%s becomes an intake message within the bound, saying what could not be read',
    async (file) => {
      const raw = asStoredByStandIn(readFileSync(join(corpus, file)), {
        authentication: 'pass',
        at: ARRIVED,
        by: 'corpus',
      });
      const intake = await withinBound(parseEmail(raw, OPTIONS), file);
      expect(intake.channel).toBe('email');
      expect(Date.parse(intake.receivedAt)).toBeLessThanOrEqual(ARRIVED.getTime());
      if (`${intake.subject}${intake.body}`.includes('\uFFFD')) {
        expect(
          intake.notes?.some((note) => note.kind === 'decoding'),
          file,
        ).toBe(true);
      }
    },
  );
});
