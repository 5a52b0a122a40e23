/**
 * Finding cues in a sentence, with the checks that keep them honest: a veto word in the same
 * sentence, a negation shortly before in the same clause ("no risk", "isn't in danger"), and a
 * what-if ("what happens if he is excluded?").
 */
import type { CompiledLanguage, Cue } from './compiled-rules';

export interface CueMatch {
  readonly index: number;
  readonly text: string;
}

export interface MatchOptions {
  /** Negation words this many words before a match silence it (0: never). */
  readonly negationWindow: number;
  /** A what-if word shortly before a match silences it. */
  readonly hypotheticalSilences: boolean;
}

const LOOK_BACK = 240;

/** The text of the clause before `index`, cut at the last clause break. */
function clauseBefore(text: string, index: number, language: CompiledLanguage): string {
  const before = text.slice(Math.max(0, index - LOOK_BACK), index);
  let cut = 0;
  language.clauseBreak.lastIndex = 0;
  for (
    let match = language.clauseBreak.exec(before);
    match !== null;
    match = language.clauseBreak.exec(before)
  ) {
    cut = match.index + match[0].length;
    if (match[0].length === 0) language.clauseBreak.lastIndex += 1;
  }
  return before.slice(cut);
}

function lastWords(text: string, count: number): string {
  if (count <= 0) return '';
  const words = text.trim().split(/\s+/);
  return words.slice(-count).join(' ');
}

/** True when a negation word comes within `window` words before `index`, in the same clause. */
export function isNegated(text: string, index: number, window: number, language: CompiledLanguage): boolean {
  if (window <= 0) return false;
  return language.negation.test(lastWords(clauseBefore(text, index, language), window));
}

/** True when a what-if word ("if", "whether", "could") comes shortly before `index`, in the same clause. */
export function isHypothetical(text: string, index: number, language: CompiledLanguage): boolean {
  return language.hypothetical.test(
    lastWords(clauseBefore(text, index, language), language.hypotheticalWindow),
  );
}

/** True when one of the cue's veto patterns occurs in the sentence. */
export function isVetoed(cue: Cue, text: string): boolean {
  return cue.unless.some((veto) => veto.test(text));
}

/**
 * True when the cue matches somewhere in `joined` (all sentences joined). Most cues match nothing
 * in a given message: checking the cue's needles against `found` (the needles the message
 * contains, from the rules' needle index) and then one regex test saves looking sentence by
 * sentence. A match that only spans two sentences is a false alarm the per-sentence pass rejects.
 */
export function occursIn(cue: Cue, joined: string, found: ReadonlySet<string> | null = null): boolean {
  if (found !== null && cue.needles !== null && !cue.needles.some((needle) => found.has(needle)))
    return false;
  cue.regex.lastIndex = 0;
  const matches = cue.regex.test(joined);
  cue.regex.lastIndex = 0;
  return matches;
}

/** Every match of a cue in a sentence that survives vetoes, negation and what-ifs. */
export function matchCue(
  cue: Cue,
  text: string,
  language: CompiledLanguage,
  options: MatchOptions,
): CueMatch[] {
  const found: CueMatch[] = [];
  cue.regex.lastIndex = 0;
  for (let match = cue.regex.exec(text); match !== null; match = cue.regex.exec(text)) {
    if (match[0].length === 0) {
      cue.regex.lastIndex += 1;
      continue;
    }
    if (found.length === 0 && isVetoed(cue, text)) return [];
    if (isNegated(text, match.index, options.negationWindow, language)) continue;
    if (options.hypotheticalSilences && isHypothetical(text, match.index, language)) continue;
    found.push({ index: match.index, text: match[0] });
  }
  return found;
}

/** A short quote around a match for reasons: whole words, at most about `max` characters. */
export function snippet(text: string, index: number, length: number, max = 60): string {
  const spare = Math.max(0, max - length);
  let start = Math.max(0, index - Math.floor(spare / 2));
  let end = Math.min(text.length, index + length + Math.ceil(spare / 2));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < index ? space + 1 : start;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > index + length ? space : end;
  }
  const quote = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${quote}${end < text.length ? '…' : ''}`;
}
