/**
 * The page's due times ("Due in 2 working hours") are counted in the browser from the open time
 * `/me` carries; they must be the very words the server's digests use for the same instant.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../shared/access/principal';
import { whoAmI } from '../../shared/casework/who-am-i';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { dueAtWords } from '../../shared/workload/plain-time';
import { dueText, setHubCalendar } from '../../web/src/working-time';

const config = defaultHubConfig();
const SIGNED_IN_AT = '2026-12-07T10:00:00.000Z';
const DAY = 86_400_000;

function me(now: string) {
  const principal = principalFromClaims({
    username: 'cw-east-1',
    'cognito:groups': ['caseworker', 'team:east'],
  });
  return whoAmI({ config }, { principal, caseworker: null, now, requestId: 'r-1' });
}

function serverWords(due: number, now: number): string {
  const words = dueAtWords(config, new Date(due).toISOString(), new Date(now).toISOString());
  return words.charAt(0).toUpperCase() + words.slice(1);
}

beforeEach(() => setHubCalendar(me(SIGNED_IN_AT).calendar));

describe('due times on the page', () => {
  it('say what the server says for any deadline and any moment within weeks of signing in', () => {
    const around = fc.integer({
      min: Date.parse(SIGNED_IN_AT) - 30 * DAY,
      max: Date.parse(SIGNED_IN_AT) + 60 * DAY,
    });
    fc.assert(
      fc.property(around, around, (now, due) => {
        expect(dueText(new Date(due).toISOString(), now).text).toBe(serverWords(due, now));
      }),
      { numRuns: 500 },
    );
  });

  it('count working time on the hub calendar: across Christmas, New Year and the hub’s own closed days', () => {
    // Thursday 24 December 16:00 to Monday 4 January 10:00: bank holidays, weekends and the hub's
    // closure (29-31 December) leave two working hours.
    setHubCalendar(me('2026-12-24T16:00:00.000Z').calendar);
    const { text, breached } = dueText('2027-01-04T10:00:00.000Z', Date.parse('2026-12-24T16:00:00.000Z'));
    expect({ text, breached }).toEqual({ text: 'Due in 2 working hours', breached: false });
    expect(dueText('2026-12-24T16:00:00.000Z', Date.parse('2027-01-04T10:00:00.000Z'))).toEqual({
      text: '2 working hours overdue',
      breached: true,
    });
  });

  it('say "due now" in the last working minute and "just overdue" once the deadline passed while closed', () => {
    expect(dueText('2026-12-07T10:00:30.000Z', Date.parse('2026-12-07T10:00:00.000Z')).text).toBe('Due now');
    // Due at Friday's close, seen on Saturday morning: no working time has gone by since.
    expect(dueText('2026-12-11T17:00:00.000Z', Date.parse('2026-12-12T09:00:00.000Z'))).toEqual({
      text: 'Just overdue',
      breached: true,
    });
  });
});
