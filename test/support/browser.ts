/**
 * Debian's Chromium, headless, for the browser tests (see TOOLING: playwright-core drives it), and
 * what every browser test does with it: sign in through the page, check each screen with axe-core
 * against WCAG 2.2 A and AA, keep screenshots.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** axe-core's browser build, injected into pages under test (the page's CSP does not apply to it). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA, as axe-core tags them. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] as const;

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/** What the page's `window.axe` offers this helper. */
interface AxeWindow {
  readonly axe?: {
    run(
      context: Document,
      options: { runOnly: { type: 'tag'; values: readonly string[] }; resultTypes: readonly string[] },
    ): Promise<{
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    }>;
  };
}

/**
 * Runs axe-core on the screen as it is now against WCAG 2.2 A and AA and fails, listing each
 * violation with the elements it found, when there is any.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations: AxeViolation[] = await page.evaluate(async (tags) => {
    const axe = (window as AxeWindow).axe;
    if (axe === undefined) throw new Error('axe-core did not load');
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.map(String).join(' ')),
    }));
  }, WCAG_22_AA);
  if (violations.length === 0) return;
  const lines = violations.map(
    (violation) =>
      `- ${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help} at ${violation.targets.join('; ')}`,
  );
  throw new Error(
    `${screen}: ${violations.length} accessibility violation(s) (axe-core, WCAG 2.2 AA)\n${lines.join('\n')}`,
  );
}

/**
 * A full-page screenshot as `test-results/screenshots/<name>.png`, after the screen passed axe-core
 * (every screen a browser test looks at is checked).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
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
