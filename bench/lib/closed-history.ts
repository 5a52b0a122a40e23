/**
 * Bulk enquiry data for the escalation benchmark: years of closed (resolved) enquiries written with
 * plain BatchWriteItem (nothing else touches them, so no transactions are needed), and open
 * enquiries whose escalation steps are due, created through the repository as the router creates
 * them. Items are built by the domain functions and stored with the repository's key functions, so
 * they are exactly what the product stores: resolved enquiries carry no awaiting-index keys.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { enquiryKey, indexKeysFor } from '../../shared/adapters/dynamo-keys';
import type { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import type { HubConfig } from '../../shared/config/hub-config';
import {
  applyResolve,
  applyResponse,
  type Contact,
  type Enquiry,
  openEnquiry,
  REFERENCE_ALPHABET,
  REFERENCE_LENGTH,
  REFERENCE_PREFIX,
} from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import {
  type District,
  NO_SAFEGUARDING_CONCERN,
  type Priority,
  type Topic,
} from '../../shared/domain/taxonomy';
import { mapLimit } from './rate';

const DAY_MS = 86_400_000;

/** The n-th reference of a run: `offset` keeps separate series (history, due) apart. */
export function referenceFor(n: number): string {
  let rest = n;
  let code = '';
  for (let i = 0; i < REFERENCE_LENGTH; i += 1) {
    code = REFERENCE_ALPHABET.charAt(rest % REFERENCE_ALPHABET.length) + code;
    rest = Math.floor(rest / REFERENCE_ALPHABET.length);
  }
  return `${REFERENCE_PREFIX}${code}`;
}

const TEAMS: readonly { team: string; district: District }[] = [
  { team: 'north', district: 'dartford' },
  { team: 'south', district: 'dover' },
  { team: 'east', district: 'thanet' },
  { team: 'west', district: 'maidstone' },
  { team: 'hub-triage', district: 'unknown' },
];
const TOPICS: readonly Topic[] = ['assessment', 'annual-review', 'transport', 'placement', 'health'];
const PRIORITIES: readonly Priority[] = ['normal', 'normal', 'normal', 'high', 'urgent'];

function opened(config: HubConfig, id: string, receivedAt: string, index: number): Enquiry {
  const home = TEAMS[index % TEAMS.length] ?? { team: 'north', district: 'dartford' };
  return openEnquiry(
    {
      id,
      triage: {
        topic: TOPICS[index % TOPICS.length] ?? 'general',
        priority: PRIORITIES[index % PRIORITIES.length] ?? 'normal',
        role: 'parent',
        district: home.district,
        reasons: ['bench: generated enquiry'],
        safeguarding: NO_SAFEGUARDING_CONCERN,
      },
      team: home.team,
      channel: index % 3 === 0 ? 'phone' : 'email',
      requester: { name: 'Bench Parent', email: `parent.${index}@example.org`, phone: null },
      subject: 'Request for an EHC needs assessment',
      receivedAt,
      now: receivedAt,
      actor: 'router',
    },
    hubServiceLevels(config),
  ).enquiry;
}

/**
 * One resolved enquiry per day of the history window (answered after a day, resolved after two),
 * to be cloned with other ids: building a million through the calendar would take minutes of CPU
 * that measure nothing.
 */
export function resolvedTemplates(config: HubConfig, endAt: string, days: number): Enquiry[] {
  const policy = hubServiceLevels(config);
  const end = Date.parse(endAt);
  return Array.from({ length: days }, (_, day) => {
    const receivedAt = new Date(end - (day + 7) * DAY_MS + 10 * 3_600_000).toISOString();
    const open = opened(config, referenceFor(day), receivedAt, day);
    const answered = applyResponse(
      open,
      new Date(Date.parse(receivedAt) + DAY_MS).toISOString(),
      'cw-bench',
      policy,
    );
    const resolved = applyResolve(
      answered.enquiry,
      new Date(Date.parse(receivedAt) + 2 * DAY_MS).toISOString(),
      'cw-bench',
      policy,
    );
    return { ...resolved.enquiry, version: 3 };
  });
}

/** The stored item of an enquiry, as the repository writes it. */
function itemOf(enquiry: Enquiry): Record<string, unknown> {
  return { ...enquiry, ...enquiryKey(enquiry.id), ...indexKeysFor(enquiry), kind: 'enquiry' };
}

/**
 * Writes up to `count` closed enquiries (references from `first` on), cloned from the templates
 * round-robin so they spread over the history's days, 25 per BatchWriteItem. Starts no new batch
 * after `deadline` (a `Date.now()` value).
 * @returns how many were written (all of them unless the deadline came first).
 */
export async function writeClosedHistory(
  client: DynamoDBDocumentClient,
  tableName: string,
  templates: readonly Enquiry[],
  first: number,
  count: number,
  deadline: number,
  onProgress: (written: number) => void,
): Promise<number> {
  const batches = Math.ceil(count / 25);
  let written = 0;
  await mapLimit(
    Array.from({ length: batches }, (_, batch) => batch),
    8,
    async (batch) => {
      if (Date.now() > deadline) return;
      let requests = Array.from({ length: Math.min(25, count - batch * 25) }, (_, n) => {
        const serial = first + batch * 25 + n;
        const template = templates[serial % templates.length];
        if (template === undefined) throw new Error('no history templates');
        return { PutRequest: { Item: itemOf({ ...template, id: referenceFor(serial) }) } };
      });
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        const unprocessed = result.UnprocessedItems?.[tableName] ?? [];
        requests = unprocessed.flatMap((request) =>
          request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
        );
      }
      written += Math.min(25, count - batch * 25);
      if (written % 50_000 < 25) onProgress(written);
    },
  );
  return written;
}

/**
 * Stores `count` open enquiries received two to three weeks before `now`, so every step of their
 * escalation ladder is due at `now`, through the repository (one transaction each, as the router).
 */
export async function createDueEnquiries(
  repository: EnquiryRepository,
  config: HubConfig,
  now: string,
  first: number,
  count: number,
): Promise<Enquiry[]> {
  return mapLimit(
    Array.from({ length: count }, (_, n) => first + n),
    4,
    async (serial) => {
      const receivedAt = new Date(Date.parse(now) - (14 + (serial % 7)) * DAY_MS).toISOString();
      const enquiry = opened(config, referenceFor(serial), receivedAt, serial);
      const intakeId = `email:due-${serial}@bench.example.org`;
      const contact: Contact = {
        id: `c-due-${serial}`,
        enquiryId: enquiry.id,
        at: enquiry.receivedAt,
        direction: 'inbound',
        channel: 'email',
        automated: false,
        from: { name: 'Bench Parent', email: `parent.${serial}@example.org`, phone: null },
        author: null,
        subject: enquiry.subject,
        body: 'We asked for an assessment weeks ago and have heard nothing.',
        bodyTruncated: false,
        messageId: null,
        intakeId,
        attachments: [],
        raw: null,
      };
      return repository.createEnquiry({ enquiry, contact, events: [], intakeId });
    },
  );
}
