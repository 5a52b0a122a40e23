/**
 * The lexicon a council edits (`config/triage-lexicon.json`): word fixes (misspellings, lemmas),
 * word classes, the scope words (negation, conditions, what is over, idioms) and, for each
 * safeguarding category of the statutory guidance, its concepts written as lemma patterns (see
 * `lemma-patterns.ts` for how a pattern is written). Validated with zod and then compiled; a bad
 * field fails naming it, e.g. `safeguarding.self-harm.concepts[0].patterns[2]: unknown word class @slef`.
 */
import * as z from 'zod';
import { toDotPath } from 'zod/v4/core';
import { ValidationError } from '../../errors';
import { SAFEGUARDING_CATEGORIES, SafeguardingCategory, Topic } from '../../taxonomy';
import type { WordFixes } from './analyse';
import {
  compileLemmaPattern,
  compileWordClasses,
  type LemmaPattern,
  PatternSyntaxError,
} from './lemma-patterns';
import type { CompiledScope } from './scope';

/** The lexicon cannot be used; `field` is the dot path of the first bad field. */
export class LexiconError extends ValidationError {}

const Pattern = z.string().trim().min(1, 'must not be empty');
const Patterns = z.array(Pattern);
const Word = z
  .string()
  .trim()
  .min(1)
  .regex(/^[\p{L}\p{N}'&.-]+$/u, 'must be one word')
  .toLowerCase();

const Concept = z.strictObject({
  /** Said in reasons: `self-harm: suicidal talk ("...")`. */
  name: z.string().min(1),
  patterns: Patterns.min(1),
  /** The concept does not count in a sentence where one of these is found. */
  unless: Patterns.default([]),
  /** Only a possible sign: raises 'unclear-risk' (a person looks) rather than the category. */
  unclear: z.boolean().default(false),
  /** Only feared or possible ("he might be excluded", "could end up out of school") does not count. */
  silencedByModals: z.boolean().default(false),
  /**
   * A miss here is the gravest ("DS said wants to end it"): the concept raises a concern whatever
   * the trained model says, and is never held back as a weak cue.
   */
  alwaysStands: z.boolean().default(false),
});

const Category = z.strictObject({
  /** Said in reasons. */
  label: z.string().min(1),
  concepts: z.array(Concept).min(1),
  /**
   * Words that say something of this category, in any reading (a concept's own patterns count
   * too): a concern the trained model alone reads in a sentence stands only when the sentence or
   * a neighbour says one of them (see `second-opinion.ts`).
   */
  evidence: Patterns.default([]),
});

/** What a request can be about: the object of the ask names the topic ("can we name a school?"). */
const AskConcept = z.strictObject({
  name: z.string().min(1),
  patterns: Patterns.min(1),
  unless: Patterns.default([]),
  /** How much one match in an ask counts (a topic's strong words 2, its usual words 1). */
  weight: z.number().positive().max(10).default(1),
});

const Scope = z.strictObject({
  clauseWords: z.array(Word).min(1),
  negators: Patterns.min(1),
  negationWindow: z.number().int().min(1).max(12).default(5),
  negationStops: z.array(Word).default([]),
  negatedAfter: z.array(Word).default([]),
  conditionals: Patterns.min(1),
  modals: Patterns.default([]),
  past: Patterns.default([]),
  /** Times that place a sentence told in the past tense in the past ("In Year 5 he was bullied"). */
  pastPeriods: Patterns.default([]),
  ongoing: Patterns.default([]),
  /** A lack that goes on to now, anywhere in the sentence ("nothing has been put in place since"). */
  lackGoesOn: Patterns.default([]),
  generic: Patterns.default([]),
  personal: Patterns.default([]),
  policy: Patterns.default([]),
  hearsay: Patterns.default([]),
  idioms: Patterns.default([]),
  notAboutAChild: Patterns.default([]),
  resolved: Patterns.default([]),
  managed: Patterns.default([]),
  escalation: Patterns.default([]),
  /**
   * Words before an event that make it only threatened or possible ("facing exclusion", "they
   * said they might exclude him"): read for events that are urgent only when they happen now.
   */
  threats: Patterns.default([]),
  /** A past time close enough to be news ("three weeks ago", "last week"): an event then still counts. */
  recentPast: Patterns.default([]),
  /**
   * Words just before an event that make it the subject of advice or study ("experts on
   * exclusion", "a webinar about exclusions"), not something happening to the child.
   */
  aboutTheSubject: Patterns.default([]),
});

/** `config/triage-lexicon.json`. */
export const LexiconFile = z.strictObject({
  $comment: z.string().optional(),
  version: z.literal(1),
  words: z
    .strictObject({
      spellings: z.record(Word, Word).default({}),
      lemmas: z.record(Word, Word).default({}),
    })
    .prefault({}),
  classes: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/, 'class names are lower-case words'),
    z.array(Pattern).min(1),
  ),
  scope: Scope,
  safeguarding: z.partialRecord(SafeguardingCategory, Category),
  /** Urgent matters that are not safeguarding concerns ("no school named for September"), by id. */
  urgent: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'ids are lower-case words'), Category).default({}),
  /** Per topic, what a request about it names: read in the sentences that ask (see main-ask.ts). */
  asks: z.partialRecord(Topic, z.array(AskConcept).min(1)).default({}),
});
export type LexiconFile = z.output<typeof LexiconFile>;
export type LexiconFileInput = z.input<typeof LexiconFile>;

export interface CompiledConcept {
  readonly category: SafeguardingCategory;
  readonly name: string;
  readonly patterns: readonly LemmaPattern[];
  readonly unless: readonly LemmaPattern[];
  readonly unclear: boolean;
  readonly silencedByModals: boolean;
  readonly alwaysStands: boolean;
}

/** Words that say something of a category, and phrases that veto them in a sentence. */
export interface EvidenceWords {
  readonly patterns: readonly LemmaPattern[];
  readonly unless: readonly LemmaPattern[];
}

/** A concept that makes an enquiry urgent without being a safeguarding concern. */
export interface CompiledUrgentConcept {
  readonly id: string;
  readonly label: string;
  readonly name: string;
  readonly patterns: readonly LemmaPattern[];
  readonly unless: readonly LemmaPattern[];
  readonly silencedByModals: boolean;
}

/** A thing a request can be about, and the topic it names. */
export interface CompiledAskConcept {
  readonly topic: Topic;
  readonly name: string;
  readonly weight: number;
  readonly patterns: readonly LemmaPattern[];
  readonly unless: readonly LemmaPattern[];
}

export interface CompiledLexicon {
  readonly file: LexiconFile;
  readonly fixes: WordFixes;
  readonly scope: CompiledScope;
  readonly safeguarding: readonly CompiledConcept[];
  readonly urgent: readonly CompiledUrgentConcept[];
  readonly asks: readonly CompiledAskConcept[];
  /** Category labels for reasons. */
  readonly labels: Readonly<Partial<Record<SafeguardingCategory, string>>>;
  /**
   * Per category, the words that say something of it: its evidence list, then each concept's
   * patterns with the concept's vetoes (a vetoed phrase, "no place available near us", says nothing).
   */
  readonly evidence: Readonly<Partial<Record<SafeguardingCategory, readonly EvidenceWords[]>>>;
}

function describe(error: z.ZodError, source: string): LexiconError {
  const problems = error.issues.map((issue) => `${toDotPath(issue.path) || '(top level)'}: ${issue.message}`);
  const first = error.issues[0];
  return new LexiconError(`${source}: ${problems.slice(0, 10).join('; ')}`, {
    field: first ? toDotPath(first.path) : null,
    cause: error,
  });
}

/** Compiles every pattern, naming the field of the first one that cannot be read. */
function compile(file: LexiconFile, source: string): CompiledLexicon {
  const fail = (field: string, error: unknown): never => {
    const why = error instanceof PatternSyntaxError ? error.message : String(error);
    throw new LexiconError(`${source}: ${field}: ${why}`, { field, cause: error });
  };
  let classes: ReturnType<typeof compileWordClasses>;
  try {
    classes = compileWordClasses(file.classes);
  } catch (error) {
    return fail('classes', error);
  }
  const many = (field: string, sources: readonly string[]): LemmaPattern[] =>
    sources.flatMap((pattern, index) => {
      try {
        return compileLemmaPattern(pattern, classes);
      } catch (error) {
        return fail(`${field}[${index}]`, error);
      }
    });
  const scope = file.scope;
  const concepts: CompiledConcept[] = [];
  const labels: Partial<Record<SafeguardingCategory, string>> = {};
  const evidence: Partial<Record<SafeguardingCategory, EvidenceWords[]>> = {};
  for (const category of SAFEGUARDING_CATEGORIES) {
    const entry = file.safeguarding[category];
    if (entry === undefined) continue;
    labels[category] = entry.label;
    const words: EvidenceWords[] = [
      { patterns: many(`safeguarding.${category}.evidence`, entry.evidence), unless: [] },
    ];
    evidence[category] = words;
    entry.concepts.forEach((concept, index) => {
      const field = `safeguarding.${category}.concepts[${index}]`;
      words.push({
        patterns: many(`${field}.patterns`, concept.patterns),
        unless: many(`${field}.unless`, concept.unless),
      });
      concepts.push({
        category,
        name: concept.name,
        patterns: many(`${field}.patterns`, concept.patterns),
        unless: many(`${field}.unless`, concept.unless),
        unclear: concept.unclear,
        silencedByModals: concept.silencedByModals,
        alwaysStands: concept.alwaysStands,
      });
    });
  }
  const urgent: CompiledUrgentConcept[] = Object.entries(file.urgent).flatMap(([id, entry]) =>
    entry.concepts.map((concept, index) => {
      const field = `urgent.${id}.concepts[${index}]`;
      return {
        id,
        label: entry.label,
        name: concept.name,
        patterns: many(`${field}.patterns`, concept.patterns),
        unless: many(`${field}.unless`, concept.unless),
        silencedByModals: concept.silencedByModals,
      };
    }),
  );
  const asks: CompiledAskConcept[] = Object.entries(file.asks).flatMap(([topic, entries]) =>
    (entries ?? []).map((concept, index) => {
      const field = `asks.${topic}[${index}]`;
      return {
        topic: Topic.parse(topic),
        name: concept.name,
        weight: concept.weight,
        patterns: many(`${field}.patterns`, concept.patterns),
        unless: many(`${field}.unless`, concept.unless),
      };
    }),
  );
  return {
    file,
    urgent,
    asks,
    fixes: {
      spellings: new Map(Object.entries(file.words.spellings)),
      lemmas: new Map(Object.entries(file.words.lemmas)),
    },
    scope: {
      clauseWords: new Set(scope.clauseWords),
      negators: many('scope.negators', scope.negators),
      negationWindow: scope.negationWindow,
      negationStops: new Set(scope.negationStops),
      negatedAfter: new Set(scope.negatedAfter),
      conditionals: many('scope.conditionals', scope.conditionals),
      modals: many('scope.modals', scope.modals),
      past: many('scope.past', scope.past),
      pastPeriods: many('scope.pastPeriods', scope.pastPeriods),
      ongoing: many('scope.ongoing', scope.ongoing),
      lackGoesOn: many('scope.lackGoesOn', scope.lackGoesOn),
      generic: many('scope.generic', scope.generic),
      personal: many('scope.personal', scope.personal),
      policy: many('scope.policy', scope.policy),
      hearsay: many('scope.hearsay', scope.hearsay),
      idioms: many('scope.idioms', scope.idioms),
      notAboutAChild: many('scope.notAboutAChild', scope.notAboutAChild),
      resolved: many('scope.resolved', scope.resolved),
      managed: many('scope.managed', scope.managed),
      escalation: many('scope.escalation', scope.escalation),
      threats: many('scope.threats', scope.threats),
      recentPast: many('scope.recentPast', scope.recentPast),
      aboutTheSubject: many('scope.aboutTheSubject', scope.aboutTheSubject),
    },
    safeguarding: concepts,
    labels,
    evidence,
  };
}

/**
 * Validates and compiles a lexicon (parsed JSON).
 * @throws LexiconError naming the first bad field.
 */
export function parseLexicon(json: unknown, source = 'lexicon'): CompiledLexicon {
  const result = LexiconFile.safeParse(json);
  if (!result.success) throw describe(result.error, source);
  return compile(result.data, source);
}
