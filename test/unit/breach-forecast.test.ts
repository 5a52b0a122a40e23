/**
 * Breaches seen coming: the forecast's arithmetic on the hub calendar, with who is in, what they
 * hold and the team's pace.
 */
import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { addWorkingMinutes } from '../../shared/domain/business-calendar';
import type { Caseworker, Enquiry } from '../../shared/domain/enquiry';
import { morningSummaryEmail } from '../../shared/mail/staff-emails';
import { type Availability, availabilityBook } from '../../shared/workload/availability';
import { forecastBreaches } from '../../shared/workload/breach-forecast';
import { morningSummaryDay } from '../../shared/workload/morning-summary';
import { openTestEnquiry } from '../support/enquiry-fixtures';

const config = defaultHubConfig();
// Monday 23 November 2026, 09:00 London (UTC in winter).
const NOW = '2026-11-23T09:00:00.000Z';
const at = (minutes: number) => addWorkingMinutes(config.calendar, new Date(NOW), minutes).toISOString();

function person(id: string): Caseworker {
  return {
    id,
    name: id,
    email: `${id}@kent.example.gov.uk`,
    team: 'north',
    topics: [],
    cap: 50,
    openCount: 0,
    active: true,
  };
}

function awaiting(id: number, dueInMinutes: number, assignee: string | null = null): Enquiry {
  const enquiry = openTestEnquiry({ receivedAt: '2026-11-20T09:00:00.000Z' }).enquiry;
  return {
    ...enquiry,
    id: `SEND-${String(id).padStart(6, '2').replaceAll('0', 'Z').replaceAll('1', 'Y')}`,
    team: 'north',
    assignee,
    responseDueAt: at(dueInMinutes),
  };
}

/** First responses made over the last ten working days: `count` of them. */
function history(count: number): Enquiry[] {
  return Array.from({ length: count }, (_, index) => ({
    ...awaiting(900 + index, -4000),
    status: 'answered' as const,
    firstRespondedAt: at(-60 * (index + 1)),
  }));
}

function away(email: string, from: string, to: string): Availability {
  return {
    email,
    caseworkerId: null,
    awayPeriods: [{ from, to, handTo: null, setBy: 'manager-north', setAt: NOW }],
    deputies: [],
    updatedBy: 'manager-north',
    updatedAt: NOW,
  };
}

const TWO = [person('cw-a'), person('cw-b')];

describe('the breach forecast', () => {
  it('forecasts none when the team’s pace answers everything in time', () => {
    // 40 first responses by two people over ten days: 2 each a day. Four due on day 3.
    const forecast = forecastBreaches({
      config,
      team: 'north',
      now: NOW,
      unresolved: [1, 2, 3, 4].map((id) => awaiting(id, 2 * 480 + 240)),
      recent: history(40),
      roster: TWO,
      book: availabilityBook([]),
    });
    expect(forecast.pacePerPersonDay).toBe(2);
    expect(forecast.horizons.map((horizon) => [horizon.workingDays, horizon.due, horizon.breaches])).toEqual([
      [1, 0, 0],
      [3, 4, 0],
      [5, 4, 0],
    ]);
  });

  it('sees breaches coming when someone is away, soonest due first', () => {
    // Eight due by the end of day 2: two people at 2 a day answer exactly eight; one away cannot.
    const unresolved = [1, 2, 3, 4, 5, 6, 7, 8].map((id) => awaiting(id, 2 * 480));
    const everyone = forecastBreaches({
      config,
      team: 'north',
      now: NOW,
      unresolved,
      recent: history(40),
      roster: TWO,
      book: availabilityBook([]),
    });
    expect(everyone.horizons[1]?.breaches).toBe(0);
    const oneAway = forecastBreaches({
      config,
      team: 'north',
      now: NOW,
      unresolved,
      recent: history(40),
      roster: TWO,
      book: availabilityBook([away('cw-b@kent.example.gov.uk', '2026-11-23', '2026-11-27')]),
    });
    expect(oneAway.peopleIn.map((day) => day.people)).toEqual([1, 1, 1, 1, 1]);
    expect(oneAway.horizons[1]).toMatchObject({ due: 8, breaches: 4 });
  });

  it('lets each person answer what they hold before the queue', () => {
    // cw-a holds three due tomorrow; the queue has two due today. At 2 a day each, cw-b alone
    // answers the queue in time, and cw-a's third held one is late.
    const forecast = forecastBreaches({
      config,
      team: 'north',
      now: NOW,
      unresolved: [
        awaiting(1, 480 + 200, 'cw-a'),
        awaiting(2, 480 + 200, 'cw-a'),
        awaiting(3, 480 + 200, 'cw-a'),
        awaiting(4, 480),
        awaiting(5, 480),
      ],
      recent: history(40),
      roster: TWO,
      book: availabilityBook([]),
    });
    expect(forecast.horizons[0]).toMatchObject({ due: 2, breaches: 0 });
    expect(forecast.horizons[1]).toMatchObject({ due: 5, breaches: 1 });
  });

  it('calls every enquiry due at risk when the team has made no first response lately', () => {
    const forecast = forecastBreaches({
      config,
      team: 'north',
      now: NOW,
      unresolved: [awaiting(1, 100), awaiting(2, -100)],
      recent: [],
      roster: TWO,
      book: availabilityBook([]),
    });
    expect(forecast.pacePerPersonDay).toBeNull();
    expect(forecast.alreadyPastDue).toBe(1);
    expect(forecast.horizons[0]).toMatchObject({ due: 1, breaches: 1 });
  });
});

describe('the morning summary', () => {
  it('is due on an open day from the configured hour, never at the weekend', () => {
    expect(morningSummaryDay(config, '2026-11-23T07:59:00Z')).toBeNull();
    expect(morningSummaryDay(config, '2026-11-23T08:00:00Z')).toBe('2026-11-23');
    expect(morningSummaryDay(config, '2026-11-28T09:00:00Z')).toBeNull();
    // Summer time: 08:00 London is 07:00 UTC.
    expect(morningSummaryDay(config, '2026-07-01T07:00:00Z')).toBe('2026-07-01');
  });

  it('says what waits, what is due today, the breaches seen coming and who is away, in text and HTML', () => {
    const team = config.teams[0];
    if (team === undefined) throw new Error('no team');
    const forecast = forecastBreaches({
      config,
      team: team.id,
      now: NOW,
      unresolved: [awaiting(1, 100), awaiting(2, 200)],
      recent: [],
      roster: TWO,
      book: availabilityBook([]),
    });
    const email = morningSummaryEmail(
      config,
      { team, date: '2026-11-23', unclaimed: 2, pastDue: 0, dueToday: 2, forecast, away: ['Tom Fennimore'] },
      team.managerEmail,
      null,
    );
    expect(email.subject).toBe(
      'SEND Hub morning summary: North Kent SEND team, 2 breaches seen coming today',
    );
    expect(email.text).toContain('Good morning. North Kent SEND team, Monday 23 November.');
    expect(email.text).toContain(
      '- 2 enquiries forecast to breach in the next working day (of 2 falling due).',
    );
    expect(email.text).toContain('Away today: Tom Fennimore.');
    expect(email.html).toContain(`<a href="${config.hub.webBaseUrl}/#/enquiries/${awaiting(1, 100).id}">`);
    expect(email.autoSubmitted).toBe('auto-generated');
  });
});
