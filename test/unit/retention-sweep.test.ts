import { describe, expect, it } from 'vitest';
import {
  backReferenceItem,
  backReferenceListItem,
  enquiryKey,
  indexKeysFor,
} from '../../shared/adapters/dynamo-keys';
import { purgePlan, retentionCutoff } from '../../shared/retention/retention-sweep';
import { openTestEnquiry } from '../support/enquiry-fixtures';

describe('what the retention purge deletes', () => {
  it('plans every item of the partition, whatever its kind, the items it points at, and the raw mail', () => {
    const key = enquiryKey('SEND-7K3M9Q');
    const pointer = backReferenceItem('SEND-7K3M9Q', { PK: 'MSGID#abc@example.org', SK: 'MSGID' });
    const plan = purgePlan(key, [
      { ...key, kind: 'enquiry' },
      {
        PK: key.PK,
        SK: 'TL#2026-11-23T09:14:00.000Z#C#in-1',
        kind: 'contact',
        raw: { bucket: 'raw', key: 'inbound/abc' },
        intakeId: 'email:abc@example.org',
      },
      {
        PK: key.PK,
        SK: 'TL#2026-11-23T10:00:00.000Z#C#in-2',
        kind: 'contact',
        raw: null,
        intakeId: 'phone:T-1',
      },
      { PK: key.PK, SK: 'CHILD#1', kind: 'a-kind-added-next-year' },
      pointer,
    ]);
    expect(plan.rawMail).toEqual([{ bucket: 'raw', key: 'inbound/abc' }]);
    expect(plan.emailIntakeIds).toEqual(['email:abc@example.org']);
    expect(plan.external).toEqual([{ PK: 'MSGID#abc@example.org', SK: 'MSGID' }]);
    expect(plan.partition.map((item) => item.SK)).toEqual([
      'TL#2026-11-23T09:14:00.000Z#C#in-1',
      'TL#2026-11-23T10:00:00.000Z#C#in-2',
      'CHILD#1',
      pointer.SK,
    ]);
  });

  it('follows a back-reference listing several items (a new enquiry’s marker and pointers) to each of them', () => {
    const key = enquiryKey('SEND-7K3M9Q');
    const targets = [
      { PK: 'INTAKE#email:abc@example.org', SK: 'INTAKE' },
      { PK: 'MSGID#abc@example.org', SK: 'MSGID' },
      { PK: 'MSGID#ack-send-7k3m9q@hub.example.org', SK: 'MSGID' },
    ];
    const list = backReferenceListItem('SEND-7K3M9Q', targets);
    expect(backReferenceListItem('SEND-7K3M9Q', targets).SK).toBe(list.SK);
    const plan = purgePlan(key, [{ ...key, kind: 'enquiry' }, list]);
    expect(plan.external).toEqual(targets);
    expect(plan.partition).toEqual([{ PK: key.PK, SK: list.SK }]);
  });

  it('puts resolved enquiries, and only those, on the retention index by resolution time', () => {
    const open = openTestEnquiry().enquiry;
    const resolved = { ...open, status: 'resolved' as const, resolvedAt: '2026-11-30T16:00:00.000Z' };
    expect(indexKeysFor(open).GSI7PK).toBeUndefined();
    expect(indexKeysFor(resolved)).toMatchObject({
      GSI7PK: 'RETAIN',
      GSI7SK: `2026-11-30T16:00:00.000Z#${resolved.id}`,
    });
  });

  it('is due the given number of days after resolution', () => {
    expect(retentionCutoff('2032-12-01T02:30:00.000Z', 2192)).toBe('2026-12-01T02:30:00.000Z');
  });
});
