/**
 * Priority by the definitions of DESIGN.md, not by the writer's own words: urgent for a risk of
 * harm, a child with no school place or out of education, an exclusion or suspension, or a hearing
 * or statutory deadline within a few working days of receipt; high for an elected member, a
 * complaint, repeat contact about an unanswered matter, or a statutory deadline already missed;
 * normal otherwise. "URGENT" in a subject decides nothing, and "not urgent" stops nothing.
 */

import { type BusinessCalendar, localDateOf, workingDaysAfter } from '../business-calendar';
import { dateKeyOfDay, dayOfDateKey } from '../local-time';
import type { Priority, Role, Topic } from '../taxonomy';
import type { CompiledGroup, CompiledRules, Cue } from './compiled-rules';
import { matchCue, occursIn, snippet } from './cue-matching';
import { type DateMention, describeDay, findDateMentions } from './date-mentions';
import { eventNotNow, type NotNow } from './happening-now';
import { scoped } from './language/concepts';
import { type MessageScope, scopeMessage } from './language/scope';
import { joinSentences, type Sentence } from './prepared-text';

export interface PriorityDecision {
  readonly priority: Priority;
  readonly reasons: readonly string[];
}

/** Words saying an event has happened; and words saying one is still ahead. */
const HAPPENED = /\b(?:held|took place|arrived|received|came|was|were|had|happened|attended|went ahead)\b/i;
const STILL_AHEAD =
  /\b(?:is|are|will|shall|due|booked|listed|scheduled|going to|has been (?:set|booked|listed|moved|arranged)|have to|must|need to|until|by|before)\b|'(?:s|ll|re)\b/i;

/** True when the clause around `index` says its event has happened and nothing says it is ahead. */
function eventIsOver(sentence: string, index: number): boolean {
  let start = 0;
  let end = sentence.length;
  // An ellipsis ends a thought as a full stop does ("...that day... The deadline was next week").
  for (const match of sentence.matchAll(/[;,:]|\.{2,}|…|\b(?:and|but|so|when)\b/gi)) {
    if (match.index < index) start = match.index + match[0].length;
    else {
      end = match.index;
      break;
    }
  }
  const clause = sentence.slice(start, end);
  return HAPPENED.test(clause) && !STILL_AHEAD.test(clause);
}

interface Finding {
  readonly level: 'urgent' | 'high';
  readonly reason: string;
}

/** What reads a group's matches in time: the language layer's scope and the day of receipt. */
interface EventReader {
  readonly message: MessageScope;
  readonly today: number | null;
}

/** A cue of a group that needs its event happening now, found but not counted, and why. */
interface NotNowHit {
  readonly quote: string;
  readonly why: Exclude<NotNow, null>;
}

function firstMatch(
  group: CompiledGroup,
  sentences: readonly Sentence[],
  joined: string,
  found: ReadonlySet<string> | null,
  rules: CompiledRules,
  events: () => EventReader,
  skipped: NotNowHit[] = [],
): { sentence: Sentence; index: number; text: string } | null {
  const present = group.cues.filter((cue) => occursIn(cue, joined, found));
  if (present.length === 0) return null;
  for (const sentence of sentences) {
    for (const cue of present) {
      const matches = matchCue(cue, sentence.text, rules.language, {
        negationWindow: group.negationWindow,
        hypotheticalSilences: group.hypotheticalSilences,
      });
      for (const match of matches) {
        if (!group.happeningNow) return { sentence, ...match };
        const reader = events();
        const why = eventNotNow(
          sentence,
          match.index,
          match.text.length,
          rules.lexicon.scope,
          reader.message,
          reader.today,
        );
        if (why === null) return { sentence, ...match };
        skipped.push({ quote: snippet(sentence.text, match.index, match.text.length), why });
      }
    }
  }
  return null;
}

interface CueHit {
  readonly index: number;
  readonly text: string;
}

function cueHits(cues: readonly Cue[], text: string, rules: CompiledRules): CueHit[] {
  return cues.flatMap((cue) =>
    matchCue(cue, text, rules.language, { negationWindow: 4, hypotheticalSilences: false }),
  );
}

function distance(hit: CueHit, mention: DateMention): number {
  if (mention.index >= hit.index + hit.text.length) return mention.index - (hit.index + hit.text.length);
  if (hit.index >= mention.index + mention.length) return hit.index - (mention.index + mention.length);
  return 0;
}

/**
 * The date each hearing or deadline word refers to: the mention nearest to it. "Mediation is on
 * Thursday and the hearing is on 15 September" puts the hearing in September, not on Thursday.
 * Only dates from the day of receipt on are given, so "moved from 2 March to Friday" means Friday.
 */
function nearestDates(
  hits: readonly CueHit[],
  mentions: readonly DateMention[],
): Array<{ hit: CueHit; day: number }> {
  const paired: Array<{ hit: CueHit; day: number }> = [];
  for (const hit of hits) {
    let best: DateMention | null = null;
    for (const mention of mentions) {
      if (best === null || distance(hit, mention) < distance(hit, best)) best = mention;
    }
    if (best !== null) paired.push({ hit, day: best.day });
  }
  return paired;
}

/** Hearings and deadlines with a date in the same sentence: soon after receipt, or already past. */
function deadlineFindings(
  sentences: readonly Sentence[],
  joined: string,
  found: ReadonlySet<string> | null,
  receivedAt: Date,
  calendar: BusinessCalendar,
  rules: CompiledRules,
): Finding[] {
  const settings = rules.file.priority.deadlines;
  const upcoming = rules.upcoming.filter((cue) => occursIn(cue, joined, found));
  const missedCues = rules.missed.filter((cue) => occursIn(cue, joined, found));
  if (upcoming.length === 0 && missedCues.length === 0) return [];
  const receiptDate = localDateOf(calendar, receivedAt);
  const today = dayOfDateKey(receiptDate);
  if (today === null) return [];
  let soon: Finding | null = null;
  let missed: Finding | null = null;
  for (const sentence of sentences) {
    if (soon && missed) break;
    // A meeting that was held, or a consultation that arrived, is no date to meet: only one ahead counts.
    const upcomingHits: CueHit[] = soon
      ? []
      : cueHits(upcoming, sentence.text, rules).filter((hit) => !eventIsOver(sentence.text, hit.index));
    const missedCue: CueHit | null = missed ? null : (cueHits(missedCues, sentence.text, rules)[0] ?? null);
    if (upcomingHits.length === 0 && missedCue === null) continue;
    if (rules.deadlineUnless.some((veto) => veto.test(sentence.text))) continue;
    const mentions = findDateMentions(sentence.text, today);
    const ahead = mentions.filter((mention) => mention.day >= today);
    for (const { hit, day } of nearestDates(upcomingHits, ahead)) {
      if (soon !== null) continue;
      const days = workingDaysAfter(calendar, receiptDate, dateKeyOfDay(day));
      if (days <= settings.workingDays) {
        const quote = snippet(sentence.text, hit.index, hit.text.length);
        soon = {
          level: 'urgent',
          reason: `urgent: ${hit.text.toLowerCase()} on ${describeDay(day)}, ${days} working day${days === 1 ? '' : 's'} after receipt ("${quote}")`,
        };
      }
    }
    for (const mention of mentions) {
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
  context: {
    role: Role;
    topic: Topic;
    receivedAt: Date | null;
    boilerplateRemoved: number;
    /** The hub's calendar: "within 5 working days" counts its working days, closures included. */
    calendar: BusinessCalendar;
  },
  rules: CompiledRules,
  found: ReadonlySet<string> | null = null,
): PriorityDecision {
  const settings = rules.file.priority;
  const readable = sentences.filter((sentence) => sentence.source !== 'school');
  const joined = joinSentences(readable);
  const findings: Finding[] = [];
  let reader: EventReader | null = null;
  // Read once, and only when a group needs its event happening now.
  const events = (): EventReader => {
    if (reader === null) {
      const scope = rules.lexicon.scope;
      const today =
        context.receivedAt === null ? null : dayOfDateKey(localDateOf(context.calendar, context.receivedAt));
      reader = {
        message: scopeMessage(
          readable.map((sentence) => scoped(sentence.tokens, scope)),
          scope,
        ),
        today,
      };
    }
    return reader;
  };
  const notNow: string[] = [];
  for (const group of rules.urgent) {
    const skipped: NotNowHit[] = [];
    const hit = firstMatch(group, readable, joined, found, rules, events, skipped);
    if (hit) {
      const reason = `urgent: ${group.label} ("${snippet(hit.sentence.text, hit.index, hit.text.length)}")`;
      findings.push({ level: 'urgent', reason });
    } else if (skipped[0] !== undefined) {
      notNow.push(`not urgent: ${group.label} not happening now, ${skipped[0].why} ("${skipped[0].quote}")`);
    }
  }
  const dated =
    context.receivedAt === null
      ? []
      : deadlineFindings(readable, joined, found, context.receivedAt, context.calendar, rules);
  findings.push(...dated.filter((finding) => finding.level === 'urgent'));
  if (settings.electedMemberIsHigh && context.role === 'elected-member') {
    findings.push({ level: 'high', reason: 'high: from an elected member or their office' });
  }
  const fired = new Set<string>();
  for (const group of rules.high) {
    const hit = firstMatch(group, readable, joined, found, rules, events);
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
  if (priority !== 'urgent') reasons.push(...notNow);
  if (context.boilerplateRemoved > 0) {
    reasons.push(
      `note: ignored ${context.boilerplateRemoved} passage(s) of stock text (hub acknowledgement, disclaimers)`,
    );
  }
  return { priority, reasons };
}
