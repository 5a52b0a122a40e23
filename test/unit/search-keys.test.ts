/** Search keys of stored phone numbers: keyed as stored, since every stored number is E.164. */
import { describe, expect, it } from 'vitest';
import { exactPartition, searchKeyItems } from '../../shared/adapters/search-keys';
import type { Enquiry } from '../../shared/domain/enquiry';
import { isE164 } from '../../shared/domain/people';
import { openTestEnquiry } from '../support/enquiry-fixtures';

function phoneKeys(enquiry: Enquiry): string[] {
  return searchKeyItems(enquiry)
    .filter((item) => item.term === 'phone')
    .map((item) => item.GSI6PK);
}

describe('search keys of phone numbers', () => {
  it("key the requester's and every known number as stored, once each", () => {
    const { enquiry } = openTestEnquiry();
    const stored: Enquiry = {
      ...enquiry,
      requester: { ...enquiry.requester, phone: '+447700900411' },
      knownPhones: ['+447700900411', '+33612345678'],
    };
    expect(phoneKeys(stored)).toEqual([
      exactPartition('phone', '+447700900411'),
      exactPartition('phone', '+33612345678'),
    ]);
  });

  it('give a number not in E.164 (stored before numbers were normalised, until the backfill) no key', () => {
    const { enquiry } = openTestEnquiry();
    const old: Enquiry = {
      ...enquiry,
      requester: { ...enquiry.requester, phone: '07700 900411' },
      knownPhones: [],
    };
    expect(phoneKeys(old)).toEqual([]);
  });
});

describe('isE164', () => {
  it('accepts a plus, a country code and up to 15 digits, nothing else', () => {
    expect(['+447700900411', '+12025550123', '+33612345678'].every(isE164)).toBe(true);
    expect(
      ['07700 900411', '+44 7700 900411', '447700900411', '+0447700900411', '+44', ''].some(isE164),
    ).toBe(false);
  });
});
