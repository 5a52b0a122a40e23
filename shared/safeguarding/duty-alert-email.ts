/**
 * The duty alert email: tells a duty safeguarding contact that an enquiry has a concern. Pure.
 * Reference, categories, priority, team, times and the staff link only: never the enquirer's name,
 * address, phone or words (the person follows the link). The Message-ID is fixed per enquiry,
 * concern and step, so a resend after a crash is recognisable as the same message.
 */
import type { OutgoingEmail } from '../adapters/mailer';
import { enquiryLink, type HubConfig } from '../config/hub-config';
import type { DutyList } from '../domain/enquiry';
import { formatDeadline } from '../domain/local-time';
import { fromHeader, hubMailDomain } from '../routing/router-emails';
import { categoryWords } from './category-words';
import type { DutyAlertNotice } from './duty-alert-plan';

const LIST_WORDS: Readonly<Record<DutyList, string>> = {
  duty: 'duty safeguarding list (open hours)',
  'out-of-hours': 'out-of-hours safeguarding list',
};

/** Message-ID of one duty alert, e.g. `<safeguarding.SEND-7K3M9Q.1.0@kent.example.gov.uk>`. */
export function dutyAlertMessageId(
  config: HubConfig,
  notice: Pick<DutyAlertNotice, 'enquiryId' | 'concern' | 'step'>,
): string {
  return `<safeguarding.${notice.enquiryId}.${notice.concern}.${notice.step}@${hubMailDomain(config)}>`;
}

/** A deputy who gets a duty contact's alert while they are away (docs/managers.md). */
export interface DutyCover {
  readonly deputy: string;
  readonly awayUntil: string | null;
}

/** The alert to one duty contact, or to their deputy while they are away. */
export function dutyAlertEmail(
  config: HubConfig,
  notice: DutyAlertNotice,
  cover: DutyCover | null = null,
): OutgoingEmail {
  const zone = config.calendar.timeZone;
  const teamName = config.teams.find((team) => team.id === notice.team)?.name ?? notice.team;
  const categories = categoryWords(notice.categories);
  const link = enquiryLink(config, notice.enquiryId);
  const before =
    notice.step === 0
      ? 'You are the first person told.'
      : `${notice.step} ${notice.step === 1 ? 'person was' : 'people were'} told before you and nobody has picked it up yet.`;
  const next =
    notice.nextAlertAt === null || notice.nextRecipientName === null
      ? 'Nobody further down the list will be told: you are the last.'
      : `If nobody picks it up, ${notice.nextRecipientName} will be told at ${formatDeadline(notice.nextAlertAt, zone)}.`;
  const covering =
    cover === null
      ? []
      : [
          `You are getting this as deputy for ${notice.recipientName} (${notice.recipient}), who is away${cover.awayUntil === null ? '' : ` until ${cover.awayUntil}`}.`,
          '',
        ];
  const text = [
    `Enquiry ${notice.enquiryId} has a safeguarding concern and needs a person now.`,
    '',
    ...covering,
    `Reference: ${notice.enquiryId}`,
    `Concern: ${categories}`,
    `Priority: ${notice.priority}`,
    `Team: ${teamName}`,
    `Raised: ${formatDeadline(notice.raisedAt, zone)}`,
    `You are on the ${LIST_WORDS[notice.list]}. ${before}`,
    '',
    `Open the enquiry: ${link}`,
    `If you are dealing with it, press "I'm dealing with this" on the enquiry (or claim it). ${next}`,
    '',
    "The enquirer's details and words are on the enquiry page only, never in email.",
    'This email was sent automatically by SEND Hub.',
  ].join('\n');
  return {
    from: fromHeader(config),
    to: [cover?.deputy ?? notice.recipient],
    subject: `[${notice.enquiryId}] Safeguarding concern: ${categories}`,
    text,
    messageId: dutyAlertMessageId(config, notice),
    autoSubmitted: 'auto-generated',
  };
}
