/**
 * Priority by the definitions of DESIGN.md, not by the writer's own words: urgent for a risk of
 * harm, a child with no school place or out of education, an exclusion or suspension, or a hearing
 * or statutory deadline within a few working days of receipt; high for an elected member, a
 * complaint, repeat contact about an unanswered matter, or a statutory deadline already missed;
 * normal otherwise. "URGENT" in a subject decides nothing, and "not urgent" stops nothing.
 */
import type { Priority, Role, Topic } from '../taxonomy';
import type { CompiledGroup, CompiledRules, Cue } from './compiled-rules';
import { matchCue, occursIn, snippet } from './cue-matching';
import { describeDay, findDateMentions, localDayOf, workingDaysAfter } from './date-mentions';
import { joinSentences, type Sentence } from './prepared-text';

export interface PriorityDecision {
  readonly priority: Priority;
  readonly reasons: readonly string[];
}

interface Finding {
  readonly level: 'urgent' | 'high';
  readonly reason: string;
}

function firstMatch(
  group: CompiledGroup,
  sentences: readonly Sentence[],
  joined: string,
  found: ReadonlySet<string> | null,
  rules: CompiledRules,
): { sentence: Sentence; index: number; text: string } | null {
  const present = group.cues.filter((cue) => occursIn(cue, joined, found));
  if (present.length === 0) return null;
  for (const sentence of sentences) {
    for (const cue of present) {
      const [match] = matchCue(cue, sentence.text, rules.language, {
        negationWindow: group.negationWindow,
        hypotheticalSilences: group.hypotheticalSilences,
      });
      if (match) return { sentence, ...match };
    }
  }
  return null;
}

interface CueHit {
  readonly index: number;
  readonly text: string;
}

function anyCue(cues: readonly Cue[], text: string, rules: CompiledRules): CueHit | null {
  for (const cue of cues) {
    const [match] = matchCue(cue, text, rules.language, { negationWindow: 4, hypotheticalSilences: false });
    if (match) return match;
  }
  return null;
}

/** Hearings and deadlines with a date in the same sentence: soon after receipt, or already past. */
function deadlineFindings(
  sentences: readonly Sentence[],
  joined: string,
  found: ReadonlySet<string> | null,
  receivedAt: Date,
  rules: CompiledRules,
): Finding[] {
  const settings = rules.file.priority.deadlines;
  const upcoming = rules.upcoming.filter((cue) => occursIn(cue, joined, found));
  const missedCues = rules.missed.filter((cue) => occursIn(cue, joined, found));
  if (upcoming.length === 0 && missedCues.length === 0) return [];
  const today = localDayOf(receivedAt, settings.timeZone);
  let soon: Finding | null = null;
  let missed: Finding | null = null;
  for (const sentence of sentences) {
    if (soon && missed) break;
    const upcomingCue: CueHit | null = soon ? null : anyCue(upcoming, sentence.text, rules);
    const missedCue: CueHit | null = missed ? null : anyCue(missedCues, sentence.text, rules);
    if (upcomingCue === null && missedCue === null) continue;
    if (rules.deadlineUnless.some((veto) => veto.test(sentence.text))) continue;
    for (const mention of findDateMentions(sentence.text, today)) {
      if (upcomingCue && soon === null && mention.day >= today) {
        const days = workingDaysAfter(today, mention.day, settings.bankHolidays);
        if (days <= settings.workingDays) {
          const quote = snippet(sentence.text, upcomingCue.index, upcomingCue.text.length);
          soon = {
            level: 'urgent',
            reason: `urgent: ${upcomingCue.text.toLowerCase()} on ${describeDay(mention.day)}, ${days} working day${days === 1 ? '' : 's'} after receipt ("${quote}")`,
          };
        }
      }
      if (missedCue && missed === null && mention.day < today) {
        const quote = snippet(sentence.text, missedCue.index, missedCue.text.length);
        missed = {
          level: 'high',
          reason: `high: deadline already passed on ${describeDay(mention.day)} ("${quote}")`,
        };
      }
    }
  }
  return [soon, missed].filter((finding): finding is Finding => finding !== null);
}

/**
 * Decides the priority. `sentences` are the enquirer's own (no colleague's forward note); the
 * role and topic are already decided (an elected member and a complaint are high).
 */
export function decidePriority(
  sentences: readonly Sentence[],
  context: { role: Role; topic: Topic; receivedAt: Date | null; boilerplateRemoved: number },
  rules: CompiledRules,
  found: ReadonlySet<string> | null = null,
): PriorityDecision {
  const settings = rules.file.priority;
  const readable = sentences.filter((sentence) => sentence.source !== 'school');
  const joined = joinSentences(readable);
  const findings: Finding[] = [];
  for (const group of rules.urgent) {
    const hit = firstMatch(group, readable, joined, found, rules);
    if (hit) {
      findings.push({
        level: 'urgent',
        reason: `urgent: ${group.label} ("${snippet(hit.sentence.text, hit.index, hit.text.length)}")`,
      });
    }
  }
  const dated =
    context.receivedAt === null ? [] : deadlineFindings(readable, joined, found, context.receivedAt, rules);
  findings.push(...dated.filter((finding) => finding.level === 'urgent'));
  if (settings.electedMemberIsHigh && context.role === 'elected-member') {
    findings.push({ level: 'high', reason: 'high: from an elected member or their office' });
  }
  const fired = new Set<string>();
  for (const group of rules.high) {
    const hit = firstMatch(group, readable, joined, found, rules);
    if (hit) {
      fired.add(group.id);
      findings.push({
        level: 'high',
        reason: `high: ${group.label} ("${snippet(hit.sentence.text, hit.index, hit.text.length)}")`,
      });
    }
  }
  if (settings.complaintIsHigh && context.topic === 'complaint' && !fired.has('complaint')) {
    findings.push({ level: 'high', reason: 'high: the enquiry is a complaint' });
  }
  // A dated missed deadline adds nothing when the words already said it was missed.
  if (!fired.has('missed-deadline')) findings.push(...dated.filter((finding) => finding.level === 'high'));
  const priority: Priority = findings.some((finding) => finding.level === 'urgent')
    ? 'urgent'
    : findings.length > 0
      ? 'high'
      : 'normal';
  const reasons = findings.map((finding) => finding.reason);
  if (priority === 'normal')
    reasons.push(
      'priority: normal (no sign of risk, exclusion, missing education, near deadline, complaint or repeat contact)',
    );
  if (context.boilerplateRemoved > 0) {
    reasons.push(
      `note: ignored ${context.boilerplateRemoved} passage(s) of stock text (hub acknowledgement, disclaimers)`,
    );
  }
  return { priority, reasons };
}
