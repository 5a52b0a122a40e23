/**
 * Use cases: who is away and who covers (`GET /availability`), and marking someone away with their
 * deputies (`PUT /availability/{person}`): a caseworker themselves, a manager for their team, an
 * administrator for anyone. When a caseworker's leave has already started, their open enquiries
 * are handed over at once; later leave is handed over by the sweep when it starts (docs/managers.md).
 */

import { requireRole } from '../access/access-policy';
import { teamById } from '../config/hub-config';
import { addressKey } from '../domain/email-address';
import type { Caseworker } from '../domain/enquiry';
import { FieldsValidationError, ForbiddenError, NotFoundError } from '../domain/errors';
import { localDate } from '../domain/local-time';
import * as z from '../domain/zod';
import {
  type Availability,
  type AvailabilityBook,
  type AwayPeriod,
  availabilityBook,
  awayPeriodAt,
  awayStartsAt,
  coverFor,
  currentAndFuture,
} from '../workload/availability';
import { handOverCaseload } from '../workload/hand-over';
import { type HubPerson, hubPeople, mayManageAvailability, PERSON_ROLES } from '../workload/hub-people';
import type { AvailabilityStore, AwayStart } from '../workload/ports';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';
import type { AvailabilityList, AvailabilitySet, PersonAvailability } from './response-schemas';

export type { AvailabilityList, AvailabilitySet, PersonAvailability } from './response-schemas';

export interface AvailabilityDeps extends Pick<CaseworkDeps, 'enquiries' | 'caseworkers' | 'config'> {
  readonly availability: AvailabilityStore;
}

export interface AvailabilityInput {
  readonly awayPeriods: readonly { from: string; to: string; handTo?: string | null | undefined }[];
  readonly deputies: readonly string[];
}

class PersonNotFoundError extends NotFoundError {
  constructor(person: string) {
    super(`nobody the hub emails is called ${person}`);
  }
}

async function everyone(deps: AvailabilityDeps): Promise<{ people: HubPerson[]; roster: Caseworker[] }> {
  const rosters = await Promise.all(deps.config.teams.map((team) => deps.caseworkers.listRoster(team.id)));
  const roster = rosters.flat();
  return { people: hubPeople(deps.config, roster), roster };
}

function describe(
  deps: AvailabilityDeps,
  request: CaseworkRequest,
  person: HubPerson,
  book: AvailabilityBook,
): PersonAvailability {
  const record = book.get(person.email);
  const today = localDate(deps.config.calendar.timeZone, request.now);
  const cover = coverFor(deps.config, book, person.email, request.now);
  const team = person.caseworkerId === null ? undefined : teamById(deps.config, person.teams[0] ?? '');
  return {
    email: person.email,
    name: person.name,
    roles: [...person.roles],
    teams: [...person.teams],
    caseworkerId: person.caseworkerId,
    awayPeriods: currentAndFuture(record?.awayPeriods ?? [], today),
    deputies: record?.deputies ?? [],
    awayNow: awayPeriodAt(deps.config, record, request.now),
    coveredBy: cover.coverFor === null ? null : cover.email,
    whenAway: team?.whenCaseworkerAway ?? null,
    editable: mayManageAvailability(request.principal, person),
  };
}

/**
 * The people the caller may see with their availability: a caseworker themselves; a manager the
 * people of their teams; an administrator everyone. `team` narrows the list.
 */
export async function listAvailability(
  deps: AvailabilityDeps,
  request: CaseworkRequest,
  team: string | undefined,
): Promise<AvailabilityList> {
  requireRole(request.principal, ['caseworker', 'manager', 'admin']);
  const [{ people }, records] = await Promise.all([everyone(deps), deps.availability.all()]);
  const book = availabilityBook(records);
  const visible = people.filter(
    (person) =>
      mayManageAvailability(request.principal, person) && (team === undefined || person.teams.includes(team)),
  );
  return {
    people: visible.map((person) => describe(deps, request, person, book)),
    deputyChoices: people.map((person) => ({ email: person.email, name: person.name })),
  };
}

function findPerson(people: readonly HubPerson[], key: string): HubPerson | undefined {
  const wanted = addressKey(key);
  return people.find((person) => person.email === wanted || person.caseworkerId === wanted);
}

/** Checks the request against the person and the team's rules; every problem names its field. */
function validate(
  deps: AvailabilityDeps,
  request: CaseworkRequest,
  person: HubPerson,
  input: AvailabilityInput,
  people: readonly HubPerson[],
  roster: readonly Caseworker[],
  book: AvailabilityBook,
): void {
  const problems: { path: string; message: string }[] = [];
  const today = localDate(deps.config.calendar.timeZone, request.now);
  const team = person.caseworkerId === null ? undefined : teamById(deps.config, person.teams[0] ?? '');
  input.awayPeriods.forEach((period, index) => {
    const at = `awayPeriods[${index}]`;
    if (period.to < period.from)
      problems.push({ path: `${at}.to`, message: 'must be on or after the first day' });
    if (period.to < today) problems.push({ path: `${at}.to`, message: 'is in the past' });
    const handTo = period.handTo ?? null;
    if (person.caseworkerId === null) {
      if (handTo !== null) problems.push({ path: `${at}.handTo`, message: 'is only for caseworkers' });
      return;
    }
    if (team?.whenCaseworkerAway === 'hand-to-colleague') {
      const colleague = roster.find((candidate) => candidate.id === handTo);
      if (handTo === null) {
        problems.push({
          path: `${at}.handTo`,
          message: `is required: team ${team.id} hands work to a colleague, so choose who`,
        });
      } else if (
        colleague === undefined ||
        colleague.team !== team.id ||
        colleague.id === person.caseworkerId ||
        !colleague.active
      ) {
        problems.push({ path: `${at}.handTo`, message: 'must be an active colleague in the same team' });
      } else if (awayPeriodAt(deps.config, book.get(colleague.email.toLowerCase()), request.now) !== null) {
        problems.push({ path: `${at}.handTo`, message: 'is away themselves' });
      }
    } else if (handTo !== null) {
      problems.push({
        path: `${at}.handTo`,
        message: `must be empty: team ${team?.id ?? person.teams[0] ?? ''} returns work to the team queue`,
      });
    }
  });
  const known = new Set(people.map((candidate) => candidate.email));
  const seen = new Set<string>();
  input.deputies.forEach((deputy, index) => {
    const address = addressKey(deputy);
    if (address === person.email)
      problems.push({ path: `deputies[${index}]`, message: 'cannot be themselves' });
    else if (!known.has(address))
      problems.push({ path: `deputies[${index}]`, message: 'is not someone the hub emails' });
    else if (seen.has(address)) problems.push({ path: `deputies[${index}]`, message: 'is listed twice' });
    seen.add(address);
  });
  if (problems.length > 0) {
    const first = problems[0];
    throw new FieldsValidationError(`${first?.path ?? 'body'} ${first?.message ?? 'is not valid'}`, problems);
  }
}

/** Start entries for the periods that are new or changed (the sweep acts on each once). */
function newStarts(
  deps: AvailabilityDeps,
  person: HubPerson,
  before: Availability | null,
  periods: readonly AwayPeriod[],
): AwayStart[] {
  if (person.caseworkerId === null) return [];
  const known = new Set((before?.awayPeriods ?? []).map((period) => `${period.from}#${period.handTo ?? ''}`));
  return periods
    .filter((period) => !known.has(`${period.from}#${period.handTo ?? ''}`))
    .map((period) => ({
      startsAt: awayStartsAt(deps.config, period),
      email: person.email,
      from: period.from,
    }));
}

/**
 * Replaces a person's away dates and deputies (`person` is a caseworker id or an address). When a
 * caseworker's leave has started, their open enquiries are handed over now.
 * @throws ForbiddenError (not theirs to change), NotFoundError (unknown person), FieldsValidationError.
 */
export async function setAvailability(
  deps: AvailabilityDeps,
  request: CaseworkRequest,
  key: string,
  input: AvailabilityInput,
): Promise<AvailabilitySet> {
  requireRole(request.principal, ['caseworker', 'manager', 'admin']);
  const [{ people, roster }, records] = await Promise.all([everyone(deps), deps.availability.all()]);
  const person = findPerson(people, key);
  if (person === undefined) throw new PersonNotFoundError(key);
  if (!mayManageAvailability(request.principal, person)) {
    throw new ForbiddenError(`you cannot change when ${person.name} is away`);
  }
  const book = availabilityBook(records);
  validate(deps, request, person, input, people, roster, book);
  const before = book.get(person.email) ?? null;
  const today = localDate(deps.config.calendar.timeZone, request.now);
  const periods = currentAndFuture(
    input.awayPeriods.map((period) => {
      const kept = before?.awayPeriods.find(
        (old) => old.from === period.from && old.to === period.to && old.handTo === (period.handTo ?? null),
      );
      return (
        kept ?? {
          from: period.from,
          to: period.to,
          handTo: period.handTo ?? null,
          setBy: request.principal.username,
          setAt: request.now,
        }
      );
    }),
    today,
  );
  const record: Availability = {
    email: person.email,
    caseworkerId: person.caseworkerId,
    awayPeriods: periods,
    deputies: [...new Set(input.deputies.map(addressKey))],
    updatedBy: request.principal.username,
    updatedAt: request.now,
  };
  await deps.availability.put(record, newStarts(deps, person, before, periods));
  const updated = availabilityBook([...records.filter((old) => old.email !== person.email), record]);

  let handedOver = { returned: 0, handed: 0 };
  const current = awayPeriodAt(deps.config, record, request.now);
  const holder = roster.find((caseworker) => caseworker.id === person.caseworkerId);
  if (current !== null && holder !== undefined) {
    handedOver = await handOverCaseload(
      {
        config: deps.config,
        enquiries: deps.enquiries,
        caseworkers: deps.caseworkers,
        recordedBy: request.requestId,
        isAway: (colleague) =>
          awayPeriodAt(deps.config, updated.get(colleague.email.toLowerCase()), request.now) !== null,
      },
      holder,
      current,
      request.now,
      request.principal.username,
    );
  }
  return { ...describe(deps, request, person, updated), handedOver };
}
