/**
 * Finding people and children in a real browser (Debian's Chromium driven by playwright-core)
 * against the whole local stack, seeded only through its public doors (SMTP, the HTTP API): the
 * search page, the child record, the enquiry's child link, the call handler's open enquiry and
 * reference, and the parents' status page. Screenshots go to test-results/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { type Harness, plainEmail, sendEnquiry, startHarness, waitFor } from '../support/local-stack-harness';

let hub: Harness;
let browser: Browser;
let base: string;

const PARENT = 'jo.webb@example.org';
const PARENT_PHONE = '07700 900777';
const SENCO = 'senco@oak-primary.example.org';
let parentReference = '';
let sencoReference = '';
let childId = '';
let eastCaseworker = '';

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/** Fails the test if anything on the page tries to run an enquirer's markup. */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

beforeAll(async () => {
  await buildWeb();
  hub = await startHarness();
  base = hub.stack.urls.http;
  eastCaseworker = hub.userWith('caseworker', 'team:east');
  parentReference = await sendEnquiry(hub, {
    from: PARENT,
    name: '"Jo Webb <b>Mum</b>"',
    subject: 'Taxi to school has stopped',
    text: [
      'The taxi to school in Margate has stopped and my son cannot get there.',
      'My son Sam Webb (DOB 02/04/2015) is at home.',
      '',
      'Jo Webb',
      `Mobile: ${PARENT_PHONE}`,
      'CT9 2AB',
    ].join('\n'),
    messageId: `finding-web-parent-${Date.now()}@example.org`,
  });
  sencoReference = await sendEnquiry(hub, {
    from: SENCO,
    name: 'Ann Oak',
    subject: 'Transport for a pupil',
    text: [
      'SENCO at Oak Primary, Margate.',
      'Pupil name: Sam Webb',
      'Date of birth: 2 April 2015',
      'His taxi has stopped. <script>alert("senco")</script>',
    ].join('\n'),
    messageId: `finding-web-senco-${Date.now()}@example.org`,
  });
  // The parent chases by email, quoting the reference: the family's first chase.
  await hub.sendMail(
    plainEmail({
      from: `Jo Webb <${PARENT}>`,
      subject: `Re: ${parentReference} still no taxi`,
      text: 'Still no taxi today. Please call me.',
      messageId: `finding-web-chase-${Date.now()}@example.org`,
    }),
  );
  await hub.stack.drained();
  const caseworker = await hub.as(eastCaseworker);
  const detail = await waitFor(async () => {
    const answer = await caseworker<{ enquiry: { childId: string | null; contactCount: number } }>(
      'GET',
      `/enquiries/${parentReference}`,
    );
    return answer.body.enquiry.contactCount === 2 ? answer.body.enquiry : undefined;
  }, 'the chaser on the parent enquiry');
  if (detail.childId === null) throw new Error('the parent enquiry has no child record');
  childId = detail.childId;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stack.stop();
});

describe('search', () => {
  it("finds the parent's enquiry by phone in another format for a call handler, with whom to ask and no messages", async () => {
    const page = await newPage();
    await signIn(page, base, 'callhandler');
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Search enquiries' }).waitFor();
    await page.getByLabel('Search for').fill('+44 7700 900777');
    await page.getByRole('button', { name: 'Search' }).click();

    const card = page.locator(`.app-result[data-reference="${parentReference}"]`);
    await card.waitFor();
    expect(await page.locator('#search-results-heading').textContent()).toBe(
      '1 enquiry found for “+44 7700 900777”',
    );
    // Focus moves to what was found.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-results-heading');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('East Kent SEND team');
    expect(text).toMatch(/Reply due\s*By \d{1,2}(:\d\d)?(am|pm) on \w+ \d{1,2} \w+ \d{4}/);
    expect(text).toContain('Sam Webb');
    expect(text).toContain('Born 2 April 2015');
    expect(text).toContain('07700 900777');
    expect(text).toContain('Jo Webb <b>Mum</b>');
    expect(text).toContain('ask East Kent SEND team (send.east.manager@kent.example.gov.uk)');
    // A call handler opens neither the enquiry nor the child record from here, and sees no messages.
    expect(await card.locator(`a[href="#/enquiries/${parentReference}"]`).count()).toBe(0);
    expect(await card.locator('a[href^="#/children/"]').count()).toBe(0);
    expect(text).not.toContain('Still no taxi today');
    expect(await page.locator('main b').count()).toBe(0);
    await screenshot(page, 'search-call-handler');

    // The query is in the address: Back and a shared link give the same results.
    expect(await page.evaluate(() => location.hash)).toBe('#/search?q=%2B44+7700+900777');
    await page.context().close();
  });

  it('finds both enquiries about the child by name for a caseworker, each linking to its enquiry and the child record', async () => {
    const page = await newPage();
    await signIn(page, base, eastCaseworker);
    await page.goto(`${base}/#/search?q=${encodeURIComponent('sam webb')}`, { waitUntil: 'load' });
    await page.locator('#search-results').waitFor();
    const references = await page
      .locator('.app-result')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-reference')));
    expect(references.sort()).toEqual([parentReference, sencoReference].sort());
    const card = page.locator(`.app-result[data-reference="${parentReference}"]`);
    expect(await card.getAttribute('data-access')).toBe('full');
    expect(await card.locator(`a[href="#/enquiries/${parentReference}"]`).count()).toBe(1);
    expect(await card.locator(`a[href="#/children/${childId}"]`).textContent()).toBe(
      `Child record ${childId}`,
    );
    await screenshot(page, 'search-caseworker');
    await page.context().close();
  });

  it('names the problem when the box is empty', async () => {
    const page = await newPage();
    await signIn(page, base, 'callhandler');
    await page.goto(`${base}/#/search`, { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Search' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Enter what to search for');
    expect(await page.title()).toMatch(/^Error: /);
    await page.context().close();
  });
});

describe('the child record', () => {
  it("shows both enquiries, the contacts and responses, and the family's chase count, as text", async () => {
    const page = await newPage();
    const dialogs = watchDialogs(page);
    await signIn(page, base, eastCaseworker);
    await page.goto(`${base}/#/search?q=${encodeURIComponent(PARENT)}`, { waitUntil: 'load' });
    await page.locator(`.app-result[data-reference="${parentReference}"] a[href^="#/children/"]`).click();
    await page.getByRole('heading', { name: 'Sam Webb' }).waitFor();

    expect(await page.title()).toContain(`Child record ${childId}`);
    const sections = page.locator('.app-child-enquiry');
    expect(await sections.count()).toBe(2);
    expect(await page.locator('#family-chases').textContent()).toBe('1 time');
    const facts = (await page.locator('dl').first().textContent()) ?? '';
    expect(facts).toContain('2 April 2015');
    expect(facts).toContain('CT9 2AB');

    const parentSection = page.locator(`.app-child-enquiry[data-reference="${parentReference}"]`);
    expect(await parentSection.locator('.govuk-caption-m').textContent()).toBe(
      'From a parent or carer · 2 contacts',
    );
    const parentTimeline = (await parentSection.locator('.app-timeline').textContent()) ?? '';
    expect(parentTimeline).toContain('The taxi to school in Margate has stopped');
    expect(parentTimeline).toContain('Still no taxi today');
    const sencoSection = page.locator(`.app-child-enquiry[data-reference="${sencoReference}"]`);
    expect(await sencoSection.locator('.govuk-caption-m').textContent()).toContain('From the school');
    // The SENCO's markup is shown as the characters it is made of.
    expect(await sencoSection.locator('.app-message').first().textContent()).toContain(
      '<script>alert("senco")</script>',
    );
    expect(await page.evaluate(() => document.querySelectorAll('main script, main b').length)).toBe(0);
    expect(dialogs).toEqual([]);
    await screenshot(page, 'child-record');
    await page.context().close();
  });
});

describe("the enquiry's child record", () => {
  it('links to the child record, and a caseworker unlinks and links it again', async () => {
    const page = await newPage();
    await signIn(page, base, eastCaseworker);
    await page.goto(`${base}/#/enquiries/${sencoReference}`, { waitUntil: 'load' });
    const section = page.locator('#child-record');
    await section.waitFor();
    expect(await section.locator(`a[href="#/children/${childId}"]`).count()).toBe(1);
    expect(await section.textContent()).toContain('Linked automatically');
    await screenshot(page, 'enquiry-child-linked');

    await section.getByRole('button', { name: 'Unlink from this child record' }).click();
    await page.getByText(`${sencoReference} is no longer linked to ${childId}`).waitFor();
    expect(await page.locator('#child-record a[href^="#/children/"]').count()).toBe(0);
    expect(await page.locator('#child-record').textContent()).toContain('Unlinked by a caseworker');

    await page.locator('#child-link-to').fill(parentReference.toLowerCase());
    await page.locator('#child-record').getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByText(`${sencoReference} is linked to child record ${childId}`).waitFor();
    expect(await page.locator(`#child-record a[href="#/children/${childId}"]`).count()).toBe(1);
    expect(await page.locator('#child-record').textContent()).toContain('Linked by a caseworker');

    // A reference that is not one is named next to the field.
    await page.locator('#child-link-to').fill('not-a-reference');
    await page.locator('#child-record').getByRole('button', { name: 'Link', exact: true }).click();
    await page.locator('#child-link-to-error').waitFor();
    expect(await page.locator('#child-link-to-error').textContent()).toContain(
      'must be an enquiry reference (SEND-…) or a child record id (CH-…)',
    );
    await screenshot(page, 'enquiry-child-link-error');
    await page.context().close();
  });
});

describe("the call handler's form", () => {
  it('shows the caller’s open enquiry before logging, then waits for the call to be routed and gives its reference and date', async () => {
    const page = await newPage();
    await signIn(page, base, 'callhandler');
    await page.getByRole('heading', { name: 'Log a phone call' }).waitFor();
    await page.locator('#caller-name').fill('Jo Webb');
    await page.locator('#caller-phone').fill('07700900777');
    await page.locator('#caller-phone').press('Tab');

    const notice = page.locator('#caller-open-enquiry');
    await notice.waitFor();
    const said = (await notice.textContent()) ?? '';
    expect(said).toContain('This caller has an open enquiry');
    expect(said).toContain(`Reference ${parentReference}`);
    expect(said).toMatch(/Reply due: By \d{1,2}(:\d\d)?(am|pm) on /);
    await screenshot(page, 'log-call-open-enquiry');

    await page
      .locator('#summary')
      .fill('Mum rang again about the Margate taxi; she did not have the reference.');
    await page.getByRole('button', { name: 'Log call' }).click();
    // The wait is visible and announced: a status region with a progress bar.
    const reference = page.locator('#call-reference');
    await Promise.race([
      page.locator('#call-routing[role="status"] progress').waitFor(),
      reference.waitFor(),
    ]);
    await reference.waitFor();
    expect(await reference.textContent()).toBe(parentReference);
    expect(await page.locator('#call-joined').textContent()).toBe('Added to the caller’s open enquiry');
    expect(await page.locator('#tell-the-caller').textContent()).toMatch(
      new RegExp(`^Your reference is ${parentReference}\\. We will get back to you by .+ \\d{4}\\.$`),
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('call-reference');
    await screenshot(page, 'log-call-reference');
    await page.context().close();
  });

  it('says a new caller has no open enquiry, and gives the new reference once routed', async () => {
    const page = await newPage();
    await signIn(page, base, 'callhandler');
    await page.getByRole('heading', { name: 'Log a phone call' }).waitFor();
    await page.locator('#caller-phone').fill('07700 900555');
    await page.getByRole('button', { name: 'Check for an open enquiry' }).click();
    await page.locator('#caller-lookup-none').waitFor();
    expect(await page.locator('#caller-lookup-none').textContent()).toContain(
      'No open enquiry for 07700 900555',
    );
    await page
      .locator('#summary')
      .fill('Grandad asking how to request an EHC needs assessment for his grandson in Ramsgate.');
    await page.getByRole('button', { name: 'Log call' }).click();
    await page.locator('#call-reference').waitFor();
    const reference = (await page.locator('#call-reference').textContent()) ?? '';
    expect(reference).toMatch(/^SEND-[2-9A-HJ-NP-Z]{6}$/);
    expect([parentReference, sencoReference]).not.toContain(reference);
    expect(await page.locator('#call-joined').textContent()).toBe('Started a new enquiry');
    await page.context().close();
  });
});

describe("the parents' status page", () => {
  async function check(page: Page, reference: string, verifier: string): Promise<void> {
    await page.locator('#reference').fill(reference);
    await page.locator('#verifier').fill(verifier);
    await page.getByRole('button', { name: 'Check' }).click();
  }

  it('shows the status, team, promised date and last update for the right reference and email, with no sign-in', async () => {
    const page = await newPage();
    await page.goto(`${base}/status`, { waitUntil: 'load' });
    await page.getByRole('heading', { name: 'Check your enquiry' }).waitFor();
    await check(page, parentReference.toLowerCase(), PARENT.toUpperCase());
    const result = page.locator('#status-result');
    await result.waitFor();
    const text = (await result.textContent()) ?? '';
    expect(await page.locator('#status-result-heading').textContent()).toBe(`Enquiry ${parentReference}`);
    expect(text).toContain('Where it stands');
    expect(text).toContain('East');
    expect(text).toMatch(/We will reply by\d{1,2}(:\d\d)?(am|pm) on /);
    expect(text).toContain('Last update');
    // Nothing else: no names, no messages, no child.
    expect(text).not.toContain('Jo Webb');
    expect(text).not.toContain('Sam Webb');
    expect(text).not.toContain('taxi');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('status-result-heading');
    await screenshot(page, 'status-found');

    // The phone number it came from works as well (any format).
    await check(page, parentReference, '+44 7700 900777');
    await page.locator('#status-result').waitFor();
    await page.context().close();
  });

  it('names empty fields, and gives a wrong email and an unknown reference the same message', async () => {
    const page = await newPage();
    await page.goto(`${base}/status`, { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Check' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.locator('a').allTextContents()).toEqual([
      'Enter your reference, like SEND-7K3M9Q',
      'Enter the email address or phone number you contacted us from',
    ]);
    expect(await page.title()).toMatch(/^Error: /);

    await check(page, parentReference, 'someone.else@example.org');
    await page.locator('.govuk-error-summary a', { hasText: 'We could not find' }).waitFor();
    const wrongEmail = await summary.textContent();
    await screenshot(page, 'status-not-found');
    await check(page, 'SEND-ZZZZZZ', PARENT);
    await page.locator('#status-answer p').waitFor({ state: 'detached' });
    await page.locator('.govuk-error-summary a', { hasText: 'We could not find' }).waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toBe(wrongEmail);
    expect(await page.locator('#status-result').count()).toBe(0);
    await page.context().close();
  });

  it('says plainly to wait after too many tries', async () => {
    // 20 wrong tries for one reference in a minute are allowed; the 21st is refused.
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await fetch(`${hub.stack.urls.api}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reference: sencoReference, verifier: `guess${attempt}@example.org` }),
      });
      expect(response.status).toBe(404);
    }
    const page = await newPage();
    await page.goto(`${base}/status`, { waitUntil: 'load' });
    await check(page, sencoReference, SENCO);
    const summary = page.locator('.govuk-error-summary');
    await summary.locator('a', { hasText: 'You have tried too many times' }).waitFor();
    expect(await summary.textContent()).toMatch(/Wait (\d+ seconds|a minute), then try again\./);
    expect(await page.locator('#status-result').count()).toBe(0);
    await screenshot(page, 'status-too-many');
    await page.context().close();
  });
});
