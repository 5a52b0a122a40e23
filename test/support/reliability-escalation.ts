/**
 * The escalator wired for the reliability tests: its production handler (`makeEscalatorHandler`)
 * over a fresh table on DynamoDB Local and the SES emulator, staff addresses tagged so a test reads
 * only its own digests, enquiries seeded as the router stores them, and readers for what each
 * enquiry recorded and what each recipient was sent.
 */

import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { ScheduledEvent } from 'aws-lambda';
import {
  type EscalatorHandlerDeps,
  type MetricsSink,
  makeEscalatorHandler,
} from '../../functions/escalator/handler';
import { dynamoDocumentClient, sesClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoEscalationStore } from '../../shared/adapters/escalation-store';
import { SesMailer } from '../../shared/adapters/mailer';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import type { HubConfig } from '../../shared/config/hub-config';
import type { Enquiry } from '../../shared/domain/enquiry';
import { tableCaseworkerDirectory } from '../../shared/escalation/caseworker-directory';
import type { Mailer } from '../../shared/mail/outgoing-email';
import type { EscalationSweepSummary } from '../../shared/sweep/escalation-sweep';
import type { EscalationStore } from '../../shared/sweep/ports';
import { digestSteps } from './digest-steps';
import {
  freshTable,
  type SeedOptions,
  type StoredEmail,
  seedOpenEnquiries,
  sentTo,
  taggedHubConfig,
} from './escalation-fixtures';

/** The scheduled event EventBridge Scheduler delivers; the escalator's `now` is its `time`. */
export function scheduledAt(time: string): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: '000000000000',
    time,
    region: 'eu-west-2',
    resources: ['arn:aws:scheduler:eu-west-2:000000000000:schedule/default/escalator'],
    detail: {},
  };
}

const discard: MetricsSink = {
  addMetric: () => undefined,
};

export interface SweepOverrides {
  readonly mailer?: Mailer;
  readonly store?: EscalationStore;
  readonly clock?: () => Date;
  /** The Lambda request id (a retried invocation keeps its id). */
  readonly requestId?: string;
}

export interface EscalationHub {
  readonly config: HubConfig;
  readonly enquiries: EnquiryRepository;
  readonly store: DynamoEscalationStore;
  /** Stores open enquiries as the router would. */
  seed(options: readonly SeedOptions[]): Promise<Enquiry[]>;
  /** One invocation of the escalator handler for the schedule firing at `time`. */
  sweep(time: string, overrides?: SweepOverrides): Promise<EscalationSweepSummary>;
  /** Digests sent to this hub's staff since the last call. */
  newMail(): Promise<StoredEmail[]>;
  /** The escalation steps recorded on an enquiry's timeline, in order. */
  stepsRecorded(id: string): Promise<string[]>;
}

/** `recipient -> references listed`, one entry per digest row, across all these emails. */
export function digestRows(emails: readonly StoredEmail[]): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const email of emails) {
    const references = digestSteps(email.body.html ?? '').map(([reference]) => reference);
    for (const to of email.destination.to) {
      rows.set(to.toLowerCase(), [...(rows.get(to.toLowerCase()) ?? []), ...references].sort());
    }
  }
  return rows;
}

export async function startEscalationHub(endpoints: {
  readonly dynamo: string;
  readonly ses: string;
}): Promise<EscalationHub> {
  const tag = `relesc${process.pid}${randomUUID().slice(0, 6)}`;
  const config = taggedHubConfig(tag);
  const tableName = await freshTable(endpoints.dynamo, 'reliability-escalation');
  const documents = dynamoDocumentClient({ endpoint: endpoints.dynamo });
  const enquiries = new EnquiryRepository(documents, tableName);
  const caseworkers = new CaseworkerRepository(documents, tableName);
  for (const caseworker of config.caseworkers) {
    await caseworkers.putCaseworker({ ...caseworker, active: true });
  }
  const store = new DynamoEscalationStore(documents, tableName);
  const ses = new SesMailer(sesClient({ endpoint: endpoints.ses }));
  const logger = new Logger({ serviceName: 'escalator', logLevel: 'SILENT' });
  const startedAt = Math.floor(Date.now() / 1000) - 1;
  const seen = new Set<string>();
  const base: EscalatorHandlerDeps = {
    config,
    enquiries,
    store,
    caseworkers: tableCaseworkerDirectory(caseworkers, config),
    mailer: ses,
    clock: () => new Date(),
    timeouts: FUNCTION_TIMEOUTS,
    metrics: discard,
    logger,
  };
  return {
    config,
    enquiries,
    store,
    seed: (options) => seedOpenEnquiries(enquiries, config, options),
    sweep(time, overrides = {}) {
      const handler = makeEscalatorHandler({
        ...base,
        ...(overrides.mailer === undefined ? {} : { mailer: overrides.mailer }),
        ...(overrides.store === undefined ? {} : { store: overrides.store }),
        ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
      });
      return handler(scheduledAt(time), {
        awsRequestId: overrides.requestId ?? randomUUID(),
        getRemainingTimeInMillis: () => 60_000,
      });
    },
    async newMail() {
      const fresh = (await sentTo(endpoints.ses, tag, startedAt)).filter(
        (email) => !seen.has(email.messageId),
      );
      for (const email of fresh) seen.add(email.messageId);
      return fresh;
    },
    async stepsRecorded(id) {
      const timeline = await enquiries.getTimeline(id);
      return timeline.flatMap((entry) =>
        entry.kind === 'event' && entry.event.type === 'escalated' ? [String(entry.event.detail.step)] : [],
      );
    },
  };
}
