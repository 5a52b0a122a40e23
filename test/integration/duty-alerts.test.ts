/**
 * Safeguarding duty alerts against the real emulators (DynamoDB Local, the SES emulator's outbox):
 * the alert is recorded with the enquiry, sent once whatever crashes or redeliveries happen, and the
 * next duty contact is told when nobody picks it up.
 */

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dynamoDocumentClient, sesClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { DynamoDutyAlertStore } from '../../shared/adapters/duty-alert-store';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoEscalationStore } from '../../shared/adapters/escalation-store';
import { SesMailer } from '../../shared/adapters/mailer';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { tableCaseworkerDirectory } from '../../shared/escalation/caseworker-directory';
import { type RouterDeps, routeIntake } from '../../shared/routing/route-intake';
import type { DutyAlertStore } from '../../shared/safeguarding/ports';
import { runEscalationSweep } from '../../shared/sweep/run-sweep';
import { freshTable, plus, sentTo, taggedHubConfig } from '../support/escalation-fixtures';
import { emailIntake, seededRandom, stubTriage } from '../support/router-fixtures';

const dynamoEndpoint = inject('dynamoEndpoint');
const sesEndpoint = inject('sesEndpoint');
const tag = `sg${process.pid}${Date.now()}`;
const config = taggedHubConfig(tag);
const documents = dynamoDocumentClient({ endpoint: dynamoEndpoint });
const mailer = new SesMailer(sesClient({ endpoint: sesEndpoint }));
const SUNDAY_2AM = '2026-11-22T02:00:00.000Z';
let tableName = '';
let enquiries: EnquiryRepository;
let alerts: DynamoDutyAlertStore;
const startedAt = Math.floor(Date.now() / 1000) - 1;

beforeAll(async () => {
  tableName = await freshTable(dynamoEndpoint, 'duty-alerts');
  enquiries = new EnquiryRepository(documents, tableName);
  alerts = new DynamoDutyAlertStore(documents, tableName);
});

afterAll(() => {
  documents.destroy();
});

function routerDeps(overrides: Partial<RouterDeps> = {}): RouterDeps {
  return {
    enquiries,
    caseworkers: new CaseworkerRepository(documents, tableName),
    mailer,
    config,
    triage: stubTriage,
    timeouts: FUNCTION_TIMEOUTS,
    now: () => new Date(SUNDAY_2AM),
    random: seededRandom(Number(process.pid)),
    dutyAlerts: alerts,
    ...overrides,
  };
}

function sweep(now: string, sweepId: string) {
  return runEscalationSweep(
    {
      config,
      enquiries,
      store: new DynamoEscalationStore(documents, tableName),
      caseworkers: tableCaseworkerDirectory(new CaseworkerRepository(documents, tableName), config),
      mailer,
      clock: () => new Date(),
      timeouts: FUNCTION_TIMEOUTS,
      sweepId,
      dutyAlerts: { store: alerts, enquiries },
    },
    now,
  );
}

async function alertsTo(address: string, reference: string) {
  return (await sentTo(sesEndpoint, tag, startedAt)).filter(
    (email) => email.destination.to.includes(address) && email.subject.includes(reference),
  );
}

/** A store whose sender dies after the router committed (the process crashed before sending). */
function dyingAfterCommit(inner: DutyAlertStore): DutyAlertStore {
  return {
    pendingAlerts: (enquiryId) => inner.pendingAlerts(enquiryId),
    getAlert: (notice) => inner.getAlert(notice),
    claimSend: async () => {
      throw new Error('the router process died after committing');
    },
    releaseSend: (notice, owner) => inner.releaseSend(notice, owner),
    clearAlert: (notice) => inner.clearAlert(notice),
    dueEntries: (now) => inner.dueEntries(now),
    clearDue: (entries) => inner.clearDue(entries),
  };
}

const atRisk = (suffix: string) =>
  emailIntake({
    messageId: `<at-risk-${suffix}-${tag}@mail.example.org>`,
    intakeId: `email:<at-risk-${suffix}-${tag}@mail.example.org>`,
    receivedAt: SUNDAY_2AM,
    // A different family each time, so no message threads onto another test's enquiry.
    requester: { name: 'Sam Parent', email: `parent-${suffix}-${tag}@example.org`, phone: null },
    subject: 'Worried about my son',
    body: 'There is a risk of harm: he says he wants to hurt himself.',
  });

describe('safeguarding duty alerts', () => {
  it('records the alert with the enquiry and sends it at once to the out-of-hours contact', async () => {
    const outcome = await routeIntake(atRisk('once'), routerDeps());
    if (outcome.kind !== 'opened') expect.fail(`expected an opened enquiry, got ${outcome.kind}`);
    const enquiry = await enquiries.requireEnquiry(outcome.enquiryId);
    expect(enquiry).toMatchObject({ priority: 'urgent', safeguarding: { concern: true } });
    expect(enquiry.safeguarding.alert?.told).toEqual([
      expect.objectContaining({ list: 'out-of-hours', index: 0, email: `ooh1.${tag}@example.org` }),
    ]);
    const sent = await alertsTo(`ooh1.${tag}@example.org`, enquiry.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body.text).not.toContain('hurt himself');
    expect(await alerts.pendingAlerts(enquiry.id)).toEqual([]);
    // A redelivery of the same message sends nothing new.
    expect((await routeIntake(atRisk('once'), routerDeps())).kind).toBe('duplicate');
    expect(await alertsTo(`ooh1.${tag}@example.org`, enquiry.id)).toHaveLength(1);
  });

  it('sends an alert the router committed but died before sending exactly once, from the sweep', async () => {
    await expect(
      routeIntake(atRisk('crash'), routerDeps({ dutyAlerts: dyingAfterCommit(alerts) })),
    ).rejects.toThrow('died after committing');
    const [pending] = await alerts.pendingAlerts();
    if (pending === undefined) expect.fail('the alert was not recorded with the enquiry');
    expect(await alertsTo(`ooh1.${tag}@example.org`, pending.enquiryId)).toHaveLength(0);
    // Two sweeps at once, then a third: one email.
    const [first, second] = await Promise.all([
      sweep(plus(SUNDAY_2AM, 1), 'sweep-a'),
      sweep(plus(SUNDAY_2AM, 1), 'sweep-b'),
    ]);
    expect((first.dutyAlerts?.sent ?? 0) + (second.dutyAlerts?.sent ?? 0)).toBe(1);
    await sweep(plus(SUNDAY_2AM, 2), 'sweep-c');
    expect(await alertsTo(`ooh1.${tag}@example.org`, pending.enquiryId)).toHaveLength(1);
    // SQS redelivers the message the crash left (after its visibility timeout): it finishes the
    // acknowledgement, and the alert is still sent once.
    const redelivered = await routeIntake(
      atRisk('crash'),
      routerDeps({ now: () => new Date(plus(SUNDAY_2AM, 10)) }),
    );
    expect(redelivered).toMatchObject({ kind: 'duplicate', acknowledged: true });
    expect(await alertsTo(`ooh1.${tag}@example.org`, pending.enquiryId)).toHaveLength(1);
  });

  it('tells the next contact when nobody picks it up in time, and nobody after a person claims it', async () => {
    const outcome = await routeIntake(atRisk('chain'), routerDeps());
    const id = outcome.kind === 'opened' ? outcome.enquiryId : expect.fail('not opened');
    const early = await sweep(plus(SUNDAY_2AM, 29), 'sweep-early');
    expect(early.dutyAlerts?.escalated).toBe(0);
    const [late] = await Promise.all([
      sweep(plus(SUNDAY_2AM, 31), 'sweep-late'),
      sweep(plus(SUNDAY_2AM, 31), 'sweep-late-2'),
    ]);
    expect(late).toBeDefined();
    expect(await alertsTo(`ooh2.${tag}@example.org`, id)).toHaveLength(1);
    const stored = await enquiries.requireEnquiry(id);
    expect(stored.safeguarding.alert?.told.map((told) => told.email)).toEqual([
      `ooh1.${tag}@example.org`,
      `ooh2.${tag}@example.org`,
    ]);
    // Everyone on the out-of-hours list has it now: later sweeps tell nobody.
    await sweep(plus(SUNDAY_2AM, 120), 'sweep-later');
    expect(await alertsTo(`ooh2.${tag}@example.org`, id)).toHaveLength(1);
  });

  it('stops the chain when the enquiry is claimed', async () => {
    const outcome = await routeIntake(atRisk('claimed'), routerDeps());
    const id = outcome.kind === 'opened' ? outcome.enquiryId : expect.fail('not opened');
    // The first contact was told, so there is a chain to stop.
    expect(await alertsTo(`ooh1.${tag}@example.org`, id)).toHaveLength(1);
    await new CaseworkerRepository(documents, tableName).putCaseworker({
      id: 'cw-east-1',
      name: 'Test caseworker',
      email: `cw-east-1.${tag}@example.org`,
      team: 'east',
      topics: [],
      cap: 10,
      active: true,
    });
    await enquiries.claim(id, 'cw-east-1', plus(SUNDAY_2AM, 5));
    const summary = await sweep(plus(SUNDAY_2AM, 40), 'sweep-claimed');
    expect(summary.dutyAlerts?.escalated).toBe(0);
    expect(await alertsTo(`ooh2.${tag}@example.org`, id)).toHaveLength(0);
    expect((await enquiries.requireEnquiry(id)).safeguarding.alert).toMatchObject({
      pickedUpBy: 'cw-east-1',
      pickedUpHow: 'claimed',
      nextAlertAt: null,
    });
  });
});
