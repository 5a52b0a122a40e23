/**
 * A manager's day in the browser (Debian's Chromium through playwright-core) against the whole
 * local stack: due times in working time, claim and respond by keyboard, away and cover by keyboard,
 * moving work, the breach forecast. Screenshots under test-results/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { addWorkingMinutes } from '../../shared/domain/business-calendar';
import { addDays, localDate } from '../../shared/domain/local-time';
import { dueAtWords } from '../../shared/workload/plain-time';
import { buildWeb } from '../../web/build';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { type Harness, sendEnquiry, startHarness } from '../support/local-stack-harness';

const config = defaultHubConfig();
let hub: Harness;
let browser: Browser;
let base: string;
let sequence = 0;

function enquiry(from: string, name: string, subject: string, text: string): Promise<string> {
  sequence += 1;
  return sendEnquiry(hub, {
    from,
    name,
    subject,
    text,
    messageId: `mw-${sequence}-${Date.now()}@example.org`,
  });
}

async function newPage(): Promise<Page> {
  // A UK browser: dates are typed day, month, year.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  return context.newPage();
}

beforeAll(async () => {
  await buildWeb();
  hub = await startHarness();
  base = hub.stack.urls.http;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stack.stop();
});

/** What the server's digests say of a deadline at an instant, as the page writes it (capitalised). */
function serverWords(due: string, at: number): string {
  const words = dueAtWords(config, due, new Date(at).toISOString());
  return words.charAt(0).toUpperCase() + words.slice(1);
}

describe('due times on the page', () => {
  it('count working time as the server does, change once a minute (not every second), and stop when asked', async () => {
    const reference = await enquiry(
      'page.due@example.org',
      'Kit Clock',
      'Annual review paperwork',
      'Hello, which forms do we need before the annual review? We live in Whitstable, CT5 1AA.',
    );
    const caseworker = await hub.as('cw-east-2');
    const due = (await caseworker<{ enquiry: { responseDueAt: string } }>('GET', `/enquiries/${reference}`))
      .body.enquiry.responseDueAt;
    // The browser's clock runs from a few minutes before the deadline, then stops a minute and a
    // half of working time before it (the page's once-a-minute update runs at that moment).
    const start = addWorkingMinutes(config.calendar, new Date(due), -1.5).getTime();
    const page = await newPage();
    await page.clock.install({ time: start - 5 * 60_000 });
    await signIn(page, base, 'cw-east-2');
    const timer = page.locator(`tr[data-enquiry="${reference}"] [role="timer"]`);
    await timer.waitFor();
    await page.clock.pauseAt(start);
    expect(await timer.textContent()).toBe('Due in 1 working minute');
    expect(await timer.textContent()).toBe(serverWords(due, start));

    // 45 s later the deadline is under a minute away, but the page has not moved yet.
    await page.clock.runFor(45_000);
    expect(serverWords(due, start + 45_000)).toBe('Due now');
    expect(await timer.textContent()).toBe('Due in 1 working minute');
    // At the minute it catches up, saying what the server says.
    await page.clock.runFor(15_000);
    expect(await timer.textContent()).toBe('Due now');

    // Stopped from the keyboard, it stays as it is while the deadline passes...
    await page.getByRole('button', { name: 'Stop updating due times' }).focus();
    await page.keyboard.press('Enter');
    const restart = page.getByRole('button', { name: 'Update due times again' });
    expect(await restart.getAttribute('aria-pressed')).toBe('true');
    await page.clock.runFor(120_000);
    expect(await timer.textContent()).toBe('Due now');
    // ...and started again, it is brought up to date at once, red because breached.
    await restart.press('Enter');
    const after = start + 180_000;
    expect(await timer.textContent()).toBe(serverWords(due, after));
    expect(await timer.textContent()).toMatch(/overdue$/);
    expect(await timer.getAttribute('class')).toContain('app-countdown--breached');
    await page.clock.resume();
    await screenshot(page, 'queue-due-times-overdue');
    await page.context().close();
  });
});

describe('claim and respond by keyboard', () => {
  it('lets a caseworker claim an enquiry from the queue and answer it without a mouse', async () => {
    const reference = await enquiry(
      'page.keyboard@example.org',
      'Lee Keys',
      'Bus pass for September',
      'Hello, how do we apply for a bus pass for September? We live in Faversham, ME13 7AA.',
    );
    const page = await newPage();
    await signIn(page, base, 'cw-east-1');
    const claim = page.getByRole('button', { name: `Claim ${reference}` });
    await claim.focus();
    await page.keyboard.press('Enter');
    await page.getByText(`You have claimed ${reference}`).waitFor();
    // The response field is reached by its label, typed into, and sent with Enter on the button.
    await page.getByLabel('Your response to the enquirer').focus();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('response-text');
    await page.keyboard.type('The form is on the council website; I have emailed you the link as well.');
    await page.getByRole('button', { name: 'Send response' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Your response has been emailed to the enquirer').waitFor();
    expect(await page.locator('.app-timeline').textContent()).toContain('I have emailed you the link');
    await screenshot(page, 'responded-by-keyboard');
    await page.context().close();
  });
});

describe('away and cover on the page', () => {
  it('lets a caseworker mark themselves away with the keyboard; their claimed enquiry goes back to the queue', async () => {
    const reference = await enquiry(
      'page.away@example.org',
      'Sam Away',
      'Transport question',
      'Hello, when does the school bus pass arrive? We live in Margate, CT9 3AB.',
    );
    const caseworker = await hub.as('cw-east-3');
    expect((await caseworker('POST', `/enquiries/${reference}/claim`)).status).toBe(200);

    const page = await newPage();
    await signIn(page, base, 'cw-east-3');
    await page.getByRole('link', { name: 'Away and cover' }).click();
    await page.getByRole('heading', { name: 'Away and cover' }).waitFor();
    const today = localDate(config.calendar.timeZone, Date.now());
    // Keyboard only: each box takes typing, Tab moves on.
    const [year, month, day] = today.split('-');
    const [toYear, toMonth, toDay] = addDays(today, 2).split('-');
    await page.locator('#away-from-day').focus();
    for (const value of [day, month, year, toDay, toMonth, toYear]) {
      await page.keyboard.type(String(Number(value)));
      await page.keyboard.press('Tab');
    }
    await page.getByLabel('First deputy').selectOption({ label: 'Aileen Brack' });
    await page.getByRole('button', { name: 'Save' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('away dates and deputies saved').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('1 open enquiry moved');
    expect(
      await page.locator('tr[data-person="lottie.greenway@kent.example.gov.uk"]').textContent(),
    ).toContain('Away until');
    await screenshot(page, 'away-and-cover');
    const detail = await caseworker<{ enquiry: { assignee: string | null } }>(
      'GET',
      `/enquiries/${reference}`,
    );
    expect(detail.body.enquiry.assignee).toBeNull();

    // A date missing is named in the error summary and by its field.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the first day away');
    await page.context().close();
  });
});

describe('moving work on the page', () => {
  it('lets a manager transfer an enquiry to another team by keyboard, naming the field when the reason is missing', async () => {
    const reference = await enquiry(
      'page.transfer@example.org',
      'Ash Moving',
      'School place after our move',
      'Hello, we have just moved and need a school place for our son. We live in Dartford, DA1 2EN.',
    );
    const page = await newPage();
    await signIn(page, base, 'manager-north');
    await page.goto(`${base}/#/enquiries/${reference}`, { waitUntil: 'load' });
    await page.getByRole('heading', { name: 'Transfer to another team' }).waitFor();
    await page.getByLabel('Move it to').selectOption({ label: 'South Kent SEND team' });
    await page.getByRole('button', { name: 'Transfer' }).focus();
    await page.keyboard.press('Enter');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Reason is required');
    await summary.getByRole('link').first().press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('transfer-reason');
    await page.keyboard.type('The family moved to Dover');
    await page.keyboard.press('Enter');
    await page.getByText(`${reference} has been moved to South Kent SEND team`).waitFor();
    await screenshot(page, 'transferred');
    const southWorker = await hub.as('cw-south-1');
    const moved = await southWorker<{ enquiry: { team: string } }>('GET', `/enquiries/${reference}`);
    expect(moved.body.enquiry.team).toBe('south');
    await page.context().close();
  });
});

describe('breaches seen coming on the dashboard', () => {
  it('shows the manager the forecast for the next 1, 3 and 5 working days, each enquiry a link', async () => {
    // Two urgent enquiries nobody has answered: with no first responses yet, both are at risk.
    const references = [
      await enquiry(
        'page.forecast.one@example.org',
        'Jo Forecast',
        'Excluded today',
        'My son was permanently excluded today and has no school place. We live in Ramsgate, CT11 9AA.',
      ),
      await enquiry(
        'page.forecast.two@example.org',
        'Sam Forecast',
        'No school place',
        'My daughter has had no school place since September and is out of education. We live in Herne Bay, CT6 5AA.',
      ),
    ];
    const page = await newPage();
    await signIn(page, base, 'manager-east');
    const section = page.locator('#forecast');
    await section.waitFor();
    expect(await section.getByRole('heading', { name: 'Breaches seen coming' }).count()).toBe(1);
    const figures = section.locator('[aria-label="Forecast breaches"] .app-figure');
    expect(await figures.count()).toBe(3);
    const table = section.locator('table');
    for (const reference of references) {
      expect(await table.getByRole('link', { name: reference }).count()).toBeGreaterThan(0);
    }
    // Keyboard: the method opens from its summary.
    await section.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await section.locator('details').getAttribute('open')).not.toBeNull();
    await section.screenshot({ path: 'test-results/screenshots/forecast.png' });
    await screenshot(page, 'dashboard-with-forecast');
    await page.context().close();
  });
});
