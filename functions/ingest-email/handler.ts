/**
 * ingest-email: the SES receipt rule's S3 action stores each message under `inbound/`, and the
 * bucket's ObjectCreated notification invokes this function (the SES Lambda/SNS actions would
 * bounce mail over 150 KB; the S3 action takes up to 40 MB). SES writes its spam and virus verdicts
 * into the stored message as `X-SES-Spam-Verdict` / `X-SES-Virus-Verdict` headers, read there.
 * Bad mail is recorded and skipped; an infrastructure fault fails the invocation after the other
 * records are done, so Lambda's asynchronous retry runs again (the router's intake marker makes that safe).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import { s3Client, sqsClient } from '../../shared/adapters/aws-clients';
import { IngestEmailEnvironment } from '../../shared/adapters/ingest-environment';
import { S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store';
import { SqsIntakeQueue } from '../../shared/adapters/sqs-intake-queue';
import { receivedTimePolicy } from '../../shared/config/hub-config';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { errorForLog } from '../../shared/domain/errors';
import * as z from '../../shared/domain/zod';
import { type IngestEmailDeps, ingestStoredMail, type NoticeResult } from '../../shared/intake/ingest-email';
import { hubAddresses } from '../../shared/mail/hub-mail';
import { defineLoggedHandler } from '../define-logged-handler';

/** The parts of an S3 notification we use; keys arrive URL-encoded with `+` for spaces. */
const S3Notification = z.object({
  Records: z.array(
    z.object({
      eventTime: z.iso.datetime({ offset: true }),
      s3: z.object({
        bucket: z.object({ name: z.string().check(z.minLength(1)) }),
        object: z.object({ key: z.string().check(z.minLength(1)) }),
      }),
    }),
  ),
});

/** Some records hit infrastructure faults; thrown so the invocation is retried. */
export class IngestEmailRetryError extends Error {
  override readonly name = 'IngestEmailRetryError';
  constructor(
    readonly keys: readonly string[],
    options: { cause?: unknown } = {},
  ) {
    super(`${keys.length} stored message(s) could not be ingested; will retry`, options);
  }
}

export interface IngestEmailHandlerDeps extends IngestEmailDeps {
  readonly inboundPrefix: string;
  readonly logger: Logger;
  readonly now: () => Date;
}

function logResult(logger: Logger, result: NoticeResult): void {
  const { outcome } = result;
  // The S3 key is SES's message id: an id, not personal data. Addresses and text are never logged.
  const base = { s3Key: result.key, status: outcome.status };
  if (outcome.status === 'error') {
    logger.error('stored message not ingested', { ...base, ...errorForLog(outcome.error) });
  } else if (outcome.status === 'failed') {
    logger.warn('stored message recorded as failed', {
      ...base,
      reason: outcome.reason,
      record: outcome.record.key,
    });
  } else if (outcome.status === 'quarantined') {
    logger.warn('infected message quarantined', { ...base, quarantine: outcome.quarantined.key });
  } else if (outcome.status === 'queued') {
    logger.info('stored message queued', {
      ...base,
      spam: outcome.spam,
      automated: outcome.automated,
      shortened: outcome.shortened,
    });
  } else {
    logger.info('stored message skipped', base);
  }
}

/** Builds the handler with its dependencies (the entry point below, the local stack and tests). */
export function makeIngestEmailHandler(deps: IngestEmailHandlerDeps) {
  return async (event: S3Event): Promise<{ results: { key: string; status: string }[] }> => {
    const notices = S3Notification.parse(event).Records.map((record) => ({
      bucket: record.s3.bucket.name,
      key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
      eventTime: new Date(record.eventTime),
    }));
    const results = await ingestStoredMail(
      notices,
      { inboundPrefix: deps.inboundPrefix, now: deps.now },
      deps,
    );
    for (const result of results) logResult(deps.logger, result);
    const retry = results.filter((result) => result.outcome.status === 'error');
    if (retry.length > 0) {
      const first = retry[0]?.outcome;
      throw new IngestEmailRetryError(
        retry.map((result) => result.key),
        { cause: first?.status === 'error' ? first.error : undefined },
      );
    }
    return { results: results.map((result) => ({ key: result.key, status: result.outcome.status })) };
  };
}

/** Lambda entry point (S3 ObjectCreated notifications for `inbound/`): functions/define-logged-handler.ts. */
export const handler = defineLoggedHandler({
  name: 'ingest-email',
  env: IngestEmailEnvironment,
  build: (env, { logger }) => {
    const hub = loadHubConfig();
    const s3 = s3Client({ endpoint: env.AWS_ENDPOINT_URL_S3 });
    return makeIngestEmailHandler({
      store: new S3RawMailStore(s3),
      queue: new SqsIntakeQueue(sqsClient({ endpoint: env.AWS_ENDPOINT_URL_SQS }), env.INTAKE_QUEUE_URL),
      hubAddresses: hubAddresses(hub),
      councilDomains: hub.hub.councilDomains,
      timeZone: hub.calendar.timeZone,
      receivedTime: receivedTimePolicy(hub),
      maxMailBytes: env.MAX_MAIL_BYTES,
      maxQueueMessageBytes: env.MAX_QUEUE_MESSAGE_BYTES,
      inboundPrefix: env.INBOUND_PREFIX,
      logger,
      now: () => new Date(),
    });
  },
  handle: (event: S3Event, run) => run(event),
});
