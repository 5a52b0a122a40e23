/**
 * Triage of one enquiry: topic, priority, role of the enquirer, district of the child, and the
 * reasons a caseworker reads. Pure and deterministic: the same message and rules give the same
 * answer, nothing reads the clock, and it never throws (a part that fails on odd input falls back
 * to a safe answer and says so; priority then falls back to urgent so a person looks at it).
 */
import type { BusinessCalendar } from '../business-calendar';
import { byChannel } from '../channels';
import type { IntakeMessage } from '../intake-message';
import {
  type District,
  NO_SAFEGUARDING_CONCERN,
  type Role,
  type Safeguarding,
  type Topic,
  type TriageResult,
} from '../taxonomy';
import { type CompiledRules, compiledRules } from './compiled-rules';
import { decideDistrict } from './district';
import { messageFeatures, type SentenceFeatures } from './model/features';
import {
  heldCueReason,
  opinionEvidence,
  riskOpinion,
  topicOpinion,
  topicWithOpinion,
  unbackedOpinionReason,
  weighCues,
  withRiskOpinion,
} from './model/second-opinion';
import { type PreparedText, prepareEmail, preparePhone, readableSentences } from './prepared-text';
import { decidePriority, type PriorityDecision } from './priority';
import { decideRole } from './role';
import type { TriageRules } from './rules-schema';
import { flagOfCues, type SafeguardingCue, safeguardingCues, urgentConceptReasons } from './safeguarding';
import { decideTopic, type TopicDecision } from './topic';

/** Hub settings triage needs. */
export interface TriageContext {
  /** Council mail domains: a sender there with no other clue is a council professional. */
  readonly councilDomains: readonly string[];
  /** The hub's own addresses (never the enquirer). */
  readonly hubAddresses: readonly string[];
  /** The hub's business calendar: "within 5 working days" counts its working days. */
  readonly calendar: BusinessCalendar;
  /**
   * A time budget for one message: `clock` reads a monotonic clock in milliseconds (the caller's,
   * so the domain stays pure) and a message still being read after `budgetMs` is routed urgent
   * for a person to read. Without a clock there is no budget.
   */
  readonly budget?: { readonly clock: () => number; readonly budgetMs: number };
}

function safely<T>(part: string, run: () => T, fallback: T, failures: string[]): T {
  try {
    return run();
  } catch (error) {
    failures.push(`${part}: ${error instanceof Error ? error.name : 'error'}`);
    return fallback;
  }
}

/** The enquirer's text as sentences, as every part of triage reads it. */
export function prepareIntakeText(intake: IntakeMessage, rules: CompiledRules): PreparedText {
  const fixes = rules.lexicon.fixes;
  return byChannel(intake, {
    phone: (call) =>
      preparePhone(
        call.summary ?? '',
        call.child?.school ?? null,
        rules.language,
        fixes,
        rules.maxTextLength,
      ),
    // Only the enquirer's own text: a colleague's forward note is their guess, not the enquirer's words.
    email: (mail) =>
      prepareEmail(mail.subject ?? '', mail.body ?? '', rules.language, fixes, rules.maxTextLength),
  });
}

/** Reads the budget's clock; `over()` is true once the message has taken longer than its budget. */
function stopwatch(budget: TriageContext['budget']): { over: () => boolean; elapsed: () => number } {
  if (budget === undefined) return { over: () => false, elapsed: () => 0 };
  const started = budget.clock();
  return {
    over: () => budget.clock() - started > budget.budgetMs,
    elapsed: () => Math.round(budget.clock() - started),
  };
}

function receivedAtOf(intake: IntakeMessage): Date | null {
  const time = Date.parse(intake.receivedAt);
  return Number.isNaN(time) ? null : new Date(time);
}

/** What a person sees when the safeguarding reading itself failed: flagged, never silent. */
const SAFEGUARDING_UNREAD: Safeguarding = {
  concern: true,
  categories: ['unclear-risk'],
  reasons: ['possible risk, for a person to judge: triage could not read this message for safeguarding'],
};

/**
 * Triages one intake message with the given rules.
 * @param context the hub's council domains and own addresses, its calendar and the time budget.
 * @returns topic, priority, role, district, safeguarding and human-readable reasons; never throws.
 */
export function triage(intake: IntakeMessage, rules: TriageRules, context: TriageContext): TriageResult {
  const failures: string[] = [];
  const watch = stopwatch(context.budget);
  const compiled = safely('rules', () => compiledRules(rules), null, failures);
  if (compiled === null) {
    return {
      topic: 'general',
      priority: 'urgent',
      role: 'other',
      district: 'unknown',
      reasons: ['triage rules could not be used: flagged urgent so a person checks it', ...failures],
      safeguarding: NO_SAFEGUARDING_CONCERN,
    };
  }
  let overBudget = false;
  /** Runs one part unless the budget is spent (then the safe fallback, and a person reads it). */
  const part = <T>(name: string, run: () => T, fallback: T): T => {
    if (overBudget || watch.over()) {
      overBudget = true;
      return fallback;
    }
    return safely(name, run, fallback, failures);
  };
  const empty: PreparedText = { sentences: [], boilerplateRemoved: 0 };
  const text = part('text', () => prepareIntakeText(intake, compiled), empty);
  // Which cue needles the message contains, found in one pass: most cues can then be skipped.
  const found = part(
    'index',
    () =>
      compiled.needleIndex.find(
        [...text.sentences.map((sentence) => sentence.text), intake.requester.name ?? '']
          .join('\n')
          .toLowerCase(),
      ),
    null,
  );
  const cues = part(
    'safeguarding',
    () => safeguardingCues(text.sentences, compiled.lexicon, () => !watch.over()),
    [] as SafeguardingCue[],
  );
  // The rules alone, for the topic (a child out of education is an attendance matter).
  const safeguarding = part(
    'safeguarding',
    () => flagOfCues(cues, compiled.lexicon),
    NO_SAFEGUARDING_CONCERN,
  );
  const urgentMatters = part(
    'urgent matters',
    () => urgentConceptReasons(text.sentences, compiled.lexicon, () => !watch.over()),
    [] as string[],
  );
  const rulesTopic = part<TopicDecision>('topic', () => decideTopic(text.sentences, compiled, found), {
    topic: 'general',
    reason: 'topic: general (topic rules failed on this text)',
    scores: {},
    asked: {},
    concepts: { asked: [], story: [] },
  });
  // A child out of education is an attendance matter when the words name no other topic.
  const attendance =
    safeguarding.categories.includes('out-of-education') && rulesTopic.topic === 'general'
      ? {
          ...rulesTopic,
          topic: 'attendance' as const,
          reason: 'topic: attendance (a child out of education, and no other topic named)',
        }
      : rulesTopic;
  const model = rules.model;
  const readable = readableSentences(text.sentences);
  const features = part(
    'second opinion',
    () => (model === null ? [] : messageFeatures(readable, compiled.lexicon)),
    [] as SentenceFeatures[],
  );
  const opinion = part(
    'second opinion',
    () => (model === null ? null : riskOpinion(readable, features, model)),
    null,
  );
  const topic = part<{ topic: Topic; reason: string }>(
    'second opinion',
    () =>
      model === null
        ? attendance
        : topicWithOpinion(attendance, topicOpinion(features, attendance, model), model.topic.rulesConfident),
    attendance,
  );
  const role = part<{ role: Role; reason: string }>(
    'role',
    () => decideRole(intake, text.sentences, compiled, context, found),
    { role: compiled.file.roles.fallback, reason: 'role: rules failed on this text' },
  );
  const priority = part<PriorityDecision>(
    'priority',
    () =>
      decidePriority(
        text.sentences,
        {
          role: role.role,
          topic: topic.topic,
          receivedAt: receivedAtOf(intake),
          boilerplateRemoved: text.boilerplateRemoved,
          calendar: context.calendar,
        },
        compiled,
        found,
      ),
    // Never let a rules failure hide a child at risk: a person looks at it first.
    {
      priority: 'urgent',
      reasons: ['urgent: priority rules failed on this text, so a person must check it'],
    },
  );
  const district = part<{ district: District; reason: string }>(
    'district',
    () => decideDistrict(intake, text.sentences, role.role, compiled),
    { district: 'unknown', reason: 'district: unknown (district rules failed on this text)' },
  );
  const failedSafeguarding = failures.some((failure) => failure.startsWith('safeguarding'));
  // A model that could not read the message supports nothing and holds nothing back.
  const weighing = failures.some((failure) => failure.startsWith('second opinion')) ? null : model;
  // A strong rule cue and the model each can raise a concern, and neither lowers what the other
  // raised; a weak cue (often said of no risk, by cross-validation) needs the model's support.
  const weighed = failedSafeguarding ? { standing: cues, held: [] } : weighCues(cues, opinion, weighing);
  // The model's concern stands only with words of its kind in its sentence or beside it: a risk
  // read from the register of a sentence that says nothing of one is not a caseworker's evidence.
  const unbacked =
    opinion?.raised === true &&
    part('second opinion', () => opinionEvidence(opinion, readable, compiled.lexicon) === null, false);
  const backedOpinion = unbacked ? null : opinion;
  const flag = failedSafeguarding
    ? SAFEGUARDING_UNREAD
    : withRiskOpinion(flagOfCues(weighed.standing, compiled.lexicon), backedOpinion, compiled.lexicon.labels);
  const heldReasons =
    flag.concern || weighing === null
      ? []
      : [...new Set(weighed.held.map((cue) => heldCueReason(cue, opinion, weighing.risk.support)))].slice(
          0,
          2,
        );
  overBudget ||= watch.over();
  const budgetReason = overBudget
    ? [
        `urgent: triage stopped after ${watch.elapsed()} ms (budget ${context.budget?.budgetMs ?? 0} ms) before it had read everything: a person must read it`,
      ]
    : [];
  // A concern is always urgent, and so is a message triage could not finish reading.
  const raised = flag.concern || overBudget || urgentMatters.length > 0;
  return {
    topic: topic.topic,
    priority: raised ? 'urgent' : priority.priority,
    role: role.role,
    district: district.district,
    reasons: [
      ...budgetReason,
      ...flag.reasons.map((reason) => `urgent: safeguarding: ${reason}`),
      ...urgentMatters,
      // "priority: normal (no sign of risk...)" would contradict the reasons above.
      ...priority.reasons.filter(
        (reason) => !raised || !(reason.startsWith('priority: normal') || reason.startsWith('not urgent:')),
      ),
      ...heldReasons,
      ...(unbacked && opinion !== null && !flag.concern ? [unbackedOpinionReason(opinion)] : []),
      topic.reason,
      role.reason,
      district.reason,
      ...failures.map((failure) => `triage error in ${failure}`),
    ],
    safeguarding: flag,
  };
}
