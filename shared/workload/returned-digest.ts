/**
 * The part of a digest that says which enquiries left their holder without them letting go (a
 * claim that expired, a caseworker away): one short line each, in plain words, with what to do
 * next and the link. Pure. Never the enquirer's name or words.
 */
import { enquiryLink, type HubConfig } from '../config/hub-config';
import type { EscalationNotice } from '../escalation/escalation-plan';
import { workingTimeWords } from './plain-time';

export interface ReturnedLine {
  readonly reference: string;
  /** What happened, e.g. "Back in the team queue: Aileen Brack did nothing on it for 1 working day." */
  readonly what: string;
  /** What to do next, e.g. "Claim it or reassign it." */
  readonly next: string;
  readonly link: string;
}

export function isReturnedNotice(notice: EscalationNotice): boolean {
  return notice.returned !== undefined;
}

function holderName(returned: NonNullable<EscalationNotice['returned']>): string {
  return returned.fromName ?? returned.from;
}

/** One line per returned notice for this recipient, oldest first. */
export function returnedLines(config: HubConfig, notices: readonly EscalationNotice[]): ReturnedLine[] {
  return notices
    .filter(isReturnedNotice)
    .sort((a, b) => a.stepAt.localeCompare(b.stepAt) || a.enquiryId.localeCompare(b.enquiryId))
    .flatMap((notice) => {
      const returned = notice.returned;
      if (returned === undefined) return [];
      const link = enquiryLink(config, notice.enquiryId);
      const toYou = returned.to !== null && notice.recipientRole === 'assignee';
      const wasYours = returned.to === null && notice.recipientRole === 'assignee';
      const quiet =
        returned.quietWorkingMinutes === null
          ? ''
          : ` for ${workingTimeWords(config, returned.quietWorkingMinutes)}`;
      if (returned.reason === 'transferred') {
        return [
          {
            reference: notice.enquiryId,
            what: `Transferred to your team from ${returned.fromTeam ?? 'another team'} by ${returned.from}: ${returned.note ?? ''}`.trim(),
            next: 'Claim it or assign it.',
            link,
          },
        ];
      }
      if (returned.reason === 'claim-expired') {
        return [
          {
            reference: notice.enquiryId,
            what: wasYours
              ? `Back in the team queue: nothing was recorded on it${quiet}.`
              : `Back in the team queue: ${holderName(returned)} did nothing on it${quiet}.`,
            next: wasYours ? 'Claim it again if you are working on it.' : 'Claim it or reassign it.',
            link,
          },
        ];
      }
      return [
        {
          reference: notice.enquiryId,
          what: toYou
            ? `Handed to you: ${holderName(returned)} is away.`
            : returned.to === null
              ? `Back in the team queue: ${holderName(returned)} is away.`
              : `Handed to ${returned.toName ?? returned.to}: ${holderName(returned)} is away.`,
          next: toYou || returned.to !== null ? 'Reply to the enquirer.' : 'Claim it or reassign it.',
          link,
        },
      ];
    });
}
