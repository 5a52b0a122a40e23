/**
 * Stands in for Lambda's SQS event source mapping: long-polls a queue, hands batches to the handler
 * as SQS events, deletes only the records the handler did not report as failed (partial batch
 * responses), and leaves failures to reappear after the visibility timeout, so the queue's redrive
 * policy moves a poison message to the DLQ after maxReceiveCount receives — as on AWS.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { invoke, type LambdaHandler } from './lambda-runtime';

export interface SqsPollerOptions {
  readonly functionName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly batchSize: number;
  readonly handler: LambdaHandler<SQSEvent, SQSBatchResponse | undefined>;
  /** Concurrent batches in flight: the event source mapping's maximum concurrency (Lambda's minimum is 2). */
  readonly concurrency: number;
  readonly waitSeconds?: number;
  readonly onError?: (error: unknown) => void;
}

export interface RunningPoller {
  stop(): Promise<void>;
  /** Resolves when the queue has no visible or in-flight messages (for tests and `demo`). */
  drained(timeoutMs?: number): Promise<void>;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'eu-west-2',
  };
}

/** Which records to delete after the handler ran, following Lambda's partial-batch rules. */
export function succeededRecords(
  records: SQSRecord[],
  outcome: SQSBatchResponse | undefined | Error,
): SQSRecord[] {
  if (outcome instanceof Error) return []; // a thrown error fails the whole batch
  const failures = outcome?.batchItemFailures ?? [];
  const failed = new Set(failures.map((failure) => failure.itemIdentifier));
  // An unknown identifier makes Lambda treat the whole batch as failed.
  if ([...failed].some((id) => !records.some((record) => record.messageId === id))) return [];
  return records.filter((record) => !failed.has(record.messageId));
}

export function startSqsPoller(sqs: SQSClient, options: SqsPollerOptions): RunningPoller {
  let stopping = false;
  const loops: Promise<void>[] = [];
  const abort = new AbortController();

  async function loop(): Promise<void> {
    while (!stopping) {
      let messages: Message[] = [];
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: Math.min(10, options.batchSize),
            WaitTimeSeconds: options.waitSeconds ?? 1,
            MessageSystemAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (stopping) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (messages.length === 0) continue;
      const records = messages.map((message) => toRecord(message, options.queueArn));
      let outcome: SQSBatchResponse | undefined | Error;
      try {
        outcome = await invoke(options.functionName, options.handler, { Records: records });
      } catch (error) {
        outcome = error instanceof Error ? error : new Error(String(error));
        options.onError?.(outcome);
      }
      const done = succeededRecords(records, outcome);
      if (done.length > 0) {
        await sqs
          .send(
            new DeleteMessageBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: done.map((record, index) => ({
                Id: String(index),
                ReceiptHandle: record.receiptHandle,
              })),
            }),
          )
          .catch((error: unknown) => options.onError?.(error));
      }
    }
  }

  for (let i = 0; i < options.concurrency; i += 1) loops.push(loop());

  return {
    async stop() {
      stopping = true;
      abort.abort();
      await Promise.allSettled(loops);
    },
    async drained(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: options.queueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        if (
          Attributes?.ApproximateNumberOfMessages === '0' &&
          Attributes.ApproximateNumberOfMessagesNotVisible === '0'
        )
          return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`queue ${options.functionName} not drained within ${timeoutMs} ms`);
    },
  };
}
