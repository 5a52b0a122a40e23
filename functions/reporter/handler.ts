/**
 * reporter: EventBridge Scheduler fires it weekly (Monday morning); the scheduled event's `time`
 * picks the week reported (the last full Monday-Sunday week in the hub's time zone). Writes the CSV
 * to REPORTS_BUCKET and emails the summary once per week: `shared/reporting/publish-weekly-report.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { dynamoDocumentClient, s3Client, sesClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryReader } from '../../shared/adapters/enquiry-reader';
import { DynamoEscalationLog } from '../../shared/adapters/escalation-log';
import { pacedSesMailer } from '../../shared/adapters/mailer';
import { DynamoReportMarkers, S3ReportFiles } from '../../shared/adapters/report-stores';
import { FUNCTION_TIMEOUTS, RESOURCES } from '../../shared/adapters/resource-definitions';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { ValidationError } from '../../shared/domain/errors';
import * as z from '../../shared/domain/zod';
import {
  type PublishReportDeps,
  type PublishResult,
  publishWeeklyReport,
} from '../../shared/reporting/publish-weekly-report';
import { defineLoggedHandler } from '../define-logged-handler';

/** The part of the EventBridge scheduled event the reporter reads. */
export const ReporterEvent = z.object({ time: z.iso.datetime({ offset: true }) });

export const ReporterEnvironment = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  REPORTS_BUCKET: z.string().check(z.minLength(3)),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  AWS_ENDPOINT_URL_DYNAMODB: z.optional(z.url()),
  AWS_ENDPOINT_URL_S3: z.optional(z.url()),
  AWS_ENDPOINT_URL_SESV2: z.optional(z.url()),
});

export type ReporterHandlerDeps = Omit<PublishReportDeps, 'runId'> & { readonly logger: Logger };

/** What the invocation returns (counts and keys only). */
export interface ReporterResult {
  readonly status: PublishResult['status'];
  readonly from: string;
  readonly to: string;
  readonly key: string;
  readonly recipients: number;
}

/** Parses the event and publishes the week's report (the local stack and tests build it with their own deps). */
export function makeReporterHandler(deps: ReporterHandlerDeps) {
  return async (event: unknown, context: Pick<Context, 'awsRequestId'>): Promise<ReporterResult> => {
    const parsed = ReporterEvent.safeParse(event);
    if (!parsed.success) {
      throw new ValidationError('scheduled event field "time" must be an ISO-8601 instant', {
        field: 'time',
        cause: parsed.error,
      });
    }
    const result = await publishWeeklyReport(
      { ...deps, runId: context.awsRequestId || randomUUID() },
      parsed.data.time,
    );
    const summary: ReporterResult = {
      status: result.status,
      from: result.period.from,
      to: result.period.to,
      key: result.key,
      recipients: result.recipients,
    };
    deps.logger.info('weekly report', { ...summary, received: result.report?.received.total ?? null });
    return summary;
  };
}

/** Lambda entry point: configuration and clients built once per container (functions/define-logged-handler.ts). */
export const handler = defineLoggedHandler({
  name: 'reporter',
  env: ReporterEnvironment,
  build: (env, { logger }) => {
    const config = loadHubConfig();
    const documents = dynamoDocumentClient({ endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
    return makeReporterHandler({
      config,
      source: {
        enquiries: new EnquiryReader(documents, env.TABLE_NAME),
        caseworkers: new CaseworkerRepository(documents, env.TABLE_NAME),
        escalations: new DynamoEscalationLog(documents, env.TABLE_NAME),
      },
      files: new S3ReportFiles(s3Client({ endpoint: env.AWS_ENDPOINT_URL_S3 }), env.REPORTS_BUCKET),
      markers: new DynamoReportMarkers(documents, env.TABLE_NAME),
      timeouts: FUNCTION_TIMEOUTS,
      mailer: pacedSesMailer(
        'reporter',
        sesClient({ endpoint: env.AWS_ENDPOINT_URL_SESV2 }),
        config.sending,
        env.SES_CONFIGURATION_SET,
      ),
      clock: () => new Date(),
      prefix: RESOURCES.buckets.reports.reportsPrefix,
      logger,
    });
  },
  handle: (event: unknown, run, context) => run(event, context),
});
