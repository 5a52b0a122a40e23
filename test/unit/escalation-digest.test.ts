import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import {
  buildDigestEmail,
  digestContent,
  digestMessageId,
  escapeHtml,
  groupByRecipient,
} from '../../shared/escalation/digest';
import type { EscalationNotice } from '../../shared/escalation/escalation-plan';

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

  it('lists reference, working-hours age, priority, topic, assignee, contacts and a link in text and HTML', () => {
    const email = buildDigestEmail(
      config,
      MANAGER,
      [notice({ assignee: 'cw-north-1', assigneeName: 'Priya Ashdown', contactCount: 3 })],
      // 09:00 Monday to 10:30 Tuesday on a 09:00-17:00 calendar: 8 + 1.5 working hours.
      '2026-11-24T10:30:00.000Z',
    );
    const row = email.text.split('\n').find((line) => line.startsWith('SEND-AB2345'));
    expect(row).toBeDefined();
    for (const cell of ['breach', 'urgent', 'placement', '9.5', 'Mon 23 Nov 13:00', 'Priya Ashdown', '3']) {
      expect(row).toContain(cell);
    }
    expect(row).toContain('http://127.0.0.1:3000/#/enquiries/SEND-AB2345');
    expect(email.html).toContain('<a href="http://127.0.0.1:3000/#/enquiries/SEND-AB2345">SEND-AB2345</a>');
    expect(email.html).toContain('<td style="padding:4px 8px;border-bottom:1px solid #f3f2f1">9.5</td>');
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
