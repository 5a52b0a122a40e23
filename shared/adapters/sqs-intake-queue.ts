/**
 * The intake queue over SQS. Each message body is the JSON IntakeMessage; `intakeId` and `channel`
 * also travel as message attributes so the router and the DLQ tooling can see them without parsing.
 * Batches go out as SendMessageBatch in tens (SQS's limit); entries SQS refuses are retried once,
 * then the whole call fails so the caller's own retry (and the router's idempotency) takes over.
 */
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ServiceUnavailableError } from '../domain/errors';
import type { IntakeMessage } from '../domain/intake-message';
import { toQueueJson } from '../domain/queue-json';
import type { IntakeQueue } from '../intake/ports';

const BATCH_LIMIT = 10;

/** Some entries of a batch could not be queued, even after a retry. */
export class IntakeQueueSendError extends ServiceUnavailableError {
  constructor(
    readonly failedIntakeIds: readonly string[],
    options: { cause?: unknown } = {},
  ) {
    super(`${failedIntakeIds.length} intake message(s) could not be queued`, options);
  }
}

function attributes(message: IntakeMessage) {
  return {
    intakeId: { DataType: 'String', StringValue: message.intakeId },
    channel: { DataType: 'String', StringValue: message.channel },
  };
}

/** IntakeQueue over one SQS queue URL. */
export class SqsIntakeQueue implements IntakeQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: IntakeMessage, options: { readonly delaySeconds?: number } = {}): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        DelaySeconds: options.delaySeconds,
        MessageBody: toQueueJson(message),
        MessageAttributes: attributes(message),
      }),
    );
  }

  async sendAll(messages: readonly IntakeMessage[]): Promise<void> {
    const failed: string[] = [];
    for (let start = 0; start < messages.length; start += BATCH_LIMIT) {
      const chunk = messages.slice(start, start + BATCH_LIMIT);
      // Entry ids only need to be unique within a batch: the position does.
      let pending: SendMessageBatchRequestEntry[] = chunk.map((message, index) => ({
        Id: String(index),
        MessageBody: toQueueJson(message),
        MessageAttributes: attributes(message),
      }));
      for (let attempt = 0; attempt < 2 && pending.length > 0; attempt += 1) {
        const result = await this.sqs.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
        );
        const refused = new Set((result.Failed ?? []).map((entry) => entry.Id));
        pending = pending.filter((entry) => refused.has(entry.Id));
      }
      for (const entry of pending) {
        const message = chunk[Number(entry.Id)];
        if (message !== undefined) failed.push(message.intakeId);
      }
    }
    if (failed.length > 0) throw new IntakeQueueSendError(failed);
  }
}
