import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import shipped from '../../config/hub.json' with { type: 'json' };
import {
  caseworkersOfTeam,
  escalationStepMinutes,
  HubConfigError,
  parseHubConfig,
  policyFor,
  teamById,
  teamForDistrict,
} from '../../shared/config/hub-config';
import { defaultHubConfig, loadHubConfig, readHubConfigFile } from '../../shared/config/load-hub-config';
import { addWorkingMinutes } from '../../shared/domain/business-calendar';
import { KENT_DISTRICTS } from '../../shared/domain/taxonomy';
import { isCouncilAddress, isDoNotReplyAddress } from '../../shared/mail/hub-mail';

type Path = readonly (string | number)[];

/** A deep copy of the shipped configuration with one value replaced (or removed, for undefined). */
function shippedWith(path: Path, value: unknown): unknown {
  const copy: unknown = structuredClone(shipped);
  let node: unknown = copy;
  for (const key of path.slice(0, -1)) {
    node = (node as Record<string | number, unknown>)[key];
  }
  const last = path.at(-1);
  if (last === undefined || typeof node !== 'object' || node === null)
    throw new Error(`bad path ${path.join('.')}`);
  if (value === undefined) delete (node as Record<string | number, unknown>)[last];
  else (node as Record<string | number, unknown>)[last] = value;
  return copy;
}

function rejection(json: unknown): HubConfigError {
  try {
    parseHubConfig(json, 'config/hub.json');
  } catch (error) {
    if (error instanceof HubConfigError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

const config = defaultHubConfig();

describe('the shipped configuration', () => {
  it('loads, with the hub mailbox and council domain of DESIGN.md', () => {
    expect(config.hub.mailbox).toBe('send.enquiries@kent.example.gov.uk');
    expect(config.hub.councilDomains).toEqual(['kent.example.gov.uk']);
    expect(config.hub.webBaseUrl).toBe('http://127.0.0.1:3000');
  });

  it('sends each Kent district to its area team and the rest to hub triage', () => {
    const expected = {
      dartford: 'north',
      gravesham: 'north',
      sevenoaks: 'north',
      ashford: 'south',
      dover: 'south',
      'folkestone-hythe': 'south',
      canterbury: 'east',
      thanet: 'east',
      swale: 'east',
      maidstone: 'west',
      'tonbridge-malling': 'west',
      'tunbridge-wells': 'west',
    } as const;
    for (const district of KENT_DISTRICTS) {
      expect(teamForDistrict(config, district).id).toBe(expected[district]);
    }
    expect(teamForDistrict(config, 'unknown').id).toBe('hub-triage');
    expect(teamForDistrict(config, 'out-of-area').id).toBe('hub-triage');
  });

  it('has caseworkers in every team', () => {
    for (const team of config.teams) {
      expect(caseworkersOfTeam(config, team.id).length).toBeGreaterThan(0);
    }
    expect(teamById(config, 'west')?.name).toBe('West Kent SEND team');
    expect(teamById(config, 'central')).toBeUndefined();
  });

  it('measures service levels in working time on a London calendar that closes on bank holidays', () => {
    expect(config.calendar.timeZone).toBe('Europe/London');
    expect(config.calendar.bankHolidays).toBe('england-and-wales');
    // Christmas Eve 2026, 16:00: Christmas, the Boxing Day substitute, the local closure days and
    // New Year's Day are all closed, so two working hours run to Monday 4 January 2027.
    const due = addWorkingMinutes(config.calendar, new Date('2026-12-24T16:00:00Z'), 120);
    expect(due.toISOString()).toBe('2027-01-04T10:00:00.000Z');
  });

  it('gives each priority its response window and a warning, breach and head-of-service ladder', () => {
    expect(policyFor(config, 'urgent').firstResponseMinutes).toBe(240);
    expect(policyFor(config, 'high').firstResponseMinutes).toBe(960);
    const normal = policyFor(config, 'normal');
    expect(normal.firstResponseMinutes).toBe(2400);
    expect(
      normal.escalation.map((step) => [step.id, escalationStepMinutes(normal, step), step.notify]),
    ).toEqual([
      ['warning', 1800, 'assignee-or-team'],
      ['breach', 2400, 'team-manager'],
      ['head-of-service', 2880, 'head-of-service'],
    ]);
  });

  it('tells council addresses and addresses never to acknowledge apart', () => {
    expect(isCouncilAddress(config, 'Cllr.Someone@Kent.Example.Gov.UK')).toBe(true);
    expect(isCouncilAddress(config, 'parent@example.org')).toBe(false);
    expect(isCouncilAddress(config, 'someone@notkent.example.gov.uk')).toBe(false);
    expect(isDoNotReplyAddress(config, 'send.enquiries@kent.example.gov.uk')).toBe(true);
    expect(isDoNotReplyAddress(config, 'send.hub@kent.example.gov.uk')).toBe(true);
    expect(isDoNotReplyAddress(config, 'No-Reply@kent.example.gov.uk')).toBe(true);
    expect(isDoNotReplyAddress(config, 'parent@example.org')).toBe(false);
  });

  it('treats a doNotReply domain as covering its subdomains', () => {
    const custom = parseHubConfig(shippedWith(['acknowledgement', 'doNotReply'], ['@bulk.example.com']));
    expect(isDoNotReplyAddress(custom, 'news@bulk.example.com')).toBe(true);
    expect(isDoNotReplyAddress(custom, 'news@mail.bulk.example.com')).toBe(true);
    expect(isDoNotReplyAddress(custom, 'parent@example.com')).toBe(false);
  });

  it('asks for at least high priority at the third contact', () => {
    expect(config.repeatContact).toEqual({ threshold: 3, minimumPriority: 'high' });
  });
});

describe('defaults', () => {
  const minimal = parseHubConfig({
    hub: { ...shipped.hub, webBaseUrl: undefined },
    teams: shipped.teams.map(({ autoAssign: _autoAssign, ...team }) => team),
    caseworkers: [{ id: 'cw-1', name: 'Ada Test', email: 'ada@kent.example.gov.uk', team: 'north' }],
    acknowledgement: {
      replyToAddress: 'send.enquiries@kent.example.gov.uk',
      whatHappensNext: 'We will reply.',
    },
  });

  it('fills in the calendar, service levels and repeat-contact rule', () => {
    expect(minimal.calendar.timeZone).toBe('Europe/London');
    expect(minimal.calendar.bankHolidays).toBe('england-and-wales');
    expect(minimal.calendar.weeklyMinutes).toBe(5 * 480);
    expect(minimal.serviceLevels.urgent.firstResponseMinutes).toBe(240);
    expect(minimal.serviceLevels.high.escalation.map((step) => step.id)).toEqual([
      'warning',
      'breach',
      'head-of-service',
    ]);
    expect(minimal.repeatContact.threshold).toBe(3);
    expect(minimal.acknowledgement.enabled).toBe(true);
    expect(minimal.hub.webBaseUrl).toBe('http://127.0.0.1:3000');
  });

  it('gives caseworkers every topic and a cap of 250, and teams no auto-assignment', () => {
    expect(minimal.caseworkers[0]?.cap).toBe(250);
    expect(minimal.caseworkers[0]?.topics).toHaveLength(10);
    expect(minimal.teams.every((team) => team.autoAssign === false)).toBe(true);
  });
});

describe('a bad configuration fails naming the field', () => {
  it('names an invalid team manager email with the file and path', () => {
    const error = rejection(shippedWith(['teams', 2, 'managerEmail'], 'east.manager'));
    expect(error.message).toBe('config/hub.json: teams[2].managerEmail: Invalid email address');
    expect(error.field).toBe('teams[2].managerEmail');
  });

  it('names a district served by two teams', () => {
    const error = rejection(
      shippedWith(['teams', 3, 'districts'], ['maidstone', 'tonbridge-malling', 'thanet']),
    );
    expect(error.message).toContain('teams[3].districts[2]: thanet is already served by team "east"');
  });

  it('names districts no team serves', () => {
    const error = rejection(shippedWith(['teams', 4, 'districts'], ['unknown']));
    expect(error.message).toContain('teams: no team serves out-of-area');
  });

  it('names a caseworker whose team does not exist', () => {
    const error = rejection(shippedWith(['caseworkers', 1, 'team'], 'nort'));
    expect(error.message).toContain('caseworkers[1].team: unknown team "nort"');
  });

  it('names duplicate team and caseworker ids', () => {
    expect(rejection(shippedWith(['teams', 1, 'id'], 'north')).message).toContain(
      'teams[1].id: duplicate team id "north"',
    );
    expect(rejection(shippedWith(['caseworkers', 1, 'id'], 'cw-north-1')).message).toContain(
      'caseworkers[1].id: duplicate caseworker id "cw-north-1"',
    );
  });

  it('names escalation steps out of time order, and duplicate step ids', () => {
    const outOfOrder = rejection(
      shippedWith(['serviceLevels', 'high', 'escalation', 2, 'at'], { fractionOfWindow: 0.5 }),
    );
    expect(outOfOrder.message).toContain(
      'serviceLevels.high.escalation[2].at: step "head-of-service" comes at 480',
    );
    const duplicate = rejection(shippedWith(['serviceLevels', 'urgent', 'escalation', 1, 'id'], 'warning'));
    expect(duplicate.message).toContain('serviceLevels.urgent.escalation[1].id: duplicate step id "warning"');
  });

  it('explains the two ways of timing an escalation step', () => {
    const error = rejection(
      shippedWith(['serviceLevels', 'urgent', 'escalation', 0, 'at'], { fraction: 0.5 }),
    );
    expect(error.message).toBe(
      'config/hub.json: serviceLevels.urgent.escalation[0].at: must be { "fractionOfWindow": n > 0 } or { "afterBreachMinutes": n >= 0 }',
    );
  });

  it('names an unknown escalation audience', () => {
    const error = rejection(shippedWith(['serviceLevels', 'normal', 'escalation', 0, 'notify'], 'everyone'));
    expect(error.message).toMatch(/serviceLevels\.normal\.escalation\[0\]\.notify: /);
  });

  it('names a bad calendar field inside the configuration', () => {
    const error = rejection(
      shippedWith(
        ['calendar', 'hours', 'tue'],
        [
          ['09:00', '12:30'],
          ['12:00', '17:00'],
        ],
      ),
    );
    expect(error.message).toBe('config/hub.json: calendar.hours.tue[1]: 12:00-17:00 overlaps 09:00-12:30');
    expect(rejection(shippedWith(['calendar', 'timeZone'], 'Kent/Maidstone')).message).toContain(
      'calendar.timeZone: unknown IANA time zone',
    );
  });

  it.each([
    [['hub', 'mailbox'], undefined, 'hub.mailbox'],
    [['hub', 'webBaseUrl'], 'ftp://example.org', 'hub.webBaseUrl'],
    [['hub', 'councilDomains'], ['not a domain'], 'hub.councilDomains[0]'],
    [['caseworkers', 0, 'topics'], ['sausages'], 'caseworkers[0].topics[0]'],
    [['caseworkers', 0, 'cap'], 0, 'caseworkers[0].cap'],
    [['acknowledgement', 'doNotReply'], ['not an address'], 'acknowledgement.doNotReply[0]'],
    [['acknowledgement', 'whatHappensNext'], '  ', 'acknowledgement.whatHappensNext'],
    [['repeatContact', 'threshold'], 1, 'repeatContact.threshold'],
    [['serviceLevels', 'urgent', 'firstResponseMinutes'], -5, 'serviceLevels.urgent.firstResponseMinutes'],
  ] as const)('names %j', (path, value, field) => {
    const error = rejection(shippedWith(path, value));
    expect(error.message).toMatch(new RegExp(`^config/hub\\.json: ${field.replace(/[.[\]]/g, '\\$&')}: `));
    expect(error.field).toBe(field);
  });

  it('rejects unknown fields, so a typo cannot silently fall back to a default', () => {
    expect(rejection(shippedWith(['serviceLevel'], {})).message).toContain(
      'Unrecognized key: "serviceLevel"',
    );
  });

  it('rejects what is not a configuration at all', () => {
    expect(rejection(null).message).toMatch(/^config\/hub\.json: /);
  });
});

describe('loading', () => {
  const directory = mkdtempSync(join(tmpdir(), 'hub-config-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  function writeConfig(name: string, contents: string): string {
    const file = join(directory, name);
    writeFileSync(file, contents);
    return file;
  }

  it('uses the shipped configuration without HUB_CONFIG_FILE', () => {
    expect(loadHubConfig(undefined, {})).toBe(defaultHubConfig());
  });

  it('reads the file HUB_CONFIG_FILE names, and a path given directly before that', () => {
    const renamed = writeConfig('renamed.json', JSON.stringify(shippedWith(['hub', 'name'], 'Renamed hub')));
    const other = writeConfig('other.json', JSON.stringify(shippedWith(['hub', 'name'], 'Other hub')));
    expect(loadHubConfig(undefined, { HUB_CONFIG_FILE: renamed }).hub.name).toBe('Renamed hub');
    expect(loadHubConfig(other, { HUB_CONFIG_FILE: renamed }).hub.name).toBe('Other hub');
  });

  it('names the file when it is missing, not JSON, or invalid', () => {
    const missing = join(directory, 'missing.json');
    expect(() => readHubConfigFile(missing)).toThrow(`${missing}: cannot read the file (ENOENT)`);
    const notJson = writeConfig('not-json.json', '{ "hub": ');
    expect(() => readHubConfigFile(notJson)).toThrow(`${notJson}: not valid JSON`);
    const invalid = writeConfig(
      'invalid.json',
      JSON.stringify(shippedWith(['teams', 0, 'managerEmail'], 'x')),
    );
    expect(() => readHubConfigFile(invalid)).toThrow(
      `${invalid}: teams[0].managerEmail: Invalid email address`,
    );
  });
});

describe('the staff page address from the deployment', () => {
  it('replaces the file’s hub.webBaseUrl, so emails link where the page really is', () => {
    const config = loadHubConfig(undefined, { HUB_WEB_BASE_URL: 'https://send-hub.kent.example.gov.uk/' });
    expect(config.hub.webBaseUrl).toBe('https://send-hub.kent.example.gov.uk');
    expect(loadHubConfig(undefined, {}).hub.webBaseUrl).toBe(defaultHubConfig().hub.webBaseUrl);
    expect(() => loadHubConfig(undefined, { HUB_WEB_BASE_URL: 'not a url' })).toThrow(/HUB_WEB_BASE_URL/);
  });
});
