/**
 * Search keys: how an enquiry is found by what staff type. Each normalised fact of an enquiry
 * (every address and number its enquirer is known by, each word of the enquirer's and the child's
 * names, the child's date of birth and postcode) is one small item in the
 * enquiry's own partition (`ENQ#<id>` / `FIND#<term>`) carrying the sparse GSI6 keys. Living in the
 * enquiry's partition, they are deleted with it (retention deletes a partition); a change moves
 * them in its transaction, a new enquiry's follow in a batch after it. Pure; docs/data-model.md
 * explains the access patterns.
 */
import { type Enquiry, toInstant } from '../domain/enquiry';
import {
  childMatchKey,
  isE164,
  nameTokens,
  normaliseEmail,
  normalisePostcode,
  outwardCode,
} from '../domain/people';
import { enquiryKey, type TableKey } from './dynamo-keys';

/** SK prefix of search-key items inside an enquiry's partition. */
export const SEARCH_KEY_PREFIX = 'FIND#';

/** Name words shorter than this are their own partition; longer ones share one per first letters. */
export const NAME_PREFIX_LENGTH = 3;

export type SearchTermKind =
  | 'email'
  | 'phone'
  | 'name'
  | 'child-name'
  | 'date-of-birth'
  | 'postcode'
  | 'outward-code'
  | 'child-match';

/** The facts an enquiry is found by exactly (the others are name words). */
export type ExactTerm = Exclude<SearchTermKind, 'name' | 'child-name'>;

/** One search-key item of an enquiry. */
export interface SearchKeyItem extends TableKey {
  kind: 'search-key';
  term: SearchTermKind;
  enquiryId: string;
  GSI6PK: string;
  GSI6SK: string;
}

const EXACT_PARTITION: Record<ExactTerm, string> = {
  email: 'EMAIL',
  phone: 'PHONE',
  'date-of-birth': 'DOB',
  postcode: 'POSTCODE',
  'outward-code': 'OUTWARD',
  'child-match': 'CHILDKEY',
};

/**
 * GSI6 partition of the child-record keys written before the child record moved to GSI8 (keys the
 * enquiry item carries); read beside GSI8 until `send-hub search-keys backfill` has removed them.
 */
export const LEGACY_CHILD_PARTITION_PREFIX = `${SEARCH_KEY_PREFIX}CHILD#`;

/** GSI6 partition of an exact fact, e.g. `FIND#PHONE#+447700900123`. */
export function exactPartition(kind: ExactTerm, value: string): string {
  return `${SEARCH_KEY_PREFIX}${EXACT_PARTITION[kind]}#${value}`;
}

/** GSI6 partition holding every name word starting with the same letters, e.g. `FIND#NAME#blo`. */
export function namePartition(word: string): string {
  return `${SEARCH_KEY_PREFIX}NAME#${word.slice(0, NAME_PREFIX_LENGTH)}`;
}

/** Every search-key item an enquiry must have now (the repository writes the difference). */
export function searchKeyItems(enquiry: Enquiry): SearchKeyItem[] {
  const at = toInstant(enquiry.receivedAt);
  const sort = `${at}#${enquiry.id}`;
  const items = new Map<string, SearchKeyItem>();
  const add = (term: SearchTermKind, skTerm: string, GSI6PK: string, GSI6SK: string) => {
    const SK = `${SEARCH_KEY_PREFIX}${skTerm}`;
    items.set(SK, {
      PK: enquiryKey(enquiry.id).PK,
      SK,
      kind: 'search-key',
      term,
      enquiryId: enquiry.id,
      GSI6PK,
      GSI6SK,
    });
  };
  const exact = (term: Exclude<SearchTermKind, 'name' | 'child-name'>, value: string | null) => {
    if (value === null || value === '') return;
    add(term, `${EXACT_PARTITION[term]}#${value}`, exactPartition(term, value), sort);
  };
  const words = (term: 'name' | 'child-name', name: string | null) => {
    if (name === null) return;
    for (const word of nameTokens(name)) {
      add(term, `${term === 'name' ? 'NAME' : 'CHILDNAME'}#${word}`, namePartition(word), `${word}#${sort}`);
    }
  };

  const emails = [enquiry.requester.email, ...enquiry.knownEmails];
  for (const email of emails) exact('email', email === null ? null : normaliseEmail(email));
  // Stored numbers are E.164 (the backfill rewrote older ones), keyed as they are: parsing them
  // here would put the numbering plans into every function that saves an enquiry.
  for (const phone of [enquiry.requester.phone, ...enquiry.knownPhones]) {
    exact('phone', phone !== null && isE164(phone) ? phone : null);
  }
  words('name', enquiry.requester.name);
  words('child-name', enquiry.child.name);
  exact('date-of-birth', enquiry.child.dateOfBirth);
  const postcode = enquiry.child.postcode === null ? null : normalisePostcode(enquiry.child.postcode);
  exact('postcode', postcode);
  exact('outward-code', postcode === null ? null : outwardCode(postcode));
  exact('child-match', childMatchKey(enquiry.child));
  // The child record is not a search key: the enquiry item carries it as GSI8's key (indexKeysFor).
  return [...items.values()];
}
