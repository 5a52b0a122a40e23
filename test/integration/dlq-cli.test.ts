import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { describeDeadLetter, redrive } from '../../cli/commands/dlq';
import { sqsClient } from '../../shared/adapters/aws-clients';

describe('send-hub dlq', () => {
  it('explains a dead letter without showing its content, then moves it back to the intake queue', async () => {
    const sqs = sqsClient({ endpoint: inject('fauxqsEndpoint') });
    const suffix = Date.now().toString(36);
    const dlqUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: `dlq-cli-dlq-${suffix}` }))).QueueUrl ?? '';
    const queueUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: `dlq-cli-intake-${suffix}` }))).QueueUrl ?? '';
    const body = JSON.stringify({
      version: 1,
      channel: 'phone',
      intakeId: 'phone:T-1',
      summary: 'Private words',
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: body }));

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        VisibilityTimeout: 0,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const letter = describeDeadLetter(Messages[0] ?? {});
    expect(letter.intakeId).toBe('phone:T-1');
    expect(letter.channel).toBe('phone');
    expect(letter.why).toMatch(/callId/);
    expect(JSON.stringify(letter)).not.toContain('Private words');

    expect(await redrive(sqs, dlqUrl, queueUrl, 100)).toBe(1);
    const moved = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    expect(moved.Messages?.[0]?.Body).toBe(body);
    const left = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 0 }));
    expect(left.Messages ?? []).toHaveLength(0);
  });
});
