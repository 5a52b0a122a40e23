/** How a contact's body is kept on its item: compressed when that makes the item smaller, read back as text. */
import { describe, expect, it } from 'vitest';
import { itemSize } from '../../bench/lib/aws-meter';
import { readContactBody, storedContactBody } from '../../shared/adapters/contact-body';

const email = [
  'Dear SEND team,',
  '',
  "I am writing about my son's EHC plan. His annual review meeting was held nearly two months ago",
  'and we still have not received the amended plan. Section F says weekly speech and language',
  'therapy, but he has not had a session since September. Could someone let me know when the',
  'amended plan will be sent, and who is responsible for arranging the therapy in the meantime?',
  '',
  'Our postcode is CT9 2AB. You can call me on 07700 900123 after 3pm.',
  '',
  'Kind regards,',
  'Jo Bloggs',
].join('\n');

describe('contact bodies on their items', () => {
  it('keeps a long body compressed, a third smaller or more, and reads it back exactly', () => {
    const contact = { id: 'c1', body: email, subject: 'EHC plan' };
    const stored = storedContactBody(contact);
    expect(stored.body).toBeUndefined();
    expect(stored.bodyZ).toBeInstanceOf(Uint8Array);
    expect(itemSize(stored)).toBeLessThan((itemSize(contact) * 2) / 3);
    expect(readContactBody(stored)).toEqual(contact);
  });

  it('keeps a short body as text, and reads items stored before bodies were compressed as they are', () => {
    const short = { id: 'c2', body: 'Please call me back.' };
    expect(storedContactBody(short)).toEqual(short);
    const before = { id: 'c3', body: email };
    expect(readContactBody(before)).toBe(before);
  });

  it('keeps text that does not compress as it is, and any language round trip', () => {
    const noise = {
      id: 'c4',
      body: Array.from({ length: 300 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join(
        '',
      ),
    };
    const stored = storedContactBody(noise);
    expect(readContactBody(stored)).toEqual(noise);
    expect(itemSize(stored)).toBeLessThanOrEqual(itemSize(noise));
  });
});
