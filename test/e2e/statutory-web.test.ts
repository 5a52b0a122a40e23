/**
 * Statutory clocks and the improvement board report in a real browser (Debian's Chromium) against
 * the whole local stack: a caseworker starts the assessment triage proposes, records an exception
 * and sees the dates move; a manager sees the deadlines on the dashboard and the board report with
 * its charts. Screenshots under test-results/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build';
import { launchChromium } from '../support/browser';
import { type Harness, plainEmail, startHarness, waitFor } from '../support/local-stack-harness';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
let hub: Harness;
let browser: Browser;
let base: string;

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${base}/#/sign-in`, { waitUntil: 'load' });
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#service-navigation:not([hidden])').waitFor();
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await buildWeb();
  hub = await startHarness();
  base = hub.stack.urls.http;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stack.stop();
});

describe('statutory clocks on the page', () => {
  it('starts the proposed assessment, moves its dates with an exception, and shows the board report', async () => {
    const parent = 'web.statutory.parent@example.org';
    await hub.sendMail(
      plainEmail({
        from: `Robin Asker <${parent}>`,
        subject: 'EHC needs assessment request',
        text: 'Dear team, we would like to request an EHC needs assessment for our son Leo. We live in Ashford TN23 1AA.',
        messageId: `web-statutory-${Date.now()}@example.org`,
        date: new Date(Date.now() - 60_000),
      }),
    );
    await hub.stack.drained();
    const ack = await waitFor(
      async () => (await hub.outbox()).find((sent) => sent.destination.to.includes(parent)),
      'the acknowledgement',
    );
    const reference = /SEND-[2-9A-HJ-NP-Z]{6}/.exec(ack.subject)?.[0] ?? '';

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, hub.userWith('caseworker', 'team:south'));
    await page.goto(`${base}/#/enquiries/${reference}`, { waitUntil: 'load' });
    const section = page.locator('section[aria-labelledby="statutory-heading"]');
    await section.locator('[data-proposal="ehc-assessment"]').waitFor();
    await section.getByRole('button', { name: 'Start EHC needs assessment' }).click();
    const table = section.locator('.app-statutory-process table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(3);
    const firstDue = (await table.locator('tbody tr').first().locator('td').first().textContent()) ?? '';
    expect(firstDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 34 * 86_400_000).toISOString().slice(0, 10);
    const process = section.locator('.app-statutory-process');
    await process.locator('select[name="kind"]').selectOption('absent-from-area');
    await process.locator('input[name="from"]').fill(today);
    await process.locator('input[name="to"]').fill(later);
    await process.getByRole('button', { name: 'Record exception' }).click();
    await page.getByText('Exception recorded: the due dates have moved').waitFor();
    const moved = page.locator('.app-statutory-process table tbody tr').first();
    expect(await moved.textContent()).toContain('statutory date');
    expect(await moved.textContent()).toMatch(/stood still for 3[45] days/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'statutory-enquiry.png'), fullPage: true });
    await page.context().close();

    const manager = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(manager, hub.userWith('manager', 'team:south'));
    await manager.goto(`${base}/#/dashboard?team=south`, { waitUntil: 'load' });
    await manager.getByRole('heading', { name: 'Statutory deadlines' }).waitFor();
    expect(await manager.getByText(/1 running process/).count()).toBe(1);

    await manager.goto(`${base}/#/report?from=2025-06-01&to=${today}`, { waitUntil: 'load' });
    const figures = manager.locator('table.app-report-table');
    await figures.waitFor();
    // Every compared figure, triage corrections and concerns triage missed included.
    expect(await figures.locator('tbody tr').count()).toBe(11);
    expect(await figures.textContent()).toContain('Enquiries whose triage people corrected');
    expect(await figures.locator('thead').textContent()).toContain('12 months');
    expect(await manager.locator('figure.app-chart svg[role="img"]').count()).toBe(8);
    expect(await manager.getByText('Download the figures (CSV)').count()).toBe(1);
    await manager.screenshot({ path: path.join(SCREENSHOTS, 'improvement-report.png'), fullPage: true });
    await manager.context().close();
  });
});
