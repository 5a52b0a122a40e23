/**
 * Finding people and children on the whole local stack, driven only through its public doors: the
 * SMTP door (a parent's and a SENCO's emails), the HTTP API as the call handler (`POST
 * /phone-logs`, `GET /phone-logs/{callId}`, `GET /search`) and as a caseworker, and the public
 * `POST /status` with no token. Issue 15's "Done when", end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiCaller,
  type Harness,
  sendEnquiry,
  startHarness,
  waitFor,
} from '../support/local-stack-harness';

interface TimelineContact {
  kind: 'contact' | 'event';
  direction?: 'inbound' | 'outbound';
  channel?: 'email' | 'phone';
  automated?: boolean;
}

interface EnquiryDetail {
  enquiry: { id: string; childId: string | null; contactCount: number; knownPhones: string[] };
  timeline: TimelineContact[];
}

let hub: Harness;
let handler: ApiCaller;
let caseworker: ApiCaller;

const PARENT = 'kim.stone@example.org';
const SENCO = 'senco@harbour-primary.example.org';
let parentReference = '';
let sencoReference = '';

beforeAll(async () => {
  hub = await startHarness();
  handler = await hub.as('callhandler');
  caseworker = await hub.as(hub.userWith('caseworker', 'team:east'));
});

afterAll(async () => {
  await hub?.stack.stop();
});

/** Answers of `POST /status` as a parent's browser gets them (no token). */
async function checkStatus(
  reference: string,
  verifier: string,
): Promise<{ status: number; text: string; headers: Record<string, string> }> {
  const response = await fetch(`${hub.stack.urls.api}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reference, verifier }),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    // The date and per-request ids differ on every answer by nature, whatever the outcome.
    if (name !== 'date' && !name.includes('request')) headers[name] = value;
  });
  return { status: response.status, text: await response.text(), headers };
}

/** Attempts are counted per clock minute: start a run of them early in a minute, not at its end. */
async function startOfAMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 30_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
}

describe('one person, one child, one reference (through the SMTP door and the API)', () => {
  it('joins a call from a number in the email signature, without the reference, to the parent’s enquiry: one enquiry, two contacts', async () => {
    parentReference = await sendEnquiry(hub, {
      from: PARENT,
      name: 'Kim Stone',
      subject: 'Help with an EHC needs assessment',
      text: [
        'Hello, my daughter Amy Stone (DOB 14/09/2016) is struggling at school in Ramsgate and we would like',
        'to ask for an EHC needs assessment. What do we need to do?',
        '',
        'Kim Stone',
        'Tel: 07700 900321',
        'CT11 9PE',
      ].join('\n'),
      messageId: `finding-e2e-parent-${Date.now()}@example.org`,
    });

    const callId = `E2E-FIND-${Date.now()}`;
    const logged = await handler('POST', '/phone-logs', {
      callId,
      receivedAt: new Date().toISOString(),
      caller: { name: 'Kim Stone', phone: '+44 7700 900321', role: 'parent' },
      summary:
        'Mum calling to check we got her email about an assessment; she has not got the reference to hand.',
    });
    expect(logged.status).toBe(200);

    const routed = await waitFor(async () => {
      const answer = await handler<{
        state: string;
        reference?: string;
        joinedExisting?: boolean;
        responseDueText?: string;
      }>('GET', `/phone-logs/${encodeURIComponent(callId)}`);
      return answer.status === 200 ? answer.body : undefined;
    }, 'the call to be routed');
    expect(routed).toMatchObject({ state: 'routed', reference: parentReference, joinedExisting: true });
    expect(routed.responseDueText).toMatch(/^(\d{1,2}(:\d\d)?(am|pm)|midday) on \w+day \d{1,2} \w+ \d{4}$/);

    const detail = await caseworker<EnquiryDetail>('GET', `/enquiries/${parentReference}`);
    expect(detail.status).toBe(200);
    const inbound = detail.body.timeline.filter(
      (item) => item.kind === 'contact' && item.direction === 'inbound' && item.automated === false,
    );
    expect(inbound.map((item) => item.channel)).toEqual(['email', 'phone']);
    expect(detail.body.enquiry.contactCount).toBe(2);
    expect(detail.body.enquiry.knownPhones).toContain('+447700900321');
  });

  it('puts a SENCO’s email about the same child (name and date of birth) in one child record with the parent’s', async () => {
    sencoReference = await sendEnquiry(hub, {
      from: SENCO,
      name: 'Lee Harbour',
      subject: 'Pupil support',
      text: [
        'I am the SENCO at Harbour Primary, Ramsgate.',
        'Pupil name: Amy Stone',
        'Date of birth: 14 September 2016',
        'We are gathering evidence for her EHC needs assessment request and would like advice.',
      ].join('\n'),
      messageId: `finding-e2e-senco-${Date.now()}@example.org`,
    });
    expect(sencoReference).not.toBe(parentReference);

    const parent = await caseworker<EnquiryDetail>('GET', `/enquiries/${parentReference}`);
    const senco = await caseworker<EnquiryDetail>('GET', `/enquiries/${sencoReference}`);
    const childId = parent.body.enquiry.childId;
    expect(childId).toMatch(/^CH-/);
    expect(senco.body.enquiry.childId).toBe(childId);

    const record = await caseworker<{ enquiries: { reference: string; role: string }[] }>(
      'GET',
      `/children/${childId}`,
    );
    expect(record.status).toBe(200);
    expect(record.body.enquiries.map((entry) => entry.reference).sort()).toEqual(
      [parentReference, sencoReference].sort(),
    );
    expect(record.body.enquiries.find((entry) => entry.reference === sencoReference)?.role).toBe('school');
  });

  it("lets a call handler find the reference by the parent's phone", async () => {
    for (const q of ['07700 900321', '+447700900321']) {
      const found = await handler<{ matchedBy: string; results: { reference: string; status: string }[] }>(
        'GET',
        `/search?${new URLSearchParams({ q }).toString()}`,
      );
      expect(found.status).toBe(200);
      expect(found.body.matchedBy).toBe('phone');
      expect(found.body.results.map((result) => result.reference)).toEqual([parentReference]);
    }
  });
});

describe('the parents’ status check (POST /status, no account)', () => {
  it('answers the reference and the right email with the status; a wrong verifier and an unknown reference get identical 404s; the 21st wrong try in a minute gets 429', async () => {
    await startOfAMinute();
    const found = await checkStatus(parentReference.toLowerCase(), PARENT.toUpperCase());
    expect(found.status).toBe(200);
    const status = JSON.parse(found.text) as Record<string, unknown>;
    expect(status).toMatchObject({
      reference: parentReference,
      status: 'received',
      teamName: 'East Kent SEND team',
    });
    expect(Object.keys(status).sort()).toEqual(
      ['lastUpdate', 'promisedBy', 'promisedByText', 'reference', 'status', 'statusText', 'teamName'].sort(),
    );
    expect(found.text).not.toContain('Kim');
    expect(found.text).not.toContain('Amy');

    const wrongVerifier = await checkStatus(parentReference, 'someone.else@example.org');
    const unknownReference = await checkStatus('SEND-ZZZZZZ', PARENT);
    expect(wrongVerifier.status).toBe(404);
    expect(unknownReference).toEqual(wrongVerifier);

    // Twenty wrong tries for one reference within a minute are answered; the 21st is refused.
    for (let attempt = 1; attempt <= 20; attempt++) {
      const answer = await checkStatus(sencoReference, `guess-${attempt}@example.org`);
      expect(answer.status, `wrong try ${attempt}`).toBe(404);
    }
    const refused = await checkStatus(sencoReference, `guess-21@example.org`);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'too-many-requests' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right verifier waits now: guessing cannot be confirmed by a late right answer.
    expect((await checkStatus(sencoReference, SENCO)).status).toBe(429);
  });
});
