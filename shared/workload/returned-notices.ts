/**
 * The digest lines that say an enquiry left its holder without them letting go: their claim expired
 * (the holder and the team manager are told), or they are away (the team manager is told, and the
 * colleague it was handed to). Pure: they are outbox notices written in the same transaction as
 * the enquiry change, so they exist exactly when the change does, and go out in the next digest.
 */
import { type HubConfig, teamById } from '../config/hub-config';
import type { ReturnReason } from '../domain/claim-expiry';
import { addressKey } from '../domain/email-address';
import { type Enquiry, toInstant } from '../domain/enquiry';
import type { EscalationNotice, RecipientRole, StaffMember } from '../escalation/escalation-plan';

export interface ReturnFacts {
  readonly reason: ReturnReason;
  /** Who held it. */
  readonly holder: { readonly id: string; readonly member: StaffMember | null };
  /** The colleague it was handed to; null when it went back to the queue. */
  readonly to: StaffMember | null;
  /** Working minutes the holder had been quiet (claim expiry), else null. */
  readonly quietWorkingMinutes: number | null;
  readonly at: string;
}

function usable(member: StaffMember | null): member is StaffMember {
  return member !== null && member.email.trim() !== '';
}

/**
 * Notices about `before` (the enquiry as its holder had it) leaving them: one per recipient.
 * An enquiry whose team is not configured tells the hub manager instead of a team manager.
 */
export function returnedNotices(config: HubConfig, before: Enquiry, facts: ReturnFacts): EscalationNotice[] {
  const at = toInstant(facts.at);
  const team = teamById(config, before.team);
  const recipients: { email: string; role: RecipientRole }[] = [
    team === undefined
      ? { email: config.hub.hubManagerEmail, role: 'hub-manager' }
      : { email: team.managerEmail, role: 'team-manager' },
  ];
  if (facts.reason === 'claim-expired' && usable(facts.holder.member)) {
    recipients.push({ email: facts.holder.member.email, role: 'assignee' });
  }
  if (usable(facts.to)) recipients.push({ email: facts.to.email, role: 'assignee' });
  const seen = new Set<string>();
  return recipients.flatMap(({ email, role }) => {
    const recipient = addressKey(email);
    if (seen.has(recipient)) return [];
    seen.add(recipient);
    return [
      {
        recipient,
        recipientRole: role,
        enquiryId: before.id,
        windowStart: toInstant(before.clockStartedAt),
        stepId: `returned.${facts.reason}.${Date.parse(at)}`,
        stepAt: at,
        pastDue: Date.parse(before.responseDueAt) <= Date.parse(at),
        breach: false,
        priority: before.priority,
        topic: before.topic,
        team: before.team,
        assignee: facts.to?.id ?? null,
        assigneeName: facts.to?.name ?? null,
        contactCount: before.contactCount,
        receivedAt: toInstant(before.receivedAt),
        responseDueAt: toInstant(before.responseDueAt),
        escalatedAt: at,
        returned: {
          reason: facts.reason,
          from: facts.holder.id,
          fromName: facts.holder.member?.name ?? null,
          to: facts.to?.id ?? null,
          toName: facts.to?.name ?? null,
          quietWorkingMinutes: facts.quietWorkingMinutes,
        },
      },
    ];
  });
}

/**
 * The line in the receiving team manager's next digest when an enquiry is transferred to their
 * team: from which team, by whom and why.
 */
export function transferNotices(
  config: HubConfig,
  before: Enquiry,
  toTeam: string,
  facts: { readonly actor: string; readonly reason: string; readonly at: string },
): EscalationNotice[] {
  const at = toInstant(facts.at);
  const team = teamById(config, toTeam);
  const recipient = addressKey(team?.managerEmail ?? config.hub.hubManagerEmail);
  return [
    {
      recipient,
      recipientRole: team === undefined ? 'hub-manager' : 'team-manager',
      enquiryId: before.id,
      windowStart: toInstant(before.clockStartedAt),
      stepId: `returned.transferred.${Date.parse(at)}`,
      stepAt: at,
      pastDue: Date.parse(before.responseDueAt) <= Date.parse(at),
      breach: false,
      priority: before.priority,
      topic: before.topic,
      team: toTeam,
      assignee: null,
      assigneeName: null,
      contactCount: before.contactCount,
      receivedAt: toInstant(before.receivedAt),
      responseDueAt: toInstant(before.responseDueAt),
      escalatedAt: at,
      returned: {
        reason: 'transferred',
        from: facts.actor,
        fromName: null,
        to: null,
        toName: null,
        quietWorkingMinutes: null,
        fromTeam: teamById(config, before.team)?.name ?? before.team,
        note: facts.reason.slice(0, 500),
      },
    },
  ];
}
