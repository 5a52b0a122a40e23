import { describe, expect, it } from 'vitest';
import { recordSesFeedback, SesNotification, suppressionsFor } from '../../shared/feedback/ses-feedback';

const bounce = (bounceType: string) => ({
  eventType: 'Bounce',
  bounce: { bounceType, bouncedRecipients: [{ emailAddress: '"Pat Parent" <Pat.Parent@Example.org>' }] },
  mail: { timestamp: '2026-11-23T10:00:00.000Z' },
});

describe('SES feedback marks addresses do-not-reply', () => {
  it('suppresses a permanently bounced address, lower-cased and without its display name', () => {
    expect(suppressionsFor(SesNotification.parse(bounce('Permanent')))).toEqual([
      { email: 'pat.parent@example.org', reason: 'permanent-bounce' },
    ]);
  });

  it('leaves a transient bounce (mailbox full) alone', () => {
    expect(suppressionsFor(SesNotification.parse(bounce('Transient')))).toEqual([]);
  });

  it('suppresses every complainant, and ignores deliveries', () => {
    const complaint = {
      eventType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'a@example.org' }] },
    };
    expect(suppressionsFor(SesNotification.parse(complaint))).toEqual([
      { email: 'a@example.org', reason: 'complaint' },
    ]);
    expect(suppressionsFor(SesNotification.parse({ eventType: 'Delivery', delivery: {} }))).toEqual([]);
  });

  it('skips junk messages with an id-only warning and still processes the rest', async () => {
    const marked: string[] = [];
    const warnings: Record<string, string>[] = [];
    const result = await recordSesFeedback(
      [
        { messageId: 'm1', timestamp: '2026-11-23T10:00:00Z', body: 'not json' },
        { messageId: 'm2', timestamp: '2026-11-23T10:00:01Z', body: JSON.stringify(bounce('Permanent')) },
      ],
      {
        markDoNotReply: async (email) => {
          marked.push(email);
        },
        warn: (_message, detail) => warnings.push(detail),
      },
    );
    expect(result).toEqual({ suppressed: 1, ignored: 1 });
    expect(marked).toEqual(['pat.parent@example.org']);
    expect(warnings).toEqual([{ messageId: 'm1' }]);
  });
});
