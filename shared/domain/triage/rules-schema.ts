/**
 * The triage rules a council can edit: `config/triage-rules.json` (the language of enquiries:
 * weighted topic cues, urgent and high signals, negation, roles, district context) and
 * `config/kent-gazetteer.json` (postcode districts and place names). Both are validated here with
 * zod; a bad file fails naming the field, e.g. `topics.cues.transport["taxi("]: not a valid
 * regular expression`.
 *
 * Every pattern is a JavaScript regular expression (Unicode mode), matched case-blind unless
 * `caseSensitive` is set, and only as whole words: `taxi` does not match inside `taxis`, so write
 * `taxis?`. A space in a pattern matches any run of spaces, line breaks or hyphens, so
 * `home to school` also finds `home-to-school`.
 */
import * as z from 'zod';
import { toDotPath } from 'zod/v4/core';
import { ValidationError } from '../errors';
import { District, KENT_DISTRICTS, Role, TOPICS, Topic } from '../taxonomy';
import { type CompiledLexicon, parseLexicon } from './language/lexicon';
import { parseTriageModel, type TriageModel } from './model/triage-model';

/** The rules or the gazetteer cannot be used; `field` is the dot path of the first bad field. */
export class TriageRulesError extends ValidationError {}

/** Flags every pattern is compiled with (the schema checks patterns compile with them). */
export const PATTERN_FLAGS = 'giu';

function compiles(source: string): boolean {
  try {
    new RegExp(source, PATTERN_FLAGS);
    return true;
  } catch {
    return false;
  }
}

/** A regular expression source that compiles in Unicode mode. */
export const PatternSource = z
  .string()
  .min(1, 'must not be empty')
  .refine(compiles, { message: 'not a valid regular expression' });

const Weight = z.number().positive().max(100);

/** Options of one weighted cue (the short form is just its weight). */
const CueOptions = z.strictObject({
  weight: Weight.default(1),
  caseSensitive: z.boolean().default(false),
  /** The cue is ignored when one of these occurs in the same sentence. */
  unless: z.array(PatternSource).default([]),
});

/** `"pattern": weight` or `"pattern": { "weight": 4, "caseSensitive": true, "unless": [...] }`. */
const WeightedCues = z.record(PatternSource, z.union([Weight, CueOptions]));

/** One signal cue: `"pattern"` or `{ "pattern": ..., "caseSensitive": true, "unless": [...] }`. */
const SignalCue = z.union([
  PatternSource,
  z.strictObject({
    pattern: PatternSource,
    caseSensitive: z.boolean().default(false),
    unless: z.array(PatternSource).default([]),
  }),
]);
export type SignalCueInput = z.input<typeof SignalCue>;

const Language = z.strictObject({
  /** Words that negate a cue when they come shortly before it in the same clause ("no risk"). */
  negationCues: z.array(PatternSource).min(1),
  /** Words and marks that end a clause: a negation does not reach past them. */
  clauseBreaks: z.array(PatternSource).min(1),
  /** Words that make what follows a question or a what-if ("if he is excluded"). */
  hypotheticalCues: z.array(PatternSource),
  /** How many words before a cue are searched for a hypothetical word. */
  hypotheticalWindow: z.number().int().min(0).max(20).default(4),
  /** Stock text that says nothing about this child (the hub's own acknowledgement, disclaimers). */
  boilerplate: z.array(PatternSource),
  /** Subject lines the hub itself wrote ("Your enquiry SEND-... has been received"). */
  subjectBoilerplate: z.array(PatternSource),
  /** A line that closes a letter ("Kind regards"): what follows is the signature. */
  signOffs: z.array(PatternSource).min(1),
  /** A line that starts a forwarded or quoted message inside the body. */
  forwardMarkers: z.array(PatternSource).min(1),
  /** Clues that a sentence asks something (the main ask decides the topic). */
  askCues: z.array(PatternSource),
  /** Sentence openings that mark a side point ("Also", "Separately"). */
  asideCues: z.array(PatternSource),
});

const TopicRules = z.strictObject({
  /** Topic when no other topic scores at least `minScore`. */
  fallback: z._default(Topic, 'general'),
  minScore: z.number().nonnegative().default(4),
  multipliers: z
    .strictObject({
      subject: z.number().nonnegative().default(2),
      ask: z.number().nonnegative().default(2),
      aside: z.number().nonnegative().default(0.5),
      quoted: z.number().nonnegative().default(0.5),
      /** Each further match of the same cue counts this much of the one before. */
      repeatDecay: z.number().min(0).max(1).default(0.5),
      maxRepeats: z.number().int().min(1).default(4),
      /**
       * What one match of the lexicon's `asks` concepts (the object of a request: "can we name a
       * school?") adds, times the concept's weight, in a sentence that asks, wants or challenges.
       */
      askObject: z.number().nonnegative().default(2),
    })
    .prefault({}),
  /**
   * Per topic, how much its cues count in the story (sentences that neither ask nor are the
   * subject). Health words mostly describe the child ("diagnosed with autism", "sees the OT"), not
   * what the parent asks for, so they count less there; a topic not listed counts in full.
   */
  storyWeights: z.partialRecord(Topic, z.number().min(0).max(1)).default({}),
  /** Topics whose cues do not count when negated or hypothetical ("I'm not making a complaint", "I'll complain if..."). */
  negatable: z.array(Topic).default([]),
  /** Tie-break order, first wins. */
  precedence: z.array(Topic).default(() => [...TOPICS]),
  cues: z.partialRecord(Topic, WeightedCues),
});

const SignalGroup = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens'),
  /** Said in reasons: `urgent: risk of harm ("...")`. */
  label: z.string().min(1),
  /** Negation words this many words before a cue silence it (0: never negated). */
  negationWindow: z.number().int().min(0).max(20).default(5),
  /** Hypothetical words before a cue silence it ("what happens if he is excluded?"). */
  hypotheticalSilences: z.boolean().default(false),
  /**
   * A cue counts only when the language layer reads its event as happening now to this child:
   * not threatened or possible ("facing exclusion"), general, over, or a story told in the past
   * with nothing saying it is news or recent (`happening-now.ts`).
   */
  happeningNow: z.boolean().default(false),
  cues: z.array(SignalCue).min(1),
});
export type SignalGroup = z.output<typeof SignalGroup>;

const PriorityRules = z.strictObject({
  urgent: z.array(SignalGroup),
  high: z.array(SignalGroup),
  electedMemberIsHigh: z.boolean().default(true),
  complaintIsHigh: z.boolean().default(true),
  deadlines: z.strictObject({
    /**
     * A hearing or statutory deadline this many working days after receipt, or fewer, is urgent
     * (working days of the hub's business calendar, closures and bank holidays included).
     */
    workingDays: z.number().int().min(0).max(60).default(5),
    /** A sentence with one of these and a date soon after receipt is urgent. */
    upcoming: z.array(SignalCue).min(1),
    /** A sentence with one of these and a date before receipt is a missed deadline (high). */
    missed: z.array(SignalCue).min(1),
    /** Words in the same sentence that say the date has already been met or is not a deadline. */
    unless: z.array(PatternSource).default([]),
  }),
});

const RoleCue = z.strictObject({
  role: Role,
  pattern: PatternSource,
  weight: Weight,
  /**
   * Where to look: `text` the enquirer's own words (email body above any forwarded message, or the
   * phone summary), `signature` their sign-off block, `name` the sender's display name, `phone`
   * the call summary only, `email` the email body only.
   */
  where: z
    .array(z.enum(['text', 'signature', 'name', 'phone', 'email']))
    .min(1)
    .default(['text']),
  caseSensitive: z.boolean().default(false),
  /** Negation words just before the cue silence it ("NOT the carer"). */
  negatable: z.boolean().default(true),
});

const RoleRules = z.strictObject({
  /** Role when nothing says otherwise. */
  fallback: z._default(Role, 'parent'),
  /** Weight given to a phone log's `caller.role`. */
  callerRoleWeight: Weight.default(10),
  /** A role scoring at least this decides even against the phone log. */
  decisiveWeight: Weight.default(12),
  domains: z.array(z.strictObject({ suffix: z.string().min(2).toLowerCase(), role: Role, weight: Weight })),
  /** A sender from a council domain with no other clue (a social worker, an officer). */
  councilDomain: z.strictObject({ role: Role, weight: Weight }),
  cues: z.array(RoleCue).min(1),
});

const DistrictRules = z.strictObject({
  weights: z
    .strictObject({
      fullPostcode: Weight.default(4),
      outwardCode: Weight.default(3),
      place: Weight.default(2),
      childPostcode: Weight.default(20),
      /** A place named as the child's school (phone log `child.school`, "a school in X"). */
      school: Weight.default(1),
      /** "we live in X", "Address: ...". */
      home: Weight.default(5),
      /** "MP for X", "Councillor for X". */
      constituency: Weight.default(1),
    })
    .prefault({}),
  /** Just before a place: it is where the child lives. */
  homeBefore: z.array(PatternSource),
  /** Just after a place: it is where the child lives ("..., which is where we live"). */
  homeAfter: z.array(PatternSource),
  /** Just before a place: the family used to live there (not counted). */
  pastBefore: z.array(PatternSource),
  /** Just before a place: it is where a school is. */
  schoolBefore: z.array(PatternSource),
  /** Just before a place: a constituency or division. */
  constituencyBefore: z.array(PatternSource),
  /** Words after a place that make it part of an organisation's name ("Ashford Primary School"); case-sensitive. */
  organisationAfter: z.array(PatternSource),
  /** Organisation words that say it is a school or college. */
  schoolWords: z.array(PatternSource),
  /** Words after a place that make it a street ("Wrotham Road"); case-sensitive. */
  streetAfter: z.array(PatternSource),
  /** Words before a place that make it a person's name ("Mrs Dover"); case-sensitive. */
  personBefore: z.array(PatternSource),
  /**
   * Capitalised words that may open a sentence or line before a place ("In Ashford", "Central
   * Maidstone"). Any other single capitalised word there makes the place a surname ("Jo Ashford").
   */
  sentenceOpeners: z.array(z.string().min(1)),
  /** An ambiguous place name ("Deal", "Sandwich") counts only after one of these or before a postcode. */
  ambiguousBefore: z.array(PatternSource),
});

/** `config/triage-rules.json`. */
export const TriageRulesFile = z.strictObject({
  $comment: z.string().optional(),
  version: z.literal(1),
  /** Longest text looked at, in characters (the rest of a huge message adds nothing but time). */
  maxTextLength: z.number().int().min(1000).default(40_000),
  language: Language,
  topics: TopicRules,
  priority: PriorityRules,
  roles: RoleRules,
  districts: DistrictRules,
});
export type TriageRulesFile = z.output<typeof TriageRulesFile>;
export type TriageRulesFileInput = z.input<typeof TriageRulesFile>;

const OUTWARD_CODE = /^[A-Z]{1,2}\d[A-Z\d]?$/;
const AREA = /^[A-Z]{1,2}$/;

const PostcodeDistrict = z.strictObject({
  district: District,
  /** The main towns, for people reading the file. */
  places: z.string().optional(),
  /** Part of the code lies in another district: a named town in the text wins. */
  uncertain: z.boolean().default(false),
  note: z.string().optional(),
});

const PlaceName = z.string().min(2).max(60);

/** `config/kent-gazetteer.json`: where each postcode district and place name lies. */
export const Gazetteer = z.strictObject({
  $comment: z.string().optional(),
  version: z.literal(1),
  /** Postcode areas of the council: outward codes here are looked up in `postcodeDistricts`. */
  councilAreas: z.array(z.string().regex(AREA, 'must be a postcode area such as "CT"')).min(1),
  /** Every other UK postcode area: a full postcode here is out of area. */
  otherAreas: z.array(z.string().regex(AREA, 'must be a postcode area such as "SE"')),
  /** Outward code (e.g. "CT14") of the council's areas to district. */
  postcodeDistricts: z.record(
    z.string().regex(OUTWARD_CODE, 'must be an outward code such as "CT14"'),
    PostcodeDistrict,
  ),
  /** Towns, villages and district names by district (`out-of-area` for neighbours). */
  places: z.partialRecord(z.enum(District.options).exclude(['unknown']), z.array(PlaceName)),
  /** Place names that are also ordinary words ("Deal", "Sandwich"): need context or a postcode. */
  ambiguous: z.array(PlaceName).default([]),
});
export type Gazetteer = z.output<typeof Gazetteer>;
export type GazetteerInput = z.input<typeof Gazetteer>;

/** What `triage` needs: the parsed rules, gazetteer and lexicon. */
export interface TriageRules {
  readonly rules: TriageRulesFile;
  readonly gazetteer: Gazetteer;
  /** The language triage understands: word fixes, scope words, safeguarding concepts. */
  readonly lexicon: CompiledLexicon;
  /** The trained second opinion (`config/triage-model.json`); null: the rules alone. */
  readonly model: TriageModel | null;
}

/** The message of an issue; a bad record key (a pattern used as a key) says why the key is bad. */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    return issue.issues.map((inner) => inner.message).join('; ');
  }
  return issue.message;
}

function describe(error: z.ZodError, source: string): TriageRulesError {
  const problems = error.issues.map(
    (issue) => `${toDotPath(issue.path) || '(top level)'}: ${issueMessage(issue)}`,
  );
  const first = error.issues[0];
  return new TriageRulesError(`${source}: ${problems.slice(0, 10).join('; ')}`, {
    field: first ? toDotPath(first.path) : null,
    cause: error,
  });
}

/**
 * Validates a triage rules file (parsed JSON) and applies defaults.
 * @throws TriageRulesError naming every bad field.
 */
export function parseTriageRulesFile(json: unknown, source = 'triage rules'): TriageRulesFile {
  const result = TriageRulesFile.safeParse(json);
  if (!result.success) throw describe(result.error, source);
  return result.data;
}

/**
 * Validates a gazetteer (parsed JSON), and checks every district of the council's areas is known.
 * @throws TriageRulesError naming every bad field.
 */
export function parseGazetteer(json: unknown, source = 'gazetteer'): Gazetteer {
  const result = Gazetteer.safeParse(json);
  if (!result.success) throw describe(result.error, source);
  const gazetteer = result.data;
  for (const code of Object.keys(gazetteer.postcodeDistricts)) {
    const area = /^[A-Z]+/.exec(code)?.[0] ?? '';
    if (!gazetteer.councilAreas.includes(area)) {
      throw new TriageRulesError(
        `${source}: postcodeDistricts.${code}: area ${area} is not in councilAreas`,
        {
          field: `postcodeDistricts.${code}`,
        },
      );
    }
  }
  const named = new Set(Object.keys(gazetteer.places));
  const missing = KENT_DISTRICTS.filter((district) => !named.has(district));
  if (missing.length > 0) {
    throw new TriageRulesError(`${source}: places: no place names for ${missing.join(', ')}`, {
      field: 'places',
    });
  }
  return gazetteer;
}

/**
 * Validates the files into the {@link TriageRules} `triage` takes (the model is optional: without
 * it the rules decide alone).
 * @throws TriageRulesError (rules, gazetteer), LexiconError (lexicon) or TriageModelError (model)
 * naming the bad field.
 */
export function parseTriageRules(
  rulesJson: unknown,
  gazetteerJson: unknown,
  lexiconJson: unknown,
  sources: { rules?: string; gazetteer?: string; lexicon?: string; model?: string } = {},
  modelJson: unknown = null,
): TriageRules {
  return {
    rules: parseTriageRulesFile(rulesJson, sources.rules),
    gazetteer: parseGazetteer(gazetteerJson, sources.gazetteer),
    lexicon: parseLexicon(lexiconJson, sources.lexicon),
    model: modelJson === null ? null : parseTriageModel(modelJson, sources.model),
  };
}
