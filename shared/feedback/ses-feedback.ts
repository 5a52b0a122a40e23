/**
 * SES bounce and complaint notifications (configuration-set event publishing through SNS). An
 * address that bounced permanently or complained is marked do-not-reply, so nothing automatic is
 * sent to it again (keeps the account's bounce rate under 5% and complaints under 0.1%).
 */

import { addressKey } from '../domain/email-address';
import * as z from '../domain/zod';

const Recipient = z.object({ emailAddress: z.string().check(z.minLength(3)) });

/** The part of an SES event notification we act on; everything else passes through unread. */
export const SesNotification = z.union([
  z.object({
    eventType: z.literal('Bounce'),
    bounce: z.object({ bounceType: z.string(), bouncedRecipients: z.array(Recipient) }),
    mail: z.optional(z.object({ timestamp: z.string() })),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    complaint: z.object({ complainedRecipients: z.array(Recipient) }),
    mail: z.optional(z.object({ timestamp: z.string() })),
  }),
  // Other event types (Delivery, Send, Open...) are published too; they need nothing from us.
  z.object({ eventType: z.string() }),
]);
export type SesNotification = z.infer<typeof SesNotification>;

export interface Suppression {
  readonly email: string;
  readonly reason: 'permanent-bounce' | 'complaint';
}

/** Addresses to mark do-not-reply. Transient bounces (mailbox full, out of office) are not suppressed. */
export function suppressionsFor(notification: SesNotification): Suppression[] {
  if ('bounce' in notification) {
    if (notification.bounce.bounceType !== 'Permanent') return [];
    return notification.bounce.bouncedRecipients.map((recipient) => ({
      email: extractAddress(recipient.emailAddress),
      reason: 'permanent-bounce',
    }));
  }
  if ('complaint' in notification) {
    return notification.complaint.complainedRecipients.map((recipient) => ({
      email: extractAddress(recipient.emailAddress),
      reason: 'complaint',
    }));
  }
  return [];
}

/** SES may give `"Name" <a@b>`; we store the bare lower-case address. */
function extractAddress(value: string): string {
  const angle = /<([^>]+)>/.exec(value);
  return addressKey(angle?.[1] ?? value);
}

export interface FeedbackMessage {
  readonly messageId: string;
  /** When SNS published it (ISO). */
  readonly timestamp: string;
  readonly body: string;
}

export interface FeedbackDeps {
  readonly markDoNotReply: (email: string, reason: string, at: string) => Promise<void>;
  /** Id-only warnings (never the message, which holds addresses). */
  readonly warn: (message: string, detail: Record<string, string>) => void;
}

/**
 * Marks every permanently bounced or complaining address do-not-reply. A message that is not an
 * SES notification is skipped with a warning: retrying it could never succeed.
 */
export async function recordSesFeedback(
  messages: readonly FeedbackMessage[],
  deps: FeedbackDeps,
): Promise<{ suppressed: number; ignored: number }> {
  let suppressed = 0;
  let ignored = 0;
  for (const message of messages) {
    let parsed: SesNotification;
    try {
      parsed = SesNotification.parse(JSON.parse(message.body));
    } catch {
      deps.warn('ignored a message that is not an SES notification', { messageId: message.messageId });
      ignored += 1;
      continue;
    }
    for (const suppression of suppressionsFor(parsed)) {
      await deps.markDoNotReply(suppression.email, suppression.reason, message.timestamp);
      suppressed += 1;
    }
  }
  return { suppressed, ignored };
}
