/**
 * The staff web page in a real browser (Debian's Chromium driven by playwright-core) against the
 * whole local stack, seeded only through its public doors (SMTP, the HTTP API). Screenshots of
 * each screen are kept under test-results/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { applyAcknowledgementFailed } from '../../shared/domain/enquiry';
import { buildWeb } from '../../web/build';
import { launchChromium, screenshot, signIn as signInAs } from '../support/browser';
import { type Harness, sendEnquiry, startHarness, waitFor } from '../support/local-stack-harness';

let hub: Harness;
let browser: Browser;
let base: string;
let sequence = 0;

/** Sends an enquiry through the SMTP door and returns its reference (from the acknowledgement). */
function enquiry(from: string, name: string, subject: string, text: string): Promise<string> {
  sequence += 1;
  return sendEnquiry(hub, {
    from,
    name,
    subject,
    text,
    messageId: `web-e2e-${sequence}-${Date.now()}@example.org`,
  });
}

async function newPage(context?: BrowserContext): Promise<Page> {
  const owner = context ?? (await browser.newContext({ viewport: { width: 1280, height: 900 } }));
  return owner.newPage();
}

function signIn(page: Page, username: string): Promise<void> {
  return signInAs(page, base, username);
}

beforeAll(async () => {
  await buildWeb();
  hub = await startHarness();
  base = hub.stack.urls.http;
  // The roster comes from the administrator (through the API), as it would in production.
  const admin = await hub.as('admin');
  for (const username of ['cw-north-1', 'cw-north-2', 'cw-north-3']) {
    const answer = await admin('PUT', `/caseworkers/${username}`, {
      name: `Caseworker ${username}`,
      email: `${username}@kent.example.gov.uk`,
      team: 'north',
      cap: 25,
    });
    expect(answer.status).toBe(200);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stack.stop();
});

describe('the caseworker web page', () => {
  it('puts an urgent enquiry at the top of the queue; claiming and answering it takes it out', async () => {
    await enquiry(
      'web.parent.normal@example.org',
      'Pat Planner',
      'Question about the annual review paperwork',
      'Hello, could you tell me which forms we need before the annual review next term? We live in Gravesend, DA11 0AA.',
    );
    const urgent = await enquiry(
      'web.parent.urgent@example.org',
      'Morgan Worried',
      'My son has been permanently excluded',
      'My son was permanently excluded from his primary school yesterday and now has no school place at all. We live in Dartford, DA1 2EN. Please help urgently.',
    );
    const page = await newPage();
    await signIn(page, 'cw-north-1');
    await page.locator('tr[data-enquiry]').first().waitFor();

    const firstRow = page.locator('tbody tr').first();
    expect(await firstRow.getAttribute('data-enquiry')).toBe(urgent);
    await expect.poll(() => firstRow.locator('.govuk-tag').first().textContent()).toBe('Urgent');
    // Working time on the hub calendar in plain words (how it moves: managers-web.test.ts).
    expect(await firstRow.locator('[role="timer"]').textContent()).toMatch(
      /^(Due in \d+ working (minutes?|hours?|days?)|Due now|.* overdue)$/,
    );
    await screenshot(page, 'queue');

    await firstRow.getByRole('button', { name: `Claim ${urgent}` }).click();
    await page.getByText(`You have claimed ${urgent}`).waitFor();
    await page
      .locator('#response-text')
      .fill('I have spoken to the inclusion team. A place is being arranged and I will call you today.');
    expect(await page.locator('#send-email').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Send response' }).click();
    await page.getByText('Your response has been emailed to the enquirer').waitFor();
    expect(await page.locator('.app-timeline').textContent()).toContain('A place is being arranged');
    await screenshot(page, 'enquiry-answered');

    await page.getByRole('link', { name: 'Queue' }).click();
    await page.locator('tbody tr, #queue-empty').first().waitFor();
    expect(await page.locator(`tr[data-enquiry="${urgent}"]`).count()).toBe(0);
    const reply = await waitFor(
      async () =>
        (await hub.outbox()).find(
          (sent) =>
            sent.destination.to.includes('web.parent.urgent@example.org') &&
            sent.body.text?.includes('inclusion team'),
        ),
      'the reply email',
    );
    expect(reply.subject).toContain(urgent);
    await page.context().close();
  });

  it('tells a second caseworker the enquiry was taken by someone else', async () => {
    const reference = await enquiry(
      'web.parent.race@example.org',
      'Jordan Twice',
      'Taxi to school',
      'The school taxi did not come this morning. We live in Swanley, BR8 7AA (Sevenoaks district).',
    );
    const first = await newPage();
    const second = await newPage();
    await signIn(first, 'cw-north-2');
    await signIn(second, 'cw-north-3');
    await first.locator(`tr[data-enquiry="${reference}"]`).waitFor();
    await second.locator(`tr[data-enquiry="${reference}"]`).waitFor();

    await first.getByRole('button', { name: `Claim ${reference}` }).click();
    await first.getByText(`You have claimed ${reference}`).waitFor();
    await second.getByRole('button', { name: `Claim ${reference}` }).click();

    const notice = second.getByRole('alert');
    await notice.getByText(`${reference} has been taken by someone else.`).waitFor();
    expect(await second.locator(`tr[data-enquiry="${reference}"]`).count()).toBe(0);
    await screenshot(second, 'queue-taken-by-someone-else');
    await first.context().close();
    await second.context().close();
  });

  it('shows what an email says as text: no script runs and no image is made', async () => {
    const reference = await enquiry(
      'web.parent.markup@example.org',
      '"Riley <b>Bold</b>"',
      'Photos <img src=x onerror="alert(1)">',
      [
        'Please see below.',
        '<script>alert("script ran")</script>',
        '<img src="x" onerror="alert(\'image ran\')">',
        'We live in Sevenoaks, TN13 1AA.',
      ].join('\n'),
    );
    const page = await newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, 'cw-north-1');
    await page.goto(`${base}/#/enquiries/${reference}`, { waitUntil: 'load' });
    await page.locator('.app-message').first().waitFor();
    // An injected image would fire its error handler once its request fails: wait for the network to settle.
    await page.waitForLoadState('networkidle');

    const message = await page.locator('.app-message').first().textContent();
    expect(message).toContain('<script>alert("script ran")</script>');
    expect(message).toContain('<img src="x" onerror="alert(\'image ran\')">');
    expect(await page.locator('h1').textContent()).toContain('<img src=x onerror="alert(1)">');
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('Riley <b>Bold</b>');
    expect(await page.evaluate(() => document.querySelectorAll('img, main script, main b').length)).toBe(0);
    expect(dialogs).toEqual([]);
    await screenshot(page, 'enquiry-untrusted-text');
    await page.context().close();
  });

  it('lets a keyboard user skip to the content without leaving the screen', async () => {
    const page = await newPage();
    await signIn(page, 'cw-north-1');
    await page.locator('h1').waitFor();
    const hash = await page.evaluate(() => location.hash);
    const firstFocusable = await page.evaluate(
      () => document.querySelector('a[href], button, input, select, textarea, [tabindex="0"]')?.id,
    );
    expect(firstFocusable).toBe('skip-link');
    await page.locator('#skip-link').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    await page.context().close();
  });

  it('fits a tablet screen (768 pixels wide) without the page scrolling sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    await signIn(page, 'cw-north-1');
    await page.locator('tbody tr, #queue-empty').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    const table = page.locator('.app-table-scroll');
    if ((await table.count()) > 0) {
      // The queue fits: no sideways scrolling inside the table either.
      expect(
        await table.evaluate((element) => element.scrollWidth - element.clientWidth),
      ).toBeLessThanOrEqual(0);
    }
    await screenshot(page, 'queue-tablet');
    await context.close();
  });
});

describe('the manager dashboard', () => {
  it('shows the team figures and four charts drawn as SVG', async () => {
    const page = await newPage();
    await signIn(page, 'manager-north');
    await page.locator('figure.app-chart').nth(3).waitFor();

    expect(await page.locator('h1').textContent()).toContain('Dashboard');
    expect(await page.locator('[aria-label="Team figures"] .app-figure').count()).toBe(5);
    const charts = page.locator('figure.app-chart');
    expect(await charts.count()).toBe(4);
    for (let index = 0; index < 4; index += 1) {
      const chart = charts.nth(index);
      expect(await chart.locator('svg[role="img"] title').count()).toBe(1);
      expect(await chart.locator('details table tbody tr').count()).toBeGreaterThan(0);
    }
    const caseload = charts.nth(3);
    expect(await caseload.locator('rect.app-chart__bar').count()).toBe(3);
    expect(await caseload.locator('details table').textContent()).toContain('Caseworker cw-north-1');
    expect(await page.locator('.app-figure').first().textContent()).toMatch(/^\d+open/);
    await screenshot(page, 'dashboard');
    await page.context().close();
  });
});

describe('the call handler form', () => {
  it('shows what is missing with the error summary, then logs the call', async () => {
    const page = await newPage();
    await signIn(page, 'callhandler');
    await page.getByRole('heading', { name: 'Log a phone call' }).waitFor();

    await page.getByRole('button', { name: 'Log call' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.locator('a').allTextContents()).toEqual([
      "Enter the caller's phone number or email address",
      'Enter what the call was about',
    ]);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(
      true,
    );
    expect(await page.locator('#summary-error').textContent()).toContain('Enter what the call was about');
    await screenshot(page, 'log-call-errors');

    await summary.getByRole('link', { name: 'Enter what the call was about' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('summary');
    await page.locator('#caller-name').fill('Casey Caller');
    await page.locator('#caller-phone').fill('07700 900461');
    await page.locator('#child-postcode').fill('DA1 1AA');
    await page
      .locator('#summary')
      .fill('Asked when the school taxi will start again; none since half term. Lives in Dartford.');
    await page.getByRole('button', { name: 'Log call' }).click();
    await page.locator('#call-reference').waitFor();
    await screenshot(page, 'log-call-done');

    await hub.stack.drained();
    const caseworker = await hub.as('cw-north-1');
    const queue = await caseworker<{ items: { subject: string; channel: string }[] }>(
      'GET',
      '/queue?team=north',
    );
    expect(queue.body.items.some((item) => item.channel === 'phone')).toBe(true);
    await page.context().close();
  });
});

describe('an acknowledgement the mail service refused', () => {
  it('shows on the enquiry with its reason, and a caseworker of the team can send it again', async () => {
    const reference = await enquiry(
      'web.parent.bounced@example.org',
      'Sam Refused',
      'Transport from September',
      'Please can you tell me how to apply for transport to the new school in Dartford, DA1 3AA?',
    );
    // The SES emulator takes every email; stand in for SES refusing this one for good, as the
    // router records it (tested against the router in route-intake.test.ts).
    const enquiries = new EnquiryRepository(
      dynamoDocumentClient({ endpoint: hub.stack.urls.dynamodb }),
      hub.stack.names.table,
    );
    await enquiries.modify(reference, (current) =>
      applyAcknowledgementFailed(
        { ...current, acknowledgedAt: null },
        new Date().toISOString(),
        'router',
        'MessageRejected',
      ),
    );

    const page = await newPage();
    await signIn(page, 'cw-north-1');
    await page.goto(`${base}/#/enquiries/${reference}`);
    const banner = page.locator('.govuk-notification-banner', {
      hasText: 'The acknowledgement was not sent',
    });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('MessageRejected');
    await screenshot(page, 'enquiry-acknowledgement-failed');
    const before = (await hub.outbox()).filter((sent) =>
      sent.destination.to.includes('web.parent.bounced@example.org'),
    ).length;
    await page.getByRole('button', { name: 'Resend acknowledgement' }).click();
    await page.getByText('The acknowledgement was sent').first().waitFor();
    await waitFor(
      async () =>
        (await hub.outbox()).filter((sent) => sent.destination.to.includes('web.parent.bounced@example.org'))
          .length > before
          ? true
          : undefined,
      'the resent acknowledgement',
    );
    expect(await page.getByRole('button', { name: 'Resend acknowledgement' }).count()).toBe(0);
  });
});
