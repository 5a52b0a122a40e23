/**
 * The outbox items written in the same transaction as the enquiry change that decides them:
 * escalation notices (sent as digests by the sweep) and safeguarding duty alerts with their "next
 * person due" entries. The use cases hand the enquiry repository notices; these are their rows.
 * Pure (no SDK); keys from `dynamo-keys.ts`.
 */
import { EscalationNotice } from '../escalation/escalation-plan';
import type { NoticeOutbox } from '../escalation/ports';
import { DutyAlertNotice } from '../safeguarding/duty-alert-plan';
import type { DutyAlertDue } from '../safeguarding/ports';
import { dutyAlertDueKey, dutyAlertOutboxKey, type ExtraItem, outboxKey } from './dynamo-keys';

/** `kind` of the escalator's items (the table's other kinds are in dynamo-keys.ts). */
export type EscalationItemKind = 'escalation-notice' | 'digest-lease' | 'escalation-log';

/** `kind` of the duty-alert items. */
export type DutyAlertItemKind = 'duty-alert' | 'duty-alert-due' | 'duty-alert-lease';

/**
 * A notice as an outbox item, for writing in the same transaction as the enquiry change it reports.
 * `recordedBy` is the sweep or request that wrote it.
 */
export function outboxItem(notice: EscalationNotice, recordedBy: string): ExtraItem {
  const checked = EscalationNotice.parse(notice);
  return {
    ...checked,
    ...outboxKey(checked.recipient, checked.enquiryId, checked.windowStart, checked.stepId),
    kind: 'escalation-notice' satisfies EscalationItemKind,
    recordedBy,
  };
}

/** The items of an outbox (none when there is none). */
export function outboxItems(outbox: NoticeOutbox | undefined): ExtraItem[] {
  return outbox?.notices.map((notice) => outboxItem(notice, outbox.recordedBy)) ?? [];
}

/**
 * The items to write with the enquiry change that decides an alert: the alert in the outbox and,
 * when someone else would be told if nobody picks it up, the index entry for then.
 */
export function dutyAlertItems(notice: DutyAlertNotice): ExtraItem[] {
  const checked = DutyAlertNotice.parse(notice);
  const items: ExtraItem[] = [
    {
      ...checked,
      ...dutyAlertOutboxKey(checked.enquiryId, checked.concern, checked.step),
      kind: 'duty-alert' satisfies DutyAlertItemKind,
    },
  ];
  if (checked.nextAlertAt !== null) {
    const due: DutyAlertDue = {
      enquiryId: checked.enquiryId,
      concern: checked.concern,
      told: checked.step + 1,
      dueAt: checked.nextAlertAt,
    };
    items.push({
      ...due,
      ...dutyAlertDueKey(due.dueAt, due.enquiryId, due.concern, due.told),
      kind: 'duty-alert-due' satisfies DutyAlertItemKind,
    });
  }
  return items;
}
