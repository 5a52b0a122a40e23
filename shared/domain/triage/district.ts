/**
 * District: where the child lives. Postcodes and place names are found in the text and weighed by
 * their context: "we live in X", an address line or the child's postcode on a phone log count
 * most; "before we lived in X" or "moved from X" not at all; a school's town ("a school in X",
 * "X Primary School") only when nothing else says; a professional's or MP's office address never.
 * Words that are also towns ("Deal", "Sandwich") need a preposition or a postcode.
 */
import { byChannel } from '../channels';
import type { IntakeMessage } from '../intake-message';
import type { District, Role } from '../taxonomy';
import { type CompiledRules, foldPlaceName } from './compiled-rules';
import type { Sentence } from './prepared-text';

export interface DistrictDecision {
  readonly district: District;
  readonly reason: string;
}

interface Mention {
  readonly district: District;
  readonly weight: number;
  readonly label: string;
  readonly order: number;
}

type Context = 'home' | 'past' | 'school' | 'constituency' | 'plain';

const FULL_POSTCODE = /\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})\b/g;
const OUTWARD_CODE = /\b([A-Z]{1,2}\d[A-Z\d]?)\b/g;
const CLAUSE_CUT = /\b(?:but|however|whereas|although|though|and|while|whilst|now)\b|;/giu;
const WINDOW = 90;
/** A "we live in" cue counts only this close before the place (characters)... */
const CUE_REACH = 50;
/** ...and a "we used to live in" cue only this close: it names the very next place. */
const PAST_REACH = 30;
/** Before a lower-case ambiguous name ("i live in deal"): only a plain statement of home counts. */
const LOWER_CASE_HOME =
  /\b(?:live|lives|living|based|moved|moving|stay|stays|staying)\s+(?:in|to|near)\s+$|\b(?:i'?m|i am|we'?re|we are) from\s+$/iu;
const RESIDENT_ROLES: ReadonlySet<Role> = new Set(['parent', 'young-person', 'other']);

function textBefore(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - WINDOW), index);
  let cut = 0;
  CLAUSE_CUT.lastIndex = 0;
  for (let match = CLAUSE_CUT.exec(before); match !== null; match = CLAUSE_CUT.exec(before)) {
    cut = match.index + match[0].length;
  }
  return before.slice(cut);
}

/** End index of the last match of a global regex in `text`, or -1. */
function lastEnd(regex: RegExp, text: string): number {
  let end = -1;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    end = match.index + match[0].length;
    if (match[0].length === 0) regex.lastIndex += 1;
  }
  return end;
}

function classify(text: string, index: number, length: number, rules: CompiledRules): Context {
  const district = rules.district;
  const before = textBefore(text, index);
  const after = text.slice(index + length, index + length + 60);
  if (district.homeAfter.test(after)) return 'home';
  // The nearest cue wins ("moved from Swanley to Crowborough"), if it is close enough to count.
  const reach = before.length - CUE_REACH;
  const home = lastEnd(district.homeBefore, before);
  const past = lastEnd(district.pastBefore, before);
  if (past >= 0 && past >= before.length - PAST_REACH && past >= home) return 'past';
  if (home >= 0 && home >= reach) return 'home';
  return classifyRest(before, after, rules);
}

function classifyRest(before: string, after: string, rules: CompiledRules): Context {
  const district = rules.district;
  if (district.constituencyBefore.test(before)) return 'constituency';
  if (district.schoolBefore.test(before) || district.organisationAfter.test(after)) return 'school';
  return 'plain';
}

function contextLabel(context: Context): string {
  switch (context) {
    case 'home':
      return ', where the child lives';
    case 'school':
      return ', the school';
    case 'constituency':
      return ', the constituency';
    default:
      return '';
  }
}

interface Found {
  readonly district: District;
  readonly index: number;
  readonly length: number;
  readonly base: number;
  readonly label: string;
}

/** Postcodes in a sentence: full ones of any UK area, outward codes of the council's areas. */
function findPostcodes(text: string, rules: CompiledRules): Found[] {
  const gazetteer = rules.gazetteer;
  const weights = rules.file.districts.weights;
  const found: Found[] = [];
  const taken: Array<[number, number]> = [];
  FULL_POSTCODE.lastIndex = 0;
  for (let match = FULL_POSTCODE.exec(text); match !== null; match = FULL_POSTCODE.exec(text)) {
    const outward = (match[1] ?? '').toUpperCase();
    const area = /^[A-Z]+/.exec(outward)?.[0] ?? '';
    const code = `${outward} ${(match[2] ?? '').toUpperCase()}`;
    if (gazetteer.councilAreas.has(area)) {
      const entry = gazetteer.postcodeDistricts[outward];
      if (!entry) continue;
      const base = entry.uncertain ? weights.fullPostcode / 2 : weights.fullPostcode;
      found.push({
        district: entry.district,
        index: match.index,
        length: match[0].length,
        base,
        label: `postcode ${code}`,
      });
      taken.push([match.index, match.index + match[0].length]);
    } else if (gazetteer.otherAreas.has(area)) {
      found.push({
        district: 'out-of-area',
        index: match.index,
        length: match[0].length,
        base: weights.fullPostcode,
        label: `postcode ${code}`,
      });
      taken.push([match.index, match.index + match[0].length]);
    }
  }
  OUTWARD_CODE.lastIndex = 0;
  for (let match = OUTWARD_CODE.exec(text); match !== null; match = OUTWARD_CODE.exec(text)) {
    const start = match.index;
    if (taken.some(([from, to]) => start >= from && start < to)) continue;
    const outward = match[1] ?? '';
    const area = /^[A-Z]+/.exec(outward)?.[0] ?? '';
    const entry = gazetteer.councilAreas.has(area) ? gazetteer.postcodeDistricts[outward] : undefined;
    if (!entry) continue;
    const base = entry.uncertain ? weights.outwardCode / 2 : weights.outwardCode;
    found.push({
      district: entry.district,
      index: start,
      length: outward.length,
      base,
      label: `postcode ${outward}`,
    });
  }
  return found;
}

/** Place names in a sentence, skipping streets ("Wrotham Road") and people ("Mrs Dover"). */
function findPlaces(text: string, rules: CompiledRules): Found[] {
  const gazetteer = rules.gazetteer;
  const district = rules.district;
  const base = rules.file.districts.weights.place;
  const found: Found[] = [];
  const consider = (match: RegExpExecArray, ambiguous: boolean): void => {
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 50);
    if (district.personBefore.test(before) || district.streetAfter.test(after)) return;
    // "Jo Ashford" at the start of a line or sentence is a person, "In Ashford" is not.
    const lead = /^\s*(\p{Lu}[\p{Ll}'-]+)\s+$/u.exec(text.slice(0, match.index))?.[1];
    if (lead !== undefined && !district.sentenceOpeners.has(lead.toLowerCase())) return;
    if (ambiguous) {
      // "in Deal" names a town; "i live in deal" does too, but "a deal" or "to deal with" does not.
      const lowerCase = /^\p{Ll}/u.test(match[0]);
      if (lowerCase ? !LOWER_CASE_HOME.test(before) : !district.ambiguousBefore.test(before)) {
        if (lowerCase || !/^[\s,(]*[A-Z]{1,2}\d/.test(after)) return;
      }
    }
    const districts = gazetteer.lookup.get(foldPlaceName(match[0])) ?? [];
    // A name shared by two districts (Minster) decides nothing on its own.
    if (districts.length !== 1) return;
    const [only] = districts;
    if (only === undefined) return;
    found.push({ district: only, index: match.index, length: match[0].length, base, label: match[0] });
  };
  for (const [regex, ambiguous] of [
    [gazetteer.places, false],
    [gazetteer.ambiguous, true],
  ] as const) {
    if (regex === null) continue;
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) consider(match, ambiguous);
  }
  return found;
}

function weigh(found: Found, context: Context, rules: CompiledRules): number {
  const weights = rules.file.districts.weights;
  switch (context) {
    case 'home':
      return found.base + weights.home;
    case 'past':
      return 0;
    case 'school':
      return weights.school;
    case 'constituency':
      return weights.constituency;
    default:
      return found.base;
  }
}

/** Decides the district from the sentences (and the child's postcode on a phone log). */
export function decideDistrict(
  intake: IntakeMessage,
  sentences: readonly Sentence[],
  role: Role,
  rules: CompiledRules,
): DistrictDecision {
  const weights = rules.file.districts.weights;
  const mentions: Mention[] = [];
  let order = 0;
  const schoolDistricts = new Set<District>();
  const childPostcode = byChannel(intake, { email: () => null, phone: (call) => call.child.postcode });
  if (childPostcode) {
    for (const found of findPostcodes(childPostcode.toUpperCase(), rules)) {
      mentions.push({
        district: found.district,
        weight: weights.childPostcode * (found.base < weights.outwardCode ? 0.5 : 1),
        label: `child's ${found.label}`,
        order: order++,
      });
    }
  }
  for (const sentence of sentences) {
    const found = [...findPostcodes(sentence.text, rules), ...findPlaces(sentence.text, rules)].sort(
      (a, b) => a.index - b.index,
    );
    if (found.length === 0) continue;
    // A signature's address belongs to the writer: a family's home, a school's site, or an
    // office that says nothing about where the child lives.
    const writerRole: Role = sentence.segment === 0 ? role : 'parent';
    const organisationLine =
      sentence.signature && (rules.district.schoolWords.test(sentence.text) || /\|/.test(sentence.text));
    for (const item of found) {
      let context: Context;
      if (sentence.source === 'school') context = 'school';
      else if (sentence.signature) {
        if (writerRole === 'school') context = 'school';
        else if (RESIDENT_ROLES.has(writerRole) && !organisationLine) context = 'home';
        else continue;
      } else context = classify(sentence.text, item.index, item.length, rules);
      const weight = weigh(item, context, rules);
      if (weight <= 0) continue;
      // Naming the same school or school town again is not more evidence of where the child lives:
      // a preferred school discussed at length must not outweigh the school the child attends.
      if (context === 'school') {
        if (schoolDistricts.has(item.district)) continue;
        schoolDistricts.add(item.district);
      }
      mentions.push({
        district: item.district,
        weight,
        label: `${item.label}${contextLabel(context)}`,
        order: order++,
      });
    }
  }
  if (mentions.length === 0) {
    return { district: 'unknown', reason: 'district: unknown (no postcode, town or school place found)' };
  }
  const totals = new Map<District, { total: number; strongest: Mention }>();
  for (const mention of mentions) {
    const entry = totals.get(mention.district);
    if (entry === undefined) totals.set(mention.district, { total: mention.weight, strongest: mention });
    else {
      entry.total += mention.weight;
      if (mention.weight > entry.strongest.weight) entry.strongest = mention;
    }
  }
  const ranked = [...totals.entries()].sort(
    (a, b) =>
      b[1].total - a[1].total ||
      b[1].strongest.weight - a[1].strongest.weight ||
      a[1].strongest.order - b[1].strongest.order,
  );
  const [best, second] = ranked;
  if (!best) return { district: 'unknown', reason: 'district: unknown' };
  const others = second ? `; also ${second[0]} (${second[1].strongest.label})` : '';
  return {
    district: best[0],
    reason: `district: ${best[0]} (${best[1].strongest.label})${others}`,
  };
}
