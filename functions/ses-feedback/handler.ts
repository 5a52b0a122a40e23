/**
 * ses-feedback: SNS delivers SES bounce/complaint notifications; each affected address is marked
 * do-not-reply in the table. Marking is idempotent, so SNS redelivery is harmless.
 */
import type { SNSEvent } from 'aws-lambda';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { DoNotReplyStore } from '../../shared/adapters/do-not-reply-store';
import * as z from '../../shared/domain/zod';
import { recordSesFeedback } from '../../shared/feedback/ses-feedback';
import { defineLoggedHandler } from '../define-logged-handler';

export const SesFeedbackEnvironment = z.object({ TABLE_NAME: z.string().check(z.minLength(1)) });

/** Lambda entry point: the do-not-reply store built once per container (functions/define-logged-handler.ts). */
export const handler = defineLoggedHandler({
  name: 'ses-feedback',
  env: SesFeedbackEnvironment,
  build: (env, { logger }) => ({
    marks: new DoNotReplyStore(dynamoDocumentClient(), env.TABLE_NAME),
    logger,
  }),
  handle: async (event: SNSEvent, { marks, logger }) => {
    const result = await recordSesFeedback(
      event.Records.map((record) => ({
        messageId: record.Sns.MessageId,
        timestamp: record.Sns.Timestamp,
        body: record.Sns.Message,
      })),
      {
        markDoNotReply: (email, reason, at) => marks.markDoNotReply(email, reason, at),
        warn: (message, detail) => logger.warn(message, detail),
      },
    );
    // Counts only: the addresses themselves are personal data.
    logger.info('processed SES feedback', { records: event.Records.length, ...result });
    return result;
  },
});
