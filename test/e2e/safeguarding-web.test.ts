/**
 * The safeguarding flag and triage corrections on the staff page, in a real browser (Debian's
 * Chromium driven by playwright-core) against the whole local stack, seeded only through its public
 * doors. Screenshots under test-results/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryWords } from '../../shared/domain/category-words';
import type { SafeguardingCategory } from '../../shared/domain/taxonomy';
import { buildWeb } from '../../web/build';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { type Harness, sendEnquiry, startHarness, waitFor } from '../support/local-stack-harness';

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
    messageId: `sg-web-${sequence}-${Date.now()}@example.org`,
  });
}

async function signedIn(username: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  // Nothing an enquirer or a person wrote may ever run: any dialog is a failure.
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  await signIn(page, base, username);
  return page;
}

async function openEnquiry(page: Page, reference: string): Promise<void> {
  await page.goto(`${base}/#/enquiries/${reference}`, { waitUntil: 'load' });
  await page.locator('.app-timeline').waitFor();
}

let atRisk: string;
let routine: string;
/** How the at-risk enquiry's kinds of concern read, as triage gave them (whatever triage calls them). */
let atRiskWords: string;

beforeAll(async () => {
  await buildWeb();
  hub = await startHarness();
  base = hub.stack.urls.http;
  browser = await launchChromium();
  routine = await enquiry(
    'sg.web.routine@example.org',
    'Robin Routine',
    'Transport form',
    'Hello, which form do I fill in to renew the bus pass for next year? We live in Canterbury CT1 2AB.',
  );
  atRisk = await enquiry(
    'sg.web.atrisk@example.org',
    'Dana Okafor',
    'My daughter',
    'My daughter told her teacher she wants to die and has been scratching her arms until they bleed. We live in Margate CT9 2AB.',
  );
  const caseworker = await hub.as('cw-east-1');
  const { body } = await caseworker<{
    enquiry: { safeguarding: { concern: boolean; categories: SafeguardingCategory[] } };
  }>('GET', `/enquiries/${atRisk}`);
  expect(body.enquiry.safeguarding.concern).toBe(true);
  atRiskWords = categoryWords(body.enquiry.safeguarding.categories);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stack.stop();
});

describe('the safeguarding flag on the page', () => {
  it('puts a banner over the queue and marks the row; the concern is first', async () => {
    const page = await signedIn('cw-east-1');
    await page.locator('tr[data-enquiry]').first().waitFor();
    const queueBanner = page.locator('[data-safeguarding-banner]');
    expect(await queueBanner.textContent()).toContain('1 enquiry here has a safeguarding concern');
    expect(await queueBanner.textContent()).toContain(atRisk);
    expect(await queueBanner.textContent()).toContain('nobody has picked it up');
    const first = page.locator('tbody tr').first();
    expect(await first.getAttribute('data-enquiry')).toBe(atRisk);
    expect(await first.getAttribute('data-concern')).toBe('yes');
    expect(await first.locator('.app-safeguarding-tag').textContent()).toBe('Safeguarding');
    expect(await first.textContent()).toContain(atRiskWords);
    const plain = page.locator(`tr[data-enquiry="${routine}"]`);
    expect(await plain.locator('.app-safeguarding-tag').count()).toBe(0);
    await screenshot(page, 'safeguarding-queue');
    await page.context().close();

    // The flag in the priority cell still fits a tablet without sideways scrolling.
    const tablet = await signedIn('cw-east-1', 768);
    await tablet.locator('tr[data-concern]').first().waitFor();
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    expect(
      await tablet
        .locator('.app-table-scroll')
        .evaluate((element) => element.scrollWidth - element.clientWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(tablet, 'safeguarding-queue-tablet');
    await tablet.context().close();
  });

  it('shows the kinds and the quoted words on the enquiry, and "I\'m dealing with this" picks the alert up', async () => {
    const page = await signedIn('cw-east-1');
    await openEnquiry(page, atRisk);
    const top = page.locator('[data-safeguarding-banner]');
    const text = (await top.textContent()) ?? '';
    expect(text).toContain(`Safeguarding concern: ${atRiskWords}`);
    // The reasons quote the enquirer's words.
    expect(await top.locator('.app-safeguarding-reasons li').count()).toBeGreaterThan(0);
    expect(await top.locator('.app-safeguarding-reasons').textContent()).toMatch(/die|scratching|bleed/i);
    expect(await top.locator('[data-pickup="waiting"]').textContent()).toContain(
      'Nobody has picked this up yet',
    );
    // The banner comes before the enquiry's heading.
    const order = await page.evaluate(() => {
      const banner = document.querySelector('[data-safeguarding-banner]');
      const heading = document.querySelector('h1');
      return banner !== null && heading !== null && banner.compareDocumentPosition(heading) === 4;
    });
    expect(order).toBe(true);
    await screenshot(page, 'safeguarding-enquiry');

    await page.getByRole('button', { name: "I'm dealing with this" }).click();
    await page.getByText('You are dealing with the safeguarding concern').waitFor();
    const picked = page.locator('[data-safeguarding-banner] [data-pickup="picked-up"]');
    expect(await picked.textContent()).toContain('Picked up by cw-east-1');
    expect(await page.getByRole('button', { name: "I'm dealing with this" }).count()).toBe(0);
    expect(await page.locator('.app-timeline').textContent()).toContain(
      'Safeguarding alert picked up by cw-east-1',
    );
    await screenshot(page, 'safeguarding-picked-up');

    // The queue row says it has been picked up.
    await page.goto(`${base}/#/queue`, { waitUntil: 'load' });
    await page.locator('tr[data-enquiry]').first().waitFor();
    expect(await page.locator('[data-safeguarding-banner]').textContent()).toContain('(picked up)');
    await page.context().close();
  });
});

describe('correcting triage on the page', () => {
  it('asks for a reason in the error summary, then records each change with before and after', async () => {
    const page = await signedIn('cw-east-1');
    await openEnquiry(page, routine);
    await page.locator('#correct-priority').selectOption('high');
    await page.getByRole('button', { name: 'Save corrections' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Say why triage was wrong');
    expect(await page.title()).toMatch(/^Error: /);
    await summary.getByRole('link', { name: 'Say why triage was wrong' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('correct-reason');
    await screenshot(page, 'correction-error');

    // Too long a reason is refused by the API; its words appear in the same summary, on the field.
    await page.locator('#correct-reason').fill('x'.repeat(501));
    await page.getByRole('button', { name: 'Save corrections' }).click();
    await page.locator('.govuk-error-summary >> text=Reason must be 500 characters or fewer').waitFor();
    expect(await page.locator('#correct-reason-error').textContent()).toContain('500 characters');

    await page.locator('#correct-topic').selectOption('complaint');
    await page.locator('#correct-reason').fill('A repeat request about a bus pass that has not come');
    await page.getByRole('button', { name: 'Save corrections' }).click();
    await page.getByText('Triage corrected: priority, topic').waitFor();
    expect(await page.locator('#correct-reason').inputValue()).toBe('');
    const entries = page.locator('[data-correction]');
    expect(await entries.count()).toBe(2);
    const priority = page.locator('[data-correction="priority"]');
    expect(await priority.locator('del').textContent()).toBe('Normal');
    expect(await priority.locator('ins').textContent()).toBe('High');
    expect(await page.locator('.app-timeline').textContent()).toContain(
      'Reason: A repeat request about a bus pass that has not come',
    );
    expect(await page.locator('.govuk-summary-list').textContent()).toContain(
      'Priority (triage said: Normal)',
    );
    await screenshot(page, 'correction-recorded');
    await page.context().close();
  });

  it('sets a concern by hand (kinds required), showing a reason with markup as plain text', async () => {
    const page = await signedIn('cw-east-1');
    await openEnquiry(page, routine);
    await page.locator('#correct-concern-yes').check();
    await page.locator('#correct-reason').fill('Dad phoned back');
    await page.getByRole('button', { name: 'Save corrections' }).click();
    await page.locator('.govuk-error-summary >> text=Tick at least one kind of concern').waitFor();

    const markup = 'Dad said <img src=x onerror="alert(1)"> the boy is <b>not fed</b>';
    await page.locator('#correct-category-neglect').check();
    await page.locator('#correct-reason').fill(markup);
    await page.getByRole('button', { name: 'Save corrections' }).click();
    await page.getByText('Triage corrected: safeguarding flag').waitFor();
    const top = page.locator('[data-safeguarding-banner]');
    expect(await top.textContent()).toContain('Safeguarding concern: neglect');
    expect(await top.textContent()).toContain('Set by cw-east-1');
    expect(await top.locator('.app-safeguarding-reasons').textContent()).toContain(markup);
    expect(await top.textContent()).toContain('No duty alert was sent');
    expect(await page.locator('#main-content img, #main-content b').count()).toBe(0);
    const flag = page.locator('[data-correction="safeguarding"]');
    expect(await flag.locator('del').textContent()).toBe('no concern');
    expect(await flag.locator('ins').textContent()).toBe('concern: neglect');
    // A concern makes it urgent.
    expect(await page.locator('.govuk-summary-list .govuk-tag').first().textContent()).toBe('Urgent');
    await screenshot(page, 'correction-concern-set');
    await page.context().close();
  });

  it('moves an enquiry to the team serving the district it is corrected to', async () => {
    const moved = await enquiry(
      'sg.web.moved@example.org',
      'Sam Mover',
      'Annual review date',
      'When is the annual review for my son? We live in Whitstable CT5 1AA.',
    );
    const page = await signedIn('cw-east-1');
    await openEnquiry(page, moved);
    await page.locator('#correct-district').selectOption('dartford');
    await page.locator('#correct-reason').fill('The family moved to Dartford last month');
    await page.getByRole('button', { name: 'Save corrections' }).click();
    await page.getByText(`${moved} is now in the North team`).waitFor();
    expect(await page.locator(`tr[data-enquiry="${moved}"]`).count()).toBe(0);
    await page.context().close();

    const north = await signedIn('cw-north-1');
    await north.locator('tr[data-enquiry], #queue-empty').first().waitFor();
    expect(await north.locator(`tr[data-enquiry="${moved}"]`).count()).toBe(1);
    await openEnquiry(north, moved);
    expect(await north.locator('.app-timeline').textContent()).toContain(
      'Moved from the East team to the North team by cw-east-1',
    );
    await north.context().close();
  });

  it("shows the manager how often people corrected each label of the team's enquiries", async () => {
    const page = await signedIn('manager-east');
    const section = page.locator('#triage-corrections');
    await section.waitFor();
    // East's enquiries this week: the at-risk one and the routine one (the third moved to North).
    const row = (name: string) =>
      section.locator('tbody tr', { hasText: name }).first().locator('td').first();
    expect(await row('Priority').textContent()).toBe('1 of 2 (50%)');
    expect(await row('Topic').textContent()).toBe('1 of 2 (50%)');
    expect(await row('Safeguarding flag').textContent()).toBe('1 of 2 (50%)');
    expect(await row('District').textContent()).toBe('0 of 2 (0%)');
    expect(await row('Safeguarding concerns triage missed').textContent()).toBe('1');
    await section.screenshot({ path: 'test-results/screenshots/dashboard-triage-corrections.png' });
    await page.context().close();
  });
});

describe('who may pick up an alert, from the link in it', () => {
  it('lets the duty contact, who has no role and is in no team, open the link and pick it up', async () => {
    const reference = await enquiry(
      'sg.web.duty@example.org',
      'Kim Parent',
      'Please help',
      'My son says he wants to kill himself and has been cutting his arms. We live in Ramsgate CT11 9AA.',
    );
    const alert = await waitFor(
      async () =>
        (await hub.outbox()).find(
          (sent) => sent.subject.includes(reference) && sent.subject.includes('Safeguarding concern'),
        ),
      `the duty alert for ${reference}`,
    );
    const link = /https?:\/\/\S+\/#\/enquiries\/SEND-[0-9A-Z]{6}/.exec(alert.body.text ?? '')?.[0];
    if (link === undefined) expect.fail('the alert carries no link');
    const recipient = alert.destination.to[0];
    const dutyUser = hub.stack.auth.listUsers().find((user) => user.email === recipient);
    if (dutyUser === undefined) expect.fail(`no demo user signs in as ${recipient}`);
    expect(dutyUser.groups).toEqual([]);

    const page = await signedIn(dutyUser.username);
    expect(await page.locator('h1').textContent()).toBe('Safeguarding duty');
    // The link's host is the configured web address; its route is what matters here.
    await page.goto(`${base}/${new URL(link).hash}`, { waitUntil: 'load' });
    await page.locator('.app-timeline').waitFor();
    const top = page.locator('[data-safeguarding-banner]');
    expect(await top.textContent()).toContain('Safeguarding concern');
    // Only picking it up: no claim, respond, correct or note forms.
    expect(await page.locator('#claim, #response-text, #correct-reason, #note-text').count()).toBe(0);
    await screenshot(page, 'safeguarding-duty-contact');
    await page.getByRole('button', { name: "I'm dealing with this" }).click();
    await page.getByText('You are dealing with the safeguarding concern').waitFor();
    expect(await top.locator('[data-pickup="picked-up"]').textContent()).toContain(
      `Picked up by ${dutyUser.username}`,
    );
    await page.context().close();

    // The duty contact opens nothing else: an enquiry without a concern is "not found".
    const dutyApi = await hub.as(dutyUser.username);
    const plain = await enquiry(
      'sg.web.plain@example.org',
      'Lee Plain',
      'Bus pass',
      'When does the bus pass for next year arrive? We live in Margate CT9 1AA.',
    );
    expect((await dutyApi('GET', `/enquiries/${plain}`)).status).toBe(404);
    expect((await dutyApi('POST', `/enquiries/${plain}/safeguarding/acknowledge`, {})).status).toBe(404);
    expect((await dutyApi('GET', '/queue?team=east')).status).toBe(403);
  });

  it("lets a manager of another team pick one up, but not another team's caseworker or a call handler", async () => {
    const reference = await enquiry(
      'sg.web.manager@example.org',
      'Ali Parent',
      'My daughter',
      'My daughter has been self harming and says she wants to die. We live in Broadstairs CT10 1AA.',
    );
    const northCaseworker = await hub.as('cw-north-1');
    expect((await northCaseworker('GET', `/enquiries/${reference}`)).status).toBe(404);
    expect(
      (await northCaseworker('POST', `/enquiries/${reference}/safeguarding/acknowledge`, {})).status,
    ).toBe(404);
    const callHandler = await hub.as('callhandler');
    expect((await callHandler('POST', `/enquiries/${reference}/safeguarding/acknowledge`, {})).status).toBe(
      403,
    );

    const northManager = await hub.as('manager-north');
    const seen = await northManager<{ permissions: { acknowledge: boolean; respond: boolean } }>(
      'GET',
      `/enquiries/${reference}`,
    );
    expect(seen.status).toBe(200);
    expect(seen.body.permissions).toMatchObject({ acknowledge: true, respond: false });
    const picked = await northManager<{
      enquiry: { safeguarding: { alert: { pickedUpBy: string; pickedUpHow: string } } };
    }>('POST', `/enquiries/${reference}/safeguarding/acknowledge`, {});
    expect(picked.status).toBe(200);
    expect(picked.body.enquiry.safeguarding.alert).toMatchObject({
      pickedUpBy: 'manager-north',
      pickedUpHow: 'acknowledged',
    });
    // Still not theirs to work: the enquiry stays in East's queue, not North's.
    expect((await northManager('POST', `/enquiries/${reference}/release`, {})).status).toBe(404);
    expect((await northManager('POST', `/enquiries/${reference}/notes`, { text: 'seen' })).status).toBe(404);
  });
});
