import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createApiHandler } from './functions/api/handler';
import { dynamoDocumentClient } from './shared/adapters/aws-clients';
import { CaseworkerRepository } from './shared/adapters/caseworker-repository';
import { ensureTable } from './shared/adapters/create-table';
import { EnquiryRepository } from './shared/adapters/enquiry-repository';
import { defaultHubConfig } from './shared/config/load-hub-config';
import { openEnquiry } from './shared/domain/enquiry';
import { hubServiceLevels } from './shared/domain/service-level';
import { startDynamoDbLocal } from './local/emulators';
import { lambdaContext } from './local/lambda-runtime';

const dynamo = await startDynamoDbLocal();
const client = dynamoDocumentClient({ endpoint: dynamo.endpoint });
const table = 'measure';
await ensureTable(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), table);
const enquiries = new EnquiryRepository(client, table);
const caseworkers = new CaseworkerRepository(client, table);
const config = defaultHubConfig();
const policy = hubServiceLevels(config);
const api = createApiHandler({ enquiries, caseworkers, config, policy, mailer: { send: async () => ({ providerMessageId: 'x' }) }, logger: new Logger({ logLevel: 'SILENT' }), clock: () => new Date() });
await caseworkers.putCaseworker({ id: 'cw-m', name: 'M', email: 'm@example.org', team: 'north', topics: [], cap: 1000, active: true });
const A = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const ids: string[] = [];
for (let i = 0; i < 300; i++) {
  const id = `SEND-M${A[Math.floor(i / 23 / 23) % 23]}${A[Math.floor(i / 23) % 23]}${A[i % 23]}22`;
  ids.push(id);
  const receivedAt = new Date(Date.now() - i * 3600_000 * 5).toISOString();
  const { enquiry, events } = openEnquiry({ id, triage: { topic: 'transport', priority: (['urgent', 'high', 'normal'] as const)[i % 3], role: 'parent', district: 'dartford', reasons: [] }, team: 'north', channel: 'email', requester: { name: 'N', email: `p${i}@example.org`, phone: null }, subject: 'S', receivedAt, now: receivedAt, actor: 'router' }, policy);
  await enquiries.createEnquiry({ enquiry, events, intakeId: `email:${id}`, contact: { id: `c${i}`, enquiryId: id, at: receivedAt, direction: 'inbound', channel: 'email', automated: false, from: null, author: null, subject: 'S', body: 'body '.repeat(100), bodyTruncated: false, messageId: `<${id}@x>`, intakeId: null, attachments: [], raw: null } });
}
function ev(method: string, path: string, body?: unknown, query?: Record<string, string>): APIGatewayProxyEventV2 {
  return { version: '2.0', routeKey: 'ANY /{proxy+}', rawPath: path, rawQueryString: '', headers: body ? { 'content-type': 'application/json' } : {}, queryStringParameters: query, body: body ? JSON.stringify(body) : undefined, isBase64Encoded: false,
    requestContext: { accountId: '0', apiId: 'a', domainName: 'd', domainPrefix: 'd', http: { method, path, protocol: 'HTTP/1.1', sourceIp: '1', userAgent: 'u' }, requestId: Math.random().toString(), routeKey: 'r', stage: '$default', time: '', timeEpoch: 0, authorizer: { jwt: { claims: { username: 'cw-m', 'cognito:groups': '[caseworker manager team:north]' }, scopes: [] } } } } as unknown as APIGatewayProxyEventV2;
}
async function time(name: string, n: number, make: (i: number) => APIGatewayProxyEventV2) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); const r = (await api(make(i), lambdaContext('api', 10000))) as APIGatewayProxyStructuredResultV2; samples.push(performance.now() - t); if ((r.statusCode ?? 0) >= 300) throw new Error(`${name} ${r.statusCode} ${r.body}`); }
  samples.sort((a, b) => a - b);
  console.log(`${name}: p50 ${samples[Math.floor(n / 2)]?.toFixed(1)} ms, p95 ${samples[Math.floor(n * 0.95)]?.toFixed(1)} ms (n=${n})`);
}
await time('GET /queue (50 of 300)', 40, () => ev('GET', '/queue', undefined, { team: 'north', limit: '50' }));
await time('GET /enquiries/{id}', 40, (i) => ev('GET', `/enquiries/${ids[i]}`));
await time('POST claim', 40, (i) => ev('POST', `/enquiries/${ids[i]}/claim`));
await time('POST respond (no email)', 40, (i) => ev('POST', `/enquiries/${ids[i]}/respond`, { text: 'ok', sendEmail: false, expectedVersion: 2 }));
await time('GET /caseload', 20, () => ev('GET', '/caseload', undefined, { limit: '50' }));
await time('GET /dashboard (300 enquiries)', 10, () => ev('GET', '/dashboard', undefined, { team: 'north' }));
await dynamo.stop();
