/**
 * Literal "needles" of a pattern: lower-case strings of which every match must contain at least
 * one. Triage first checks the (lower-cased) text for a cue's needles with a plain substring
 * search and runs the regex only when one is there: most cues occur in no given message, and a
 * substring search costs a fraction of a regex scan. The analysis is conservative: whatever it
 * does not understand (lookarounds, back-references, optional parts) yields no needle from that
 * part, and a pattern it cannot vouch for gets `null` (always run the regex).
 */

type Needles = readonly string[] | null;

/** Words and word pieces found in nearly every text. */
const ALWAYS = new Set(
  [
    'a an and are as at be by can do for from had has have he her him his i in is it me my no not of on or our',
    "she that the their them they this to us was we were will with you your am im i'm i've it's don't can't",
    'ing ed es ion er ly st nd rd th re un en s p',
  ]
    .join(' ')
    .split(' '),
);

/** Words found in most enquiries (English and SEND). */
const OFTEN = new Set(
  [
    'would could should what when where which who how about been there after before because just know like',
    'also into more some any all one two time now still get got go going day days week weeks month months new',
    'said told asked help please thanks thank school schools college plan plans ehcp ehc son daughter child',
    "children home year send sen support needs need team council review mum dad parent parents he's she's",
  ]
    .join(' ')
    .split(' '),
);

/** A rough chance that a needle occurs in a message. Only speed depends on it, never the result. */
function chanceOf(needle: string): number {
  if (ALWAYS.has(needle)) return 0.99;
  if (OFTEN.has(needle)) return 0.8;
  if (needle.length <= 3) return 0.5;
  if (needle.length <= 5) return 0.2;
  return needle.length <= 7 ? 0.05 : 0.02;
}

/** Index just after the `]` closing the class that starts at `start` (`[`). */
function endOfClass(source: string, start: number): number {
  let index = start + 1;
  if (source[index] === '^') index += 1;
  if (source[index] === ']') index += 1;
  while (index < source.length && source[index] !== ']') index += source[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** Index just after the `)` closing the group that starts at `start` (`(`). */
function endOfGroup(source: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') index += 2;
    else if (char === '[') index = endOfClass(source, index);
    else {
      if (char === '(') depth += 1;
      else if (char === ')') {
        depth -= 1;
        if (depth === 0) return index + 1;
      }
      index += 1;
    }
  }
  return source.length;
}

/** Splits a source at its top-level `|`. */
function alternatives(source: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') index += 2;
    else if (char === '[') index = endOfClass(source, index);
    else if (char === '(') index = endOfGroup(source, index);
    else {
      if (char === '|') {
        parts.push(source.slice(start, index));
        start = index + 1;
      }
      index += 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/** Reads a quantifier at `index`: whether it allows zero repetitions, and where it ends. */
function quantifierAt(source: string, index: number): { optional: boolean; repeats: boolean; end: number } {
  const char = source[index];
  let end = index;
  let optional = false;
  let repeats = false;
  if (char === '?' || char === '*' || char === '+') {
    optional = char !== '+';
    repeats = char !== '?';
    end = index + 1;
  } else if (char === '{') {
    const match = /^\{(\d*)(,?)(\d*)\}/.exec(source.slice(index));
    if (match) {
      optional = Number(match[1] || '0') === 0;
      repeats = match[2] === ',' || Number(match[3] || match[1]) > 1;
      end = index + match[0].length;
    }
  }
  if (end > index && source[end] === '?') end += 1; // lazy
  return { optional, repeats, end };
}

const LITERAL_ESCAPE = /^[.\\/()[\]{}|?*+^$'"&,:;!@#%=<>~`-]$/;

/** Needles of one alternative: the option (literal run or required group) with the longest shortest needle. */
function sequenceNeedles(source: string, depth: number): Needles {
  const options: Array<readonly string[]> = [];
  let run = '';
  const endRun = (): void => {
    if (run.length > 0) options.push([run]);
    run = '';
  };
  let index = 0;
  while (index < source.length) {
    const char = source[index] ?? '';
    let literal: string | null = null;
    let next = index + 1;
    let groupNeedles: Needles | undefined;
    if (char === '\\') {
      const escaped = source[index + 1] ?? '';
      next = index + 2;
      if (escaped === 'p' || escaped === 'P' || escaped === 'u' || escaped === 'x') {
        const close = escaped === 'p' || escaped === 'P' ? source.indexOf('}', index) : -1;
        next = close >= 0 ? close + 1 : index + (escaped === 'x' ? 4 : 6);
      } else if (LITERAL_ESCAPE.test(escaped)) literal = escaped;
    } else if (char === '[') {
      next = endOfClass(source, index);
    } else if (char === '(') {
      next = endOfGroup(source, index);
      const inner = source.slice(index + 1, next - 1);
      if (
        inner.startsWith('?=') ||
        inner.startsWith('?!') ||
        inner.startsWith('?<=') ||
        inner.startsWith('?<!')
      ) {
        groupNeedles = null; // zero-width: requires nothing of the match itself
      } else {
        const body = inner.startsWith('?:')
          ? inner.slice(2)
          : inner.startsWith('?<')
            ? inner.slice(inner.indexOf('>') + 1)
            : inner;
        groupNeedles = depth > 8 ? null : patternNeedles(body, depth + 1);
      }
    } else if (char === ' ' || char === '.' || char === '^' || char === '$') {
      literal = null;
    } else if (char === ')' || char === '|') {
      return null; // unbalanced: do not vouch for it
    } else {
      literal = char.toLowerCase();
    }
    const quantifier = quantifierAt(source, next);
    if (quantifier.end > next) next = quantifier.end;
    if (literal !== null && !quantifier.optional) {
      run += literal;
      if (quantifier.repeats) endRun();
    } else {
      endRun();
      if (groupNeedles && !quantifier.optional) options.push(groupNeedles);
    }
    index = next;
  }
  endRun();
  // Keep the option least likely to be found in any text: it filters best. Correctness does not
  // depend on the choice, since any required option will do.
  let best: readonly string[] | null = null;
  let bestChance = Number.POSITIVE_INFINITY;
  for (const option of options) {
    const chance = 1 - option.reduce((none, needle) => none * (1 - chanceOf(needle)), 1);
    if (chance < bestChance) {
      best = option;
      bestChance = chance;
    }
  }
  return best;
}

/** Needles of a whole pattern (every alternative must yield some), or null. */
export function patternNeedles(source: string, depth = 0): Needles {
  const needles = new Set<string>();
  for (const alternative of alternatives(source)) {
    const found = sequenceNeedles(alternative, depth);
    if (found === null || found.length === 0) return null;
    for (const needle of found) needles.add(needle);
  }
  return [...needles];
}

/**
 * All needles of many patterns, indexed by their first two characters, so one pass over a text
 * finds every needle it contains (overlapping ones included).
 */
export class NeedleIndex {
  /** Needles of 3+ code units by their first three, packed into one number (no string per position). */
  private readonly byTrigram = new Map<number, string[]>();
  /** Needles of 2 code units, packed the same way. */
  private readonly pairs = new Map<number, string>();
  private readonly single: string[] = [];

  constructor(needles: Iterable<string>) {
    for (const needle of new Set(needles)) {
      if (needle.length === 0) continue;
      if (needle.length === 1) this.single.push(needle);
      else if (needle.length === 2)
        this.pairs.set(needle.charCodeAt(0) * 65_536 + needle.charCodeAt(1), needle);
      else {
        const key = (needle.charCodeAt(0) * 65_536 + needle.charCodeAt(1)) * 65_536 + needle.charCodeAt(2);
        const list = this.byTrigram.get(key) ?? [];
        list.push(needle);
        this.byTrigram.set(key, list);
      }
    }
  }

  /** The needles that occur in `lowered` (a lower-cased text). */
  find(lowered: string): ReadonlySet<string> {
    const found = new Set<string>();
    for (const needle of this.single) if (lowered.includes(needle)) found.add(needle);
    const length = lowered.length;
    let first = lowered.charCodeAt(0);
    let second = lowered.charCodeAt(1);
    for (let index = 0; index < length - 1; index += 1) {
      const pairKey = first * 65_536 + second;
      const pair = this.pairs.get(pairKey);
      if (pair !== undefined) found.add(pair);
      if (index < length - 2) {
        const third = lowered.charCodeAt(index + 2);
        const list = this.byTrigram.get(pairKey * 65_536 + third);
        if (list !== undefined) {
          for (const needle of list)
            if (!found.has(needle) && lowered.startsWith(needle, index)) found.add(needle);
        }
        first = second;
        second = third;
      }
    }
    return found;
  }
}
