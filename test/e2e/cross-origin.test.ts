/**
 * The production shape: the staff page on one origin (CloudFront) and the API on another (its own
 * domain), so every call the page makes is cross-origin and, because it carries `Authorization`,
 * is preceded by a CORS preflight that the browser sends without a token. The local API Gateway
 * applies the deployed route list, authoriser and CORS rule (`shared/adapters/api-definition.ts`),
 * so a route table whose catch-all authoriser takes the preflight (401) fails here as in AWS.
 */
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossOriginStackAndBrowser, signedInTab } from '../support/browser';
import { type Harness, sendEnquiry, waitFor } from '../support/local-stack-harness';

const setup = crossOriginStackAndBrowser();
let hub: Harness;
let browser: Browser;
beforeAll(() => {
  hub = setup.hub();
  browser = setup.browser();
});

function signedInPage(username: string) {
  return signedInTab(browser, hub.stack.urls.http, username);
}

describe('page and API on different origins', () => {
  it('runs the page on one origin and the API on another', () => {
    expect(new URL(hub.stack.urls.api).origin).not.toBe(new URL(hub.stack.urls.http).origin);
  });

  it('answers the preflight of the page origin without a token, and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${hub.stack.urls.api}/queue?team=north`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const ours = await preflight(hub.stack.urls.http);
    expect(ours.status).toBe(204);
    expect(ours.headers.get('access-control-allow-origin')).toBe(hub.stack.urls.http);
    expect(ours.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(ours.headers.get('access-control-allow-methods')).toContain('POST');
    const theirs = await preflight('https://elsewhere.example.org');
    expect(theirs.headers.get('access-control-allow-origin')).toBeNull();
    // The same request with a real method still needs a token.
    const unsigned = await fetch(`${hub.stack.urls.api}/queue?team=north`, {
      headers: { origin: hub.stack.urls.http },
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('access-control-allow-origin')).toBe(hub.stack.urls.http);
  });

  it('lets a caseworker see, claim and answer an enquiry in the browser across origins', async () => {
    const parent = 'cross.origin.parent@example.org';
    const reference = await sendEnquiry(hub, {
      from: parent,
      name: 'Robin Parent',
      subject: 'Transport to school has stopped',
      text: 'The school taxi for my daughter has not come since Monday. We live in Dartford, DA1 2EN.',
      messageId: `cross-origin-${Date.now()}@example.org`,
    });

    const { page, failures } = await signedInPage('cw-north-1');
    const row = page.locator(`tr[data-enquiry="${reference}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `Claim ${reference}` }).click();
    await page.getByText(`You have claimed ${reference}`).waitFor();
    await page.locator('#response-text').fill('The taxi company has been told; it starts again tomorrow.');
    await page.getByRole('button', { name: 'Send response' }).click();
    await page.getByText('Your response has been emailed to the enquirer').waitFor();
    await waitFor(
      async () =>
        (await hub.outbox()).find(
          (sent) => sent.destination.to.includes(parent) && sent.body.text?.includes('taxi company'),
        ),
      'the response email',
    );
    expect(failures).toEqual([]);
    await page.context().close();
  });

  it('logs a phone call from the page to the API across origins', async () => {
    const { page, failures } = await signedInPage('callhandler');
    await page.getByRole('heading', { name: 'Log a phone call' }).waitFor();
    await page.locator('#caller-name').fill('Casey Caller');
    await page.locator('#caller-phone').fill('07700 900462');
    await page.locator('#summary').fill('Asked about an EHC needs assessment for her son in Gravesend.');
    await page.getByRole('button', { name: 'Log call' }).click();
    // The form waits for the call to be routed (GET /phone-logs/{callId}, across origins too).
    await page.locator('#call-reference').waitFor();
    expect(await page.locator('#call-reference').textContent()).toMatch(/^SEND-[2-9A-HJ-NP-Z]{6}$/);
    expect(failures).toEqual([]);
    await page.context().close();
  });

  it('serves the API contract as a static file beside the page, naming the API origin', async () => {
    const document = (await (await fetch(`${hub.stack.urls.http}/openapi.json`)).json()) as {
      servers: { url: string }[];
    };
    expect(document.servers).toEqual([{ url: hub.stack.urls.api }]);
    // Nothing behind the API answers it: an unsigned request there meets the authoriser.
    expect((await fetch(`${hub.stack.urls.api}/openapi.json`)).status).toBe(401);
  });
});
