import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shipped from '../../config/bank-holidays.json' with { type: 'json' };
import { ShippedBankHolidays, shippedDates } from '../../shared/domain/bank-holidays';
import { BankHolidayRefreshError, refreshBankHolidays } from '../../tools/refresh-bank-holidays';
import { publishedFrom } from '../support/bank-holiday-fixtures';

// A stand-in for www.gov.uk on loopback, serving what the path asks for: GOV.UK's full form of the
// shipped dates, with one more day.
const newYear2028 = { title: 'New Year’s Day', date: '2028-01-03', notes: 'Substitute day', bunting: true };
const withNextYear = publishedFrom(ShippedBankHolidays.parse(shipped));
withNextYear['england-and-wales'].events.unshift(newYear2028);
const bodies: Record<string, string> = {
  '/bank-holidays.json': JSON.stringify(withNextYear),
  '/not-the-list.json': JSON.stringify({
    'england-and-wales': { division: 'england-and-wales', events: [] },
  }),
};

let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const body = bodies[request.url ?? ''];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(body ?? '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(path.join(os.tmpdir(), 'send-hub-bank-holidays-'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run refresh:bank-holidays', () => {
  it("writes each region's published dates sorted, and where from, and says what changed", async () => {
    const out = path.join(dir, 'fresh.json');
    writeFileSync(out, JSON.stringify(shipped));
    const lines = await refreshBankHolidays(`${base}/bank-holidays.json`, out);
    const written = ShippedBankHolidays.parse(JSON.parse(readFileSync(out, 'utf8')));
    const dates = shippedDates(written, 'england-and-wales');
    expect(dates.at(-1)).toBe('2028-01-03');
    expect(dates).toEqual([...dates].sort());
    expect(written.source).toBe(`${base}/bank-holidays.json`);
    expect(written.scotland).toEqual(shipped.scotland);
    expect(lines[0]).toMatch(/^england-and-wales: \d+ days, 2019-2028 \(1 added, 0 removed\)$/);
  });

  it('leaves the shipped copy untouched when the answer is not the list, naming what is wrong', async () => {
    const out = path.join(dir, 'kept.json');
    writeFileSync(out, 'unchanged');
    await expect(refreshBankHolidays(`${base}/not-the-list.json`, out)).rejects.toThrow(
      /not GOV\.UK's bank holiday list: england-and-wales\.events: /,
    );
    await expect(refreshBankHolidays(`${base}/moved.json`, out)).rejects.toBeInstanceOf(
      BankHolidayRefreshError,
    );
    expect(readFileSync(out, 'utf8')).toBe('unchanged');
  });
});
