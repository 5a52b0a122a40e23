/** The backfill's bookkeeping: what it counts, and what it does when an enquiry changes or goes meanwhile. */
import { describe, expect, it } from 'vitest';
import type { Enquiry } from '../../shared/domain/enquiry';
import { ValidationError } from '../../shared/domain/errors';
import {
  backfillSearchKeys,
  type SearchKeyBackfillStore,
  type SearchKeyRefresh,
} from '../../shared/finding/search-key-backfill';
import { openTestEnquiry } from '../support/enquiry-fixtures';

function enquiry(receivedAt: string): Enquiry {
  return openTestEnquiry({ receivedAt }).enquiry;
}

/** A store whose refresh answers come from a script, one per call, per enquiry. */
function scriptedStore(
  enquiries: readonly Enquiry[],
  answers: Record<string, SearchKeyRefresh['outcome'][]>,
  reread: (id: string) => Enquiry | null = (id) => enquiries.find((e) => e.id === id) ?? null,
): SearchKeyBackfillStore & { asked: { from: string; to: string }[] } {
  const asked: { from: string; to: string }[] = [];
  return {
    asked,
    async *receivedBetween(from, to) {
      asked.push({ from, to });
      yield* enquiries.filter((e) => e.receivedAt >= from && e.receivedAt < to);
    },
    async getEnquiry(id) {
      return reread(id);
    },
    async refreshSearchKeys(item) {
      const outcome = answers[item.id]?.shift() ?? 'current';
      return {
        outcome,
        put: outcome === 'written' ? 4 : 0,
        deleted: outcome === 'written' ? 1 : 0,
        indexed: outcome === 'written',
      };
    },
  };
}

describe('search-key backfill', () => {
  it('reads whole UTC days from --from to --to inclusive and counts what it wrote', async () => {
    const [a, b, c] = [
      enquiry('2026-11-23T00:00:00.000Z'),
      enquiry('2026-11-24T23:59:59.000Z'),
      enquiry('2026-11-25T00:00:00.000Z'),
    ];
    if (a === undefined || b === undefined || c === undefined) throw new Error('fixtures');
    const store = scriptedStore([a, b, c], { [a.id]: ['written'], [b.id]: ['current'] });
    const summary = await backfillSearchKeys(store, { from: '2026-11-23', to: '2026-11-24', dryRun: false });
    expect(store.asked).toEqual([{ from: '2026-11-23T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' }]);
    expect(summary).toMatchObject({
      enquiries: 2,
      updated: 1,
      current: 1,
      keysPut: 4,
      keysDeleted: 1,
      indexesFixed: 1,
      reread: 0,
    });
  });

  it('reads an enquiry again when it changed meanwhile, and counts one that was purged meanwhile', async () => {
    const moved = enquiry('2026-11-23T10:00:00.000Z');
    const purged = enquiry('2026-11-23T11:00:00.000Z');
    const store = scriptedStore(
      [moved, purged],
      { [moved.id]: ['changed', 'written'], [purged.id]: ['changed'] },
      (id) => (id === moved.id ? { ...moved, version: moved.version + 1 } : null),
    );
    const summary = await backfillSearchKeys(store, { from: '2026-11-23', to: '2026-11-23', dryRun: false });
    expect(summary).toMatchObject({ enquiries: 2, updated: 1, reread: 2, gone: 1 });
  });

  it('refuses a day that is not one, or --to before --from, naming the flag', async () => {
    const store = scriptedStore([], {});
    await expect(
      backfillSearchKeys(store, { from: '2026-02-30', to: '2026-03-01', dryRun: true }),
    ).rejects.toThrow(ValidationError);
    await expect(
      backfillSearchKeys(store, { from: '2026-03-02', to: '2026-03-01', dryRun: true }),
    ).rejects.toMatchObject({ field: 'to' });
  });
});
