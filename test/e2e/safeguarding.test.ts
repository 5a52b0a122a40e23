/**
 * Done when (issue 13): an at-risk email arriving at 02:00 on a Sunday gives a duty alert in the SES
 * outbox within a minute, exactly once, to the out-of-hours contact; the acknowledgement carries the
 * numbers; a redelivery of the same message sends nothing new. The whole local stack runs in this
 * process, so its clock is this process's: it is set to the coming Sunday 02:00 (UK time) and then
 * runs on in real time.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Harness, plainEmail, startHarness, waitFor } from '../support/local-stack-harness';

const OUT_OF_HOURS = 'send.safeguarding.ooh@kent.example.gov.uk';
const DUTY = 'send.safeguarding.duty@kent.example.gov.uk';

/** 02:00 in London on the first Sunday after now (GMT or BST). */
function nextSunday2am(): Date {
  const hour = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  const day = new Date();
  day.setUTCHours(0, 0, 0, 0);
  do day.setUTCDate(day.getUTCDate() + 1);
  while (day.getUTCDay() !== 0);
  for (let utcHour = 0; utcHour < 4; utcHour += 1) {
    const candidate = new Date(day.getTime() + utcHour * 3_600_000);
    if (hour.format(candidate) === '02') return candidate;
  }
  throw new Error('no 02:00 that Sunday');
}

let hub: Harness;
const sunday = nextSunday2am();

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: sunday, shouldAdvanceTime: true });
  hub = await startHarness();
}, 120_000);

afterAll(async () => {
  await hub?.stack.stop();
  vi.useRealTimers();
});

describe('a child at risk at 02:00 on a Sunday', () => {
  it('tells the out-of-hours contact within a minute, once, and gives the enquirer the numbers', async () => {
    const parent = `worried.parent.${sunday.getTime()}@example.org`;
    const raw = plainEmail({
      from: `Dana Okafor <${parent}>`,
      subject: 'My daughter',
      text: 'My daughter told her teacher she wants to die and has been scratching her arms until they bleed. We live in Margate CT9 2AB.',
      messageId: `at-risk.${sunday.getTime()}@mail.example.org`,
      date: new Date(),
    });
    const started = performance.now();
    await hub.sendMail(raw);
    const alert = await waitFor(
      async () => (await hub.outbox()).find((sent) => sent.destination.to.includes(OUT_OF_HOURS)),
      'the duty alert to the out-of-hours contact',
      60_000,
    );
    expect(performance.now() - started).toBeLessThan(60_000);
    const reference = /SEND-[2-9A-HJKMNP-Z]{6}/.exec(alert.subject)?.[0] ?? expect.fail('no reference');
    expect(alert.subject).toContain('Safeguarding concern');
    expect(alert.body.text).toContain(`/#/enquiries/${reference}`);
    for (const personal of ['Dana', 'Okafor', parent, 'scratching', 'CT9 2AB']) {
      expect(`${alert.subject}\n${alert.body.text}`).not.toContain(personal);
    }

    const ack = await waitFor(
      async () => (await hub.outbox()).find((sent) => sent.destination.to.includes(parent)),
      'the acknowledgement',
    );
    expect(ack.body.text).toContain(reference);
    for (const number of ['999', '03000 411111', '03000 419191', '03000 419994']) {
      expect(ack.body.text).toContain(number);
    }

    // The mailbox rule fires again with the same message: nothing new goes out.
    await hub.stack.drained();
    await hub.sendMail(raw);
    await hub.stack.drained();
    const outbox = await hub.outbox();
    expect(outbox.filter((sent) => sent.destination.to.includes(OUT_OF_HOURS))).toHaveLength(1);
    expect(outbox.filter((sent) => sent.destination.to.includes(parent))).toHaveLength(1);
    // Nobody on the open-hours list is woken for it.
    expect(outbox.filter((sent) => sent.destination.to.includes(DUTY))).toHaveLength(0);

    // The enquiry shows the flag and who was told.
    const caseworker = await hub.as(hub.userWith('caseworker', 'team:east'));
    const { status, body } = await caseworker<{ enquiry: { safeguarding: { concern: boolean } } }>(
      'GET',
      `/enquiries/${reference}`,
    );
    expect(status).toBe(200);
    expect(body.enquiry.safeguarding).toMatchObject({ concern: true });
  }, 120_000);
});
