/**
 * `send-hub dlq list|redrive`: what failed on the intake queue and why, and putting it back once
 * fixed. Lists ids, channels, receive counts and the validation problem, never message text.
 */
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Command } from 'commander';
import { sqsClient } from '../../shared/adapters/aws-clients';
import { RESOURCES } from '../../shared/adapters/resource-definitions';
import { IntakeMessage } from '../../shared/domain/intake-message';
import { CliError } from '../http-client';

interface QueueOptions {
  endpoint?: string;
  region?: string;
  dlqUrl?: string;
  queueUrl?: string;
  local?: boolean;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly receiveCount: number;
  readonly sentAt: string | null;
  readonly intakeId: string | null;
  readonly channel: string | null;
  /** Why the router cannot take it: a schema problem, or "failed N times" when the body is valid. */
  readonly why: string;
}

/** Describes a dead letter without exposing its content. */
export function describeDeadLetter(message: Message): DeadLetter {
  const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? '0');
  const sent = message.Attributes?.SentTimestamp;
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    body = undefined;
  }
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const parsed = IntakeMessage.safeParse(body);
  const why =
    body === undefined
      ? 'body is not JSON'
      : parsed.success
        ? `valid intake message that failed ${receiveCount} time(s): see the router's logs for this message id`
        : parsed.error.issues
            .slice(0, 3)
            .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
            .join('; ');
  return {
    messageId: message.MessageId ?? '',
    receiveCount,
    sentAt: sent === undefined ? null : new Date(Number(sent)).toISOString(),
    intakeId: typeof record.intakeId === 'string' ? record.intakeId : null,
    channel: typeof record.channel === 'string' ? record.channel : null,
    why,
  };
}

async function resolveQueues(
  options: QueueOptions,
): Promise<{ sqs: SQSClient; dlqUrl: string; queueUrl: string }> {
  const endpoint = options.endpoint ?? (options.dlqUrl === undefined ? 'http://127.0.0.1:4566' : undefined);
  const sqs = sqsClient({ endpoint, region: options.region });
  const lookup = async (name: string) => {
    try {
      return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? '';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(
        `cannot find queue ${name} at ${endpoint ?? 'AWS'} (${reason}): is the stack running (npm start)?`,
      );
    }
  };
  return {
    sqs,
    dlqUrl: options.dlqUrl ?? (await lookup(RESOURCES.intakeQueue.dlqName)),
    queueUrl: options.queueUrl ?? (await lookup(RESOURCES.intakeQueue.name)),
  };
}

/** Reads up to `max` dead letters without consuming them (they become visible again at once). */
async function peek(sqs: SQSClient, dlqUrl: string, max: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (let round = 0; round < 20 && seen.size < max; round += 1) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) seen.set(message.MessageId ?? '', message);
  }
  return [...seen.values()].slice(0, max);
}

/** Moves every dead letter back to the intake queue; returns how many moved. */
export async function redrive(
  sqs: SQSClient,
  dlqUrl: string,
  queueUrl: string,
  max: number,
): Promise<number> {
  let moved = 0;
  while (moved < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) {
      // Send first, then delete: a crash in between leaves a duplicate, which the router ignores.
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.Body ?? '' }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }));
      moved += 1;
    }
  }
  return moved;
}

function queueFlags(command: Command): Command {
  return command
    .option('--endpoint <url>', 'SQS endpoint (default: the local stack, http://127.0.0.1:4566)')
    .option('--region <region>', 'AWS region (for a deployed stack)')
    .option('--dlq-url <url>', 'dead-letter queue URL (for a deployed stack)')
    .option('--queue-url <url>', 'intake queue URL (for a deployed stack)');
}

export function registerDlqCommand(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('see what failed on the intake queue, and put it back once fixed');
  queueFlags(dlq.command('list'))
    .description('list dead letters: ids, channel, receive count and why (never their content)')
    .option('--max <n>', 'most to list', '100')
    .option('--json', 'one JSON object per line')
    .action(async (options: QueueOptions & { max: string; json?: boolean }) => {
      const { sqs, dlqUrl } = await resolveQueues(options);
      const letters = (await peek(sqs, dlqUrl, Number(options.max))).map(describeDeadLetter);
      if (options.json) {
        for (const letter of letters) process.stdout.write(`${JSON.stringify(letter)}\n`);
        return;
      }
      if (letters.length === 0) {
        process.stdout.write('The dead-letter queue is empty.\n');
        return;
      }
      process.stdout.write(`${letters.length} dead letter(s):\n`);
      for (const letter of letters) {
        process.stdout.write(
          `  ${letter.messageId}  ${letter.channel ?? '?'}  ${letter.intakeId ?? '(no intake id)'}  received ${letter.receiveCount}x  sent ${letter.sentAt ?? '?'}\n    why: ${letter.why}\n`,
        );
      }
    });
  queueFlags(dlq.command('redrive'))
    .description(
      'move dead letters back to the intake queue (the router is idempotent, so a repeat is harmless)',
    )
    .option('--max <n>', 'most to move', '10000')
    .action(async (options: QueueOptions & { max: string }) => {
      const { sqs, dlqUrl, queueUrl } = await resolveQueues(options);
      const moved = await redrive(sqs, dlqUrl, queueUrl, Number(options.max));
      process.stdout.write(`Moved ${moved} message(s) back to the intake queue.\n`);
    });
}
