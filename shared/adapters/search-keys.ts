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
  | 'child-match';

/** The facts an enquiry is found by exactly, one partition each (the others are name words and postcodes). */
export type ExactTerm = Exclude<SearchTermKind, 'name' | 'child-name' | 'postcode'>;

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
  'child-match': 'CHILDKEY',
};

/** GSI6 partition of an exact fact, e.g. `FIND#PHONE#+447700900123`. */
export function exactPartition(kind: ExactTerm, value: string): string {
  return `${SEARCH_KEY_PREFIX}${EXACT_PARTITION[kind]}#${value}`;
}

/**
 * Where a postcode's key is: the GSI6 partition of its outward code (`FIND#PC#CT9`) and the start
 * of its sort key there (the inward code, `2AB#`, then `<receivedAt>#<id>`). One key serves both
 * searches: a postcode is the entries under its prefix, newest first; an outward code is every
 * entry of the partition, put in time order by the reader. Null for what is not a full postcode.
 */
export function postcodePlace(postcode: string): { partition: string; prefix: string } | null {
  const outward = outwardCode(postcode);
  if (outward === null || !postcode.startsWith(outward) || postcode.length === outward.length) return null;
  return { partition: outwardPartition(outward), prefix: `${postcode.slice(outward.length)}#` };
}

/** GSI6 partition of every postcode in an outward code, e.g. `FIND#PC#CT9` (see `postcodePlace`). */
export function outwardPartition(outward: string): string {
  return `${SEARCH_KEY_PREFIX}PC#${outward}`;
}

/**
 * GSI6 partitions of postcodes and outward codes written before one key served both (`FIND#POSTCODE#`,
 * `FIND#OUTWARD#`), and of child records before GSI8; read beside the current ones until
 * `send-hub search-keys backfill` has replaced them.
 */
export const LEGACY_PARTITIONS = {
  postcode: (postcode: string) => `${SEARCH_KEY_PREFIX}POSTCODE#${postcode}`,
  outward: (outward: string) => `${SEARCH_KEY_PREFIX}OUTWARD#${outward}`,
  child: (childId: string) => `${SEARCH_KEY_PREFIX}CHILD#${childId}`,
} as const;

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
  const exact = (term: ExactTerm, value: string | null) => {
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
  const place = postcode === null ? null : postcodePlace(postcode);
  if (postcode !== null && place !== null) {
    add('postcode', `POSTCODE#${postcode}`, place.partition, `${place.prefix}${sort}`);
  }
  exact('child-match', childMatchKey(enquiry.child));
  // The child record is not a search key: the enquiry item carries it as GSI8's key (indexKeysFor).
  return [...items.values()];
}
