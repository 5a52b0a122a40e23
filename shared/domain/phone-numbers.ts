/**
 * Phone numbers as the hub keeps them: E.164, from whatever staff and enquirers type, and the
 * numbers an enquirer gives in their own text (a signature). Apart from `people.ts` because
 * libphonenumber-js and its numbering plans weigh ~125 KB in a function's bundle. Pure.
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Enquiry } from './enquiry';
import { addKnown, MAX_KNOWN_NUMBERS, ownText } from './people';

/**
 * E.164 form of a phone number (UK numbers may be written nationally), or null when it cannot be a
 * phone number. "Possible" (right length for its country) rather than "valid" is checked on purpose:
 * allocation metadata lags Ofcom, and a caller's real number must never be refused for that.
 */
export function toE164(phone: string, defaultCountry: 'GB' = 'GB'): string | null {
  const parsed = parsePhoneNumberFromString(phone, defaultCountry);
  return parsed?.isPossible() === true ? parsed.number : null;
}

/**
 * Phone numbers written in the enquirer's own text (a signature, "call me on ..."), as E.164, in
 * the order they appear, at most {@link MAX_KNOWN_NUMBERS}. Quoted text is ignored.
 */
export function phonesInText(body: string): string[] {
  const found: string[] = [];
  // `extended` finds possible numbers, not only allocated ones (see `toE164`).
  for (const match of findPhoneNumbersInText(ownText(body), { defaultCountry: 'GB', extended: true })) {
    const number = match.number;
    if (!number.isPossible() || found.includes(number.number)) continue;
    found.push(number.number);
    if (found.length >= MAX_KNOWN_NUMBERS) break;
  }
  return found;
}

/** A stored number in E.164 when it can be one; kept as it was otherwise (never lost). */
function storedE164(phone: string): string {
  return toE164(phone) ?? phone;
}

/**
 * The enquiry with its requester's number and its known numbers in E.164 (enquiries stored before
 * numbers were normalised keep national forms such as `07700 900123`): numbers that cannot be
 * phone numbers are kept as they are, and two forms of one number become one. The same enquiry
 * object when nothing changes. Used by `send-hub search-keys backfill`.
 */
export function withPhonesInE164(enquiry: Enquiry): Enquiry {
  const phone = enquiry.requester.phone === null ? null : storedE164(enquiry.requester.phone);
  const knownPhones = addKnown([], enquiry.knownPhones.map(storedE164), MAX_KNOWN_NUMBERS);
  const same =
    phone === enquiry.requester.phone &&
    knownPhones.length === enquiry.knownPhones.length &&
    knownPhones.every((known, index) => known === enquiry.knownPhones[index]);
  return same ? enquiry : { ...enquiry, requester: { ...enquiry.requester, phone }, knownPhones };
}
