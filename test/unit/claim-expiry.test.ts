/**
 * Claims that expire, as pure decisions: when the holder's quiet time starts and restarts, when a
 * claim has expired on the hub calendar, and what returning it to the queue records.
 */
import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { applyReturnToQueue, claimActivityAfter, claimExpired } from '../../shared/domain/claim-expiry';
import {
  applyAskEnquirer,
  applyAssign,
  applyClaim,
  applyContact,
  applyNote,
  applyResponse,
  type Enquiry,
  type Transition,
} from '../../shared/domain/enquiry';
import { InvalidTransitionError } from '../../shared/domain/errors';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { decideIdleClaim } from '../../shared/workload/idle-claims';
import { openTestEnquiry, plusMinutes, wallClockPolicy } from '../support/enquiry-fixtures';

const RECEIVED = '2026-11-23T09:14:00.000Z';
const config = defaultHubConfig();
const policy = hubServiceLevels(config);

/** Applies a transition as the repository stores it (with the derived quiet time). */
function stored(before: Enquiry, transition: Transition): Enquiry {
  return {
    ...transition.enquiry,
    claimActivityAt: claimActivityAfter(before, transition.enquiry, transition.events),
    version: before.version + 1,
  };
}

function claimed(at: string, by = 'cw-east-1'): Enquiry {
  const open = openTestEnquiry({ receivedAt: RECEIVED }).enquiry;
  return stored(open, applyClaim(open, by, at));
}

describe('the holder’s quiet time', () => {
  it('starts when the enquiry is claimed and is null while nobody holds it', () => {
    const open = openTestEnquiry({ receivedAt: RECEIVED }).enquiry;
    expect(claimActivityAfter(null, open, [])).toBeNull();
    expect(claimed('2026-11-23T10:00:00.000Z').claimActivityAt).toBe('2026-11-23T10:00:00.000Z');
  });

  it('restarts on the holder’s own note, response or question, but not on a manager’s note', () => {
    const enquiry = claimed('2026-11-23T10:00:00.000Z');
    const byManager = stored(enquiry, applyNote(enquiry, '2026-11-23T11:00:00Z', 'manager-east', 'chase'));
    expect(byManager.claimActivityAt).toBe('2026-11-23T10:00:00.000Z');
    const byHolder = stored(enquiry, applyNote(enquiry, '2026-11-23T12:00:00Z', 'cw-east-1', 'rang them'));
    expect(byHolder.claimActivityAt).toBe('2026-11-23T12:00:00.000Z');
    const asked = stored(enquiry, applyAskEnquirer(enquiry, '2026-11-23T13:00:00Z', 'cw-east-1'));
    expect(asked.claimActivityAt).toBe('2026-11-23T13:00:00.000Z');
    const answered = stored(enquiry, applyResponse(enquiry, '2026-11-23T14:00:00Z', 'cw-east-1', policy));
    expect(answered.claimActivityAt).toBe('2026-11-23T14:00:00.000Z');
  });

  it('restarts when the enquirer’s reply brings it back to awaiting a response', () => {
    const enquiry = claimed('2026-11-23T10:00:00.000Z');
    const asked = stored(enquiry, applyAskEnquirer(enquiry, '2026-11-23T11:00:00Z', 'cw-east-1'));
    const reply = applyContact(
      asked,
      { at: '2026-11-25T15:00:00Z', channel: 'email', automated: false, contactId: 'c-2' },
      'router',
      wallClockPolicy,
    );
    expect(stored(asked, reply).claimActivityAt).toBe('2026-11-25T15:00:00.000Z');
  });

  it('starts again for whoever an enquiry is reassigned to', () => {
    const enquiry = claimed('2026-11-23T10:00:00.000Z');
    const handed = stored(enquiry, applyAssign(enquiry, 'cw-east-2', '2026-11-24T09:30:00Z', 'manager-east'));
    expect(handed.claimActivityAt).toBe('2026-11-24T09:30:00.000Z');
  });
});

describe('when a claim has expired', () => {
  const between = policy.workingMinutesBetween;

  it('counts working time on the hub calendar: a Friday afternoon claim lasts into Monday', () => {
    // Claimed Friday 16:00; one working day (480 minutes) ends Monday 16:00.
    const friday = claimed('2026-11-27T16:00:00.000Z');
    expect(claimExpired(friday, '2026-11-30T15:59:00.000Z', 480, between)).toBe(false);
    expect(claimExpired(friday, '2026-11-30T16:00:00.000Z', 480, between)).toBe(true);
  });

  it('never expires a claim on an answered or paused enquiry, or with a limit of 0', () => {
    const enquiry = claimed('2026-11-23T10:00:00.000Z');
    const asked = stored(enquiry, applyAskEnquirer(enquiry, '2026-11-23T11:00:00Z', 'cw-east-1'));
    expect(claimExpired(asked, '2026-12-23T10:00:00Z', 480, between)).toBe(false);
    expect(claimExpired(enquiry, '2026-12-23T10:00:00Z', 0, between)).toBe(false);
  });

  it('returns the enquiry to the queue keeping its clock, with who held it and why', () => {
    const enquiry = claimed('2026-11-23T10:00:00.000Z');
    const back = applyReturnToQueue(enquiry, '2026-11-24T10:00:00Z', 'escalator', 'claim-expired');
    expect(back.enquiry).toMatchObject({ assignee: null, claimedAt: null, claimActivityAt: null });
    expect(back.enquiry.responseDueAt).toBe(enquiry.responseDueAt);
    expect(back.enquiry.clockStartedAt).toBe(enquiry.clockStartedAt);
    expect(back.events).toEqual([
      expect.objectContaining({
        type: 'returned-to-queue',
        actor: 'escalator',
        detail: expect.objectContaining({ from: 'cw-east-1', reason: 'claim-expired' }),
      }),
    ]);
    expect(() => applyReturnToQueue(back.enquiry, '2026-11-24T10:00:00Z', 'escalator', 'away')).toThrow(
      InvalidTransitionError,
    );
  });
});

describe('the sweep’s decision about a claim timer', () => {
  const limit = config.workload.claimExpiresAfterWorkingMinutes;

  it('returns an expired claim, waits on one still inside its limit, and drops a timer that moved on', () => {
    const enquiry = claimed('2026-11-23T10:00:00.000Z');
    const since = enquiry.claimActivityAt ?? '';
    const expiry = policy.addWorkingMinutes(since, limit);
    expect(decideIdleClaim(config, enquiry, since, plusMinutes(expiry, -1)).kind).toBe('wait');
    const decision = decideIdleClaim(config, enquiry, since, expiry);
    expect(decision.kind).toBe('return');
    const noted = stored(enquiry, applyNote(enquiry, '2026-11-23T15:00:00Z', 'cw-east-1', 'working on it'));
    expect(decideIdleClaim(config, noted, since, expiry).kind).toBe('stale');
    expect(decideIdleClaim(config, null, since, expiry).kind).toBe('stale');
  });
});
