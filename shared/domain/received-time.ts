/**
 * When the hub received an enquiry, decided without trusting the sender's clock. The instant the
 * hub's own systems saw the message (`arrivedAt`: SES's receipt, the API's request time) is the
 * ceiling; an earlier written date (a `Date:` header, an Outlook `Sent:` line, a phone log's
 * `receivedAt`) is taken only when the council itself vouches for it (an authenticated forward by
 * council staff, a call handler's log) and only within `maxBackdateDays`. Pure.
 */

export interface ReceivedTimePolicy {
  /** How far before arrival a vouched-for date may put the start of the clock. */
  readonly maxBackdateDays: number;
  /** Clock differences up to this are ordinary skew: no note on the timeline. */
  readonly toleranceMinutes: number;
}

export const DEFAULT_RECEIVED_TIME_POLICY: ReceivedTimePolicy = { maxBackdateDays: 30, toleranceMinutes: 5 };

/** Why a written date was not used. */
export type DistrustReason = 'future' | 'too-old' | 'not-vouched';

export interface ReceivedTimeDecision {
  /** The instant the service clock starts from (ISO, UTC). */
  readonly receivedAt: string;
  /** Set when a written date was set aside: what it said and why it was not used. */
  readonly distrusted: { readonly claimed: string; readonly reason: DistrustReason } | null;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Decides `receivedAt`.
 * - `claimed` later than `arrivedAt`: arrival (a date in the future is never believed);
 * - earlier and `vouched` (a forward the council made and SES authenticated): the claimed date, if
 *   within `maxBackdateDays` of arrival, else arrival;
 * - earlier and not vouched: arrival (a sender cannot start the clock before the hub had the message).
 * `distrusted` is set whenever the claimed date differs from the result by more than the tolerance.
 */
export function decideReceivedAt(
  input: { readonly claimed: string | null; readonly arrivedAt: string; readonly vouched: boolean },
  policy: ReceivedTimePolicy = DEFAULT_RECEIVED_TIME_POLICY,
): ReceivedTimeDecision {
  const arrived = Date.parse(input.arrivedAt);
  const claimed = input.claimed === null ? Number.NaN : Date.parse(input.claimed);
  if (Number.isNaN(claimed)) return { receivedAt: iso(arrived), distrusted: null };
  const tolerance = policy.toleranceMinutes * MINUTE;
  const setAside = (reason: DistrustReason): ReceivedTimeDecision => ({
    receivedAt: iso(arrived),
    distrusted: Math.abs(claimed - arrived) > tolerance ? { claimed: iso(claimed), reason } : null,
  });
  if (claimed > arrived) return setAside('future');
  if (!input.vouched) return setAside('not-vouched');
  if (arrived - claimed > policy.maxBackdateDays * DAY) return setAside('too-old');
  return { receivedAt: iso(claimed), distrusted: null };
}

/** One sentence for the timeline saying which date was not used and why (no enquirer text). */
export function distrustNote(
  decision: ReceivedTimeDecision,
  policy: ReceivedTimePolicy = DEFAULT_RECEIVED_TIME_POLICY,
): string | null {
  const { distrusted } = decision;
  if (distrusted === null) return null;
  const why: Record<DistrustReason, string> = {
    future: 'it is later than the hub received the message',
    'too-old': `it is more than ${policy.maxBackdateDays} days before the hub received the message`,
    'not-vouched':
      'only a forward by council staff whose mail passed SPF, DKIM and DMARC may date an enquiry before it reached the hub',
  };
  return `The date written on this message (${distrusted.claimed}) was not used, because ${why[distrusted.reason]}: the response clock starts at ${decision.receivedAt}, when the hub received it.`;
}
