/**
 * The whole system on one machine, driven only through its public doors: the SMTP door, the HTTP
 * API (as signed-in demo users), the `send-hub` CLI and the SES outbox.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, plainEmail, startHarness, waitFor } from '../support/local-stack-harness';

const run = promisify(execFile);

interface QueuePage {
  items: { id: string; topic: string }[];
}

interface EnquiryDetail {
  enquiry: { version: number };
}
let hub: Harness;

function email(from: string, subject: string, text: string, messageId: string, date = new Date()): string {
  return plainEmail({ from, subject, text, messageId, date });
}

beforeAll(async () => {
  hub = await startHarness();
});

afterAll(async () => {
  await hub?.stack.stop();
});

describe('SEND Hub on one machine', () => {
  it('takes an email through the SMTP door to an acknowledged, queued, claimed and answered enquiry', async () => {
    const parent = 'e2e.parent.one@example.org';
    await hub.sendMail(
      email(
        `Robin Parent <${parent}>`,
        'Asking for an EHC needs assessment',
        'Hello, how do I ask for an EHC needs assessment for my son? He is 7 and we live in Margate, CT9 3AB. His school says he needs more help.',
        'e2e-one@example.org',
      ),
    );
    const ack = await waitFor(
      async () => (await hub.outbox()).find((sent) => sent.destination.to.includes(parent)),
      'the acknowledgement',
    );
    const reference = /SEND-[2-9A-HJ-NP-Z]{6}/.exec(ack.subject)?.[0];
    expect(reference).toBeDefined();
    expect(ack.body.text).toContain(reference);

    const caseworker = await hub.as(hub.userWith('caseworker', 'team:east'));
    const queue = await caseworker<QueuePage>('GET', '/queue?team=east');
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((entry) => entry.id === reference);
    expect(item).toMatchObject({ topic: 'assessment' });

    expect((await caseworker('POST', `/enquiries/${reference}/claim`)).status).toBe(200);
    const detail = await caseworker<EnquiryDetail>('GET', `/enquiries/${reference}`);
    const answered = await caseworker('POST', `/enquiries/${reference}/respond`, {
      text: 'Thank you. We have sent you the request form and will call you this week.',
      sendEmail: true,
      expectedVersion: detail.body.enquiry.version,
    });
    expect(answered.status).toBe(200);

    const after = await caseworker<QueuePage>('GET', '/queue?team=east');
    expect(after.body.items.map((entry) => entry.id)).not.toContain(reference);
    const reply = await waitFor(
      async () =>
        (await hub.outbox()).find(
          (sent) => sent.destination.to.includes(parent) && sent.body.text?.includes('request form'),
        ),
      'the caseworker reply',
    );
    expect(reply.subject).toContain(reference);
  });

  it('takes a call logged through the API to the right team queue', async () => {
    const handler = await hub.as('callhandler');
    const logged = await handler('POST', '/phone-logs', {
      callId: 'E2E-CALL-0001',
      receivedAt: new Date().toISOString(),
      caller: { name: 'Casey Carer', phone: '07700 900461', role: 'parent' },
      child: { postcode: 'ME15 7QQ' },
      summary:
        'Asked when the home to school transport taxi will start for her daughter; no taxi since half term.',
      callbackRequested: true,
    });
    expect(logged.status).toBe(200);
    await hub.stack.drained();
    const caseworker = await hub.as(hub.userWith('caseworker', 'team:west'));
    const queue = await caseworker<QueuePage>('GET', '/queue?team=west');
    expect(queue.body.items.some((entry) => entry.topic === 'transport')).toBe(true);
  });

  it('escalates an unanswered enquiry to the team manager once, through the CLI', async () => {
    const parent = 'e2e.parent.two@example.org';
    await hub.sendMail(
      email(
        `Sam Waiting <${parent}>`,
        'Annual review',
        'Our annual review meeting was in September and we still have no amended plan. We live in Dover CT16 1AA.',
        'e2e-two@example.org',
        new Date(Date.now() - 60_000),
      ),
    );
    await hub.stack.drained();
    const manager = await hub.as(hub.userWith('manager', 'team:south'));
    const queue = await manager<QueuePage>('GET', '/queue?team=south');
    const waiting = queue.body.items.find((entry) => entry.topic === 'annual-review');
    if (waiting === undefined)
      throw new Error(`the annual review enquiry is not in the south queue: ${JSON.stringify(queue.body)}`);

    const at = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const urls = hub.stack.urls;
    const cli = [
      'node_modules/.bin/tsx',
      'cli/main.ts',
      'escalate',
      '--at',
      at,
      '--endpoint-dynamodb',
      urls.dynamodb,
      '--endpoint-ses',
      urls.ses,
    ];
    await run(cli[0] ?? '', cli.slice(1));
    const digests = (await hub.outbox()).filter((sent) => sent.body.text?.includes(waiting.id));
    expect(digests.length).toBeGreaterThan(0);
    const toManager = digests.filter((sent) => sent.destination.to.some((to) => /south/i.test(to)));
    expect(toManager.length).toBeGreaterThan(0);

    await run(cli[0] ?? '', cli.slice(1));
    const again = (await hub.outbox()).filter((sent) => sent.body.text?.includes(waiting.id));
    expect(again).toHaveLength(digests.length);
  });
});
