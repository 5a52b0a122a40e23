import { describe, expect, it } from 'vitest';
import { threadKeys } from '../../shared/routing/route-intake';
import { groupGate, threadGroups } from '../../shared/routing/thread-groups';
import { emailIntake, phoneIntake, routerTestConfig } from '../support/router-fixtures';

describe('thread groups', () => {
  it('puts items sharing a key, directly or through another item, in one group named by its first item', () => {
    expect(threadGroups([['a'], ['b'], ['c', 'b'], ['a', 'c'], ['d'], []])).toEqual([0, 0, 0, 0, 4, 5]);
  });

  it('keeps items without shared keys apart', () => {
    expect(threadGroups([['x'], ['y'], ['z']])).toEqual([0, 1, 2]);
  });
});

describe('group gate', () => {
  it('runs a group in batch order and different groups at once, whatever order the calls come in', async () => {
    const gate = groupGate([0, 1, 0, 1]);
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
    };
    await Promise.all([
      gate(2, step('a2', 1)),
      gate(3, step('b2', 1)),
      gate(0, step('a1', 20)),
      gate(1, step('b1', 5)),
    ]);

    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('start b2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });

  it('starts the next item of a group after the one before it failed', async () => {
    const gate = groupGate([0, 0]);
    const first = gate(0, async () => {
      throw new Error('boom');
    });
    const second = gate(1, async () => 'ran');
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ran');
  });
});

describe('thread keys', () => {
  const config = routerTestConfig();

  it('links an email to the replies to it and to the references it names', () => {
    const first = emailIntake();
    const reply = emailIntake({
      requester: { name: null, email: 'someone.else@example.org', phone: null },
      inReplyTo: first.messageId,
    });
    const named = emailIntake({
      requester: { name: null, email: 'third@example.org', phone: null },
      subject: 'Re: [SEND-7K3M9Q] taxi',
    });
    const call = phoneIntake({
      requester: { name: null, email: null, phone: '+447700900999' },
      summary: 'Calling about SEND-7K3M9Q',
    });
    const groups = threadGroups([first, reply, named, call].map((intake) => threadKeys(intake, config)));
    expect(groups[1]).toBe(groups[0]);
    expect(groups[3]).toBe(groups[2]);
    expect(groups[2]).not.toBe(groups[0]);
  });

  it('links a call and an email from the same person by the number in the email’s signature', () => {
    const email = emailIntake({ body: 'Please call me on 07700 900123. Thanks, Sam' });
    const call = phoneIntake({ requester: { name: 'Sam Carter', email: null, phone: '+447700900123' } });
    const [a, b] = threadGroups([threadKeys(email, config), threadKeys(call, config)]);
    expect(a).toBe(b);
  });

  it('never links two messages only because both came through the hub’s own mailbox', () => {
    const hub = config.hub.mailbox;
    const one = emailIntake({ requester: { name: null, email: hub, phone: null } });
    const two = emailIntake({ requester: { name: null, email: hub, phone: null } });
    const [a, b] = threadGroups([threadKeys(one, config), threadKeys(two, config)]);
    expect(a).not.toBe(b);
  });
});
