/**
 * What to look up for what someone typed into the search box: a reference, an exact fact the
 * enquiries are found by (`FindableFact`), or name words. Pure.
 */
import { findReference, isReference } from '../domain/enquiry';
import {
  nameTokens,
  normaliseEmail,
  normalisePostcode,
  outwardCode,
  parseDateOfBirth,
} from '../domain/people';
import { toE164 } from '../domain/phone-numbers';
import type { FindableFact } from './ports';

/** What to look up for a search box's text. */
export type SearchPlan =
  | { kind: 'reference'; reference: string }
  | {
      kind: 'exact';
      what: FindableFact;
      value: string;
    }
  | { kind: 'name'; words: string[] }
  | { kind: 'nothing'; reason: string };

const PHONE_LIKE = /^\+?[\d\s().-]{7,20}$/;

/**
 * Reads what someone typed into the search box: a reference (`SEND-7K3M9Q`, any case), an email
 * address, a phone number in any format (matched as E.164), a date of birth (`2015-04-02`,
 * `02/04/2015`, `2 April 2015`), a postcode or an outward code, else a name (every word must
 * start a word of the enquirer's or the child's name).
 */
export function planSearch(text: string): SearchPlan {
  const query = text.trim().replace(/\s+/g, ' ');
  if (query === '') return { kind: 'nothing', reason: 'type something to search for' };
  const upper = query.toUpperCase().replace(/^SEND\s*-?\s*/, 'SEND-');
  if (isReference(upper)) return { kind: 'reference', reference: upper };
  const inText = findReference(query);
  if (inText !== null && inText.length >= query.length - 2) return { kind: 'reference', reference: inText };
  const email = query.includes('@') ? normaliseEmail(query) : null;
  if (email !== null) return { kind: 'exact', what: 'email', value: email };
  const date = parseDateOfBirth(query);
  if (date !== null) {
    return { kind: 'exact', what: 'date-of-birth', value: date };
  }
  if (PHONE_LIKE.test(query)) {
    const phone = toE164(query);
    if (phone !== null) return { kind: 'exact', what: 'phone', value: phone };
  }
  const postcode = normalisePostcode(query);
  if (postcode !== null) {
    return { kind: 'exact', what: 'postcode', value: postcode };
  }
  const outward = /\d/.test(query) ? outwardCode(query) : null;
  if (outward !== null) {
    return { kind: 'exact', what: 'outward-code', value: outward };
  }
  const words = [...new Set(nameTokens(query))];
  if (words.length === 0)
    return {
      kind: 'nothing',
      reason: 'search for a reference, name, email, phone, date of birth or postcode',
    };
  return { kind: 'name', words: words.slice(0, 4) };
}
