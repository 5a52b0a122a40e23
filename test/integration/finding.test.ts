/**
 * Finding people and children against DynamoDB Local: intakes routed by the real router and
 * repository (search keys written in the enquiry's transaction, GSI6 lookups, no Scan), then the
 * staff API's search, child record and call reference, and the parents' status page with its
 * identical 404s and its attempt counters.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiHandler } from '../../functions/api/api-handler';
import { lambdaContext } from '../../local/lambda-runtime';
import { DynamoAccessLog } from '../../shared/adapters/access-log';
import { DynamoAvailabilityStore } from '../../shared/adapters/availability-store';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoRateLimits } from '../../shared/adapters/rate-limits';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { StaffRepository } from '../../shared/adapters/staff-repository';
import { DynamoStatutoryStore } from '../../shared/adapters/statutory-store';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { type RouteOutcome, routeIntake } from '../../shared/routing/route-intake';
import { expectContract } from '../support/api-contract';
import { freshTable } from '../support/escalation-fixtures';
import { RecordingMailer } from '../support/router-fakes';
import {
  emailIntake,
  phoneIntake,
  routerTestConfig,
  seededRandom,
  stubTriage,
} from '../support/router-fixtures';
import { cognitoClaims, linkStaff, UNUSED_DIRECTORY } from '../support/staff-fixtures';

const config = routerTestConfig();
const documents = dynamoDocumentClient({ endpoint: inject('dynamoEndpoint') });
let enquiries: EnquiryRepository;
let table = '';
const tableNameOf = (_repository: EnquiryRepository) => table;
let accessLog: DynamoAccessLog;
let api: ReturnType<typeof createApiHandler>;
const mailer = new RecordingMailer();
let now = '2026-11-23T09:20:00.000Z';
let seed = 900;

async function route(intake: IntakeMessage): Promise<RouteOutcome> {
  seed += 1;
  return routeIntake(intake, {
    enquiries,
    caseworkers: { listRoster: async () => [] },
    mailer,
    config,
    triage: stubTriage,
    timeouts: FUNCTION_TIMEOUTS,
    now: () => new Date(Date.parse(intake.receivedAt) + 60_000),
    random: seededRandom(seed),
    inFlightMs: 60_000,
  });
}

function idOf(outcome: RouteOutcome): string {
  if (outcome.kind === 'dropped' || outcome.enquiryId === null) throw new Error(outcome.kind);
  return outcome.enquiryId;
}

interface Who {
  username: string;
  groups: string[];
}
const eastWorker: Who = { username: 'cw-east-a', groups: ['caseworker', 'team:east'] };
const northWorker: Who = { username: 'cw-north-a', groups: ['caseworker', 'team:north'] };
const callHandler: Who = { username: 'ch-017', groups: ['callhandler'] };

async function call(
  method: string,
  path: string,
  options: { as?: Who; query?: Record<string, string>; body?: unknown; ip?: string } = {},
): Promise<{ status: number; body: unknown; headers: Record<string, unknown>; raw: string }> {
  if (options.as !== undefined) await linkStaff(staff, options.as);
  const text = options.body === undefined ? undefined : JSON.stringify(options.body);
  const event = {
    version: '2.0',
    routeKey: 'ANY /{proxy+}',
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { host: 'api.test', ...(text === undefined ? {} : { 'content-type': 'application/json' }) },
    queryStringParameters: options.query,
    requestContext: {
      accountId: '0',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: options.ip ?? '192.0.2.1', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: 'ANY /{proxy+}',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: Date.parse(now),
      ...(options.as === undefined
        ? {}
        : {
            authorizer: {
              jwt: {
                claims: cognitoClaims(options.as),
                scopes: ['send-hub/api'],
              },
            },
          }),
    },
    body: text,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const result = (await api(event, lambdaContext('api', 10_000))) as APIGatewayProxyStructuredResultV2;
  const raw = result.body ?? '';
  const answer = {
    status: result.statusCode ?? 200,
    body: raw === '' ? undefined : JSON.parse(raw),
    headers: result.headers ?? {},
    raw,
  };
  expectContract(method, path, answer.status, answer.body);
  return answer;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field.
type Json = any;

let staff: StaffRepository;
let parentId = '';
let sencoId = '';

beforeAll(async () => {
  const tableName = await freshTable(inject('dynamoEndpoint'), 'finding');
  table = tableName;
  enquiries = new EnquiryRepository(documents, tableName);
  accessLog = new DynamoAccessLog(documents, tableName);
  staff = new StaffRepository(documents, tableName);
  api = createApiHandler({
    enquiries,
    caseworkers: new CaseworkerRepository(documents, tableName),
    staff,
    directory: UNUSED_DIRECTORY,
    accessLog,
    rateLimits: new DynamoRateLimits(documents, tableName),
    statutory: new DynamoStatutoryStore(documents, tableName),
    availability: new DynamoAvailabilityStore(documents, tableName),
    mailer,
    config,
    policy: hubServiceLevels(config),
    logger: new Logger({ serviceName: 'finding-test', logLevel: 'SILENT' }),
    clock: () => new Date(now),
  });

  parentId = idOf(
    await route(
      emailIntake({
        receivedAt: '2026-11-23T09:14:00.000Z',
        requester: { name: 'Jo Bloggs', email: 'jo.bloggs@example.org', phone: null },
        body: 'The taxi to school in Margate has stopped.\nMy son Sam Bloggs (DOB 02/04/2015) is at home.\n\nJo Bloggs\nMobile: 07700 900123\nCT9 2AB',
      }),
    ),
  );
  const phoned = await route(
    phoneIntake({
      callId: `finding-call-${process.pid}`,
      receivedAt: '2026-11-23T11:00:00.000Z',
      handledBy: 'ch-017',
      requester: { name: 'Jo Bloggs', email: null, phone: '+447700900123' },
      child: { name: null, dateOfBirth: null, school: null, postcode: null },
      summary: 'Mum calling again about the Margate taxi; no reference to hand.',
    }),
  );
  expect(phoned).toMatchObject({ kind: 'threaded', enquiryId: parentId, threadedBy: 'requester' });
  sencoId = idOf(
    await route(
      emailIntake({
        receivedAt: '2026-11-23T13:00:00.000Z',
        requester: { name: 'Ann Oak', email: 'senco@oak-primary.example.org', phone: null },
        subject: 'Transport for a pupil',
        body: 'SENCO at Oak Primary, Margate.\nPupil name: Sam Bloggs\nDate of birth: 2 April 2015\nHis taxi has stopped.',
      }),
    ),
  );
  now = '2026-11-23T14:00:00.000Z';
}, 60_000);

describe('one enquiry per person, one record per child', () => {
  it('keeps the parent email and call as one enquiry with two contacts', async () => {
    const timeline = await enquiries.getTimeline(parentId);
    const inbound = timeline.filter(
      (entry) => entry.kind === 'contact' && entry.contact.direction === 'inbound',
    );
    expect(inbound.map((entry) => (entry.kind === 'contact' ? entry.contact.channel : null))).toEqual([
      'email',
      'phone',
    ]);
  });

  it('gives the SENCO enquiry the same child record, and the child page shows both', async () => {
    const parent = await enquiries.requireEnquiry(parentId);
    const senco = await enquiries.requireEnquiry(sencoId);
    expect(senco.childId).toBe(parent.childId);
    const page = await call('GET', `/children/${parent.childId}`, { as: eastWorker });
    expect(page.status).toBe(200);
    const record = page.body as Json;
    expect(record.enquiries.map((enquiry: Json) => enquiry.reference).sort()).toEqual(
      [parentId, sencoId].sort(),
    );
    expect(record.child).toMatchObject({ name: 'Sam Bloggs', dateOfBirth: '2015-04-02' });
    // The call was the family's second contact: one chase.
    expect(record.familyChases).toBe(1);
    expect(
      record.enquiries.find((enquiry: Json) => enquiry.reference === parentId).timeline.length,
    ).toBeGreaterThan(1);
  });
});

describe('search', () => {
  it('finds the reference by the parent phone in any format, for a call handler, without its messages', async () => {
    for (const q of ['07700 900123', '+44 7700 900123', '(07700) 900-123']) {
      const answer = await call('GET', '/search', { as: callHandler, query: { q } });
      expect(answer.status, q).toBe(200);
      const results = (answer.body as Json).results;
      expect(
        results.map((result: Json) => result.reference),
        q,
      ).toEqual([parentId]);
      expect(results[0]).toMatchObject({ access: 'limited', subject: null, teamName: 'East Kent SEND team' });
    }
  });

  it('finds by name prefix, date of birth in the formats staff type, postcode and email', async () => {
    const ids = async (q: string) =>
      ((await call('GET', '/search', { as: eastWorker, query: { q } })).body as Json).results
        .map((result: Json) => result.reference)
        .sort();
    const both = [parentId, sencoId].sort();
    expect(await ids('Sam Blog')).toEqual(both);
    expect(await ids('2015-04-02')).toEqual(both);
    expect(await ids('02/04/2015')).toEqual(both);
    expect(await ids('2 April 2015')).toEqual(both);
    expect(await ids('ct92ab')).toEqual([parentId]);
    expect(await ids('JO.BLOGGS@example.org')).toEqual([parentId]);
    expect(await ids(parentId.toLowerCase())).toEqual([parentId]);
  });

  it("shows another team's enquiry as existing, with whom to ask, not its messages", async () => {
    const answer = await call('GET', '/search', { as: northWorker, query: { q: '07700900123' } });
    const [result] = (answer.body as Json).results;
    expect(result).toMatchObject({ reference: parentId, access: 'limited', subject: null, topic: null });
    expect(result.askTeam.managerEmail).toMatch(/@/);
    expect((await call('GET', `/enquiries/${parentId}`, { as: northWorker })).status).toBe(404);
  });

  it('records who searched for what and who opened which record in the access log', async () => {
    now = '2026-11-23T15:00:00.000Z';
    await call('GET', '/search', { as: callHandler, query: { q: 'Bloggs' } });
    await call('GET', `/enquiries/${parentId}`, { as: eastWorker });
    const entries = await accessLog.entriesOn('2026-11-23');
    expect(entries).toContainEqual(
      expect.objectContaining({
        who: 'ch-017',
        action: 'search',
        query: 'Bloggs',
        records: expect.arrayContaining([parentId]),
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ who: 'cw-east-a', action: 'open-enquiry', records: [parentId] }),
    );
  });

  it('keeps search keys current when a caseworker corrects the child', async () => {
    const corrected = await call('POST', `/enquiries/${sencoId}/details`, {
      as: eastWorker,
      body: { child: { name: 'Samuel Bloggs', postcode: 'CT9 1AA' } },
    });
    expect(corrected.status).toBe(200);
    expect(await enquiries.findIdsByFact('postcode', 'CT91AA')).toEqual([sencoId]);
    // One key per postcode serves its outward code too: both enquiries are in CT9.
    const byOutward = ((await call('GET', '/search', { as: eastWorker, query: { q: 'ct9' } })).body as Json)
      .results;
    expect(byOutward.map((result: Json) => result.reference).sort()).toEqual([parentId, sencoId].sort());
    const byPostcode = (
      (await call('GET', '/search', { as: eastWorker, query: { q: 'CT9 1AA' } })).body as Json
    ).results;
    expect(byPostcode.map((result: Json) => result.reference)).toEqual([sencoId]);
    const bySam = ((await call('GET', '/search', { as: eastWorker, query: { q: 'Samuel' } })).body as Json)
      .results;
    expect(bySam.map((result: Json) => result.reference)).toEqual([sencoId]);
  });

  it('refuses roles that do not search, and an empty query names the field', async () => {
    expect(
      (await call('GET', '/search', { as: { username: 'admin', groups: ['admin'] }, query: { q: 'x' } }))
        .status,
    ).toBe(403);
    const empty = await call('GET', '/search', { as: eastWorker, query: { q: '  ' } });
    expect(empty.status).toBe(400);
    expect((empty.body as Json).error.fields[0].path).toBe('q');
  });
});

describe('told when someone picks it up', () => {
  it('emails the enquirer once, naming the team, when the enquiry is first claimed', async () => {
    await documents.send(
      new PutCommand({
        TableName: tableNameOf(enquiries),
        Item: {
          PK: 'CW#cw-east-a',
          SK: 'PROFILE',
          kind: 'caseworker',
          id: 'cw-east-a',
          name: 'Priya Shah',
          email: 'priya@kent.example.gov.uk',
          team: 'east',
          topics: [],
          cap: 10,
          openCount: 0,
          active: true,
        },
      }),
    );
    const before = mailer.sent.length;
    const claimed = await call('POST', `/enquiries/${sencoId}/claim`, { as: eastWorker, body: {} });
    expect(claimed.status).toBe(200);
    await call('POST', `/enquiries/${sencoId}/release`, { as: eastWorker, body: {} });
    await call('POST', `/enquiries/${sencoId}/claim`, { as: eastWorker, body: {} });
    const told = mailer.sent
      .slice(before)
      .filter((email) => email.subject === `[${sencoId}] Your enquiry has been picked up`);
    expect(told).toHaveLength(1);
    expect(told[0]?.to).toEqual(['senco@oak-primary.example.org']);
    expect(told[0]?.text).toContain('a caseworker in the East Kent SEND team');
    expect(told[0]?.text).not.toContain('Priya');
  });
});

describe('the reference on the phone', () => {
  it('gives the call handler the reference and the date once the call is routed, and 202 before', async () => {
    const routed = await call('GET', `/phone-logs/finding-call-${process.pid}`, { as: callHandler });
    expect(routed.status).toBe(200);
    expect(routed.body).toMatchObject({ state: 'routed', reference: parentId, joinedExisting: true });
    expect((routed.body as Json).responseDueText).toMatch(/on \w+day \d+ \w+ 2026/);
    const pending = await call('GET', '/phone-logs/not-yet-routed', { as: callHandler });
    expect(pending.status).toBe(202);
    expect(pending.body).toEqual({ callId: 'not-yet-routed', state: 'pending' });
    const other = { username: 'ch-099', groups: ['callhandler'] };
    expect((await call('GET', `/phone-logs/finding-call-${process.pid}`, { as: other })).status).toBe(404);
  });
});

describe('the status page', () => {
  it('answers the right reference and email with the status, team, promised date and last update only', async () => {
    const answer = await call('POST', '/status', {
      body: { reference: parentId.toLowerCase(), verifier: ' Jo.Bloggs@Example.org ' },
      ip: '198.51.100.1',
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body as Json).sort()).toEqual(
      ['lastUpdate', 'promisedBy', 'promisedByText', 'reference', 'status', 'statusText', 'teamName'].sort(),
    );
    expect(answer.body).toMatchObject({ reference: parentId, status: 'received' });
    const byPhone = await call('POST', '/status', {
      body: { reference: parentId, verifier: '07700 900123' },
      ip: '198.51.100.1',
    });
    expect(byPhone.status).toBe(200);
  });

  it('gives a wrong verifier, an unknown reference and a malformed one the identical 404', async () => {
    const wrong = await call('POST', '/status', {
      body: { reference: parentId, verifier: 'someone@else.org' },
      ip: '198.51.100.2',
    });
    const unknown = await call('POST', '/status', {
      body: { reference: 'SEND-2222ZZ', verifier: 'jo.bloggs@example.org' },
      ip: '198.51.100.2',
    });
    const malformed = await call('POST', '/status', {
      body: { reference: 'nonsense', verifier: 'x' },
      ip: '198.51.100.2',
    });
    for (const answer of [wrong, unknown, malformed]) {
      expect(answer.status).toBe(404);
      expect(answer.raw).toBe(wrong.raw);
      expect(answer.headers).toEqual(wrong.headers);
    }
  });

  it('answers 429 to the 21st wrong try for one reference in a minute, from any address', async () => {
    now = '2026-11-23T16:00:05.000Z';
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 21; attempt += 1) {
      const answer = await call('POST', '/status', {
        body: { reference: sencoId, verifier: `guess-${attempt}@example.org` },
        ip: `203.0.113.${attempt}`,
      });
      statuses.push(answer.status);
      if (answer.status === 429) expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 20).every((status) => status === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
    // The next minute counts afresh.
    now = '2026-11-23T16:01:05.000Z';
    const later = await call('POST', '/status', {
      body: { reference: sencoId, verifier: 'senco@oak-primary.example.org' },
      ip: '203.0.113.99',
    });
    expect(later.status).toBe(200);
  });

  it('answers 429 to one client guessing across many references', async () => {
    now = '2026-11-23T17:00:05.000Z';
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= config.statusPage.attemptsPerClientPerMinute + 1; attempt += 1) {
      const reference = `SEND-${String(attempt).padStart(6, '2').replace(/[01]/g, '3')}`;
      statuses.push(
        (await call('POST', '/status', { body: { reference, verifier: 'a@b.org' }, ip: '198.51.100.77' }))
          .status,
      );
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((status) => status === 404)).toBe(true);
  });

  it('names the missing field of a bad body', async () => {
    const answer = await call('POST', '/status', { body: { reference: parentId } });
    expect(answer.status).toBe(400);
    expect((answer.body as Json).error.fields[0].path).toBe('verifier');
  });
});
