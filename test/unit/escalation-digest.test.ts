import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { escapeHtml } from '../../shared/domain/text-layout';
import type { EscalationNotice } from '../../shared/escalation/escalation-plan';
import {
  buildDigestEmail,
  digestContent,
  digestMessageId,
  groupByRecipient,
} from '../../shared/sweep/digest';

const config = defaultHubConfig();
const MANAGER = 'send.north.manager@kent.example.gov.uk';

function notice(overrides: Partial<EscalationNotice> = {}): EscalationNotice {
  return {
    recipient: MANAGER,
    recipientRole: 'team-manager',
    enquiryId: 'SEND-AB2345',
    windowStart: '2026-11-23T09:00:00.000Z',
    stepId: 'breach',
    stepAt: '2026-11-23T13:00:00.000Z',
    pastDue: true,
    breach: true,
    priority: 'urgent',
    topic: 'placement',
    team: 'north',
    assignee: null,
    assigneeName: null,
    contactCount: 2,
    receivedAt: '2026-11-23T09:00:00.000Z',
    responseDueAt: '2026-11-23T13:00:00.000Z',
    escalatedAt: '2026-11-23T13:05:00.000Z',
    ...overrides,
  };
}

describe('escalation digests', () => {
  it('groups notices into one digest per recipient', () => {
    const groups = groupByRecipient([
      notice({ enquiryId: 'SEND-AB2345' }),
      notice({ enquiryId: 'SEND-CD3456', recipient: 'head.of.send@kent.example.gov.uk' }),
      notice({ enquiryId: 'SEND-EF4567' }),
    ]);
    expect([...groups.keys()]).toEqual(['head.of.send@kent.example.gov.uk', MANAGER]);
    expect(groups.get(MANAGER)?.map((n) => n.enquiryId)).toEqual(['SEND-AB2345', 'SEND-EF4567']);
  });

  it('counts enquiries past their response time in the subject', () => {
    const email = buildDigestEmail(
      config,
      MANAGER,
      [notice(), notice({ enquiryId: 'SEND-CD3456' }), notice({ enquiryId: 'SEND-EF4567' })],
      '2026-11-23T13:05:00.000Z',
    );
    expect(email.subject).toBe('SEND Hub: 3 enquiries past their response time');
    expect(email.text).toContain('You are getting this as the team manager (North Kent SEND team).');
    expect(email.to).toEqual([MANAGER]);
    expect(email.autoSubmitted).toBe('auto-generated');
  });

  it('says "due soon" for warnings and splits a mixed digest into two sections', () => {
    const warning = notice({
      enquiryId: 'SEND-WX5678',
      stepId: 'warning',
      stepAt: '2026-11-23T14:00:00.000Z',
      pastDue: false,
      breach: false,
      responseDueAt: '2026-11-23T15:00:00.000Z',
    });
    const now = '2026-11-23T14:00:00.000Z';
    expect(buildDigestEmail(config, MANAGER, [warning], now).subject).toBe(
      'SEND Hub: 1 enquiry due a response soon',
    );
    const mixed = digestContent(config, MANAGER, [warning, notice()], now);
    expect(mixed.subject).toBe('SEND Hub: 1 enquiry past its response time, 1 due soon');
    expect(
      mixed.sections.map((section) => [section.title, section.rows.map((row) => row.reference)]),
    ).toEqual([
      ['Past their response time', ['SEND-AB2345']],
      ['Due a response soon', ['SEND-WX5678']],
    ]);
  });

  it('shows one row per enquiry when a late sweep took several of its steps', () => {
    const content = digestContent(
      config,
      MANAGER,
      [
        notice({ stepId: 'warning', stepAt: '2026-11-23T12:00:00.000Z', pastDue: false, breach: false }),
        notice({ stepId: 'breach' }),
      ],
      '2026-11-24T10:00:00.000Z',
    );
    expect(content.enquiryCount).toBe(1);
    expect(content.sections).toHaveLength(1);
    expect(content.sections[0]?.rows.map((row) => row.step)).toEqual(['warning, breach']);
  });

  it('says in plain words where each enquiry stands, who has it and what to do next, in text and HTML', () => {
    const email = buildDigestEmail(
      config,
      MANAGER,
      [
        notice({ assignee: 'cw-north-1', assigneeName: 'Priya Ashdown', contactCount: 3 }),
        notice({
          enquiryId: 'SEND-CD3456',
          stepId: 'warning',
          pastDue: false,
          breach: false,
          priority: 'normal',
          contactCount: 1,
          responseDueAt: '2026-11-24T12:30:00.000Z',
        }),
      ],
      // Due Monday 13:00; now Tuesday 10:30 on a 09:00-17:00 calendar: 4 + 1.5 working hours late.
      '2026-11-24T10:30:00.000Z',
    );
    expect(email.text).toContain('1. SEND-AB2345, urgent, placement');
    expect(email.text).toContain('6 working hours overdue (Mon 23 Nov 13:00).');
    expect(email.text).toContain('Priya Ashdown has it. 3 contacts from the enquirer.');
    expect(email.text).toContain('Next: Check with Priya Ashdown, or reassign it.');
    expect(email.text).toContain('2. SEND-CD3456, normal, placement');
    expect(email.text).toContain('Due in 2 working hours (Tue 24 Nov 12:30).');
    expect(email.text).toContain('Nobody has it.');
    expect(email.text).toContain('Next: Assign it to a caseworker, or claim it.');
    expect(email.text).toContain('http://127.0.0.1:3000/#/enquiries/SEND-AB2345');
    // Each enquiry's lines are short enough for a phone screen (its link stands on a line of its own).
    const entryLines = email.text
      .split('\n')
      .filter((text) => /^(\d+\. | {3})/.test(text) && !text.includes('://'));
    expect(entryLines.length).toBeGreaterThan(6);
    for (const line of entryLines) expect(line.length, line).toBeLessThanOrEqual(72);
    expect(email.html).toContain(
      '<a href="http://127.0.0.1:3000/#/enquiries/SEND-AB2345"><strong>SEND-AB2345</strong></a>',
    );
    expect(email.html).toContain('6 working hours overdue');
    expect(email.html).not.toContain('<table');
  });

  it('puts the most urgent first: urgent before high before normal, then the longest overdue', () => {
    const content = digestContent(
      config,
      MANAGER,
      [
        notice({ enquiryId: 'SEND-NN2222', priority: 'normal', responseDueAt: '2026-11-20T10:00:00.000Z' }),
        notice({ enquiryId: 'SEND-UU3333', priority: 'urgent', responseDueAt: '2026-11-23T13:00:00.000Z' }),
        notice({ enquiryId: 'SEND-HH4444', priority: 'high', responseDueAt: '2026-11-21T10:00:00.000Z' }),
        notice({ enquiryId: 'SEND-UU2222', priority: 'urgent', responseDueAt: '2026-11-23T11:00:00.000Z' }),
      ],
      '2026-11-24T10:30:00.000Z',
    );
    expect(content.sections[0]?.rows.map((row) => row.reference)).toEqual([
      'SEND-UU2222',
      'SEND-UU3333',
      'SEND-HH4444',
      'SEND-NN2222',
    ]);
  });

  it('tells the caseworker who holds it to reply, and a deputy whom they cover for', () => {
    const own = digestContent(
      config,
      'priya.ashdown@kent.example.gov.uk',
      [
        notice({
          recipient: 'priya.ashdown@kent.example.gov.uk',
          recipientRole: 'assignee',
          assignee: 'cw-north-1',
        }),
      ],
      '2026-11-23T14:00:00.000Z',
    );
    expect(own.sections[0]?.rows[0]).toMatchObject({ holder: 'You have it.' });
    expect(own.sections[0]?.rows[0]?.next).toContain('Reply to the enquirer');
    const deputy = 'send.south.manager@kent.example.gov.uk';
    const covering = buildDigestEmail(config, deputy, [notice()], '2026-11-23T14:00:00.000Z', [
      { email: MANAGER, awayUntil: '2026-11-27' },
    ]);
    expect(covering.to).toEqual([deputy]);
    expect(covering.text).toContain(
      `You are covering for the manager of North Kent SEND team (${MANAGER}), who is away until Fri 27 Nov`,
    );
    expect(covering.text).toContain('For the manager of North Kent SEND team, who is away.');
  });

  it('gives the same digest the same Message-ID, whatever the order, and a different one for other notices', () => {
    const a = notice();
    const b = notice({ enquiryId: 'SEND-CD3456' });
    expect(digestMessageId(config, [a, b])).toBe(digestMessageId(config, [b, a]));
    expect(digestMessageId(config, [a])).not.toBe(digestMessageId(config, [a, b]));
    expect(digestMessageId(config, [a])).toMatch(
      /^<escalation-digest\.[0-9a-f]{32}@kent\.example\.gov\.uk>$/,
    );
  });

  it('escapes what it puts into HTML', () => {
    expect(escapeHtml('<b>"Tom & Jerry\'s"</b>')).toBe(
      '&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;',
    );
  });
});
