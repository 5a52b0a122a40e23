/**
 * Search keys, and the enquiry item's own index keys, for enquiries stored before those existed
 * (`send-hub search-keys backfill`), and stored phone numbers in E.164: enquiries stored before
 * numbers were normalised keep national forms (`07700 900123`); the pass rewrites them (a new
 * version of the enquiry, conditional on the one read) before their keys, since search keys and the
 * phone index key a stored number as it is (parsing it there would put libphonenumber-js into
 * every function that saves an enquiry). An enquiry resolved before the retention index (GSI7) existed
 * has no entry there, so the retention sweep would never find it: the same pass writes it (and the
 * TTL backstop).
 * Every change to an enquiry writes its search keys in the same transaction; an enquiry nobody has
 * touched since has none, so search, the known-person join and the child record cannot find it.
 * The backfill reads enquiries day by day through the received-per-day index (a Query per day,
 * paged; never a Scan) and brings each one's keys up to date. Idempotent: a second run writes
 * nothing. An enquiry that changes meanwhile is read again (its own change wrote its keys).
 */
import type { Enquiry } from '../domain/enquiry';
import { ContentionError, ValidationError } from '../domain/errors';
import { withPhonesInE164 } from '../domain/phone-numbers';

/** What refreshing one enquiry's search keys did. */
export interface SearchKeyRefresh {
  /** `current`: nothing to do; `written`: keys put or deleted; `would-write`: a dry run found work; `changed`: the enquiry changed meanwhile, nothing written. */
  outcome: 'current' | 'written' | 'would-write' | 'changed';
  /** Key items put (or that a dry run would put). */
  put: number;
  /** Stale key items deleted (or that a dry run would delete). */
  deleted: number;
  /** The enquiry item's own index keys or retention TTL were (or would be) brought up to date. */
  indexed: boolean;
}

/** What the backfill needs from the table (the enquiry repository). */
export interface SearchKeyBackfillStore {
  /** Every enquiry received in [from, to), in time order, read a page at a time through an index. */
  receivedBetween(from: string, to: string, pageSize?: number): AsyncIterable<Enquiry>;
  getEnquiry(id: string): Promise<Enquiry | null>;
  /**
   * Puts missing keys and deletes stale ones, and brings the enquiry item's own index keys
   * (the retention index GSI7 among them) and retention TTL up to date, only if the enquiry is
   * still at `enquiry.version`.
   */
  refreshSearchKeys(enquiry: Enquiry, dryRun: boolean): Promise<SearchKeyRefresh>;
  /**
   * Stores the enquiry's numbers as given at the next version, only if it is still at
   * `enquiry.version`; `null` when it changed meanwhile or is gone.
   */
  storePhones(enquiry: Enquiry): Promise<Enquiry | null>;
}

export interface BackfillOptions {
  /** First UTC day (`YYYY-MM-DD`) of enquiries to look at. */
  readonly from: string;
  /** Last UTC day, inclusive. */
  readonly to: string;
  readonly dryRun: boolean;
}

export interface BackfillSummary {
  from: string;
  to: string;
  dryRun: boolean;
  /** Enquiries read. */
  enquiries: number;
  /** Enquiries whose keys were written (or would be, in a dry run). */
  updated: number;
  /** Enquiries whose keys were already right. */
  current: number;
  keysPut: number;
  keysDeleted: number;
  /** Enquiries whose own index keys or retention TTL were written (e.g. resolved before GSI7 existed). */
  indexesFixed: number;
  /** Enquiries whose stored phone numbers were rewritten in E.164 (or would be, in a dry run). */
  phonesNormalised: number;
  /** Enquiries that changed while the backfill ran and were read again. */
  reread: number;
  /** Enquiries gone (purged) before their keys could be written. */
  gone: number;
}

/** Tries per enquiry when it keeps changing under the backfill. */
const ATTEMPTS = 5;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayStart(day: string, field: string): number {
  const ms = DAY.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new ValidationError(`${field} must be a date like 2026-11-23, got "${day}"`, { field });
  }
  return ms;
}

/**
 * Stores one enquiry's numbers in E.164 if they are not, then brings its keys up to date, counting
 * what it did in `summary`. `false` when the enquiry changed meanwhile and must be read again.
 */
async function refreshOne(
  store: SearchKeyBackfillStore,
  enquiry: Enquiry,
  dryRun: boolean,
  summary: BackfillSummary,
): Promise<boolean> {
  let current = enquiry;
  const normalised = withPhonesInE164(enquiry);
  const phonesRewritten = normalised !== enquiry;
  if (phonesRewritten) {
    // A dry run goes on with the numbers as they would be stored, to count their keys.
    const stored = dryRun ? normalised : await store.storePhones(normalised);
    if (stored === null) return false;
    current = stored;
    summary.phonesNormalised += 1;
  }
  const result = await store.refreshSearchKeys(current, dryRun);
  // A change made after the numbers were stored wrote the keys itself, from the stored numbers.
  if (result.outcome === 'changed' && !phonesRewritten) return false;
  if (result.outcome === 'current' && !phonesRewritten) summary.current += 1;
  else summary.updated += 1;
  summary.keysPut += result.put;
  summary.keysDeleted += result.deleted;
  if (result.indexed) summary.indexesFixed += 1;
  return true;
}

/**
 * Brings the search keys of every enquiry received from `from` to `to` (UTC days, inclusive) up to
 * date. `progress` is told after each enquiry (for a counter on a terminal).
 * @throws ValidationError for a malformed day or `to` before `from`.
 */
export async function backfillSearchKeys(
  store: SearchKeyBackfillStore,
  options: BackfillOptions,
  progress: (summary: Readonly<BackfillSummary>) => void = () => undefined,
): Promise<BackfillSummary> {
  const start = dayStart(options.from, 'from');
  const end = dayStart(options.to, 'to') + 86_400_000;
  if (end <= start) throw new ValidationError('to must not be before from', { field: 'to' });
  const summary: BackfillSummary = {
    from: options.from,
    to: options.to,
    dryRun: options.dryRun,
    enquiries: 0,
    updated: 0,
    current: 0,
    keysPut: 0,
    keysDeleted: 0,
    indexesFixed: 0,
    phonesNormalised: 0,
    reread: 0,
    gone: 0,
  };
  for await (const listed of store.receivedBetween(
    new Date(start).toISOString(),
    new Date(end).toISOString(),
  )) {
    summary.enquiries += 1;
    let enquiry: Enquiry | null = listed;
    for (let attempt = 1; enquiry !== null; attempt += 1) {
      const done = await refreshOne(store, enquiry, options.dryRun, summary);
      if (done) break;
      if (attempt >= ATTEMPTS) throw new ContentionError(`refreshing the search keys of ${enquiry.id}`);
      summary.reread += 1;
      enquiry = await store.getEnquiry(enquiry.id);
      if (enquiry === null) summary.gone += 1;
    }
    progress(summary);
  }
  return summary;
}
