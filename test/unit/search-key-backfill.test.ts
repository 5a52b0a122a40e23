/** The backfill's bookkeeping: what it counts, and what it does when an enquiry changes or goes meanwhile. */
import { describe, expect, it } from 'vitest';
import type { Enquiry } from '../../shared/domain/enquiry';
import { ValidationError } from '../../shared/domain/errors';
import { withPhonesInE164 } from '../../shared/domain/phone-numbers';
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
  storeAnswers: Record<string, 'changed'[]> = {},
): SearchKeyBackfillStore & {
  asked: { from: string; to: string }[];
  stored: Enquiry[];
  refreshed: Enquiry[];
} {
  const asked: { from: string; to: string }[] = [];
  const stored: Enquiry[] = [];
  const refreshed: Enquiry[] = [];
  return {
    asked,
    stored,
    refreshed,
    async *receivedBetween(from, to) {
      asked.push({ from, to });
      yield* enquiries.filter((e) => e.receivedAt >= from && e.receivedAt < to);
    },
    async getEnquiry(id) {
      return reread(id);
    },
    async storePhones(item) {
      stored.push(item);
      return storeAnswers[item.id]?.shift() === 'changed' ? null : { ...item, version: item.version + 1 };
    },
    async refreshSearchKeys(item) {
      refreshed.push(item);
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

  it('stores national numbers in E.164 first, then refreshes the keys of the version it stored', async () => {
    const old: Enquiry = {
      ...enquiry('2026-11-23T10:00:00.000Z'),
      requester: { name: 'Ben Bowman', email: null, phone: '07700 900411' },
      knownPhones: ['07700 900411', '+447700900411', '0117 496 0123'],
    };
    const current = { ...enquiry('2026-11-23T11:00:00.000Z'), knownPhones: ['+447700900412'] };
    const store = scriptedStore([old, current], { [old.id]: ['written'] });
    const summary = await backfillSearchKeys(store, { from: '2026-11-23', to: '2026-11-23', dryRun: false });
    expect(store.stored.map((e) => [e.id, e.version, e.requester.phone, e.knownPhones])).toEqual([
      [old.id, old.version, '+447700900411', ['+447700900411', '+441174960123']],
    ]);
    expect(store.refreshed.map((e) => [e.id, e.version])).toEqual([
      [old.id, old.version + 1],
      [current.id, current.version],
    ]);
    expect(summary).toMatchObject({ enquiries: 2, phonesNormalised: 1, updated: 1, current: 1 });
  });

  it('in a dry run stores no number and counts the keys of the numbers as they would be', async () => {
    const old: Enquiry = { ...enquiry('2026-11-23T10:00:00.000Z'), knownPhones: ['07700 900411'] };
    const store = scriptedStore([old], {});
    const summary = await backfillSearchKeys(store, { from: '2026-11-23', to: '2026-11-23', dryRun: true });
    expect(store.stored).toEqual([]);
    expect(store.refreshed.map((e) => e.knownPhones)).toEqual([['+447700900411']]);
    expect(summary).toMatchObject({ phonesNormalised: 1, updated: 1, current: 0 });
  });

  it('reads an enquiry again when it changed before its numbers could be stored', async () => {
    const old: Enquiry = { ...enquiry('2026-11-23T10:00:00.000Z'), knownPhones: ['07700 900411'] };
    const moved = { ...old, version: old.version + 1, knownPhones: ['07700 900411', '07700 900499'] };
    const store = scriptedStore([old], {}, () => moved, { [old.id]: ['changed'] });
    const summary = await backfillSearchKeys(store, { from: '2026-11-23', to: '2026-11-23', dryRun: false });
    expect(store.stored.map((e) => [e.version, e.knownPhones])).toEqual([
      [old.version, ['+447700900411']],
      [moved.version, ['+447700900411', '+447700900499']],
    ]);
    expect(summary).toMatchObject({ reread: 1, phonesNormalised: 1, updated: 1 });
  });
});

describe('withPhonesInE164', () => {
  it('keeps a number that cannot be one as it was, and the same enquiry when every number is E.164', () => {
    const odd: Enquiry = {
      ...enquiry('2026-11-23T10:00:00.000Z'),
      requester: { name: null, email: null, phone: '0770' },
      knownPhones: ['0770', '+33 6 12 34 56 78'],
    };
    const normalised = withPhonesInE164(odd);
    expect(normalised.requester.phone).toBe('0770');
    expect(normalised.knownPhones).toEqual(['0770', '+33612345678']);
    expect(withPhonesInE164(normalised)).toBe(normalised);
  });
});
