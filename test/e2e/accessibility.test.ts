/**
 * Every screen of the staff page, and the parents' status page, checked with axe-core (injected
 * into Debian's Chromium through playwright-core) against WCAG 2.2 A and AA: the test fails on any
 * violation, naming the rule and the elements. Screens are visited as the people who use them, with
 * real data (an enquiry with a safeguarding concern, a timeline, forms showing their errors).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build';
import { expectAccessible, launchChromium, signIn } from '../support/browser';
import { type Harness, sendEnquiry, startHarness } from '../support/local-stack-harness';

let hub: Harness;
let browser: Browser;
let base: string;
let concern = '';
let plain = '';
let child = '';

async function tab(username: string | null): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (username !== null) await signIn(page, base, username);
  return page;
}

/** Goes to a screen, waits for its heading, and checks it. */
async function visit(page: Page, hash: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${base}/${hash}`, { waitUntil: 'load' });
  await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
  await expectAccessible(page, hash);
}

beforeAll(async () => {
  await buildWeb();
  hub = await startHarness();
  base = hub.stack.urls.http;
  browser = await launchChromium();
  concern = await sendEnquiry(hub, {
    from: 'a11y.concern@example.org',
    name: 'Alex Access',
    subject: 'Worried about my son',
    text: 'My son Leo Access (DOB 03/03/2014) told me he wants to hurt himself and he has stopped going to school. We live in Canterbury, CT2 7NZ.',
    messageId: `a11y-concern-${Date.now()}@example.org`,
  });
  plain = await sendEnquiry(hub, {
    from: 'a11y.plain@example.org',
    name: 'Robin Reader',
    subject: 'Transport forms',
    text: 'Hello, which form do we fill in for school transport? We live in Margate, CT9 3AB.',
    messageId: `a11y-plain-${Date.now()}@example.org`,
  });
  const caseworker = await hub.as('cw-east-1');
  const detail = await caseworker<{ enquiry: { childId?: string | null } }>('GET', `/enquiries/${concern}`);
  child = detail.body.enquiry.childId ?? '';
  await caseworker('POST', `/enquiries/${plain}/claim`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stack.stop();
});

describe('WCAG 2.2 AA on every screen (axe-core)', () => {
  it('fails on a violation, naming the rule and the element (the check itself works)', async () => {
    const page = await tab(null);
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>Broken</h1><img src="x.png"><button></button></main></body></html>',
    );
    await expect(expectAccessible(page, 'a broken page')).rejects.toThrow(
      /button-name[^\n]*button\n- image-alt[^\n]*img/,
    );
    await page.context().close();
  });

  it('the sign-in screen, and the parents’ status page with its answers', async () => {
    const page = await tab(null);
    await visit(page, '#/sign-in', /Sign in/);
    await page.goto(`${base}/status`, { waitUntil: 'load' });
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await expectAccessible(page, 'status page');
    await page.getByRole('button').first().click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectAccessible(page, 'status page with errors');
    await page.context().close();
  });

  it('a caseworker’s screens: queue, caseload, an enquiry with a concern and with its forms, search, a child record, away and cover', async () => {
    const page = await tab('cw-east-1');
    await visit(page, '#/queue', /Queue/);
    await visit(page, '#/caseload', /caseload/i);
    await visit(page, `#/enquiries/${concern}`, /Worried about my son/);
    await visit(page, `#/enquiries/${plain}`, /Transport forms/);
    // The respond form showing its error.
    await page.getByRole('button', { name: 'Send response' }).click();
    await page.locator('.govuk-error-summary').first().waitFor();
    await expectAccessible(page, 'enquiry with a form error');
    await visit(page, `#/search?q=${encodeURIComponent('a11y.concern@example.org')}`, /Search/);
    expect(child).toMatch(/^CH-/);
    await visit(page, `#/children/${child}`, /.+/);
    await visit(page, '#/away', /Away and cover/);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectAccessible(page, 'away and cover with errors');
    await page.context().close();
  });

  it('a manager’s screens: dashboard with the forecast, report, queue, an enquiry with transfer and reassign, away and cover', async () => {
    const page = await tab('manager-east');
    await visit(page, '#/dashboard', /Dashboard/);
    expect(await page.locator('#forecast').count()).toBe(1);
    await visit(page, '#/report', /report/i);
    await visit(page, '#/queue?team=east', /Queue/);
    await visit(page, `#/enquiries/${plain}`, /Transport forms/);
    expect(await page.getByRole('heading', { name: 'Transfer to another team' }).count()).toBe(1);
    await visit(page, '#/away', /Away and cover/);
    await page.context().close();
  });

  it('a safeguarding duty contact’s screens: their home, and the alerted enquiry with "I’m dealing with this"', async () => {
    const page = await tab('duty-1');
    await page.getByRole('heading', { level: 1, name: 'Safeguarding duty' }).waitFor();
    await expectAccessible(page, 'safeguarding duty home');
    await visit(page, `#/enquiries/${concern}`, /Worried about my son/);
    expect(await page.getByRole('button', { name: "I'm dealing with this" }).count()).toBe(1);
    await page.context().close();
  });

  it('a call handler’s form, empty and with its errors; an administrator’s roster and staff', async () => {
    const page = await tab('callhandler');
    await visit(page, '#/log-call', /Log a phone call/);
    await page.getByRole('button', { name: 'Log call' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectAccessible(page, 'log a call with errors');
    await page.context().close();
    const admin = await tab('admin');
    await visit(admin, '#/roster', /Roster/);
    await visit(admin, '#/staff', /.+/);
    await visit(admin, '#/away', /Away and cover/);
    await admin.context().close();
  });
});
