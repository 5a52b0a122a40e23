import { describe, expect, it } from 'vitest';
import type { HubConfig } from '../../shared/config/hub-config';
import { addressKey, inDomains, sameAddress } from '../../shared/domain/email-address';
import { NO_ENQUIRY_SAFEGUARDING } from '../../shared/domain/enquiry';
import {
  acknowledgementEmail,
  chaserReplyEmail,
  pickedUpEmail,
  responseEmail,
} from '../../shared/mail/enquirer-emails';
import { fromHeader, hubAddresses, isDoNotReplyAddress, isHubAddress } from '../../shared/mail/hub-mail';
import type { OutgoingEmail } from '../../shared/mail/outgoing-email';
import {
  dutyAlertEmail,
  morningSummaryEmail,
  repeatContactAlertEmail,
  staffEmail,
  weeklyReportEmail,
} from '../../shared/mail/staff-emails';
import { routerTestConfig } from '../support/router-fixtures';

const base = routerTestConfig();
// A name with the characters that could break a From header out of its quotes.
const config: HubConfig = { ...base, hub: { ...base.hub, name: 'Kent "SEND" \\Hub' } };

const enquiry = {
  id: 'SEND-7K3M9Q',
  requester: { name: 'Jo Bloggs', email: 'jo@example.org', phone: null },
  responseDueAt: '2026-11-27T17:00:00.000Z',
  safeguarding: NO_ENQUIRY_SAFEGUARDING,
  status: 'open' as const,
  assignee: null,
  team: base.teams[0]?.id ?? 'north',
  subject: 'Taxi to school',
  version: 3,
  priority: 'normal' as const,
  contactsSinceResponse: 3,
  clockStartedAt: '2026-11-23T09:00:00.000Z',
};

function everyEmail(): Record<string, OutgoingEmail> {
  const team = config.teams[0] ?? expect.fail('no team');
  const horizon = { workingDays: 1, breaches: 0, due: 0, references: [] };
  return {
    acknowledgement: acknowledgementEmail(config, enquiry, 'jo@example.org', 'email'),
    chaserReply: chaserReplyEmail(config, enquiry, 'jo@example.org', '2026-11-23'),
    pickedUp: pickedUpEmail(config, enquiry, 'jo@example.org', 'Priya Ashdown'),
    response: responseEmail(config, enquiry, { messageIds: [], lastInbound: undefined }, 'Hello', 'jo@x.org'),
    repeatContact: repeatContactAlertEmail(config, enquiry),
    dutyAlert: dutyAlertEmail(config, {
      enquiryId: enquiry.id,
      concern: 1,
      step: 0,
      list: 'duty',
      recipient: 'duty@kent.example.gov.uk',
      recipientName: 'Duty officer',
      categories: ['self-harm'],
      priority: 'urgent',
      team: team.id,
      raisedAt: '2026-11-23T09:00:00.000Z',
      nextAlertAt: null,
      nextRecipientName: null,
    }),
    morningSummary: morningSummaryEmail(
      config,
      {
        team,
        date: '2026-11-23',
        unclaimed: 0,
        pastDue: 0,
        dueToday: 0,
        forecast: { horizons: [horizon], pacePerPersonDay: null },
        away: [],
      },
      team.managerEmail,
      null,
    ),
    weeklyReport: weeklyReportEmail(
      config,
      { period: { from: '2026-11-16', to: '2026-11-22' }, text: 'figures', html: '<p>figures</p>' },
      'a,b\n',
      [team.managerEmail],
    ),
    digest: staffEmail(config, {
      to: [team.managerEmail],
      subject: 's',
      text: 't',
      id: 'escalation-digest.x',
    }),
  };
}

describe('the hub side of every email', () => {
  it('gives every email the same From header, the name quoted once with its quotes dropped', () => {
    for (const [kind, email] of Object.entries(everyEmail())) {
      expect({ kind, from: email.from }).toEqual({
        kind,
        from: `"Kent SEND Hub" <${config.hub.fromAddress}>`,
      });
    }
    expect(fromHeader(config)).toBe(`"Kent SEND Hub" <${config.hub.fromAddress}>`);
  });

  it("puts every Message-ID under the From address's domain", () => {
    const domain = config.hub.fromAddress.split('@')[1];
    for (const email of Object.values(everyEmail())) {
      expect(email.messageId).toMatch(new RegExp(`^<[^<>@\\s]+@${domain?.replace(/\./g, '\\.')}>$`));
    }
  });

  it('marks what people wrote, what answers the enquirer and what informs staff', () => {
    const kinds = Object.fromEntries(
      Object.entries(everyEmail()).map(([kind, e]) => [kind, e.autoSubmitted]),
    );
    expect(kinds).toEqual({
      acknowledgement: 'auto-replied',
      chaserReply: 'auto-replied',
      pickedUp: 'auto-replied',
      response: 'no',
      repeatContact: 'auto-generated',
      dutyAlert: 'auto-generated',
      morningSummary: 'auto-generated',
      weeklyReport: 'auto-generated',
      digest: 'auto-generated',
    });
  });
});

describe("the hub's own addresses", () => {
  it('lists the mailbox, the From address and the Reply-To address, once each', () => {
    const own = hubAddresses(config);
    expect(own).toContain(addressKey(config.hub.mailbox));
    expect(own).toContain(addressKey(config.hub.fromAddress));
    expect(own).toContain(addressKey(config.acknowledgement.replyToAddress));
    expect(new Set(own).size).toBe(own.length);
  });

  it('knows the Reply-To address as its own, whatever its case or surrounding space', () => {
    const replyTo = ` ${config.acknowledgement.replyToAddress.toUpperCase()} `;
    expect(isHubAddress(config, replyTo)).toBe(true);
    expect(isDoNotReplyAddress(config, replyTo)).toBe(true);
    expect(isHubAddress(config, 'parent@example.org')).toBe(false);
  });
});

describe('addresses compared as the hub stores them', () => {
  it('trims and lower-cases, and never matches an empty address', () => {
    expect(addressKey('  Jo.Bloggs@Example.ORG ')).toBe('jo.bloggs@example.org');
    expect(sameAddress('Jo@Example.org', ' jo@example.org')).toBe(true);
    expect(sameAddress('', '')).toBe(false);
    expect(sameAddress(null, 'jo@example.org')).toBe(false);
  });

  it('counts subdomains as their domain, and only whole labels', () => {
    expect(inDomains('a@schools.kent.gov.uk', ['kent.gov.uk'])).toBe(true);
    expect(inDomains('a@notkent.gov.uk', ['kent.gov.uk'])).toBe(false);
  });
});
