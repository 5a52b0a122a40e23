/**
 * The parents' status check learns a guesser nothing: whatever is wrong (the verifier, the
 * reference, its shape), the answer is the same and the work done to reach it is the same (one
 * enquiry read, both attempt counters), so neither the body nor the reads tell them apart.
 */
import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import type { Enquiry } from '../../shared/domain/enquiry';
import type { RateLimits } from '../../shared/finding/ports';
import { lookUpStatus } from '../../shared/finding/status-page';
import { openTestEnquiry } from '../support/enquiry-fixtures';

const config = defaultHubConfig();
const now = new Date('2026-11-23T10:00:00.000Z');
const stored: Enquiry = openTestEnquiry().enquiry;

function countingDeps() {
  const reads: string[] = [];
  const hits: string[] = [];
  const counts = new Map<string, number>();
  const rateLimits: RateLimits = {
    async hit(key) {
      hits.push(key.replace(/#[^#]*$/, '#…'));
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return count;
    },
  };
  const enquiries = {
    async getEnquiry(id: string): Promise<Enquiry | null> {
      reads.push('enquiry');
      return id === stored.id ? stored : null;
    },
  };
  return { deps: { enquiries, rateLimits, config } as Parameters<typeof lookUpStatus>[0], reads, hits };
}

describe('POST /status for a guesser', () => {
  it('does the same work and gives the same answer for a wrong verifier, an unknown reference and a malformed one', async () => {
    const cases = [
      { reference: stored.id, verifier: 'someone@else.example.org' },
      { reference: 'SEND-ZZZZZZ', verifier: 'jo.bloggs@example.org' },
      { reference: 'not a reference', verifier: '07700 900123' },
    ];
    const seen = [];
    for (const body of cases) {
      const { deps, reads, hits } = countingDeps();
      const answer = await lookUpStatus(deps, body, '198.51.100.7', now);
      seen.push({ answer, reads, hits });
    }
    for (const { answer, reads, hits } of seen) {
      expect(answer).toEqual({ kind: 'not-found' });
      expect(reads).toEqual(['enquiry']);
      expect(hits).toEqual(['status#ref#…', 'status#client#…']);
    }
  });

  it('finds it with the email or the phone it came from, in any case or format', async () => {
    for (const verifier of ['JO.BLOGGS@example.org', '07700 900123', '+44 (0)7700 900123']) {
      const { deps } = countingDeps();
      const answer = await lookUpStatus(
        deps,
        { reference: stored.id.toLowerCase(), verifier },
        'client',
        now,
      );
      expect(answer.kind, verifier).toBe('found');
    }
  });
});
