/**
 * Debian's Chromium, headless, for the browser tests (see TOOLING: playwright-core drives it), and
 * what every browser test does with it: sign in through the page, keep screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

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
