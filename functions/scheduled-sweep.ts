/**
 * What the four 5-minute sweep functions share (escalator, duty-alerts, workload, statutory-alerts;
 * docs/escalation.md "Four schedules"): the scheduled event they read (its `time` is the sweep's
 * `now`, so a sweep can be replayed), their environment, their time budget and their mailer.
 */
import { randomUUID } from 'node:crypto';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { dynamoDocumentClient, sesClient } from '../shared/adapters/aws-clients';
import { type MailSender, pacedSesMailer } from '../shared/adapters/mailer';
import type { HubConfig } from '../shared/config/hub-config';
import { loadHubConfig } from '../shared/config/load-hub-config';
import { ValidationError } from '../shared/domain/errors';
import * as z from '../shared/domain/zod';
import type { Mailer } from '../shared/mail/outgoing-email';

/** The part of the EventBridge scheduled event a sweep reads. */
export const SweepEvent = z.object({ time: z.iso.datetime({ offset: true }) });

export const SweepEnvironment = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Emulator endpoints (the local stack); unset in AWS. */
  AWS_ENDPOINT_URL_DYNAMODB: z.optional(z.url()),
  AWS_ENDPOINT_URL_SESV2: z.optional(z.url()),
});

/** Stop starting new work with this much of the invocation left: what is not done is still due next time. */
const SAFETY_MARGIN_MS = 10_000;

/** The part of the Lambda context a sweep uses. */
export type SweepContext = Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>;

/** The sweep's `now`: the scheduled event's `time`. */
export function sweepInstant(event: unknown): string {
  const parsed = SweepEvent.safeParse(event);
  if (!parsed.success) {
    throw new ValidationError('scheduled event field "time" must be an ISO-8601 instant', {
      field: 'time',
      cause: parsed.error,
    });
  }
  return parsed.data.time;
}

/** One invocation's lease owner and time budget. */
export function sweepRun(context: SweepContext): { sweepId: string; shouldStop: () => boolean } {
  return {
    sweepId: context.awsRequestId || randomUUID(),
    shouldStop: () => context.getRemainingTimeInMillis() < SAFETY_MARGIN_MS,
  };
}

export interface SweepWiring {
  readonly config: HubConfig;
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly ses: SESv2Client;
  /** The SES configuration set (bounce and complaint feedback); absent locally. */
  readonly configurationSet: string | undefined;
}

/** A sweep function's configuration and clients, from its parsed environment (once per container). */
export function sweepWiring(env: z.output<typeof SweepEnvironment>): SweepWiring {
  return {
    config: loadHubConfig(),
    documents: dynamoDocumentClient({ endpoint: env.AWS_ENDPOINT_URL_DYNAMODB }),
    tableName: env.TABLE_NAME,
    ses: sesClient({ endpoint: env.AWS_ENDPOINT_URL_SESV2 }),
    configurationSet: env.SES_CONFIGURATION_SET,
  };
}

/** A sweep's mailer: paced under the account's sending rate, through the configuration set. */
export function sweepMailer(name: MailSender, wiring: SweepWiring): Mailer {
  return pacedSesMailer(name, wiring.ses, wiring.config.sending, wiring.configurationSet);
}

/** A summary as log attributes: counts at the top level, each nested count record as JSON. */
export function logAttributes(summary: object): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(summary)) {
    if (value === undefined) continue;
    attributes[key] =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : JSON.stringify(value);
  }
  return attributes;
}
