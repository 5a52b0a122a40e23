/**
 * Contention on one team's work through the production API handler (`createApiHandler`) against
 * DynamoDB Local: 50 caseworkers working one queue at once, and managers moving the same enquiries
 * about while their holders release them. No enquiry is ever held twice, every successful claim is
 * accounted for, and every caseworker's open count equals what they actually hold, within their cap.
 *
 * Already proven elsewhere (not repeated): 20 caseworkers claiming ONE enquiry (api.test.ts and
 * enquiry-repository.test.ts), racing assignments past one cap (enquiry-repository.test.ts), and
 * auto-assignment under concurrency (router.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiHandler } from '../../../functions/api/api-handler';
import { lambdaContext } from '../../../local/lambda-runtime';
import { DynamoAccessLog } from '../../../shared/adapters/access-log';
import { DynamoAvailabilityStore } from '../../../shared/adapters/availability-store';
import { dynamoDocumentClient } from '../../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../../shared/adapters/enquiry-repository';
import { DynamoRateLimits } from '../../../shared/adapters/rate-limits';
import { StaffRepository } from '../../../shared/adapters/staff-repository';
import { DynamoStatutoryStore } from '../../../shared/adapters/statutory-store';
import { defaultHubConfig } from '../../../shared/config/load-hub-config';
import type { Enquiry } from '../../../shared/domain/enquiry';
import { hubServiceLevels } from '../../../shared/domain/service-level';
import type { Mailer } from '../../../shared/mail/outgoing-email';
import { freshTable, plus, seedOpenEnquiries } from '../../support/escalation-fixtures';
import { cognitoClaims, linkStaff, UNUSED_DIRECTORY } from '../../support/staff-fixtures';

const config = defaultHubConfig();
const documents = dynamoDocumentClient({ endpoint: inject('dynamoEndpoint') });
let enquiries: EnquiryRepository;
let caseworkers: CaseworkerRepository;
let staff: StaffRepository;
let api: ReturnType<typeof createApiHandler>;

const noMail: Mailer = {
  send: async () => {
    throw new Error('no email is sent in these tests');
  },
};

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected field by field in assertions.
  body: any;
}

/** Calls the API as API Gateway would after the JWT authoriser passed these claims. */
async function call(
  who: { username: string; groups: readonly string[] },
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  await linkStaff(staff, who);
  const [rawPath = path, query = ''] = path.split('?');
  const event = {
    version: '2.0',
    routeKey: 'ANY /{proxy+}',
    rawPath,
    rawQueryString: query,
    queryStringParameters: query === '' ? undefined : Object.fromEntries(new URLSearchParams(query)),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'reliability',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'reliability' },
      requestId: randomUUID(),
      routeKey: 'ANY /{proxy+}',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: {
        jwt: {
          claims: cognitoClaims(who),
          scopes: ['send-hub/api'],
        },
      },
    },
  } as unknown as APIGatewayProxyEventV2;
  const answer = (await api(event, lambdaContext('api', 30_000))) as APIGatewayProxyStructuredResultV2;
  return {
    status: answer.statusCode ?? 200,
    body: answer.body === undefined ? undefined : JSON.parse(answer.body),
  };
}

interface Worker {
  readonly username: string;
  readonly groups: readonly string[];
  readonly cap: number;
}

async function caseloadOf(id: string): Promise<Enquiry[]> {
  return (await enquiries.listCaseload(id, { limit: 500 })).items;
}

async function queueOf(team: string): Promise<Enquiry[]> {
  return (await enquiries.listTeamQueue(team, { limit: 500 })).items;
}

/** Each caseworker's stored open count equals the enquiries they really hold, within their cap. */
async function expectCountsTrue(workers: readonly Worker[]): Promise<void> {
  for (const worker of workers) {
    const held = await caseloadOf(worker.username);
    const record = await caseworkers.getCaseworker(worker.username);
    expect({ who: worker.username, openCount: record?.openCount }).toEqual({
      who: worker.username,
      openCount: held.length,
    });
    expect(held.length, worker.username).toBeLessThanOrEqual(worker.cap);
  }
}

beforeAll(async () => {
  const tableName = await freshTable(inject('dynamoEndpoint'), 'reliability-contention');
  enquiries = new EnquiryRepository(documents, tableName);
  caseworkers = new CaseworkerRepository(documents, tableName);
  staff = new StaffRepository(documents, tableName);
  api = createApiHandler({
    enquiries,
    caseworkers,
    statutory: new DynamoStatutoryStore(documents, tableName),
    accessLog: new DynamoAccessLog(documents, tableName),
    rateLimits: new DynamoRateLimits(documents, tableName),
    availability: new DynamoAvailabilityStore(documents, tableName),
    staff,
    directory: UNUSED_DIRECTORY,
    mailer: noMail,
    config,
    policy: hubServiceLevels(config),
    logger: new Logger({ serviceName: 'api', logLevel: 'SILENT' }),
    clock: () => new Date('2026-11-23T15:00:00.000Z'),
  });
});

describe('50 caseworkers working one team queue at once', () => {
  it('gives every enquiry to at most one of them, accounts for every claim and never passes a cap', async () => {
    const team = 'north';
    const workers: Worker[] = Array.from({ length: 50 }, (_, i) => ({
      username: `cw-crowd-${i}`,
      groups: ['caseworker', `team:${team}`],
      cap: (i % 2) + 1,
    }));
    await Promise.all(
      workers.map((worker) =>
        caseworkers.putCaseworker({
          id: worker.username,
          name: `Crowd ${worker.username}`,
          email: `${worker.username}@kent.example.gov.uk`,
          team,
          topics: [],
          cap: worker.cap,
          active: true,
        }),
      ),
    );
    const capacity = workers.reduce((sum, worker) => sum + worker.cap, 0);
    const seeded = await seedOpenEnquiries(
      enquiries,
      config,
      Array.from({ length: capacity + 10 }, (_, i) => ({
        receivedAt: plus('2026-11-23T09:00:00.000Z', i),
        team,
        priority: 'normal' as const,
      })),
    );

    const wins: { who: string; id: string }[] = [];
    const refusals: Record<string, number> = {};
    await Promise.all(
      workers.map(async (worker) => {
        // Like a person at the page: read the queue, try one of what it shows, repeat.
        for (let round = 0; round < 200; round += 1) {
          const queue = await call(worker, 'GET', `/queue?team=${team}&limit=25`);
          expect(queue.status).toBe(200);
          const items = queue.body.items as { id: string }[];
          const pick = items[Math.floor(Math.random() * items.length)];
          if (pick === undefined) return;
          const claim = await call(worker, 'POST', `/enquiries/${pick.id}/claim`);
          if (claim.status === 200) {
            expect(claim.body.enquiry.assignee).toBe(worker.username);
            wins.push({ who: worker.username, id: pick.id });
            continue;
          }
          expect(claim.status, JSON.stringify(claim.body)).toBe(409);
          const code = claim.body.error.code as string;
          refusals[code] = (refusals[code] ?? 0) + 1;
          if (code === 'caseload-full') return;
          expect(code).toBe('already-claimed');
        }
        throw new Error(`${worker.username} never finished`);
      }),
    );

    // Every enquiry was won at most once, and exactly the capacity was handed out.
    expect(new Set(wins.map((win) => win.id)).size).toBe(wins.length);
    expect(wins).toHaveLength(capacity);
    // Someone lost a race, or the test did not race at all.
    expect(refusals['already-claimed'] ?? 0).toBeGreaterThan(0);
    for (const win of wins) expect((await enquiries.getEnquiry(win.id))?.assignee).toBe(win.who);
    for (const worker of workers) {
      expect(
        wins.filter((win) => win.who === worker.username),
        worker.username,
      ).toHaveLength(worker.cap);
    }
    await expectCountsTrue(workers);
    const left = await queueOf(team);
    expect(left).toHaveLength(seeded.length - capacity);
    expect(new Set([...left.map((enquiry) => enquiry.id), ...wins.map((win) => win.id)])).toEqual(
      new Set(seeded.map((enquiry) => enquiry.id)),
    );
  });
});

describe('managers and holders moving the same enquiries at once', () => {
  it('leaves every enquiry with one holder (or the queue) and every count true, whatever wins', async () => {
    const team = 'south';
    const workers: Worker[] = Array.from({ length: 8 }, (_, i) => ({
      username: `cw-shuffle-${i}`,
      groups: ['caseworker', `team:${team}`],
      cap: 3,
    }));
    await Promise.all(
      workers.map((worker) =>
        caseworkers.putCaseworker({
          id: worker.username,
          name: `Shuffle ${worker.username}`,
          email: `${worker.username}@kent.example.gov.uk`,
          team,
          topics: [],
          cap: worker.cap,
          active: true,
        }),
      ),
    );
    const seeded = await seedOpenEnquiries(
      enquiries,
      config,
      Array.from({ length: 12 }, (_, i) => ({
        receivedAt: plus('2026-11-23T10:00:00.000Z', i),
        team,
        priority: 'high' as const,
      })),
    );
    // Start from half of them held, one or two each.
    for (const [i, enquiry] of seeded.slice(0, 6).entries()) {
      const holder = workers[i % 4];
      if (holder !== undefined)
        expect((await call(holder, 'POST', `/enquiries/${enquiry.id}/claim`)).status).toBe(200);
    }
    const managers = [
      { username: `manager-${team}`, groups: ['manager', `team:${team}`] },
      { username: 'head-of-service', groups: ['manager', ...config.teams.map((each) => `team:${each.id}`)] },
    ];

    const answers = await Promise.all(
      Array.from({ length: 2 }, (_, round) =>
        seeded.flatMap((enquiry, i) => [
          ...managers.map((manager, m) =>
            call(manager, 'POST', `/enquiries/${enquiry.id}/reassign`, {
              caseworkerId: workers[(i + round * 3 + m * 5) % workers.length]?.username,
              reason: 'spreading the work',
            }),
          ),
          ...workers.map((worker) => call(worker, 'POST', `/enquiries/${enquiry.id}/release`)),
        ]),
      ).flat(),
    );

    // Only outcomes a person can act on: done, a clear conflict, or "busy, try again" (503).
    const outcomes = new Set(
      answers.map((answer) => (answer.status === 200 ? '200' : `${answer.status} ${answer.body.error.code}`)),
    );
    const understood = [
      '200',
      '409 caseload-full',
      '409 invalid-transition',
      '409 not-assignee',
      '503 contention',
    ];
    expect([...outcomes].filter((outcome) => !understood.includes(outcome))).toEqual([]);
    expect(outcomes).toContain('200');

    await expectCountsTrue(workers);
    const held = (await Promise.all(workers.map((worker) => caseloadOf(worker.username)))).flat();
    const queued = await queueOf(team);
    expect([...held, ...queued].map((enquiry) => enquiry.id).sort()).toEqual(
      seeded.map((enquiry) => enquiry.id).sort(),
    );
    for (const enquiry of held) {
      expect(workers.map((worker) => worker.username)).toContain(
        (await enquiries.getEnquiry(enquiry.id))?.assignee,
      );
    }
  });
});
