/**
 * `npm run refresh:bank-holidays [-- --from URL|FILE] [--out FILE]`: replaces the shipped dates of
 * GOV.UK's bank holiday list (`config/bank-holidays.json`) with the ones published now. The list is
 * validated before anything is written (every region, real dates); each region's dates are written
 * sorted, one line a year, so a refresh is a readable diff, and the changes are printed. Run it when GOV.UK adds a year or a one-off day,
 * then commit the file; the next deployment carries it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BANK_HOLIDAY_REGIONS, bankHolidayLists, ShippedBankHolidays } from '../shared/domain/bank-holidays';
import { PublishedBankHolidays, shippedForm } from '../shared/domain/published-bank-holidays';

export const GOV_UK_BANK_HOLIDAYS = 'https://www.gov.uk/bank-holidays.json';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHIPPED_BANK_HOLIDAYS = path.join(ROOT, 'config/bank-holidays.json');

/** The list could not be read or is not the published shape; nothing was written. */
export class BankHolidayRefreshError extends Error {}

async function readSource(source: string): Promise<unknown> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new BankHolidayRefreshError(`${source} answered ${response.status}`);
    return response.json();
  }
  return JSON.parse(await readFile(source, 'utf8'));
}

/** Fetches, validates and writes the list; returns one line per region saying what changed. */
export async function refreshBankHolidays(source: string, out: string): Promise<string[]> {
  let body: unknown;
  try {
    body = await readSource(source);
  } catch (error) {
    if (error instanceof BankHolidayRefreshError) throw error;
    throw new BankHolidayRefreshError(`could not read ${source}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = PublishedBankHolidays.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BankHolidayRefreshError(
      `${source} is not GOV.UK's bank holiday list: ${issue?.path.join('.') || '(top)'}: ${issue?.message}`,
    );
  }
  // A saved copy is named by its file name only (no one's home directory in the shipped file).
  const fresh = shippedForm(parsed.data, /^https?:\/\//.test(source) ? source : path.basename(source));
  let before: ShippedBankHolidays | undefined;
  try {
    before = ShippedBankHolidays.parse(JSON.parse(await readFile(out, 'utf8')));
  } catch {
    before = undefined;
  }
  await writeFile(out, `${JSON.stringify(fresh, null, 2)}\n`);
  const lists = bankHolidayLists(fresh);
  return BANK_HOLIDAY_REGIONS.map((region) => {
    const dates = new Set(fresh[region]);
    const old = new Set(before?.[region] ?? []);
    const added = [...dates].filter((date) => !old.has(date)).length;
    const removed = [...old].filter((date) => !dates.has(date)).length;
    const { firstYear, lastYear } = lists[region];
    return `${region}: ${dates.size} days, ${firstYear}-${lastYear} (${added} added, ${removed} removed)`;
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { from: { type: 'string', default: GOV_UK_BANK_HOLIDAYS }, out: { type: 'string' } },
  });
  const out = values.out ?? SHIPPED_BANK_HOLIDAYS;
  try {
    const lines = await refreshBankHolidays(values.from, out);
    process.stdout.write(`Wrote ${path.relative(process.cwd(), out) || out}\n${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
