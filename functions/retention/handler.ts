/**
 * retention: EventBridge Scheduler fires it daily with the scheduled event, whose `time` is the
 * sweep's `now` (so a run can be replayed). Purges every enquiry resolved longer ago than the
 * configured retention period, with everything of it: `shared/retention/retention-sweep.ts`,
 * design in docs/retention.md. Logs and metrics carry counts only.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { dynamoDocumentClient, s3Client } from '../../shared/adapters/aws-clients';
import { DynamoRetentionStore, S3RawMailPurger } from '../../shared/adapters/retention-store';
import type { HubConfig } from '../../shared/config/hub-config';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { ValidationError } from '../../shared/domain/errors';
import * as z from '../../shared/domain/zod';
import {
  type RawMailPurger,
  type RetentionStore,
  type RetentionSweepResult,
  runRetentionSweep,
} from '../../shared/retention/retention-sweep';
import { defineLoggedHandler } from '../define-logged-handler';

/** The part of the scheduled event the sweep reads; `dryRun` only from the CLI. */
export const RetentionEvent = z.object({
  time: z.iso.datetime({ offset: true }),
  dryRun: z.optional(z.boolean()),
});

export const RetentionEnvironment = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  RAW_MAIL_BUCKET: z.string().check(z.minLength(1)),
  AWS_ENDPOINT_URL_DYNAMODB: z.optional(z.url()),
  AWS_ENDPOINT_URL_S3: z.optional(z.url()),
});

/** Stop starting new batches with this much of the invocation left; the rest is due tomorrow. */
const SAFETY_MARGIN_MS = 30_000;

export interface RetentionHandlerDeps {
  readonly store: RetentionStore;
  readonly rawMail: RawMailPurger;
  readonly config: HubConfig;
  readonly logger: Logger;
}

export interface RetentionRun extends Omit<RetentionSweepResult, 'more'> {
  readonly batches: number;
  /** Still more due when the run stopped (time ran out). */
  readonly more: boolean;
}

/** Parses the event and sweeps batch after batch while time remains. */
export function makeRetentionHandler(deps: RetentionHandlerDeps) {
  return async (
    event: unknown,
    context: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<RetentionRun> => {
    const parsed = RetentionEvent.safeParse(event);
    if (!parsed.success)
      throw new ValidationError('retention: the event has no valid "time"', { cause: parsed.error });
    const now = new Date(parsed.data.time).toISOString();
    const totals = { purged: 0, kept: 0, items: 0, rawObjects: 0, batches: 0, more: false };
    for (;;) {
      const result = await runRetentionSweep(deps, {
        now,
        retainDays: deps.config.retention.afterResolutionDays,
        limit: deps.config.retention.sweepBatch,
        dryRun: parsed.data.dryRun === true,
      });
      totals.purged += result.purged;
      totals.kept += result.kept;
      totals.items += result.items;
      totals.rawObjects += result.rawObjects;
      totals.batches += 1;
      totals.more = result.more;
      // A dry run counts one batch; a real run goes on while more is due and time remains.
      if (!result.more || parsed.data.dryRun === true) break;
      if (context.getRemainingTimeInMillis() < SAFETY_MARGIN_MS) break;
    }
    deps.logger.info('retention sweep done', { now, dryRun: parsed.data.dryRun === true, ...totals });
    return totals;
  };
}

/** Lambda entry point (daily schedule): stores built once per container (functions/define-logged-handler.ts). */
export const handler = defineLoggedHandler({
  name: 'retention',
  env: RetentionEnvironment,
  build: (env, { logger }) => {
    const documents = dynamoDocumentClient({ endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
    return makeRetentionHandler({
      store: new DynamoRetentionStore(documents, env.TABLE_NAME),
      rawMail: new S3RawMailPurger(s3Client({ endpoint: env.AWS_ENDPOINT_URL_S3 }), env.RAW_MAIL_BUCKET),
      config: loadHubConfig(),
      logger,
    });
  },
  handle: (event: unknown, run, context) => run(event, context),
});
