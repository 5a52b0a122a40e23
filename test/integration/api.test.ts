/**
 * The staff API driven through its real Lambda handler with API Gateway v2 events, against
 * DynamoDB Local (one table for this file). The clock is pinned; replies go to a recording mailer
 * except in the test that sends one through the SES emulator.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createApiHandler } from '../../functions/api/api-handler';
import { ROUTES } from '../../functions/api/routes';
import { lambdaContext } from '../../local/lambda-runtime';
import { DynamoAccessLog } from '../../shared/adapters/access-log';
import { DynamoAvailabilityStore } from '../../shared/adapters/availability-store';
import { dynamoDocumentClient, sesClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { ensureTable } from '../../shared/adapters/create-table';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { SesMailer } from '../../shared/adapters/mailer';
import { DynamoRateLimits } from '../../shared/adapters/rate-limits';
import { StaffRepository } from '../../shared/adapters/staff-repository';
import { DynamoStatutoryStore } from '../../shared/adapters/statutory-store';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import {
  applyAcknowledgementFailed,
  type Contact,
  type Enquiry,
  openEnquiry,
} from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { NO_SAFEGUARDING_CONCERN, type Priority } from '../../shared/domain/taxonomy';
import { EmailRejectedError, type Mailer, type OutgoingEmail } from '../../shared/mail/outgoing-email';
import { expectContract } from '../support/api-contract';
import { cognitoClaims, linkStaff, UNUSED_DIRECTORY } from '../support/staff-fixtures';

const endpoint = inject('dynamoEndpoint');
const tableName = `api-${process.pid}-${Date.now()}`;
const documentClient = dynamoDocumentClient({ endpoint });
const enquiries = new EnquiryRepository(documentClient, tableName);
const caseworkers = new CaseworkerRepository(documentClient, tableName);
const statutory = new DynamoStatutoryStore(documentClient, tableName);
const availability = new DynamoAvailabilityStore(documentClient, tableName);
// The picked-up email (its own tests: finding.test.ts) is off here so versions count casework changes only.
// West hands an away caseworker's work to a named colleague (the default returns it to the queue).
const config = {
  ...defaultHubConfig(),
  pickedUpEmail: { enabled: false, includeCaseworkerFirstName: false },
  teams: defaultHubConfig().teams.map((team) =>
    team.id === 'west' ? { ...team, whenCaseworkerAway: 'hand-to-colleague' as const } : team,
  ),
};
const staff = new StaffRepository(documentClient, tableName);
const policy = hubServiceLevels(config);

/** Wednesday 25 November 2026, 11:00 in London (GMT). */
const NOW = '2026-11-25T11:00:00.000Z';
let now = NOW;

class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  failNext = false;
  /** The next send is refused for good, as SES refuses a rejected message. */
  rejectNext: string | null = null;
  async send(email: OutgoingEmail) {
    if (this.rejectNext !== null) {
      const reason = this.rejectNext;
      this.rejectNext = null;
      throw new EmailRejectedError(reason);
    }
    if (this.failNext) {
      this.failNext = false;
      throw new Error('SES is unavailable');
    }
    this.sent.push(email);
    return { providerMessageId: `ses-${this.sent.length}` };
  }
}

const mailer = new RecordingMailer();
const silent = new Logger({ serviceName: 'api-test', logLevel: 'SILENT' });
const firstResponses: { team: string; priority: string; minutes: number }[] = [];
const deps = {
  enquiries,
  caseworkers,
  statutory,
  accessLog: new DynamoAccessLog(documentClient, tableName),
  rateLimits: new DynamoRateLimits(documentClient, tableName),
  availability,
  staff,
  directory: UNUSED_DIRECTORY,
  mailer,
  config,
  policy,
  logger: silent,
  metrics: {
    firstResponse: (dimensions: { team: string; priority: string }, minutes: number) =>
      firstResponses.push({ ...dimensions, minutes }),
  },
  clock: () => new Date(now),
};
const api = createApiHandler(deps);

// --- Callers -------------------------------------------------------------------------------------

interface Caller {
  username: string;
  groups: readonly string[];
  /** API Gateway passes arrays as "[a b]"; tests also try a real array. */
  groupsAsArray?: boolean;
}

const northWorker: Caller = { username: 'cw-north-a', groups: ['caseworker', 'team:north'] };
const northWorker2: Caller = { username: 'cw-north-b', groups: ['caseworker', 'team:north'] };
const fullWorker: Caller = { username: 'cw-north-full', groups: ['caseworker', 'team:north'] };
/** A caseworker whose token has no team group: the team comes from their record. */
const recordOnlyWorker: Caller = { username: 'cw-north-rec', groups: ['caseworker'] };
const southWorker: Caller = { username: 'cw-south-a', groups: ['caseworker', 'team:south'] };
const northManager: Caller = { username: 'manager-north', groups: ['manager', 'team:north'] };
const southManager: Caller = { username: 'manager-south', groups: ['manager', 'team:south'] };
const headOfService: Caller = {
  username: 'head-of-service',
  groups: ['manager', ...config.teams.map((team) => `team:${team.id}`)],
  groupsAsArray: true,
};
const callHandler: Caller = { username: 'callhandler', groups: ['callhandler'] };
const admin: Caller = { username: 'admin', groups: ['admin'] };

interface Request {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  as?: Caller | null;
}

function event(request: Request): APIGatewayProxyEventV2 {
  const text = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const query = request.query ?? {};
  const rawQueryString = new URLSearchParams(query).toString();
  const base: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: 'ANY /{proxy+}',
    rawPath: request.path,
    rawQueryString,
    headers: {
      host: 'api.test',
      ...(text === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' }),
    },
    queryStringParameters: Object.keys(query).length === 0 ? undefined : query,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: 'ANY /{proxy+}',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: Date.parse(now),
    },
    body: text,
    isBase64Encoded: false,
  };
  const who = request.as;
  if (who === null || who === undefined) return base;
  const claims = cognitoClaims(who, who.groupsAsArray === true);
  return {
    ...base,
    requestContext: { ...base.requestContext, authorizer: { jwt: { claims, scopes: ['send-hub/api'] } } },
  } as APIGatewayProxyEventV2;
}

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected field by field in assertions.
  body: any;
  headers: Record<string, string | number | boolean>;
}

async function call(request: Request): Promise<Answer> {
  if (request.as !== null && request.as !== undefined) await linkStaff(staff, request.as);
  const result = (await api(
    event(request),
    lambdaContext('api', 10_000),
  )) as APIGatewayProxyStructuredResultV2;
  const answer = {
    status: result.statusCode ?? 200,
    body: result.body === undefined || result.body === '' ? undefined : JSON.parse(result.body),
    headers: result.headers ?? {},
  };
  expectContract(request.method, request.path, answer.status, answer.body);
  return answer;
}

// --- Seeding -------------------------------------------------------------------------------------

let sequence = 0;
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function reference(): string {
  sequence += 1;
  let n = sequence + (process.pid % 1000) * 100_000 + Math.floor(Math.random() * 50) * 10_000_000;
  let code = '';
  for (let i = 0; i < 6; i += 1) {
    code = ALPHABET.charAt(n % ALPHABET.length) + code;
    n = Math.floor(n / ALPHABET.length);
  }
  return `SEND-${code}`;
}

interface SeedOptions {
  team?: string;
  priority?: Priority;
  receivedAt?: string;
  email?: string | null;
  name?: string;
  subject?: string;
}

/** Stores an enquiry as the router would: first contact, `received` event, Message-ID pointer. */
async function seed(options: SeedOptions = {}): Promise<Enquiry> {
  const id = reference();
  const receivedAt = options.receivedAt ?? '2026-11-24T10:00:00.000Z';
  const email = options.email === undefined ? `parent.${id.toLowerCase()}@example.org` : options.email;
  const { enquiry, events } = openEnquiry(
    {
      id,
      triage: {
        topic: 'transport',
        priority: options.priority ?? 'normal',
        role: 'parent',
        district: 'dartford',
        reasons: ['mentions the school taxi'],
        safeguarding: NO_SAFEGUARDING_CONCERN,
      },
      team: options.team ?? 'north',
      channel: 'email',
      requester: { name: options.name ?? 'Alex Example', email, phone: null },
      subject: options.subject ?? 'School taxi has stopped',
      receivedAt,
      now: receivedAt,
      actor: 'router',
    },
    policy,
  );
  const messageId = `<${id.toLowerCase()}.original@mail.example.org>`;
  const contact: Contact = {
    id: `c-${id}`,
    enquiryId: id,
    at: receivedAt,
    direction: 'inbound',
    channel: 'email',
    automated: false,
    from: { name: options.name ?? 'Alex Example', email, phone: null },
    author: null,
    subject: options.subject ?? 'School taxi has stopped',
    body: 'The taxi has not come for three days and my son is missing school.',
    bodyTruncated: false,
    messageId,
    intakeId: `email:${messageId}`,
    attachments: [],
    raw: null,
  };
  return enquiries.createEnquiry({
    enquiry,
    events,
    contact,
    intakeId: `email:${messageId}`,
    messageIds: [messageId],
  });
}

async function putWorker(id: string, team: string, cap = 20, active = true) {
  return caseworkers.putCaseworker({
    id,
    name: `Caseworker ${id}`,
    email: `${id}@kent.example.gov.uk`,
    team,
    topics: [],
    cap,
    active,
  });
}

/** Seeds an enquiry and has `who` claim it through the API. */
async function seedClaimed(who: Caller, options: SeedOptions = {}): Promise<Enquiry> {
  const enquiry = await seed(options);
  const claimed = await call({ method: 'POST', path: `/enquiries/${enquiry.id}/claim`, as: who });
  expect(claimed.status).toBe(200);
  return claimed.body.enquiry as Enquiry;
}

beforeAll(async () => {
  await ensureTable(
    new DynamoDBClient({
      endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName,
  );
  await Promise.all([
    putWorker(northWorker.username, 'north'),
    putWorker(northWorker2.username, 'north'),
    putWorker(fullWorker.username, 'north', 0),
    putWorker(recordOnlyWorker.username, 'north'),
    putWorker(southWorker.username, 'south'),
    putWorker('cw-north-away', 'north', 20, false),
    putWorker('cw-west-leave', 'west'),
    putWorker('cw-west-cover', 'west'),
  ]);
});

beforeEach(() => {
  now = NOW;
});

// --- Authentication and roles --------------------------------------------------------------------

function samplePath(path: string): string {
  return path.replace('{id}', path.startsWith('/caseworkers') ? 'cw-north-a' : 'SEND-222222');
}

describe('authentication and roles', () => {
  it('refuses every protected route without token claims (401), with a JSON error', async () => {
    for (const route of ROUTES.filter((candidate) => candidate.access !== 'public')) {
      const answer = await call({ method: route.method, path: samplePath(route.path), body: {}, as: null });
      expect(answer.status, `${route.method} ${route.path}`).toBe(401);
      expect(answer.body.error.code).toBe('unauthorized');
    }
  });

  it('refuses a token without a username, and an ID token passed off as an access token', async () => {
    const noUser = event({ method: 'GET', path: '/me', as: northWorker });
    const claims = (
      noUser.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, unknown> } } }
    ).authorizer.jwt.claims;
    delete claims.username;
    const answer = (await api(noUser, lambdaContext('api', 1000))) as APIGatewayProxyStructuredResultV2;
    expect(answer.statusCode).toBe(401);

    const idToken = event({ method: 'GET', path: '/me', as: northWorker });
    (
      idToken.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, unknown> } } }
    ).authorizer.jwt.claims.token_use = 'id';
    expect(
      ((await api(idToken, lambdaContext('api', 1000))) as APIGatewayProxyStructuredResultV2).statusCode,
    ).toBe(401);
  });

  it('gives a call handler 403 on every route not theirs, before reading the body', async () => {
    const theirs = (access: (typeof ROUTES)[number]['access']) =>
      typeof access === 'string' || (access as readonly string[]).includes('callhandler');
    for (const route of ROUTES.filter((candidate) => !theirs(candidate.access))) {
      const answer = await call({
        method: route.method,
        path: samplePath(route.path),
        rawBody: 'not json at all',
        as: callHandler,
      });
      expect(answer.status, `${route.method} ${route.path}`).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
    }
  });

  it('says who I am, reading groups both as API Gateway passes them and as a real array', async () => {
    const me = await call({ method: 'GET', path: '/me', as: northManager });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'manager-north',
      roles: ['manager'],
      teams: [{ id: 'north' }],
    });

    const head = await call({ method: 'GET', path: '/me', as: headOfService });
    expect(head.body.teams.map((team: { id: string }) => team.id)).toEqual(
      config.teams.map((team) => team.id),
    );
  });

  it('gives a caseworker the team on their caseworker record when the token names none', async () => {
    const me = await call({ method: 'GET', path: '/me', as: recordOnlyWorker });
    expect(me.body.teams).toEqual([{ id: 'north', name: 'North Kent SEND team' }]);
    expect(me.body.caseworker).toMatchObject({ id: 'cw-north-rec', team: 'north' });
    const queue = await call({ method: 'GET', path: '/queue', as: recordOnlyWorker });
    expect(queue.status).toBe(200);
    expect(queue.body.team).toBe('north');
  });

  it('answers an unknown route 404 and a wrong method 405 naming the allowed one', async () => {
    expect((await call({ method: 'GET', path: '/nothing-here', as: northWorker })).status).toBe(404);
    const wrong = await call({ method: 'DELETE', path: '/queue', as: northWorker });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET');
  });
});

// --- Queue and caseload --------------------------------------------------------------------------

describe('the team queue', () => {
  it('lists the most urgent first, then the soonest due, a page at a time', async () => {
    const normalEarly = await seed({ team: 'east', priority: 'normal', receivedAt: '2026-11-20T09:00:00Z' });
    const urgent = await seed({ team: 'east', priority: 'urgent', receivedAt: '2026-11-24T15:00:00Z' });
    const high = await seed({ team: 'east', priority: 'high', receivedAt: '2026-11-24T10:00:00Z' });
    const normalLate = await seed({ team: 'east', priority: 'normal', receivedAt: '2026-11-24T09:00:00Z' });
    const eastWorker: Caller = { username: 'cw-east-a', groups: ['caseworker', 'team:east'] };

    const first = await call({ method: 'GET', path: '/queue', query: { limit: '3' }, as: eastWorker });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([
      urgent.id,
      high.id,
      normalEarly.id,
    ]);
    expect(first.body.items[0]).toMatchObject({
      priority: 'urgent',
      requesterName: 'Alex Example',
      version: 1,
    });
    expect(first.body.cursor).toEqual(expect.any(String));

    const second = await call({
      method: 'GET',
      path: '/queue',
      query: { limit: '3', cursor: first.body.cursor },
      as: eastWorker,
    });
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([normalLate.id]);
    expect(second.body.cursor).toBeNull();
  });

  it('marks an item breached once its due time has passed', async () => {
    const late = await seed({ team: 'west', priority: 'urgent', receivedAt: '2026-11-23T09:00:00Z' });
    const westWorker: Caller = { username: 'cw-west-a', groups: ['caseworker', 'team:west'] };
    const queue = await call({ method: 'GET', path: '/queue', as: westWorker });
    expect(queue.body.items.find((item: { id: string }) => item.id === late.id)).toMatchObject({
      breached: true,
    });
  });

  it("keeps teams apart: another team's queue is 403, and a cursor from it is refused", async () => {
    const other = await call({ method: 'GET', path: '/queue', query: { team: 'south' }, as: northWorker });
    expect(other.status).toBe(403);

    await seed({ team: 'south' });
    await seed({ team: 'south' });
    const south = await call({ method: 'GET', path: '/queue', query: { limit: '1' }, as: southWorker });
    const replay = await call({
      method: 'GET',
      path: '/queue',
      query: { limit: '1', cursor: south.body.cursor },
      as: northWorker,
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error.fields).toEqual([{ path: 'cursor', message: 'cursor is not valid' }]);
  });

  it('asks someone in several teams to say which (400 naming team), and rejects a bad limit', async () => {
    const ambiguous = await call({ method: 'GET', path: '/queue', as: headOfService });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error.fields[0].path).toBe('team');
    expect(
      (await call({ method: 'GET', path: '/queue', query: { team: 'south' }, as: headOfService })).status,
    ).toBe(200);

    const badLimit = await call({ method: 'GET', path: '/queue', query: { limit: '1000' }, as: northWorker });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.fields[0]).toEqual({ path: 'limit', message: 'must be at most 100' });
  });

  it('shows my caseload and not the team queue once I claim', async () => {
    const enquiry = await seed({ priority: 'urgent' });
    await call({ method: 'POST', path: `/enquiries/${enquiry.id}/claim`, as: northWorker });
    const caseload = await call({ method: 'GET', path: '/caseload', as: northWorker });
    expect(caseload.body.items.map((item: { id: string }) => item.id)).toContain(enquiry.id);
    const queue = await call({ method: 'GET', path: '/queue', query: { limit: '100' }, as: northWorker });
    expect(queue.body.items.map((item: { id: string }) => item.id)).not.toContain(enquiry.id);
  });
});

// --- One enquiry ---------------------------------------------------------------------------------

describe('reading an enquiry', () => {
  it('shows the enquiry with its timeline and what I may do', async () => {
    const enquiry = await seed();
    const answer = await call({ method: 'GET', path: `/enquiries/${enquiry.id}`, as: northWorker });
    expect(answer.status).toBe(200);
    expect(answer.body.enquiry).toMatchObject({
      id: enquiry.id,
      status: 'open',
      version: 1,
      breached: false,
    });
    expect(
      answer.body.timeline.map((item: { kind: string; type?: string }) => item.type ?? item.kind),
    ).toEqual(['contact', 'received']);
    expect(answer.body.timeline[0]).not.toHaveProperty('raw');
    expect(answer.body.permissions).toMatchObject({ claim: true, respond: false, reassign: false });
  });

  it("answers another team's enquiry exactly like one that does not exist", async () => {
    const south = await seed({ team: 'south' });
    const hidden = await call({ method: 'GET', path: `/enquiries/${south.id}`, as: northWorker });
    const missing = await call({ method: 'GET', path: '/enquiries/SEND-ZZZZZZ', as: northWorker });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.error.code).toBe(missing.body.error.code);
    expect(hidden.body.error.message.replace(south.id, 'X')).toBe(
      missing.body.error.message.replace('SEND-ZZZZZZ', 'X'),
    );

    for (const action of ['claim', 'release', 'respond', 'notes', 'resolve', 'reopen']) {
      const attempt = await call({
        method: 'POST',
        path: `/enquiries/${south.id}/${action}`,
        body:
          action === 'respond'
            ? { text: 'Hello', sendEmail: false, expectedVersion: 1 }
            : action === 'notes'
              ? { text: 'Hello' }
              : action === 'reopen'
                ? { reason: 'x', expectedVersion: 1 }
                : action === 'resolve'
                  ? { expectedVersion: 1 }
                  : {},
        as: northWorker,
      });
      expect(attempt.status, action).toBe(404);
    }
    const reassign = await call({
      method: 'POST',
      path: `/enquiries/${south.id}/reassign`,
      body: { caseworkerId: northWorker.username, reason: 'Priya knows the family' },
      as: northManager,
    });
    expect(reassign.status).toBe(404);
    expect((await enquiries.getEnquiry(south.id))?.version).toBe(1);
  });

  it('treats a malformed reference as not found', async () => {
    expect((await call({ method: 'GET', path: '/enquiries/not-a-ref', as: northWorker })).status).toBe(404);
  });
});

describe('claiming', () => {
  it('gives the enquiry to exactly one of 20 caseworkers claiming at once; the others get 409', async () => {
    const racers: Caller[] = Array.from({ length: 20 }, (_, index) => ({
      username: `cw-race-${index + 1}`,
      groups: ['caseworker', 'team:north'],
    }));
    await Promise.all(racers.map((racer) => putWorker(racer.username, 'north', 5)));
    const enquiry = await seed({ priority: 'urgent' });

    const answers = await Promise.all(
      racers.map((racer) => call({ method: 'POST', path: `/enquiries/${enquiry.id}/claim`, as: racer })),
    );

    const winners = answers.filter((answer) => answer.status === 200);
    const losers = answers.filter((answer) => answer.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    expect(losers.every((answer) => answer.body.error.code === 'already-claimed')).toBe(true);
    const holder = winners[0]?.body.enquiry.assignee as string;
    expect((await enquiries.getEnquiry(enquiry.id))?.assignee).toBe(holder);
    const counts = await Promise.all(racers.map((racer) => caseworkers.getCaseworker(racer.username)));
    expect(counts.map((worker) => worker?.openCount ?? 0).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('refuses a caseworker at their cap (409 caseload-full) and an inactive one (403)', async () => {
    const enquiry = await seed();
    const full = await call({ method: 'POST', path: `/enquiries/${enquiry.id}/claim`, as: fullWorker });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('caseload-full');
    const away: Caller = { username: 'cw-north-away', groups: ['caseworker', 'team:north'] };
    expect((await call({ method: 'POST', path: `/enquiries/${enquiry.id}/claim`, as: away })).status).toBe(
      403,
    );
    expect((await enquiries.getEnquiry(enquiry.id))?.assignee).toBeNull();
  });

  it('refuses managers (403) and a stale expectedVersion (409), and rejects a bad body (400)', async () => {
    const enquiry = await seed();
    expect(
      (await call({ method: 'POST', path: `/enquiries/${enquiry.id}/claim`, as: northManager })).status,
    ).toBe(403);
    const stale = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/claim`,
      body: { expectedVersion: 7 },
      as: northWorker,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version-conflict');
    const bad = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/claim`,
      body: { expectedVersion: 'one' },
      as: northWorker,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('expectedVersion');
  });
});

describe('releasing', () => {
  it('puts the enquiry back in the queue for the holder, and refuses anyone else who is not a manager', async () => {
    const claimed = await seedClaimed(northWorker);
    const other = await call({ method: 'POST', path: `/enquiries/${claimed.id}/release`, as: northWorker2 });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('not-assignee');

    const released = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/release`,
      as: northWorker,
    });
    expect(released.status).toBe(200);
    expect(released.body.enquiry.assignee).toBeNull();
    const again = await call({ method: 'POST', path: `/enquiries/${claimed.id}/release`, as: northWorker });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid-transition');
  });
});

describe('responding', () => {
  it('records the first response with its working minutes and emails it threaded to the enquirer', async () => {
    const claimed = await seedClaimed(northWorker, {
      receivedAt: '2026-11-24T10:00:00Z',
      subject: 'Taxi stopped',
    });
    const before = mailer.sent.length;

    const answer = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: {
        text: 'I have spoken to transport; the taxi resumes tomorrow.',
        sendEmail: true,
        expectedVersion: 2,
      },
      as: northWorker,
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ emailed: true, enquiry: { status: 'answered', version: 4 } });
    // Two versions: one taken before sending (so a double submit cannot send twice), one recording it.
    // Tue 10:00 to Wed 11:00 on a 09:00-17:00 calendar: 7 hours + 2 hours = 540 working minutes.
    expect(answer.body.enquiry.firstResponseWorkingMinutes).toBe(540);
    expect(firstResponses.at(-1)).toEqual({ team: claimed.team, priority: claimed.priority, minutes: 540 });
    const counted = firstResponses.length;
    const followUp = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: { text: 'And the escort is confirmed too.', sendEmail: false, expectedVersion: 4 },
      as: northWorker,
    });
    expect(followUp.status).toBe(200);
    // Only the first response counts towards the response-time metric.
    expect(firstResponses).toHaveLength(counted);
    const email = mailer.sent[before];
    const original = `<${claimed.id.toLowerCase()}.original@mail.example.org>`;
    expect(email).toMatchObject({
      to: [claimed.requester.email],
      subject: `Re: [${claimed.id}] Taxi stopped`,
      inReplyTo: original,
      references: [original],
      autoSubmitted: 'no',
      replyTo: config.acknowledgement.replyToAddress,
    });
    expect(email?.text).toContain('the taxi resumes tomorrow');
    const detail = await call({ method: 'GET', path: `/enquiries/${claimed.id}`, as: northWorker });
    const response = detail.body.timeline.find(
      (item: { kind: string; direction?: string }) =>
        item.kind === 'contact' && item.direction === 'outbound',
    );
    expect(response).toMatchObject({ author: northWorker.username, channel: 'email' });
    // A reply to our email threads back to the enquiry.
    expect(await enquiries.findByMessageIds([email?.messageId ?? ''])).toEqual([
      { messageId: (email?.messageId ?? '').slice(1, -1), enquiryId: claimed.id },
    ]);
  });

  it('records and sends once when the same response is submitted twice', async () => {
    const claimed = await seedClaimed(northWorker);
    const before = mailer.sent.length;
    const request = {
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: { text: 'Answer', sendEmail: true, expectedVersion: claimed.version },
      as: northWorker,
    };
    const [first, second] = await Promise.all([call(request), call(request)]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect(mailer.sent.length - before).toBe(1);
    const responses = (await enquiries.getTimeline(claimed.id)).filter(
      (entry) => entry.kind === 'contact' && entry.contact.direction === 'outbound',
    );
    expect(responses).toHaveLength(1);
  });

  it('pauses the clock when asking the enquirer a question, without counting a first response', async () => {
    const claimed = await seedClaimed(northWorker);
    const answer = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: {
        text: 'Which school is it?',
        sendEmail: false,
        askEnquirer: true,
        expectedVersion: claimed.version,
      },
      as: northWorker,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      emailed: false,
      enquiry: { status: 'waiting-on-enquirer', pausedAt: NOW, firstRespondedAt: null },
    });
  });

  it('refuses a stale version (409) and sends nothing', async () => {
    const claimed = await seedClaimed(northWorker);
    await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/notes`,
      body: { text: 'Checked' },
      as: northWorker2,
    });
    const before = mailer.sent.length;
    const stale = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: { text: 'Answer', sendEmail: true, expectedVersion: claimed.version },
      as: northWorker,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version-conflict');
    expect(mailer.sent.length).toBe(before);
    expect((await enquiries.getEnquiry(claimed.id))?.status).toBe('open');
  });

  it('needs the enquiry to be held by me or my team manager (409 not-assignee)', async () => {
    const enquiry = await seed();
    const unclaimed = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/respond`,
      body: { text: 'Answer', sendEmail: false, expectedVersion: 1 },
      as: northWorker,
    });
    expect(unclaimed.status).toBe(409);
    expect(unclaimed.body.error.code).toBe('not-assignee');
    const manager = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/respond`,
      body: { text: 'Answer', sendEmail: false, expectedVersion: 1 },
      as: northManager,
    });
    expect(manager.status).toBe(200);
  });

  it('names every bad field (400), refuses a body that is not JSON (415), and one too large (413)', async () => {
    const claimed = await seedClaimed(northWorker);
    const bad = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: { text: '   ', sendEmail: 'yes' },
      as: northWorker,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual([
      'expectedVersion',
      'sendEmail',
      'text',
    ]);
    const form = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      rawBody: 'text=hello',
      contentType: 'application/x-www-form-urlencoded',
      as: northWorker,
    });
    expect(form.status).toBe(415);
    const broken = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      rawBody: '{"text": ',
      as: northWorker,
    });
    expect(broken.status).toBe(400);
    const huge = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: { text: 'x'.repeat(200_000), sendEmail: false, expectedVersion: claimed.version },
      as: northWorker,
    });
    expect(huge.status).toBe(413);
  });

  it('refuses to email an enquirer without an address (400 naming sendEmail)', async () => {
    const claimed = await seedClaimed(northWorker, { email: null });
    const answer = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: { text: 'Answer', sendEmail: true, expectedVersion: claimed.version },
      as: northWorker,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields[0].path).toBe('sendEmail');
  });

  it('refuses to email an address that bounced before (409), and says so when SES fails (502)', async () => {
    const bounced = await seedClaimed(northWorker);
    await enquiries.markDoNotReply(bounced.requester.email ?? '', 'bounce', NOW);
    const refused = await call({
      method: 'POST',
      path: `/enquiries/${bounced.id}/respond`,
      body: { text: 'Answer', sendEmail: true, expectedVersion: bounced.version },
      as: northWorker,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('enquirer-unreachable');

    const claimed = await seedClaimed(northWorker);
    mailer.failNext = true;
    const failed = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: { text: 'Answer', sendEmail: true, expectedVersion: claimed.version },
      as: northWorker,
    });
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe('email-not-sent');
    const notes = (await enquiries.getTimeline(claimed.id)).filter(
      (entry) => entry.kind === 'event' && entry.event.type === 'note',
    );
    expect(notes).toHaveLength(1);
  });

  it('counts a reply as sent only when SES accepts it: refused, nothing is recorded but a note with the text', async () => {
    const claimed = await seedClaimed(northWorker);
    mailer.rejectNext = 'MessageRejected';
    const refused = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: { text: 'Your taxi is booked from Monday.', sendEmail: true, expectedVersion: claimed.version },
      as: northWorker,
    });
    expect(refused.status).toBe(502);
    const after = await enquiries.getEnquiry(claimed.id);
    expect(after).toMatchObject({ status: 'open', firstRespondedAt: null, lastRespondedAt: null });
    const timeline = await enquiries.getTimeline(claimed.id);
    expect(
      timeline.filter((entry) => entry.kind === 'contact' && entry.contact.direction === 'outbound'),
    ).toEqual([]);
    const note = timeline.find((entry) => entry.kind === 'event' && entry.event.type === 'note');
    expect(note?.kind === 'event' ? String(note.event.detail.text) : '').toContain(
      'Your taxi is booked from Monday.',
    );

    // Tried again once SES takes it, it counts.
    const sent = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/respond`,
      body: { text: 'Your taxi is booked from Monday.', sendEmail: true, expectedVersion: after?.version },
      as: northWorker,
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ emailed: true, firstResponse: true, enquiry: { status: 'answered' } });
  });
});

describe('an acknowledgement SES refused', () => {
  async function failedAcknowledgement(): Promise<Enquiry> {
    const enquiry = await seed();
    const { enquiry: failed } = await enquiries.modify(enquiry.id, (current) =>
      applyAcknowledgementFailed(current, NOW, 'router', 'MessageRejected'),
    );
    return failed;
  }

  it('shows on the enquiry with a resend action, and is recorded once SES takes it', async () => {
    const enquiry = await failedAcknowledgement();
    const shown = await call({ method: 'GET', path: `/enquiries/${enquiry.id}`, as: northWorker });
    expect(shown.body.enquiry).toMatchObject({
      acknowledgedAt: null,
      acknowledgementFailure: 'MessageRejected',
    });
    expect(shown.body.permissions.resendAcknowledgement).toBe(true);

    mailer.rejectNext = 'MessageRejected';
    const again = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/acknowledgement`,
      as: northWorker,
    });
    expect(again.status).toBe(502);
    expect((await enquiries.getEnquiry(enquiry.id))?.acknowledgedAt).toBeNull();

    const before = mailer.sent.length;
    const resent = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/acknowledgement`,
      as: northWorker,
    });
    expect(resent.status).toBe(200);
    expect(resent.body.enquiry).toMatchObject({
      acknowledgementFailedAt: null,
      acknowledgementFailure: null,
    });
    expect(resent.body.enquiry.acknowledgedAt).not.toBeNull();
    expect(mailer.sent.length - before).toBe(1);
    expect(mailer.sent.at(-1)?.to).toEqual([enquiry.requester.email]);

    const twice = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/acknowledgement`,
      as: northWorker,
    });
    expect(twice.status).toBe(409);
  });

  it('may be resent only by caseworkers and managers of its team', async () => {
    const enquiry = await failedAcknowledgement();
    const other = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/acknowledgement`,
      as: southWorker,
    });
    expect(other.status).toBe(404);
    const handler = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/acknowledgement`,
      as: callHandler,
    });
    expect(handler.status).toBe(403);
    expect((await enquiries.getEnquiry(enquiry.id))?.acknowledgedAt).toBeNull();
  });

  it('sends the reply through SES (the emulator outbox shows it)', async () => {
    const sesEndpoint = inject('sesEndpoint');
    const sesApi = createApiHandler({ ...deps, mailer: new SesMailer(sesClient({ endpoint: sesEndpoint })) });
    const claimed = await seedClaimed(northWorker, { subject: 'Outbox check' });
    await linkStaff(staff, northWorker);
    const since = Math.floor(Date.now() / 1000) - 1;
    const result = (await sesApi(
      event({
        method: 'POST',
        path: `/enquiries/${claimed.id}/respond`,
        body: { text: 'Your taxi is booked.', sendEmail: true, expectedVersion: claimed.version },
        as: northWorker,
      }),
      lambdaContext('api', 10_000),
    )) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(200);
    const store = (await (await fetch(`${sesEndpoint}/store?since=${since}`)).json()) as {
      emails: { subject: string; destination: { to: string[] } }[];
    };
    const sent = store.emails.find((email) => email.subject === `Re: [${claimed.id}] Outbox check`);
    expect(sent?.destination.to).toEqual([claimed.requester.email]);
  });
});

describe('notes, resolving and reopening', () => {
  it('adds a note anyone in the team can read, and names an empty one (400)', async () => {
    const enquiry = await seed();
    const added = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/notes`,
      body: { text: 'Parent rang again; school confirms absence.' },
      as: northWorker2,
    });
    expect(added.status).toBe(201);
    const detail = await call({ method: 'GET', path: `/enquiries/${enquiry.id}`, as: northManager });
    expect(detail.body.timeline.at(-1)).toMatchObject({
      kind: 'event',
      type: 'note',
      actor: northWorker2.username,
      detail: { text: 'Parent rang again; school confirms absence.' },
    });
    const empty = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/notes`,
      body: {},
      as: northWorker,
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual([{ path: 'text', message: 'is required: write the note' }]);
  });

  it('resolves with the right version, frees the caseload slot, and cannot resolve twice', async () => {
    const claimed = await seedClaimed(northWorker2);
    const countBefore = (await caseworkers.getCaseworker(northWorker2.username))?.openCount ?? 0;
    const stale = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/resolve`,
      body: { expectedVersion: 1 },
      as: northWorker2,
    });
    expect(stale.status).toBe(409);
    const resolved = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/resolve`,
      body: { expectedVersion: claimed.version, outcome: 'Taxi restored' },
      as: northWorker2,
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.enquiry).toMatchObject({ status: 'resolved', resolvedAt: NOW });
    expect((await caseworkers.getCaseworker(northWorker2.username))?.openCount).toBe(countBefore - 1);
    const twice = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/resolve`,
      body: { expectedVersion: resolved.body.enquiry.version },
      as: northWorker2,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('invalid-transition');
    expect(
      (await call({ method: 'POST', path: `/enquiries/${claimed.id}/resolve`, body: {}, as: northWorker2 }))
        .status,
    ).toBe(400);
  });

  it('reopens a resolved enquiry with a fresh window, needing a reason', async () => {
    const claimed = await seedClaimed(northWorker2);
    const resolved = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/resolve`,
      body: { expectedVersion: claimed.version },
      as: northWorker2,
    });
    const noReason = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/reopen`,
      body: { expectedVersion: resolved.body.enquiry.version },
      as: northWorker2,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].path).toBe('reason');
    now = '2026-11-26T10:00:00.000Z';
    const reopened = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/reopen`,
      body: { expectedVersion: resolved.body.enquiry.version, reason: 'Taxi stopped again' },
      as: northWorker2,
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body.enquiry).toMatchObject({ status: 'open', clockStartedAt: now, resolvedAt: null });
    const open = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/reopen`,
      body: { expectedVersion: reopened.body.enquiry.version, reason: 'again' },
      as: northWorker2,
    });
    expect(open.status).toBe(409);
  });
});

describe('reassigning (managers)', () => {
  it("moves the enquiry and the caseload count from one caseworker to another within the new holder's cap", async () => {
    const claimed = await seedClaimed(northWorker);
    const fromBefore = (await caseworkers.getCaseworker(northWorker.username))?.openCount ?? 0;
    const toBefore = (await caseworkers.getCaseworker(northWorker2.username))?.openCount ?? 0;

    const moved = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/reassign`,
      body: {
        caseworkerId: northWorker2.username,
        reason: 'Tom knows the school',
        expectedVersion: claimed.version,
      },
      as: northManager,
    });

    expect(moved.status).toBe(200);
    expect(moved.body.enquiry.assignee).toBe(northWorker2.username);
    expect((await caseworkers.getCaseworker(northWorker.username))?.openCount).toBe(fromBefore - 1);
    expect((await caseworkers.getCaseworker(northWorker2.username))?.openCount).toBe(toBefore + 1);
    const timeline = await enquiries.getTimeline(claimed.id);
    expect(timeline.at(-1)).toMatchObject({
      kind: 'event',
      event: { type: 'reassigned', actor: 'manager-north', detail: { reason: 'Tom knows the school' } },
    });
  });

  it('needs a reason (400 naming reason)', async () => {
    const claimed = await seedClaimed(northWorker);
    const bare = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/reassign`,
      body: { caseworkerId: northWorker2.username },
      as: northManager,
    });
    expect(bare.status).toBe(400);
    expect(bare.body.error.fields[0].path).toBe('reason');
  });
});

describe('POST /enquiries/{id}/transfer', () => {
  it('moves the enquiry to another team with its clock, audited with the reason, and tells the receiving manager', async () => {
    const claimed = await seedClaimed(northWorker);
    const before = await enquiries.getEnquiry(claimed.id);
    const moved = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/transfer`,
      body: { team: 'south', reason: 'The family moved to Dover', expectedVersion: claimed.version },
      as: northManager,
    });
    expect(moved.status).toBe(200);
    const after = await enquiries.getEnquiry(claimed.id);
    expect(after).toMatchObject({
      team: 'south',
      assignee: null,
      receivedAt: before?.receivedAt,
      clockStartedAt: before?.clockStartedAt,
      responseDueAt: before?.responseDueAt,
      escalationSteps: before?.escalationSteps,
    });
    const southQueue = await enquiries.listTeamQueue('south', { limit: 500 });
    expect(southQueue.items.map((item) => item.id)).toContain(claimed.id);
    const timeline = await enquiries.getTimeline(claimed.id);
    expect(timeline.at(-1)).toMatchObject({
      kind: 'event',
      event: {
        type: 'reassigned',
        actor: 'manager-north',
        detail: { fromTeam: 'north', toTeam: 'south', reason: 'The family moved to Dover', kind: 'transfer' },
      },
    });
    // The old team can no longer open it; another move by them is the same 404.
    const again = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/transfer`,
      body: { team: 'east', reason: 'again' },
      as: northManager,
    });
    expect(again.status).toBe(404);
  });

  it('refuses caseworkers (403), unknown teams and a missing reason (400 naming the field)', async () => {
    const enquiry = await seed();
    const byWorker = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/transfer`,
      body: { team: 'south', reason: 'x' },
      as: northWorker,
    });
    expect(byWorker.status).toBe(403);
    const unknown = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/transfer`,
      body: { team: 'narnia', reason: 'x' },
      as: northManager,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('team');
    const noReason = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/transfer`,
      body: { team: 'south' },
      as: northManager,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].path).toBe('reason');
    expect((await enquiries.getEnquiry(enquiry.id))?.team).toBe('north');
  });

  it('respects caps (409 caseload-full) and leaves the enquiry where it was', async () => {
    const claimed = await seedClaimed(northWorker);
    const refused = await call({
      method: 'POST',
      path: `/enquiries/${claimed.id}/reassign`,
      body: { caseworkerId: fullWorker.username, reason: 'spreading the work' },
      as: northManager,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('caseload-full');
    expect((await enquiries.getEnquiry(claimed.id))?.assignee).toBe(northWorker.username);
    expect((await caseworkers.getCaseworker(fullWorker.username))?.openCount).toBe(0);
  });

  it('only to active caseworkers of my teams (400 naming caseworkerId); caseworkers cannot reassign (403)', async () => {
    const enquiry = await seed();
    const otherTeam = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/reassign`,
      body: { caseworkerId: southWorker.username, reason: 'spreading the work' },
      as: northManager,
    });
    expect(otherTeam.status).toBe(400);
    expect(otherTeam.body.error.fields[0].path).toBe('caseworkerId');
    const inactive = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/reassign`,
      body: { caseworkerId: 'cw-north-away', reason: 'spreading the work' },
      as: northManager,
    });
    expect(inactive.status).toBe(400);
    const byCaseworker = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/reassign`,
      body: { caseworkerId: northWorker2.username, reason: 'spreading the work' },
      as: northWorker,
    });
    expect(byCaseworker.status).toBe(403);
    const stale = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/reassign`,
      body: { caseworkerId: northWorker2.username, reason: 'spreading the work', expectedVersion: 9 },
      as: northManager,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version-conflict');
  });
});

// --- Roster --------------------------------------------------------------------------------------

describe('a caseworker marked away in a team that hands work to a colleague', () => {
  const leaving: Caller = { username: 'cw-west-leave', groups: ['caseworker', 'team:west'] };
  const westManager: Caller = { username: 'manager-west', groups: ['manager', 'team:west'] };

  it('hands their open enquiries to the colleague named, audited, and names a missing or wrong colleague', async () => {
    const held = await seedClaimed(leaving, { team: 'west' });
    const missing = await call({
      method: 'PUT',
      path: '/availability/cw-west-leave',
      body: { awayPeriods: [{ from: '2026-11-25', to: '2026-11-27' }] },
      as: westManager,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0]).toMatchObject({ path: 'awayPeriods[0].handTo' });
    const otherTeam = await call({
      method: 'PUT',
      path: '/availability/cw-west-leave',
      body: { awayPeriods: [{ from: '2026-11-25', to: '2026-11-27', handTo: northWorker.username }] },
      as: westManager,
    });
    expect(otherTeam.status).toBe(400);
    expect(otherTeam.body.error.fields[0]).toMatchObject({ path: 'awayPeriods[0].handTo' });
    expect((await enquiries.getEnquiry(held.id))?.assignee).toBe('cw-west-leave');

    const marked = await call({
      method: 'PUT',
      path: '/availability/cw-west-leave',
      body: { awayPeriods: [{ from: '2026-11-25', to: '2026-11-27', handTo: 'cw-west-cover' }] },
      as: westManager,
    });
    expect(marked.status).toBe(200);
    expect(marked.body.handedOver).toEqual({ returned: 0, handed: 1 });
    const after = await enquiries.getEnquiry(held.id);
    expect(after).toMatchObject({ assignee: 'cw-west-cover', responseDueAt: held.responseDueAt });
    const timeline = await enquiries.getTimeline(held.id);
    expect(JSON.stringify(timeline.at(-1))).toContain('is away until 2026-11-27');
  });
});

describe('the roster', () => {
  it('lets an administrator list any team and set a cap; managers see only their own teams', async () => {
    const listed = await call({ method: 'GET', path: '/caseworkers', query: { team: 'south' }, as: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.caseworkers.map((worker: { id: string }) => worker.id)).toEqual(['cw-south-a']);

    const put = await call({
      method: 'PUT',
      path: '/caseworkers/cw-south-b',
      body: { name: 'Sam Second', email: 'Sam.Second@kent.example.gov.uk', team: 'south', cap: 12 },
      as: admin,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      id: 'cw-south-b',
      email: 'sam.second@kent.example.gov.uk',
      cap: 12,
      openCount: 0,
      active: true,
    });

    expect(
      (await call({ method: 'GET', path: '/caseworkers', as: southManager })).body.caseworkers,
    ).toHaveLength(2);
    expect(
      (await call({ method: 'GET', path: '/caseworkers', query: { team: 'north' }, as: southManager }))
        .status,
    ).toBe(403);
    expect((await call({ method: 'GET', path: '/caseworkers', as: northWorker })).status).toBe(403);
  });

  it('validates a caseworker (400 naming the field) and lets only administrators change one (403)', async () => {
    const badCap = await call({
      method: 'PUT',
      path: '/caseworkers/cw-south-c',
      body: { name: 'C', email: 'c@kent.example.gov.uk', team: 'south', cap: -1 },
      as: admin,
    });
    expect(badCap.status).toBe(400);
    expect(badCap.body.error.fields).toEqual([{ path: 'cap', message: 'must be 0 or more' }]);
    const unknownTeam = await call({
      method: 'PUT',
      path: '/caseworkers/cw-south-c',
      body: { name: 'C', email: 'c@kent.example.gov.uk', team: 'atlantis', cap: 3 },
      as: admin,
    });
    expect(unknownTeam.status).toBe(400);
    expect(unknownTeam.body.error.fields[0].path).toBe('team');
    const badId = await call({
      method: 'PUT',
      path: '/caseworkers/Not%20Valid',
      body: { name: 'C', email: 'c@kent.example.gov.uk', team: 'south', cap: 3 },
      as: admin,
    });
    expect(badId.status).toBe(400);
    const byManager = await call({
      method: 'PUT',
      path: '/caseworkers/cw-south-a',
      body: { name: 'C', email: 'c@kent.example.gov.uk', team: 'south', cap: 300 },
      as: southManager,
    });
    expect(byManager.status).toBe(403);
    expect((await caseworkers.getCaseworker('cw-south-a'))?.cap).toBe(20);
  });
});

// --- Dashboard -----------------------------------------------------------------------------------

describe('the team dashboard', () => {
  const team = 'hub-triage';
  const manager: Caller = { username: 'manager-hub-triage', groups: ['manager', `team:${team}`] };
  const worker: Caller = { username: 'cw-triage-1', groups: ['caseworker', `team:${team}`] };

  /** Claims as `worker` and responds at `respondAt`; returns the enquiry's version afterwards. */
  async function claimAndRespond(enquiry: Enquiry, claimAt: string, respondAt: string): Promise<number> {
    now = claimAt;
    const claimed = await call({ method: 'POST', path: `/enquiries/${enquiry.id}/claim`, as: worker });
    now = respondAt;
    const responded = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/respond`,
      body: { text: 'Answered', sendEmail: false, expectedVersion: claimed.body.enquiry.version },
      as: worker,
    });
    expect(responded.status).toBe(200);
    return responded.body.enquiry.version as number;
  }

  it("shows a manager their team's figures, backlog by age, breaches per week and caseloads", async () => {
    await putWorker(worker.username, team, 10);
    // Unclaimed: breached on Monday, fresh today, urgent due later today, and one from early October.
    await seed({ team, priority: 'urgent', receivedAt: '2026-11-23T09:30:00Z' });
    await seed({ team, priority: 'normal', receivedAt: '2026-11-25T09:00:00Z' });
    await seed({ team, priority: 'urgent', receivedAt: '2026-11-25T09:30:00Z' });
    await seed({ team, priority: 'normal', receivedAt: '2026-10-05T09:00:00Z' });
    // Answered this week: on time (120 working minutes) and late (3,420 against 2,400).
    const onTime = await seed({ team, priority: 'high', receivedAt: '2026-11-24T10:00:00Z' });
    await claimAndRespond(onTime, '2026-11-24T11:00:00Z', '2026-11-24T12:00:00Z');
    const late = await seed({ team, priority: 'normal', receivedAt: '2026-11-16T09:00:00Z' });
    await claimAndRespond(late, '2026-11-24T09:00:00Z', '2026-11-25T10:00:00Z');
    // Answered and resolved two weeks ago: in no current figure.
    const old = await seed({ team, priority: 'urgent', receivedAt: '2026-11-10T09:00:00Z' });
    const version = await claimAndRespond(old, '2026-11-10T09:10:00Z', '2026-11-10T10:00:00Z');
    await call({
      method: 'POST',
      path: `/enquiries/${old.id}/resolve`,
      body: { expectedVersion: version },
      as: worker,
    });
    // People corrected triage on one of this week's enquiries.
    now = '2026-11-25T10:30:00Z';
    const correction = await call({
      method: 'POST',
      path: `/enquiries/${onTime.id}/corrections`,
      body: { topic: 'placement', reason: 'the question is about the school place' },
      as: worker,
    });
    expect(correction.status).toBe(200);
    now = NOW;

    const answer = await call({ method: 'GET', path: '/dashboard', as: manager });

    expect(answer.status).toBe(200);
    expect(answer.body.weekStarting).toBe('2026-11-23');
    expect(answer.body.figures).toEqual({
      open: 6,
      awaitingResponse: 4,
      waitingOnEnquirer: 0,
      unclaimed: 4,
      breached: 2,
      dueToday: 1,
      medianFirstResponseMinutesThisWeek: 1770,
      firstResponsesThisWeek: 2,
    });
    expect(answer.body.responseTimes).toEqual([
      {
        priority: 'urgent',
        windowMinutes: 240,
        count: 0,
        medianMinutes: null,
        p90Minutes: null,
        withinWindow: 0,
      },
      {
        priority: 'high',
        windowMinutes: 960,
        count: 1,
        medianMinutes: 120,
        p90Minutes: 120,
        withinWindow: 1,
      },
      {
        priority: 'normal',
        windowMinutes: 2400,
        count: 1,
        medianMinutes: 3420,
        p90Minutes: 3420,
        withinWindow: 0,
      },
    ]);
    expect(answer.body.backlogByAge.map((band: { count: number }) => band.count)).toEqual([2, 2, 0, 1, 0, 1]);
    expect(answer.body.breachesPerWeek).toEqual([
      { weekStarting: '2026-10-05', count: 0 },
      { weekStarting: '2026-10-12', count: 1 },
      { weekStarting: '2026-10-19', count: 0 },
      { weekStarting: '2026-10-26', count: 0 },
      { weekStarting: '2026-11-02', count: 0 },
      { weekStarting: '2026-11-09', count: 0 },
      { weekStarting: '2026-11-16', count: 0 },
      { weekStarting: '2026-11-23', count: 2 },
    ]);
    expect(answer.body.caseloads).toEqual([
      {
        caseworkerId: worker.username,
        name: `Caseworker ${worker.username}`,
        openCount: 2,
        cap: 10,
        active: true,
      },
    ]);
    const { thisWeek, lastWeeks } = answer.body.triageCorrections;
    expect(thisWeek).toMatchObject({ enquiries: 4, anyCorrected: 1, anyCorrectedPercent: 25 });
    expect(thisWeek.labels).toContainEqual({ label: 'topic', corrected: 1, correctedPercent: 25 });
    expect(thisWeek.labels).toContainEqual({ label: 'priority', corrected: 0, correctedPercent: 0 });
    expect(lastWeeks).toMatchObject({ enquiries: 7, anyCorrected: 1 });
  });

  it('is for managers of the team only (403 otherwise)', async () => {
    expect((await call({ method: 'GET', path: '/dashboard', as: worker })).status).toBe(403);
    expect(
      (await call({ method: 'GET', path: '/dashboard', query: { team }, as: northManager })).status,
    ).toBe(403);
    expect(
      (await call({ method: 'GET', path: '/dashboard', query: { team }, as: headOfService })).status,
    ).toBe(200);
  });
});

describe('people correct triage', () => {
  it('lets a caseworker of the team change priority and topic with a reason, audited before and after', async () => {
    const enquiry = await seed({ priority: 'normal' });
    const answer = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/corrections`,
      body: { priority: 'high', topic: 'placement', reason: 'the taxi stopped because the placement ended' },
      as: northWorker,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.enquiry).toMatchObject({
      priority: 'high',
      topic: 'placement',
      correctedLabels: ['priority', 'topic'],
      triaged: { priority: 'normal', topic: 'transport' },
    });
    const detail = await call({ method: 'GET', path: `/enquiries/${enquiry.id}`, as: northWorker });
    const corrected = detail.body.timeline.filter((item: { type?: string }) => item.type === 'corrected');
    expect(corrected.map((item: { detail: unknown }) => item.detail)).toEqual([
      {
        label: 'priority',
        from: 'normal',
        to: 'high',
        reason: 'the taxi stopped because the placement ended',
      },
      {
        label: 'topic',
        from: 'transport',
        to: 'placement',
        reason: 'the taxi stopped because the placement ended',
      },
    ]);
  });

  it("moves the enquiry to the new district's team, keeping its clock", async () => {
    const enquiry = await seed();
    const answer = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/corrections`,
      body: { district: 'thanet', reason: 'the family lives in Margate' },
      as: northManager,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.enquiry).toMatchObject({
      district: 'thanet',
      team: 'east',
      responseDueAt: enquiry.responseDueAt,
      clockStartedAt: enquiry.clockStartedAt,
    });
    // North cannot see it any more; east can.
    expect((await call({ method: 'GET', path: `/enquiries/${enquiry.id}`, as: northWorker })).status).toBe(
      404,
    );
  });

  it('sets a safeguarding concern (urgent at once) and clears it, with categories', async () => {
    const enquiry = await seed({ priority: 'normal' });
    const set = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/corrections`,
      body: {
        safeguarding: { concern: true, categories: ['neglect'] },
        reason: 'mum says he is not being fed',
      },
      as: northWorker,
    });
    expect(set.status).toBe(200);
    expect(set.body.enquiry).toMatchObject({
      priority: 'urgent',
      safeguarding: { concern: true, categories: ['neglect'], raisedBy: 'cw-north-a' },
    });
    const lower = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/corrections`,
      body: { priority: 'normal', reason: 'not urgent' },
      as: northWorker,
    });
    expect(lower.status).toBe(400);
    expect(lower.body.error.fields[0].path).toBe('priority');
    const cleared = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/corrections`,
      body: {
        safeguarding: { concern: false },
        priority: 'normal',
        reason: 'checked with school: no concern',
      },
      as: northWorker,
    });
    expect(cleared.body.enquiry).toMatchObject({ priority: 'normal', safeguarding: { concern: false } });
  });

  it("names the missing reason, and hides another team's enquiry (404)", async () => {
    const enquiry = await seed();
    const noReason = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/corrections`,
      body: { priority: 'urgent' },
      as: northWorker,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toContainEqual({
      path: 'reason',
      message: 'is required: say why triage was wrong',
    });
    const otherTeam = await call({
      method: 'POST',
      path: `/enquiries/${enquiry.id}/corrections`,
      body: { priority: 'urgent', reason: 'looks urgent' },
      as: southWorker,
    });
    expect(otherTeam.status).toBe(404);
    expect((await enquiries.requireEnquiry(enquiry.id)).priority).toBe('normal');
  });
});

describe('statutory processes through the API', () => {
  it('starts a process, records a milestone and an exception, and lists the team deadlines, each answer as the contract says', async () => {
    const enquiry = await seed({ team: 'north', receivedAt: '2026-11-02T09:00:00Z' });
    const path = `/enquiries/${enquiry.id}/statutory`;
    const started = await call({
      method: 'POST',
      path,
      body: { process: 'ehc-assessment' },
      as: northWorker,
    });
    expect(started.status).toBe(201);
    expect(started.body.schedule.milestones[0].name).toBe('decision-to-assess');
    const processPath = `${path}/${started.body.id}`;
    const excepted = await call({
      method: 'POST',
      path: `${processPath}/exceptions`,
      body: { from: '2026-11-09', to: '2026-12-07', kind: 'absent-from-area', note: 'family abroad' },
      as: northWorker,
    });
    expect(excepted.status).toBe(201);
    expect(excepted.body.schedule.exceptions).toHaveLength(1);
    const recorded = await call({
      method: 'POST',
      path: `${processPath}/milestones`,
      body: { milestone: 'decision-to-assess', on: '2026-11-20', outcome: 'assess' },
      as: northWorker,
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.schedule.milestones[0]).toMatchObject({ state: 'met', outcome: 'assess' });
    const listed = await call({ method: 'GET', path, as: northWorker });
    expect(listed.body.processes.map((process: { id: string }) => process.id)).toEqual([started.body.id]);
    const team = await call({
      method: 'GET',
      path: '/statutory',
      query: { team: 'north' },
      as: northManager,
    });
    expect(team.status).toBe(200);
    expect(team.body.running).toBeGreaterThanOrEqual(1);
  });
});

describe("the improvement board's report through the API", () => {
  it('answers a manager with the report, the improvement figures and the CSV, as the contract says', async () => {
    await seed({ team: 'north', priority: 'urgent', receivedAt: '2026-11-23T09:30:00Z' });
    const answer = await call({
      method: 'GET',
      path: '/report',
      query: { from: '2026-11-16', to: '2026-11-24' },
      as: northManager,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.report.received.total).toBeGreaterThanOrEqual(1);
    expect(answer.body.improvement.comparison.length).toBeGreaterThan(0);
    expect(answer.body.csv).toContain('\n');
  });
});
