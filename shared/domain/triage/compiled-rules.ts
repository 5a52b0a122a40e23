/**
 * Compiles validated triage rules into regular expressions once per rules object (a WeakMap
 * cache), so triaging thousands of messages compiles nothing after the first.
 */
import type { District, Role, Topic } from '../taxonomy';
import type { CompiledLexicon } from './language/lexicon';
import { NeedleIndex, patternNeedles } from './pattern-needles';
import type { Gazetteer, SignalCueInput, SignalGroup, TriageRules, TriageRulesFile } from './rules-schema';

/** A compiled cue: a global regex plus the vetoes checked in the same sentence. */
export interface Cue {
  readonly source: string;
  readonly regex: RegExp;
  /** Lower-case strings of which every match contains one (null: no cheap test, always run the regex). */
  readonly needles: readonly string[] | null;
  readonly weight: number;
  readonly unless: readonly RegExp[];
}

export interface CompiledGroup {
  readonly id: string;
  readonly label: string;
  readonly negationWindow: number;
  readonly hypotheticalSilences: boolean;
  readonly happeningNow: boolean;
  readonly cues: readonly Cue[];
}

export interface RoleCueCompiled extends Cue {
  readonly role: Role;
  readonly where: ReadonlySet<string>;
  readonly negatable: boolean;
}

export interface CompiledLanguage {
  readonly negation: RegExp;
  readonly clauseBreak: RegExp;
  readonly hypothetical: RegExp;
  readonly hypotheticalWindow: number;
  readonly boilerplate: readonly RegExp[];
  readonly subjectBoilerplate: readonly RegExp[];
  readonly signOff: RegExp;
  readonly forwardMarker: RegExp;
  readonly ask: RegExp;
  readonly aside: RegExp;
}

export interface CompiledGazetteer {
  readonly councilAreas: ReadonlySet<string>;
  readonly otherAreas: ReadonlySet<string>;
  readonly postcodeDistricts: Gazetteer['postcodeDistricts'];
  /** Every unambiguous place name, longest first, case-blind. */
  readonly places: RegExp | null;
  /** Ambiguous place names, case-blind; a match needs context (lower case needs more). */
  readonly ambiguous: RegExp | null;
  /** Lower-cased name (spaces and hyphens folded to one space) to its districts. */
  readonly lookup: ReadonlyMap<string, readonly District[]>;
}

export interface CompiledRules {
  readonly file: TriageRulesFile;
  /** The language triage understands (compiled when it was parsed). */
  readonly lexicon: CompiledLexicon;
  readonly maxTextLength: number;
  readonly language: CompiledLanguage;
  readonly topicCues: ReadonlyArray<{ readonly topic: Topic; readonly cue: Cue }>;
  readonly urgent: readonly CompiledGroup[];
  readonly high: readonly CompiledGroup[];
  readonly upcoming: readonly Cue[];
  readonly missed: readonly Cue[];
  readonly deadlineUnless: readonly RegExp[];
  readonly roleCues: readonly RoleCueCompiled[];
  readonly district: {
    readonly homeBefore: RegExp;
    readonly homeAfter: RegExp;
    readonly pastBefore: RegExp;
    readonly schoolBefore: RegExp;
    readonly constituencyBefore: RegExp;
    readonly organisationAfter: RegExp;
    readonly schoolWords: RegExp;
    readonly streetAfter: RegExp;
    readonly personBefore: RegExp;
    readonly ambiguousBefore: RegExp;
    readonly sentenceOpeners: ReadonlySet<string>;
  };
  readonly gazetteer: CompiledGazetteer;
  /** Every needle of every cue, to find in one pass which cues can possibly match a message. */
  readonly needleIndex: NeedleIndex;
}

// Word characters for whole-word matching: Latin letters (with accents), digits, underscore. An
// explicit class, because a Unicode property class in a lookbehind makes every regex ~5x slower.
const WORD_CHAR = 'A-Za-z0-9_\\u00C0-\\u024F';
const WORD_EDGE_BEFORE = `(?<![${WORD_CHAR}])`;
const WORD_EDGE_AFTER = `(?![${WORD_CHAR}])`;
const NEVER = /(?!)/u;

/** Turns literal spaces outside character classes into "any run of spaces, line breaks or hyphens". */
export function flexibleSpaces(source: string): string {
  let out = '';
  let inClass = false;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index] ?? '';
    if (char === '\\') {
      out += char + (source[index + 1] ?? '');
      index += 1;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    if (char === ' ' && !inClass) {
      // Collapse a run of spaces in the pattern into one flexible gap; keep its quantifier
      // ("EHC ?P" is an optional gap, not a required one).
      while (source[index + 1] === ' ') index += 1;
      const quantifier = source[index + 1];
      if (quantifier === '?' || quantifier === '*') {
        out += '[\\s\\-]*';
        index += 1;
      } else if (quantifier === '+') {
        out += '[\\s\\-]+';
        index += 1;
      } else {
        out += '[\\s\\-]+';
      }
      continue;
    }
    out += char;
  }
  return out;
}

/** A whole-word, case-blind (unless told) global regex of one pattern. */
export function wordRegex(source: string, caseSensitive = false, global = true): RegExp {
  const flags = `${global ? 'g' : ''}u${caseSensitive ? '' : 'i'}`;
  return new RegExp(`${WORD_EDGE_BEFORE}(?:${flexibleSpaces(source)})${WORD_EDGE_AFTER}`, flags);
}

/** One non-global regex matching any of the patterns as whole words. */
function anyOf(
  sources: readonly string[],
  options: { anchorEnd?: boolean; anchorStart?: boolean; global?: boolean; caseSensitive?: boolean } = {},
): RegExp {
  if (sources.length === 0) return options.global === true ? /(?!)/gu : NEVER;
  const body = sources.map((source) => `(?:${flexibleSpaces(source)})`).join('|');
  const start = options.anchorStart === true ? '^\\s*' : WORD_EDGE_BEFORE;
  const end = options.anchorEnd === true ? '[\\s,:(]*$' : WORD_EDGE_AFTER;
  const flags = `${options.global === true ? 'g' : ''}u${options.caseSensitive === true ? '' : 'i'}`;
  return new RegExp(`${start}(?:${body})${end}`, flags);
}

/** Patterns that are whole lines (sign-offs, forward markers): anchored both ends, no word edges. */
function lineOf(sources: readonly string[]): RegExp {
  if (sources.length === 0) return NEVER;
  return new RegExp(`^\\s*(?:${sources.map((source) => `(?:${source})`).join('|')})\\s*$`, 'iu');
}

function compileCue(source: string, weight: number, caseSensitive: boolean, unless: readonly string[]): Cue {
  return {
    source,
    regex: wordRegex(source, caseSensitive),
    needles: patternNeedles(source),
    weight,
    unless: unless.map((veto) => wordRegex(veto, false, false)),
  };
}

function compileSignalCue(cue: SignalCueInput): Cue {
  if (typeof cue === 'string') return compileCue(cue, 1, false, []);
  return compileCue(cue.pattern, 1, cue.caseSensitive ?? false, cue.unless ?? []);
}

function compileGroup(group: SignalGroup): CompiledGroup {
  return {
    id: group.id,
    label: group.label,
    negationWindow: group.negationWindow,
    hypotheticalSilences: group.hypotheticalSilences,
    happeningNow: group.happeningNow,
    cues: group.cues.map(compileSignalCue),
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Folds a place name for lookup: lower case, spaces/hyphens/dots folded, curly apostrophes straightened. */
export function foldPlaceName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\./g, '')
    .replace(/[\s-]+/g, ' ')
    .trim();
}

function placeAlternation(names: readonly string[]): string {
  return [...names]
    .sort((a, b) => b.length - a.length)
    .map((name) => escapeRegex(name.replace(/\./g, '')).replace(/(?:\\-|\s)+/g, '[\\s\\-]+'))
    .join('|');
}

function compileGazetteer(gazetteer: Gazetteer): CompiledGazetteer {
  const lookup = new Map<string, District[]>();
  for (const [district, names] of Object.entries(gazetteer.places) as Array<[District, string[]]>) {
    for (const name of names) {
      const key = foldPlaceName(name);
      const known = lookup.get(key) ?? [];
      if (!known.includes(district)) known.push(district);
      lookup.set(key, known);
    }
  }
  const ambiguousKeys = new Set(gazetteer.ambiguous.map(foldPlaceName));
  const plain = [...new Set(Object.values(gazetteer.places).flat())].filter(
    (name) => !ambiguousKeys.has(foldPlaceName(name)),
  );
  const ambiguous = [...new Set(gazetteer.ambiguous)];
  return {
    councilAreas: new Set(gazetteer.councilAreas),
    otherAreas: new Set(gazetteer.otherAreas),
    postcodeDistricts: gazetteer.postcodeDistricts,
    places:
      plain.length === 0
        ? null
        : new RegExp(`${WORD_EDGE_BEFORE}(?:${placeAlternation(plain)})${WORD_EDGE_AFTER}`, 'giu'),
    ambiguous:
      ambiguous.length === 0
        ? null
        : new RegExp(`${WORD_EDGE_BEFORE}(?:${placeAlternation(ambiguous)})${WORD_EDGE_AFTER}`, 'giu'),
    lookup,
  };
}

function needleIndexOf(cueLists: ReadonlyArray<readonly Cue[]>): NeedleIndex {
  return new NeedleIndex(cueLists.flatMap((cues) => cues.flatMap((cue) => cue.needles ?? [])));
}

function compile(rules: TriageRules): CompiledRules {
  const file = rules.rules;
  const language = file.language;
  const topicCues: Array<{ topic: Topic; cue: Cue }> = [];
  for (const [topic, cues] of Object.entries(file.topics.cues) as Array<[Topic, Record<string, unknown>]>) {
    for (const [pattern, option] of Object.entries(cues)) {
      if (typeof option === 'number') {
        topicCues.push({ topic, cue: compileCue(pattern, option, false, []) });
      } else {
        const options = option as { weight: number; caseSensitive: boolean; unless: string[] };
        topicCues.push({
          topic,
          cue: compileCue(pattern, options.weight, options.caseSensitive, options.unless),
        });
      }
    }
  }
  const districts = file.districts;
  const compiled: Omit<CompiledRules, 'needleIndex'> = {
    file,
    lexicon: rules.lexicon,
    maxTextLength: file.maxTextLength,
    language: {
      negation: anyOf(language.negationCues),
      clauseBreak: new RegExp(
        language.clauseBreaks.map((source) => `(?:${flexibleSpaces(source)})`).join('|'),
        'giu',
      ),
      hypothetical: anyOf(language.hypotheticalCues),
      hypotheticalWindow: language.hypotheticalWindow,
      boilerplate: language.boilerplate.map((source) => new RegExp(flexibleSpaces(source), 'giu')),
      subjectBoilerplate: language.subjectBoilerplate.map(
        (source) => new RegExp(flexibleSpaces(source), 'giu'),
      ),
      signOff: lineOf(language.signOffs),
      forwardMarker: lineOf(language.forwardMarkers),
      ask: anyOf(language.askCues),
      aside: anyOf(language.asideCues, { anchorStart: true }),
    },
    topicCues,
    urgent: file.priority.urgent.map(compileGroup),
    high: file.priority.high.map(compileGroup),
    upcoming: file.priority.deadlines.upcoming.map(compileSignalCue),
    missed: file.priority.deadlines.missed.map(compileSignalCue),
    deadlineUnless: file.priority.deadlines.unless.map((source) => wordRegex(source, false, false)),
    roleCues: file.roles.cues.map((cue) => ({
      ...compileCue(cue.pattern, cue.weight, cue.caseSensitive, []),
      role: cue.role,
      where: new Set(cue.where),
      negatable: cue.negatable,
    })),
    district: {
      homeBefore: anyOf(districts.homeBefore, { global: true }),
      homeAfter: anyOf(districts.homeAfter, { anchorStart: true }),
      pastBefore: anyOf(districts.pastBefore, { global: true }),
      schoolBefore: anyOf(districts.schoolBefore, { anchorEnd: true }),
      constituencyBefore: anyOf(districts.constituencyBefore, { anchorEnd: true }),
      organisationAfter: anyOf(districts.organisationAfter, { anchorStart: true, caseSensitive: true }),
      schoolWords: anyOf(districts.schoolWords),
      streetAfter: anyOf(districts.streetAfter, { anchorStart: true, caseSensitive: true }),
      personBefore: anyOf(districts.personBefore, { anchorEnd: true, caseSensitive: true }),
      sentenceOpeners: new Set(districts.sentenceOpeners.map((word) => word.toLowerCase())),
      ambiguousBefore: anyOf(districts.ambiguousBefore, { anchorEnd: true }),
    },
    gazetteer: compileGazetteer(rules.gazetteer),
  };
  return {
    ...compiled,
    needleIndex: needleIndexOf([
      compiled.topicCues.map((entry) => entry.cue),
      ...compiled.urgent.map((group) => group.cues),
      ...compiled.high.map((group) => group.cues),
      compiled.upcoming,
      compiled.missed,
      compiled.roleCues,
    ]),
  };
}

const cache = new WeakMap<TriageRules, CompiledRules>();

/** The compiled form of a rules object, compiled on first use and remembered. */
export function compiledRules(rules: TriageRules): CompiledRules {
  let compiled = cache.get(rules);
  if (compiled === undefined) {
    compiled = compile(rules);
    cache.set(rules, compiled);
  }
  return compiled;
}
