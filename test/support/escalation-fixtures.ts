/**
 * Shared set-up for the escalator and reporter integration tests: a hub configuration whose staff
 * addresses carry a tag (so a test finds its own mail in the shared SES emulator), a fresh table,
 * enquiries seeded through the repository (or, for bulk closed history, plain batch writes), and a
 * reader of the SES emulator's outbox. Invented data only.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import shippedConfig from '../../config/hub.json' with { type: 'json' };
import { ensureTable } from '../../shared/adapters/create-table';
import { enquiryKey, indexKeysFor } from '../../shared/adapters/dynamo-keys';
import type { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { type HubConfig, parseHubConfig } from '../../shared/config/hub-config';
import { applyResolve, applyResponse, type Enquiry, openEnquiry } from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import {
  type Channel,
  type District,
  NO_SAFEGUARDING_CONCERN,
  type Priority,
  type Topic,
} from '../../shared/domain/taxonomy';
import { testContact, testReference } from './enquiry-fixtures';

/** A district served by each default team. */
export const DISTRICT_OF: Record<string, District> = {
  north: 'dartford',
  south: 'dover',
  east: 'thanet',
  west: 'maidstone',
  'hub-triage': 'unknown',
};

/** The shipped configuration with every staff address made unique to `tag` (example.org). */
export function taggedHubConfig(tag: string, webBaseUrl = 'https://send-hub.example.org'): HubConfig {
  const json = structuredClone(shippedConfig);
  json.hub.hubManagerEmail = `hub.manager.${tag}@example.org`;
  json.hub.webBaseUrl = webBaseUrl;
  json.teams = json.teams.map((team) => ({
    ...team,
    managerEmail: `${team.id}.manager.${tag}@example.org`,
    headOfServiceEmail: `head.of.service.${tag}@example.org`,
  }));
  json.caseworkers = json.caseworkers.map((caseworker) => ({
    ...caseworker,
    email: `${caseworker.id}.${tag}@example.org`,
  }));
  json.safeguarding.dutyContacts = json.safeguarding.dutyContacts.map((contact, index) => ({
    ...contact,
    email: `duty${index + 1}.${tag}@example.org`,
  }));
  json.safeguarding.outOfHours = json.safeguarding.outOfHours.map((contact, index) => ({
    ...contact,
    email: `ooh${index + 1}.${tag}@example.org`,
  }));
  return parseHubConfig(json, 'test configuration');
}

/** A new, uniquely named table on DynamoDB Local. */
export async function freshTable(endpoint: string, prefix: string): Promise<string> {
  const name = `${prefix}-${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await ensureTable(
    new DynamoDBClient({
      endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    name,
  );
  return name;
}

export interface SeedOptions {
  receivedAt: string;
  team: string;
  priority?: Priority;
  topic?: Topic;
  channel?: Channel;
  assignee?: string | null;
}

/** A fresh open enquiry as the router would build it (not stored). */
export function buildOpenEnquiry(config: HubConfig, options: SeedOptions): Enquiry {
  const { enquiry } = openEnquiry(
    {
      id: testReference(),
      triage: {
        topic: options.topic ?? 'transport',
        priority: options.priority ?? 'urgent',
        role: 'parent',
        district: DISTRICT_OF[options.team] ?? 'unknown',
        reasons: ['test'],
        safeguarding: NO_SAFEGUARDING_CONCERN,
      },
      team: options.team,
      channel: options.channel ?? 'email',
      requester: { name: 'Jo Bloggs', email: 'jo.bloggs@example.org', phone: null },
      subject: 'Taxi to school has stopped',
      receivedAt: options.receivedAt,
      now: options.receivedAt,
      actor: 'router',
    },
    hubServiceLevels(config),
  );
  const assignee = options.assignee ?? null;
  return assignee === null ? enquiry : { ...enquiry, assignee, claimedAt: enquiry.receivedAt };
}

/** Stores an open enquiry through the repository (one transaction, as the router does). */
export async function seedOpenEnquiry(
  repository: EnquiryRepository,
  config: HubConfig,
  options: SeedOptions,
): Promise<Enquiry> {
  const enquiry = buildOpenEnquiry(config, options);
  const intakeId = `email:${enquiry.id}@seed.example.org`;
  return repository.createEnquiry({
    enquiry,
    events: [],
    contact: testContact(enquiry, { intakeId }),
    intakeId,
  });
}

/** Stores many open enquiries, a few at a time (DynamoDB Local answers transactions faster in parallel). */
export async function seedOpenEnquiries(
  repository: EnquiryRepository,
  config: HubConfig,
  options: readonly SeedOptions[],
  concurrency = 8,
): Promise<Enquiry[]> {
  const stored: Enquiry[] = new Array(options.length);
  let next = 0;
  const worker = async () => {
    while (next < options.length) {
      const index = next;
      next += 1;
      const option = options[index];
      if (option !== undefined) stored[index] = await seedOpenEnquiry(repository, config, option);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return stored;
}

/**
 * Closed history written with plain batch writes (no transactions needed: nothing else touches
 * it): enquiries answered after `respondAfterMinutes` and resolved, as the repository stores them.
 */
export async function writeResolvedHistory(
  client: DynamoDBDocumentClient,
  tableName: string,
  config: HubConfig,
  receivedAt: readonly string[],
): Promise<void> {
  const policy = hubServiceLevels(config);
  const items = receivedAt.map((at, index) => {
    const open = buildOpenEnquiry(config, { receivedAt: at, team: index % 2 === 0 ? 'north' : 'east' });
    const answered = applyResponse(
      open,
      new Date(Date.parse(at) + 30 * 60_000).toISOString(),
      'cw',
      policy,
    ).enquiry;
    const resolved = applyResolve(
      answered,
      new Date(Date.parse(at) + 60 * 60_000).toISOString(),
      'cw',
      policy,
    ).enquiry;
    const stored = { ...resolved, version: 3 };
    return { ...stored, ...enquiryKey(stored.id), ...indexKeysFor(stored), kind: 'enquiry' };
  });
  for (let i = 0; i < items.length; i += 25) {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = items
      .slice(i, i + 25)
      .map((item) => ({ PutRequest: { Item: item } }));
    while (requests.length > 0) {
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
      );
    }
  }
}

/** An email as the SES emulator's `/store` shows it. */
export interface StoredEmail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
  attachments?: { filename?: string; content?: string }[];
}

/** Reads the SES emulator's outbox, keeping what was sent to addresses containing `tag`. */
export async function sentTo(sesEndpoint: string, tag: string, sinceSeconds: number): Promise<StoredEmail[]> {
  const response = await fetch(`${sesEndpoint}/store?since=${sinceSeconds}`);
  const store = (await response.json()) as { emails: StoredEmail[] };
  return store.emails.filter((email) => email.destination.to.some((address) => address.includes(tag)));
}

/** The enquiry references a digest lists. */
export function referencesIn(email: StoredEmail): string[] {
  return [...new Set((email.body.text ?? '').match(/SEND-[2-9A-HJKMNP-Z]{6}/g) ?? [])].sort();
}

/** `instant` plus `minutes`, as an ISO string. */
export function plus(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}
