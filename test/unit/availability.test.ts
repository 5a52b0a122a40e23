/**
 * Who is in, who covers, and who may change whose dates: pure rules over availability records.
 */
import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../shared/access/principal';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import type { Caseworker } from '../../shared/domain/enquiry';
import { dueWords, workingSpanWords } from '../../shared/domain/working-time-words';
import type { EscalationNotice } from '../../shared/escalation/escalation-plan';
import { dutyAlertEmail } from '../../shared/mail/staff-emails';
import type { DutyAlertNotice } from '../../shared/safeguarding/duty-alert-plan';
import {
  type Availability,
  availabilityBook,
  awayPeriodAt,
  awayStartsAt,
  coverFor,
} from '../../shared/workload/availability';
import { digestDue } from '../../shared/workload/digest-pacing';
import { hubPeople, mayManageAvailability } from '../../shared/workload/hub-people';

const config = defaultHubConfig();
const NORTH = 'send.north.manager@kent.example.gov.uk';
const SOUTH = 'send.south.manager@kent.example.gov.uk';
const HUB = 'send.hub.manager@kent.example.gov.uk';

function record(email: string, from: string, to: string, deputies: string[] = []): Availability {
  return {
    email,
    caseworkerId: null,
    awayPeriods: [{ from, to, handTo: null, setBy: 'admin', setAt: '2026-12-01T10:00:00.000Z' }],
    deputies,
    updatedBy: 'admin',
    updatedAt: '2026-12-01T10:00:00.000Z',
  };
}

describe('away dates', () => {
  it('are whole local days: away from midnight UK time on the first day to midnight after the last', () => {
    const away = record(NORTH, '2026-12-21', '2026-12-23');
    expect(awayPeriodAt(config, away, '2026-12-20T23:59:00Z')).toBeNull();
    expect(awayPeriodAt(config, away, '2026-12-21T00:00:00Z')).not.toBeNull();
    expect(awayPeriodAt(config, away, '2026-12-23T23:59:00Z')).not.toBeNull();
    expect(awayPeriodAt(config, away, '2026-12-24T00:00:00Z')).toBeNull();
    // Summer time: the day starts at 23:00 UTC the evening before.
    expect(awayStartsAt(config, { from: '2026-07-01' })).toBe('2026-06-30T23:00:00.000Z');
  });
});

describe('cover', () => {
  it('sends a person’s mail to their first deputy who is in, and says for whom', () => {
    const book = availabilityBook([
      record(NORTH, '2026-12-21', '2026-12-23', [SOUTH, HUB]),
      record(SOUTH, '2026-12-22', '2026-12-22'),
    ]);
    expect(coverFor(config, book, NORTH, '2026-12-21T10:00:00Z')).toEqual({
      email: SOUTH,
      coverFor: NORTH,
      awayUntil: '2026-12-23',
    });
    // The first deputy is away that day too: the second covers.
    expect(coverFor(config, book, NORTH, '2026-12-22T10:00:00Z').email).toBe(HUB);
    expect(coverFor(config, book, NORTH, '2026-12-24T10:00:00Z')).toEqual({
      email: NORTH,
      coverFor: null,
      awayUntil: null,
    });
  });

  it('never drops mail: without a deputy who is in, it still goes to the person', () => {
    const book = availabilityBook([
      record(NORTH, '2026-12-21', '2026-12-23', [SOUTH]),
      record(SOUTH, '2026-12-21', '2026-12-23'),
      record(HUB, '2026-12-21', '2026-12-23'),
    ]);
    expect(coverFor(config, book, NORTH, '2026-12-21T10:00:00Z').email).toBe(NORTH);
    expect(coverFor(config, book, HUB, '2026-12-21T10:00:00Z').email).toBe(HUB);
  });
});

describe('who may change whose dates', () => {
  const roster: Caseworker[] = config.caseworkers.map((caseworker) => ({
    ...caseworker,
    openCount: 0,
    active: true,
  }));
  const people = hubPeople(config, roster);
  const person = (email: string) => {
    const found = people.find((candidate) => candidate.email === email);
    if (found === undefined) throw new Error(`no ${email}`);
    return found;
  };
  const as = (username: string, groups: string[]) =>
    principalFromClaims({ username, 'cognito:groups': groups, token_use: 'access' });

  it('lets a caseworker change only their own, a manager their team’s, an administrator anyone’s', () => {
    const aileen = person('aileen.brack@kent.example.gov.uk');
    const priya = person('priya.ashdown@kent.example.gov.uk');
    expect(mayManageAvailability(as('cw-east-1', ['caseworker', 'team:east']), aileen)).toBe(true);
    expect(mayManageAvailability(as('cw-east-2', ['caseworker', 'team:east']), aileen)).toBe(false);
    expect(mayManageAvailability(as('manager-east', ['manager', 'team:east']), aileen)).toBe(true);
    expect(mayManageAvailability(as('manager-east', ['manager', 'team:east']), priya)).toBe(false);
    expect(mayManageAvailability(as('manager-north', ['manager', 'team:north']), person(NORTH))).toBe(true);
    const head = person('head.of.send@kent.example.gov.uk');
    expect(mayManageAvailability(as('manager-north', ['manager', 'team:north']), head)).toBe(false);
    const everyTeam = config.teams.map((team) => `team:${team.id}`);
    expect(mayManageAvailability(as('head-of-service', ['manager', ...everyTeam]), head)).toBe(true);
    const duty = person('send.safeguarding.duty@kent.example.gov.uk');
    expect(mayManageAvailability(as('head-of-service', ['manager', ...everyTeam]), duty)).toBe(false);
    expect(mayManageAvailability(as('admin', ['admin']), duty)).toBe(true);
  });
});

describe('working time in plain words', () => {
  it('says minutes, hours and days the way people do', () => {
    expect(workingSpanWords(40)).toBe('40 working minutes');
    expect(workingSpanWords(120)).toBe('2 working hours');
    expect(workingSpanWords(480)).toBe('1 working day');
    expect(workingSpanWords(1440)).toBe('3 working days');
    expect(dueWords(120, false)).toBe('due in 2 working hours');
    expect(dueWords(1440, true)).toBe('3 working days overdue');
    expect(dueWords(0, true)).toBe('just overdue');
    expect(dueWords(0, false)).toBe('due now');
  });
});

describe('digest pacing', () => {
  const notice = (priority: 'urgent' | 'normal', breach: boolean): EscalationNotice => ({
    recipient: NORTH,
    recipientRole: 'team-manager',
    enquiryId: 'SEND-7K3M9Q',
    windowStart: '2026-11-23T09:00:00.000Z',
    stepId: breach ? 'breach' : 'warning',
    stepAt: '2026-11-23T13:00:00.000Z',
    pastDue: breach,
    breach,
    priority,
    topic: 'transport',
    team: 'north',
    assignee: null,
    assigneeName: null,
    contactCount: 1,
    receivedAt: '2026-11-23T09:00:00.000Z',
    responseDueAt: '2026-11-23T13:00:00.000Z',
    escalatedAt: '2026-11-23T13:00:00.000Z',
  });

  it('sends at most one digest an hour, except a new urgent breach, which goes at once', () => {
    const last = '2026-11-23T13:00:00.000Z';
    expect(digestDue(null, '2026-11-23T13:05:00Z', 60, [notice('normal', true)])).toBe(true);
    expect(digestDue(last, '2026-11-23T13:55:00Z', 60, [notice('normal', true)])).toBe(false);
    expect(digestDue(last, '2026-11-23T14:00:00Z', 60, [notice('normal', true)])).toBe(true);
    expect(digestDue(last, '2026-11-23T13:10:00Z', 60, [notice('urgent', false)])).toBe(false);
    expect(
      digestDue(last, '2026-11-23T13:10:00Z', 60, [notice('normal', true), notice('urgent', true)]),
    ).toBe(true);
    expect(digestDue(last, '2026-11-23T13:10:00Z', 60, [])).toBe(false);
  });
});

describe('a duty alert while the duty lead is away', () => {
  it('goes to their deputy and says for whom, with the same Message-ID', () => {
    const alert: DutyAlertNotice = {
      enquiryId: 'SEND-7K3M9Q',
      concern: 1,
      step: 0,
      list: 'duty',
      recipient: 'send.safeguarding.duty@kent.example.gov.uk',
      recipientName: 'Duty safeguarding lead',
      categories: ['self-harm'],
      priority: 'urgent',
      team: 'east',
      raisedAt: '2026-11-23T10:00:00.000Z',
      sentAt: '2026-11-23T10:00:00.000Z',
      nextAlertAt: null,
      nextRecipientName: null,
    };
    const own = dutyAlertEmail(config, alert);
    const covered = dutyAlertEmail(config, alert, { deputy: HUB, awayUntil: '2026-11-27' });
    expect(covered.to).toEqual([HUB]);
    expect(covered.text).toContain('deputy for Duty safeguarding lead');
    expect(covered.messageId).toBe(own.messageId);
  });
});
