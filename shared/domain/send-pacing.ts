/**
 * Pacing of outgoing email under the SES account's maximum sending rate (pure: instants are
 * milliseconds passed in, randomness is a number passed in). SES refuses sends above the rate with
 * a throttling error; each container that sends mail keeps its own share of the rate, spaces its
 * sends by it, and waits out any throttling with a growing, jittered back-off (docs/performance.md).
 */

/** How a container paces its sends and how long it may wait out throttling. */
export interface SendPacing {
  /** This container's share of the account's sending rate, emails per second. */
  readonly perSecond: number;
  /** Longest one send may spend waiting out throttling before giving up (ms). */
  readonly budgetMs: number;
}

/** Shortest and longest wait after a throttling answer (ms). */
export const THROTTLE_BACKOFF = { baseMs: 1000, capMs: 16_000 } as const;

/**
 * A container's share of the account rate: every container that may send at the same moment gets
 * an equal part, so together they stay under the account's maximum.
 */
export function sendingShare(accountPerSecond: number, concurrentSenders: number): number {
  if (!(accountPerSecond > 0)) throw new RangeError('the sending rate must be positive');
  return accountPerSecond / Math.max(1, Math.floor(concurrentSenders));
}

/** Milliseconds between two sends at `perSecond`. */
export function sendIntervalMs(perSecond: number): number {
  return 1000 / perSecond;
}

/**
 * Books the next send slot: at `now`, or one interval after the last slot booked, whichever is
 * later. Returns the slot and how long to wait for it.
 */
export function nextSendSlot(
  lastSlotMs: number | null,
  nowMs: number,
  intervalMs: number,
): { readonly slotMs: number; readonly waitMs: number } {
  const slotMs = lastSlotMs === null ? nowMs : Math.max(nowMs, lastSlotMs + intervalMs);
  return { slotMs, waitMs: slotMs - nowMs };
}

/**
 * Wait before retry `attempt` (1 for the first retry) after a throttling answer: doubles from the
 * base up to the cap, and half of it is random ("equal jitter") so that containers throttled
 * together do not all come back at once, while no wait is shorter than half the step.
 */
export function throttleBackoffMs(
  attempt: number,
  random: number,
  limits: { readonly baseMs: number; readonly capMs: number } = THROTTLE_BACKOFF,
): number {
  const step = Math.min(limits.capMs, limits.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (step / 2) * Math.min(Math.max(random, 0), 1));
}

/** True when waiting `waitMs` more still ends within the budget, `elapsedMs` having passed. */
export function retryFits(elapsedMs: number, waitMs: number, budgetMs: number): boolean {
  return elapsedMs + waitMs <= budgetMs;
}
