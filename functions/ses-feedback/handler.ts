/**
 * ses-feedback: SNS delivers SES bounce/complaint notifications; each affected address is marked
 * do-not-reply in the table. Marking is idempotent, so SNS redelivery is harmless.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { recordSesFeedback } from '../../shared/feedback/ses-feedback';

// Parsed once per container: a missing variable fails the cold start with its name.
const env = z.object({ TABLE_NAME: z.string().min(1) }).parse(process.env);
const logger = new Logger({ serviceName: 'ses-feedback' });
const repository = new EnquiryRepository(dynamoDocumentClient(), env.TABLE_NAME);

export const handler = middy(async (event: SNSEvent) => {
  const result = await recordSesFeedback(
    event.Records.map((record) => ({
      messageId: record.Sns.MessageId,
      timestamp: record.Sns.Timestamp,
      body: record.Sns.Message,
    })),
    {
      markDoNotReply: (email, reason, at) => repository.markDoNotReply(email, reason, at),
      warn: (message, detail) => logger.warn(message, detail),
    },
  );
  // Counts only: the addresses themselves are personal data.
  logger.info('processed SES feedback', { records: event.Records.length, ...result });
  return result;
});
