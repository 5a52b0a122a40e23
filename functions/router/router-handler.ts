/**
 * The router's Lambda handler, built from its dependencies (`handler.ts` wires the real ones; tests
 * and the local stack can pass their own). SQS batch in, partial batch response out: each record
 * is parsed with zod and routed on its own, so one poison message fails only its own record (SQS
 * retries it and, after maxReceiveCount, moves it to the DLQ) while the rest of the batch succeeds.
 */

import { createHash, randomInt } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SendingThrottledError } from '../../shared/adapters/mailer';
import { FUNCTIONS } from '../../shared/adapters/resource-definitions';
import { byChannel } from '../../shared/domain/channels';
import { errorForLog, ValidationError } from '../../shared/domain/errors';
import { IntakeMessage } from '../../shared/domain/intake-message';
import type { IntakeQueue } from '../../shared/intake/ports';
import {
  type RouteOutcome,
  type RouterDeps,
  routeIntake,
  threadKeys,
} from '../../shared/routing/route-intake';
import { groupGate, threadGroups } from '../../shared/routing/thread-groups';

/** A record whose body is not an intake message: it fails, and SQS's redrive policy parks it in the DLQ. */
export class PoisonMessageError extends ValidationError {}

export interface RouterHandlerDeps extends Omit<RouterDeps, 'now' | 'random'> {
  readonly logger: Logger;
  /**
   * The intake queue: a message whose email SES kept throttling goes back on it, delayed, as a
   * new message, so throttling never counts towards the dead-letter queue's receive limit.
   */
  readonly requeue?: Pick<IntakeQueue, 'send'>;
  readonly metrics: Metrics;
  /** Defaults to the system clock. */
  readonly now?: () => Date;
  /** Defaults to a cryptographic source: references must not be guessable. */
  readonly random?: () => number;
}

/**
 * How long a throttled intake waits before its next try: past the window in which another attempt
 * may still be sending its email (twice the router's timeout), so the retry finishes the work.
 */
export const THROTTLED_RETRY_DELAY_SECONDS = 2 * FUNCTIONS.router.timeoutSeconds + 60;

// randomInt's range must stay below 2^48.
const RANDOM_RANGE = 2 ** 48 - 1;

/** A uniform number in [0, 1) from the operating system's cryptographic source. */
export function secureRandom(): number {
  return randomInt(0, RANDOM_RANGE) / RANDOM_RANGE;
}

/**
 * Parses one SQS record body into an intake message.
 * @throws PoisonMessageError naming the bad fields (never their values: they are personal data).
 */
export function parseIntakeRecord(body: string): IntakeMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new PoisonMessageError('intake message body is not JSON', { cause: error });
  }
  const result = IntakeMessage.safeParse(json);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(body)'))];
    throw new PoisonMessageError(`intake message does not match the schema: ${fields.join(', ')}`, {
      field: fields[0] ?? null,
      cause: result.error,
    });
  }
  return result.data;
}

/**
 * Where a message came from, as an id fit for logs: the raw mail's S3 key (SES's own id), or a
 * digest of the callId (typed by people, it may hold a name or a number).
 */
function sourceOf(intake: IntakeMessage): string {
  return byChannel(intake, {
    email: (mail) => mail.raw.key,
    phone: (call) => `call:${createHash('sha256').update(call.callId).digest('hex').slice(0, 16)}`,
  });
}

/**
 * Metrics are billed per series: only what the dashboard reads (new enquiries, with no dimension
 * but the service) is one; every other outcome is in the 'intake routed' log line.
 */
function record(outcome: RouteOutcome, metrics: Metrics): void {
  if (outcome.kind === 'opened') metrics.addMetric('EnquiriesReceived', MetricUnit.Count, 1);
}

/** Builds the router handler (middy + Powertools batch processing). */
export function makeRouterHandler(deps: RouterHandlerDeps) {
  const { logger, metrics } = deps;
  const routerDeps: RouterDeps = {
    ...deps,
    now: deps.now ?? (() => new Date()),
    random: deps.random ?? secureRandom,
  };

  /** Parses a record; a poison one is counted and logged here, and its error rethrown when it runs. */
  function parseRecord(sqsRecord: SQSRecord): IntakeMessage | PoisonMessageError {
    try {
      return parseIntakeRecord(sqsRecord.body);
    } catch (error) {
      metrics.addMetric('PoisonMessages', MetricUnit.Count, 1);
      logger.error('intake message rejected', {
        sqsMessageId: sqsRecord.messageId,
        receiveCount: sqsRecord.attributes.ApproximateReceiveCount,
        // Field paths only: the schema error names fields, never their values.
        fields: error instanceof ValidationError ? (error.field ?? null) : null,
        ...errorForLog(error),
      });
      return error instanceof PoisonMessageError
        ? error
        : new PoisonMessageError('intake message not readable', { cause: error });
    }
  }

  async function handleRecord(sqsRecord: SQSRecord, intake: IntakeMessage): Promise<void> {
    const ids = { sqsMessageId: sqsRecord.messageId };
    const context = { ...ids, channel: intake.channel, source: sourceOf(intake) };
    try {
      const outcome = await routeIntake(intake, routerDeps);
      record(outcome, metrics);
      if (outcome.kind === 'dropped') {
        logger.info('machine-written mail matched no enquiry: dropped', {
          ...context,
          reason: outcome.reason,
        });
      } else {
        logger.info('intake routed', { ...context, ...outcome });
      }
    } catch (error) {
      if (error instanceof SendingThrottledError && deps.requeue !== undefined) {
        // What was recorded stays; the copy (a redelivery to the router) sends what is still due.
        await deps.requeue
          .send(intake, { delaySeconds: THROTTLED_RETRY_DELAY_SECONDS })
          .catch((requeueError) => {
            throw new AggregateError(
              [error, requeueError],
              'throttled intake could not be put back on the queue',
            );
          });
        metrics.addMetric('ThrottledIntakesRequeued', MetricUnit.Count, 1);
        logger.warn("SES throttled the intake's email; put back on the queue to try later", {
          ...context,
          delaySeconds: THROTTLED_RETRY_DELAY_SECONDS,
          attempts: error.attempts,
        });
        return;
      }
      logger.warn('intake not routed; SQS will retry it', {
        ...context,
        receiveCount: sqsRecord.attributes.ApproximateReceiveCount,
        ...errorForLog(error),
      });
      throw error;
    }
  }

  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler((event, context) => {
      // Records run in parallel, except those that could touch the same enquiry or child record
      // (same requester, reference, In-Reply-To...): those run one after another, in batch order.
      const records = event.Records ?? [];
      const parsed = new Map(records.map((sqsRecord) => [sqsRecord.messageId, parseRecord(sqsRecord)]));
      const keys = records.map((sqsRecord) => {
        const intake = parsed.get(sqsRecord.messageId);
        return intake === undefined || intake instanceof Error ? [] : threadKeys(intake, deps.config);
      });
      const gate = groupGate(threadGroups(keys));
      const position = new Map(records.map((sqsRecord, index) => [sqsRecord.messageId, index]));
      // A processor holds one batch's state: one per invocation (the local stack runs batches
      // concurrently). A batch where every record fails throws FullBatchFailureError, which fails
      // the whole batch as it should; otherwise each failed record is reported on its own.
      return processPartialResponse(
        event,
        (sqsRecord: SQSRecord) =>
          gate(position.get(sqsRecord.messageId) ?? -1, async () => {
            const intake = parsed.get(sqsRecord.messageId) ?? parseRecord(sqsRecord);
            if (intake instanceof Error) throw intake;
            await handleRecord(sqsRecord, intake);
          }),
        new BatchProcessor(EventType.SQS),
        { context, processInParallel: true },
      );
    });
}
