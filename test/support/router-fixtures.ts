/**
 * Builders for router tests: intake messages as the ingest functions produce them, a hub
 * configuration (the shipped one with test overrides), and a small predictable triage so routing
 * tests do not depend on the triage rules (those have their own tests). Invented data only.
 */
import shipped from '../../config/hub.json' with { type: 'json' };
import { type HubConfig, parseHubConfig } from '../../shared/config/hub-config';
import type { EmailIntake, PhoneIntake } from '../../shared/domain/intake-message';
import type { District, Priority, Role, Topic, TriageResult } from '../../shared/domain/taxonomy';
import type { TriageFn } from '../../shared/routing/route-intake';

let sequence = 0;
function next(): number {
  sequence += 1;
  return sequence;
}

/** The shipped configuration, optionally with some teams handing work out automatically. */
export function routerTestConfig(options: { autoAssignTeams?: string[] } = {}): HubConfig {
  const teams = shipped.teams.map((team) => ({
    ...team,
    autoAssign: options.autoAssignTeams?.includes(team.id) ?? false,
  }));
  return parseHubConfig({ ...structuredClone(shipped), teams }, 'router test configuration');
}

export function emailIntake(overrides: Partial<EmailIntake> = {}): EmailIntake {
  const n = next();
  const messageId = overrides.messageId ?? `<router-test-${n}-${process.pid}@mail.example.org>`;
  return {
    version: 1,
    channel: 'email',
    intakeId: `email:${messageId}`,
    receivedAt: '2026-11-23T09:14:00.000Z',
    arrivedAt: '2026-11-23T09:15:00.000Z',
    requester: { name: 'Jo Bloggs', email: 'jo.bloggs@example.org', phone: null },
    shape: 'direct',
    subject: 'Taxi to school has stopped',
    body: 'Our taxi to school in Margate has not come for three days. Can someone help?',
    forwardNote: null,
    messageId,
    inReplyTo: null,
    references: [],
    enquiryReference: null,
    attachments: [],
    automated: false,
    spam: false,
    raw: { bucket: 'raw-mail', key: `inbound/router-test-${n}` },
    ...overrides,
  };
}

export function phoneIntake(overrides: Partial<PhoneIntake> = {}): PhoneIntake {
  const callId = overrides.callId ?? `T-2026-11-23-${String(next()).padStart(4, '0')}-${process.pid}`;
  return {
    version: 1,
    channel: 'phone',
    intakeId: `phone:${callId}`,
    callId,
    receivedAt: '2026-11-23T10:02:00.000Z',
    handledBy: 'ch-017',
    requester: { name: 'Sam Carter', email: null, phone: '+447700900123' },
    callerRole: 'parent',
    child: { name: 'Alex Carter', dateOfBirth: '2015-04-02', school: 'Oak Primary', postcode: 'CT9 2AB' },
    summary: 'Caller says the school taxi to Oak Primary in Margate has stopped coming.',
    callbackRequested: true,
    ...overrides,
  };
}

/**
 * A tiny, predictable triage: "risk of harm" is urgent, "complaint" high; Margate/CT9 is Thanet,
 * Maidstone/ME15 is Maidstone; "taxi" is transport; "SENCO" makes a school, "Councillor" an
 * elected member, anything else a parent.
 */
export const stubTriage: TriageFn = (intake) => {
  const text = intake.channel === 'email' ? `${intake.subject}\n${intake.body}` : intake.summary;
  const priority: Priority = /risk of harm/i.test(text)
    ? 'urgent'
    : /complaint/i.test(text)
      ? 'high'
      : 'normal';
  const district: District = /margate|CT9/i.test(text)
    ? 'thanet'
    : /maidstone|ME15/i.test(text)
      ? 'maidstone'
      : 'unknown';
  const topic: Topic = /taxi/i.test(text) ? 'transport' : /therapy/i.test(text) ? 'health' : 'general';
  const role: Role = /SENCO/.test(text) ? 'school' : /Councillor/.test(text) ? 'elected-member' : 'parent';
  const reasons: TriageResult['reasons'] =
    priority === 'urgent'
      ? ['urgent: risk of harm ("risk of harm")']
      : priority === 'high'
        ? ['high: complaint ("complaint")']
        : ['priority: normal'];
  return {
    topic,
    priority,
    role,
    district,
    reasons: [...reasons, `topic: ${topic}`, `district: ${district}`],
    safeguarding:
      priority === 'urgent'
        ? { concern: true, categories: ['unclear-risk'], reasons: [reasons[0] ?? ''] }
        : { concern: false, categories: [], reasons: [] },
  };
};

/** A deterministic [0, 1) generator for references. */
export { seededRandom } from '../../shared/domain/seeded-random';
