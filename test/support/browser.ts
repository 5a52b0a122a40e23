/**
 * Debian's Chromium, headless, for the browser tests (see TOOLING: playwright-core drives it), and
 * what every browser test does with it: sign in through the page, keep screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Harness, startHarness } from './local-stack-harness';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Where screenshots of the page are kept. */
export const SCREENSHOTS = path.resolve('test-results', 'screenshots');

/** A full-page screenshot as `test-results/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs a demo user in through the page's local sign-in form (password `demo`). */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/#/sign-in`, { waitUntil: 'load' });
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#service-navigation:not([hidden])').waitFor();
}

/** A new browser tab signed in as a demo user, with every failed request and console error it saw. */
export async function signedInTab(
  browser: Browser,
  pageOrigin: string,
  username: string,
): Promise<{ page: Page; failures: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('requestfailed', (request) => failures.push(`${request.method()} ${request.url()}`));
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(message.text());
  });
  await signIn(page, pageOrigin, username);
  return { page, failures };
}

/**
 * The local stack with the API on its own origin (as in production) and a browser, started before
 * and stopped after the file's tests.
 */
export function crossOriginStackAndBrowser(): { hub(): Harness; browser(): Browser } {
  let hub: Harness | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    hub = await startHarness({ crossOrigin: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stack.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} did not start`);
    return value;
  };
  return { hub: () => started(hub, 'the local stack'), browser: () => started(browser, 'the browser') };
}
