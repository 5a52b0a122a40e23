/**
 * What a member of staff types into the search box decides what is looked up: a reference opens
 * that enquiry, an exact fact is looked up normalised (so `07700 900123` finds `+447700900123`),
 * anything else is name words.
 */
import { describe, expect, it } from 'vitest';
import { planSearch } from '../../shared/finding/search-plan';

describe('planSearch', () => {
  it('reads a reference in any case, with or without its prefix spelled out', () => {
    expect(planSearch('send-7k3m9q')).toEqual({ kind: 'reference', reference: 'SEND-7K3M9Q' });
    expect(planSearch('  SEND 7K3M9Q ')).toEqual({ kind: 'reference', reference: 'SEND-7K3M9Q' });
  });

  it('looks up an address, a number, a date of birth, a postcode and an outward code normalised', () => {
    expect(planSearch(' Ann.Archer@Example.org ')).toEqual({
      kind: 'exact',
      what: 'email',
      value: 'ann.archer@example.org',
    });
    expect(planSearch('07700 900123')).toEqual({ kind: 'exact', what: 'phone', value: '+447700900123' });
    expect(planSearch('02/04/2015')).toEqual({ kind: 'exact', what: 'date-of-birth', value: '2015-04-02' });
    expect(planSearch('ct9 2ab')).toEqual({ kind: 'exact', what: 'postcode', value: 'CT92AB' });
    expect(planSearch('CT9')).toEqual({ kind: 'exact', what: 'outward-code', value: 'CT9' });
  });

  it('treats other text as name words and refuses an empty box', () => {
    expect(planSearch('Ben Blake')).toEqual({ kind: 'name', words: ['ben', 'blake'] });
    expect(planSearch('   ').kind).toBe('nothing');
  });
});
