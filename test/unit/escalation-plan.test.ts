import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { applyAskEnquirer, applyResponse, type Enquiry, openEnquiry } from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { NO_SAFEGUARDING_CONCERN, type Priority } from '../../shared/domain/taxonomy';
import { planEscalation, recipientFor, type StaffMember } from '../../shared/escalation/escalation-plan';

const config = defaultHubConfig();
const policy = hubServiceLevels(config);

const PRIYA: StaffMember = {
  id: 'cw-north-1',
  name: 'Priya Ashdown',
  email: 'Priya.Ashdown@kent.example.gov.uk',
  active: true,
};

/** An urgent enquiry for the North team received Monday 23 Nov 2026 09:00 (due 13:00, warning 12:00). */
function urgentEnquiry(overrides: Partial<Enquiry> = {}, priority: Priority = 'urgent'): Enquiry {
  const { enquiry } = openEnquiry(
    {
      id: 'SEND-AB2345',
      triage: {
        topic: 'placement',
        priority,
        role: 'parent',
        district: 'dartford',
        reasons: ['no school place'],
        safeguarding: NO_SAFEGUARDING_CONCERN,
      },
      team: 'north',
      channel: 'email',
      requester: { name: 'Jo Bloggs', email: 'jo.bloggs@example.org', phone: null },
      subject: 'No school place for September',
      receivedAt: '2026-11-23T09:00:00Z',
      now: '2026-11-23T09:00:05Z',
      actor: 'router',
    },
    policy,
  );
  return { ...enquiry, ...overrides };
}

describe('who an escalation step tells', () => {
  it('warns the caseworker holding the enquiry', () => {
    const recipient = recipientFor(
      config,
      { team: 'north', assignee: 'cw-north-1' },
      'assignee-or-team',
      PRIYA,
    );
    expect(recipient).toEqual({ email: 'priya.ashdown@kent.example.gov.uk', role: 'assignee' });
  });

  it('warns the team manager when nobody holds the enquiry or the holder has left', () => {
    expect(recipientFor(config, { team: 'north', assignee: null }, 'assignee-or-team', null)).toEqual({
      email: 'send.north.manager@kent.example.gov.uk',
      role: 'team-manager',
    });
    const leaver = { ...PRIYA, active: false };
    expect(
      recipientFor(config, { team: 'north', assignee: 'cw-north-1' }, 'assignee-or-team', leaver).role,
    ).toBe('team-manager');
  });

  it('sends breaches to the team manager and the next rung to the head of service', () => {
    const enquiry = { team: 'south', assignee: 'cw-south-1' };
    expect(recipientFor(config, enquiry, 'team-manager', null).email).toBe(
      'send.south.manager@kent.example.gov.uk',
    );
    expect(recipientFor(config, enquiry, 'head-of-service', null)).toEqual({
      email: 'head.of.send@kent.example.gov.uk',
      role: 'head-of-service',
    });
  });

  it('falls back to the hub manager for a team that is no longer configured', () => {
    expect(recipientFor(config, { team: 'disbanded', assignee: null }, 'team-manager', null)).toEqual({
      email: 'send.hub.manager@kent.example.gov.uk',
      role: 'hub-manager',
    });
  });
});

describe('escalation decisions', () => {
  it('does nothing before the warning point', () => {
    expect(planEscalation(config, urgentEnquiry(), '2026-11-23T11:59:59Z', null)).toEqual({
      kind: 'nothing',
      reason: 'not-due',
    });
  });

  it('warns at 75% of the window and moves the next check to the due time', () => {
    const decision = planEscalation(config, urgentEnquiry(), '2026-11-23T12:00:00Z', null);
    if (decision.kind !== 'escalate') throw new Error(`expected an escalation, got ${decision.kind}`);
    expect(decision.notices.map((notice) => [notice.stepId, notice.recipientRole, notice.breach])).toEqual([
      ['warning', 'team-manager', false],
    ]);
    expect(decision.transition.enquiry.escalationSteps).toEqual(['warning']);
    expect(decision.transition.enquiry.nextEscalationAt).toBe('2026-11-23T13:00:00.000Z');
    expect(decision.transition.events).toEqual([
      expect.objectContaining({
        type: 'escalated',
        actor: 'escalator',
        detail: expect.objectContaining({ step: 'warning', recipientRole: 'team-manager' }),
      }),
    ]);
  });

  it('takes every overdue step at once after a late sweep, and nothing is left pending', () => {
    // Head of service for urgent: 240 working minutes after the 13:00 breach, i.e. 17:00.
    const decision = planEscalation(
      config,
      urgentEnquiry({ assignee: 'cw-north-1' }),
      '2026-11-24T10:00:00Z',
      PRIYA,
    );
    if (decision.kind !== 'escalate') throw new Error(`expected an escalation, got ${decision.kind}`);
    expect(
      decision.notices.map((notice) => [notice.stepId, notice.recipient, notice.breach, notice.pastDue]),
    ).toEqual([
      ['warning', 'priya.ashdown@kent.example.gov.uk', false, false],
      ['breach', 'send.north.manager@kent.example.gov.uk', true, true],
      ['head-of-service', 'head.of.send@kent.example.gov.uk', false, true],
    ]);
    expect(decision.transition.enquiry.escalationSteps).toEqual(['warning', 'breach', 'head-of-service']);
    expect(decision.transition.enquiry.nextEscalationAt).toBeNull();
    expect(decision.transition.events).toHaveLength(3);
  });

  it('never takes a step twice', () => {
    const once = planEscalation(config, urgentEnquiry(), '2026-11-23T12:30:00Z', null);
    if (once.kind !== 'escalate') throw new Error('expected an escalation');
    const again = planEscalation(config, once.transition.enquiry, '2026-11-23T12:35:00Z', null);
    expect(again).toEqual({ kind: 'nothing', reason: 'not-due' });
  });

  it('leaves answered and paused enquiries alone even if the index still lists them', () => {
    const answered = applyResponse(urgentEnquiry(), '2026-11-23T11:00:00Z', 'cw-north-1', policy).enquiry;
    expect(planEscalation(config, answered, '2026-11-23T16:00:00Z', null)).toEqual({
      kind: 'nothing',
      reason: 'not-open',
    });
    const paused = applyAskEnquirer(urgentEnquiry(), '2026-11-23T11:00:00Z', 'cw-north-1').enquiry;
    expect(planEscalation(config, paused, '2026-11-23T16:00:00Z', null).kind).toBe('nothing');
  });

  it('moves a stale index entry on without inventing an escalation', () => {
    // All steps taken, but the stored next check still points at the past (e.g. the ladder changed).
    const stale = urgentEnquiry({
      escalationSteps: ['warning', 'breach', 'head-of-service'],
      nextEscalationAt: '2026-11-23T12:00:00.000Z',
    });
    const decision = planEscalation(config, stale, '2026-11-23T12:05:00Z', null);
    if (decision.kind !== 'reschedule') throw new Error(`expected a reschedule, got ${decision.kind}`);
    expect(decision.transition.enquiry.nextEscalationAt).toBeNull();
    expect(decision.transition.events).toEqual([]);
  });

  it('keeps notices free of the enquirer: no name, address or subject', () => {
    const decision = planEscalation(config, urgentEnquiry(), '2026-11-23T13:00:00Z', null);
    if (decision.kind !== 'escalate') throw new Error('expected an escalation');
    const stored = JSON.stringify(decision.notices);
    expect(stored).not.toContain('Jo Bloggs');
    expect(stored).not.toContain('jo.bloggs@example.org');
    expect(stored).not.toContain('No school place');
  });
});
