/**
 * The local stack with the router on worker threads (as the benchmark runs it with `--router-threads`):
 * the same doors, the same handlers, the same outcomes as in one thread, and the AWS calls the
 * threads make still reach this thread's watchers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onAwsCall } from '../../shared/adapters/aws-clients';
import { type Harness, plainEmail, startHarness, waitFor } from '../support/local-stack-harness';

interface QueuePage {
  items: { id: string; topic: string }[];
}

let hub: Harness;

beforeAll(async () => {
  hub = await startHarness({ functionThreads: true });
});

afterAll(async () => {
  await hub?.stack.stop();
});

describe('SEND Hub with its router on worker threads', () => {
  it('acknowledges an email and queues a logged call, and the threads report their AWS calls here', async () => {
    const commands: string[] = [];
    const stop = onAwsCall((call) => commands.push(call.command));
    try {
      const parent = 'threads.parent.one@example.org';
      await hub.sendMail(
        plainEmail({
          from: `Robin Threads <${parent}>`,
          subject: 'Asking for an EHC needs assessment',
          text: 'Hello, how do I ask for an EHC needs assessment for my son? He is 7 and we live in Margate, CT9 3AB.',
          messageId: 'threads-one@example.org',
        }),
      );
      const ack = await waitFor(
        async () => (await hub.outbox()).find((sent) => sent.destination.to.includes(parent)),
        'the acknowledgement',
      );
      const reference = /SEND-[2-9A-HJ-NP-Z]{6}/.exec(ack.subject)?.[0];
      expect(reference).toBeDefined();

      const handler = await hub.as('callhandler');
      const logged = await handler('POST', '/phone-logs', {
        callId: 'THREADS-CALL-0001',
        receivedAt: new Date().toISOString(),
        caller: { name: 'Casey Threads', phone: '07700 900462', role: 'parent' },
        child: { postcode: 'ME15 7QQ' },
        summary: 'Asked when the home to school transport taxi will start; no taxi since half term.',
        callbackRequested: true,
      });
      expect(logged.status).toBe(200);
      await hub.stack.drained();
      const caseworker = await hub.as(hub.userWith('caseworker', 'team:east'));
      const queue = await caseworker<QueuePage>('GET', '/queue?team=east');
      expect(queue.body.items.map((item) => item.id)).toContain(reference);
    } finally {
      stop();
    }
    // ingest-email read the stored mail and queued it; the router wrote the enquiry: all in threads.
    expect(commands).toEqual(
      expect.arrayContaining([
        'GetObjectCommand',
        'SendMessageCommand',
        'TransactWriteItemsCommand',
        'SendEmailCommand',
      ]),
    );
  });

  it('makes one enquiry and one acknowledgement of an email delivered twice at once', async () => {
    const parent = 'threads.parent.twice@example.org';
    const raw = plainEmail({
      from: `Sam Twice <${parent}>`,
      subject: 'Transport',
      text: 'Our daughter has had no school transport since half term. We live in Dover CT16 1AA.',
      messageId: 'threads-twice@example.org',
    });
    // Two deliveries of one message at once: router sandboxes may take them side by side.
    await Promise.all([hub.sendMail(raw), hub.sendMail(raw)]);
    await hub.stack.drained();
    const acks = (await hub.outbox()).filter((sent) => sent.destination.to.includes(parent));
    expect(acks).toHaveLength(1);
  });
});
