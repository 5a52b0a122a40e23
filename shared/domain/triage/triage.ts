/**
 * Triage of one enquiry: topic, priority, role of the enquirer, district of the child, and the
 * reasons a caseworker reads. Pure and deterministic: the same message and rules give the same
 * answer, nothing reads the clock, and it never throws (a part that fails on odd input falls back
 * to a safe answer and says so; priority then falls back to urgent so a person looks at it).
 */
import type { IntakeMessage } from '../intake-message';
import {
  type District,
  NO_SAFEGUARDING_CONCERN,
  type Role,
  type Topic,
  type TriageResult,
} from '../taxonomy';
import { type CompiledRules, compiledRules } from './compiled-rules';
import { decideDistrict } from './district';
import { type PreparedText, prepareEmail, preparePhone } from './prepared-text';
import { decidePriority, type PriorityDecision } from './priority';
import { decideRole } from './role';
import type { TriageRules } from './rules-schema';
import { decideSafeguarding } from './safeguarding';
import { decideTopic } from './topic';

/** Hub settings triage needs. */
export interface TriageContext {
  /** Council mail domains: a sender there with no other clue is a council professional. */
  readonly councilDomains: readonly string[];
  /** The hub's own addresses (never the enquirer). */
  readonly hubAddresses: readonly string[];
}

function safely<T>(part: string, run: () => T, fallback: T, failures: string[]): T {
  try {
    return run();
  } catch (error) {
    failures.push(`${part}: ${error instanceof Error ? error.name : 'error'}`);
    return fallback;
  }
}

function prepare(intake: IntakeMessage, rules: CompiledRules): PreparedText {
  if (intake.channel === 'phone') {
    return preparePhone(
      intake.summary ?? '',
      intake.child?.school ?? null,
      rules.language,
      rules.maxTextLength,
    );
  }
  // Only the enquirer's own text: a colleague's forward note is their guess, not the enquirer's words.
  return prepareEmail(intake.subject ?? '', intake.body ?? '', rules.language, rules.maxTextLength);
}

function receivedAtOf(intake: IntakeMessage): Date | null {
  const time = Date.parse(intake.receivedAt);
  return Number.isNaN(time) ? null : new Date(time);
}

/**
 * Triages one intake message with the given rules.
 * @param context the hub's council domains and own addresses.
 * @returns topic, priority, role, district and human-readable reasons; never throws.
 */
export function triage(intake: IntakeMessage, rules: TriageRules, context: TriageContext): TriageResult {
  const failures: string[] = [];
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
  const empty: PreparedText = { sentences: [], boilerplateRemoved: 0 };
  const text = safely('text', () => prepare(intake, compiled), empty, failures);
  // Which cue needles the message contains, found in one pass: most cues can then be skipped.
  const found = safely(
    'index',
    () =>
      compiled.needleIndex.find(
        [...text.sentences.map((sentence) => sentence.text), intake.requester.name ?? '']
          .join('\n')
          .toLowerCase(),
      ),
    null,
    failures,
  );
  const topic = safely<{ topic: Topic; reason: string }>(
    'topic',
    () => decideTopic(text.sentences, compiled, found),
    { topic: 'general', reason: 'topic: general (topic rules failed on this text)' },
    failures,
  );
  const role = safely<{ role: Role; reason: string }>(
    'role',
    () => decideRole(intake, text.sentences, compiled, context, found),
    { role: compiled.file.roles.fallback, reason: 'role: rules failed on this text' },
    failures,
  );
  const priority = safely<PriorityDecision>(
    'priority',
    () =>
      decidePriority(
        text.sentences,
        {
          role: role.role,
          topic: topic.topic,
          receivedAt: receivedAtOf(intake),
          boilerplateRemoved: text.boilerplateRemoved,
        },
        compiled,
        found,
      ),
    // Never let a rules failure hide a child at risk: a person looks at it first.
    {
      priority: 'urgent',
      reasons: ['urgent: priority rules failed on this text, so a person must check it'],
      urgentGroups: [],
    },
    failures,
  );
  const district = safely<{ district: District; reason: string }>(
    'district',
    () => decideDistrict(intake, text.sentences, role.role, compiled),
    { district: 'unknown', reason: 'district: unknown (district rules failed on this text)' },
    failures,
  );
  const safeguarding = decideSafeguarding(priority.urgentGroups);
  return {
    topic: topic.topic,
    // A concern is always urgent, whatever else the priority rules found.
    priority: safeguarding.concern ? 'urgent' : priority.priority,
    role: role.role,
    district: district.district,
    reasons: [
      ...priority.reasons,
      topic.reason,
      role.reason,
      district.reason,
      ...failures.map((failure) => `triage error in ${failure}`),
    ],
    safeguarding,
  };
}
