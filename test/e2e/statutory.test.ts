/**
 * A request for an EHC needs assessment, end to end through the public doors: the email arrives at
 * the SMTP door, triage's proposal shows on the enquiry, a caseworker marks it (starts the process),
 * a sweep run weeks later (`send-hub escalate --at`) finds the 6-week decision missed, and the
 * team manager's digest lists it once, however many sweeps run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, plainEmail, startHarness, waitFor } from '../support/local-stack-harness';

const run = promisify(execFile);
let hub: Harness;

beforeAll(async () => {
  hub = await startHarness();
});

afterAll(async () => {
  await hub?.stack.stop();
});

interface QueuePage {
  items: { id: string; subject: string }[];
}

interface StatutoryView {
  proposal: { process: string; reason: string; start: string } | null;
  processes: { id: string; schedule: { milestones: { name: string; due: string; state: string }[] } }[];
}

describe('a statutory deadline on the local stack', () => {
  it('marks an assessment request, misses its 6-week decision weeks later, and tells the manager once', async () => {
    const parent = 'e2e.statutory.parent@example.org';
    const subject = 'Request for an EHC needs assessment for my daughter';
    await hub.sendMail(
      plainEmail({
        from: `Alex Request <${parent}>`,
        subject,
        text: 'Dear SEND team, I am writing to formally request an EHC needs assessment for my daughter Mia, aged 9. We live in Ashford TN23 1AA. Her school agrees she needs more support than they can give.',
        messageId: 'e2e-statutory-1@example.org',
      }),
    );
    await hub.stack.drained();
    const caseworker = await hub.as(hub.userWith('caseworker', 'team:south'));
    const queue = await waitFor(async () => {
      const page = await caseworker<QueuePage>('GET', '/queue?team=south');
      return page.body.items.find((item) => item.subject === subject);
    }, 'the request in the south queue');

    const before = await caseworker<StatutoryView>('GET', `/enquiries/${queue.id}/statutory`);
    expect(before.status).toBe(200);
    expect(before.body.proposal).toMatchObject({ process: 'ehc-assessment' });
    expect(before.body.proposal?.reason).toContain('request an EHC needs assessment');

    const started = await caseworker<{
      id: string;
      schedule: { milestones: { name: string; due: string }[] };
    }>('POST', `/enquiries/${queue.id}/statutory`, { process: 'ehc-assessment' });
    expect(started.status).toBe(201);
    const decision = started.body.schedule.milestones.find(
      (milestone) => milestone.name === 'decision-to-assess',
    );
    expect(decision?.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const bad = await caseworker('POST', `/enquiries/${queue.id}/statutory/${started.body.id}/exceptions`, {
      from: '2026-01-10',
      to: '2026-01-12',
      kind: 'absent-from-area',
    });
    expect(bad.status).toBe(400);

    const weeksLater = new Date(Date.now() + 7 * 7 * 86_400_000).toISOString();
    const urls = hub.stack.urls;
    const escalate = [
      'cli/main.ts',
      'escalate',
      '--at',
      weeksLater,
      '--endpoint-dynamodb',
      urls.dynamodb,
      '--endpoint-ses',
      urls.ses,
    ];
    const first = await run('node_modules/.bin/tsx', escalate);
    expect(first.stdout).toMatch(/Statutory deadlines: +1 missed/);
    await run('node_modules/.bin/tsx', escalate);

    const manager = 'send.south.manager@kent.example.gov.uk';
    const digests = (await hub.outbox()).filter(
      (email) =>
        email.destination.to.includes(manager) && email.body.text?.includes('Decision whether to assess'),
    );
    expect(digests).toHaveLength(1);
    const text = digests[0]?.body.text ?? '';
    expect(text).toContain('Statutory deadlines missed');
    expect(text).toContain(queue.id);
    expect(text.split('Decision whether to assess')).toHaveLength(2);
    expect(text).not.toContain('Alex Request');

    const after = await caseworker<StatutoryView>('GET', `/enquiries/${queue.id}/statutory`);
    expect(after.body.processes[0]?.schedule.milestones[0]).toMatchObject({
      name: 'decision-to-assess',
      state: 'due',
    });
  });
});
