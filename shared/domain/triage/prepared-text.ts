/**
 * Turns an enquiry's text into sentences the rules can read: normalised characters, quoted reply
 * lines marked, forwarded messages below a marker set apart, the signature block found, stock
 * boilerplate (the hub's own "if a child is at immediate risk..." text, disclaimers) removed,
 * and each sentence marked as an ask ("Could you tell me...?") or an aside ("Also, ...").
 */
import type { CompiledLanguage } from './compiled-rules';
import { type AnalysedSentence, analyse, type Token, type WordFixes } from './language/analyse';

export type SentenceSource = 'subject' | 'body' | 'summary' | 'school';

export interface Sentence {
  readonly text: string;
  /** Its words, with lemmas, from the language layer (offsets in `text`). */
  readonly tokens: readonly Token[];
  readonly source: SentenceSource;
  /** 0: the enquirer's own words; 1 and up: a message forwarded or quoted below them. */
  readonly segment: number;
  /** From `>` quoted lines of a reply. */
  readonly quoted: boolean;
  /** Part of a sign-off block (name, title, organisation, address). */
  readonly signature: boolean;
  /** Asks something: the main ask decides the topic. */
  readonly ask: boolean;
  /** A side point ("Also, ...", "Separately, ..."). */
  readonly aside: boolean;
  /** Which paragraph of its source it is in (a subject or school line: 0). */
  readonly paragraph: number;
}

export interface PreparedText {
  readonly sentences: readonly Sentence[];
  /** How many boilerplate passages were removed (said in reasons). */
  readonly boilerplateRemoved: number;
}

/** Separates sentences in {@link joinSentences}: not a letter, digit or space, so no cue spans it. */
const SENTENCE_JOINER = '\n\u0000\n';

/** The sentences that say what the enquirer says: not a signature, not the child's school line. */
export function readableSentences(sentences: readonly Sentence[]): Sentence[] {
  return sentences.filter((sentence) => !sentence.signature && sentence.source !== 'school');
}

/** All sentence texts in one string, for a quick "does this cue occur anywhere?" test. */
export function joinSentences(sentences: readonly Sentence[]): string {
  return sentences.map((sentence) => sentence.text).join(SENTENCE_JOINER);
}

interface Line {
  readonly text: string;
  readonly quoted: boolean;
  readonly segment: number;
  signature: boolean;
}

const QUOTE_PREFIX = /^(?:[ \t]*>)+[ \t]?/;
const HEADER_LINE = /^(?:from|sent|to|cc|bcc|subject|date|reply-to|importance)\s*:/i;
const FROM_LINE = /^from\s*:\s*\S/i;
const DATE_LINE = /^(?:sent|date)\s*:\s*\S/i;
const WROTE_END = /wrote\s*:\s*$/i;
const DASH_SEPARATOR = /^(?:--\s?|_{5,}|-{5,})$/;
const BULLET = /^\s*(?:[-*•·▪◦–]|\d{1,2}[.)]|[a-hA-H][.)]|\(\w{1,3}\))\s+/;
const NOISE_LINE = /^(?:sent from (?:my )?[\w ]{2,40}|get outlook for \w+|sent via [\w ]{2,30})$/i;

/** Straightens quotes and dashes, drops invisible characters, folds line endings, caps the length. */
export function normaliseText(text: string, maxLength: number): string {
  return text
    .slice(0, maxLength)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, '-');
}

function isSignatureLike(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 60) return false;
  if (/[.?!]$/.test(trimmed) && !/\b(?:[A-Z]\.|Dr\.|Ltd\.)$/.test(trimmed)) return false;
  return trimmed.split(/\s+/).length <= 9;
}

/** Marks lines quoted with `>` and numbers the segments split by forward/reply markers. */
function splitLines(body: string, language: CompiledLanguage): Line[] {
  const raw = body.split('\n');
  const lines: Line[] = [];
  let segment = 0;
  let skippingHeaders = false;
  for (let index = 0; index < raw.length; index += 1) {
    const original = raw[index] ?? '';
    const quoted = QUOTE_PREFIX.test(original);
    const text = original.replace(QUOTE_PREFIX, '').trimEnd();
    const trimmed = text.trim();
    const next = (raw[index + 1] ?? '').replace(QUOTE_PREFIX, '').trim();
    if (skippingHeaders) {
      if (HEADER_LINE.test(trimmed)) continue;
      skippingHeaders = false;
    }
    const wrappedReplyHeader =
      /^on\s/i.test(trimmed) && !WROTE_END.test(trimmed) && WROTE_END.test(next) && trimmed.length < 300;
    const replyHeader = /^on\s/i.test(trimmed) && WROTE_END.test(trimmed) && trimmed.length < 400;
    const headerBlock =
      FROM_LINE.test(trimmed) &&
      raw.slice(index + 1, index + 5).some((line) => DATE_LINE.test(line.replace(QUOTE_PREFIX, '').trim()));
    if (language.forwardMarker.test(trimmed) || replyHeader || wrappedReplyHeader || headerBlock) {
      segment += 1;
      skippingHeaders = true;
      if (wrappedReplyHeader) index += 1;
      if (headerBlock) lines.push({ text: '', quoted, segment, signature: false });
      continue;
    }
    if (NOISE_LINE.test(trimmed)) {
      lines.push({ text: '', quoted, segment, signature: false });
      continue;
    }
    lines.push({ text, quoted, segment, signature: false });
  }
  return lines;
}

/** Finds each segment's sign-off block and marks its lines as signature. */
function markSignatures(lines: Line[], language: CompiledLanguage): void {
  const segments = new Map<number, number[]>();
  lines.forEach((line, index) => {
    if (line.text.trim() === '') return;
    const list = segments.get(line.segment) ?? [];
    list.push(index);
    segments.set(line.segment, list);
  });
  for (const indexes of segments.values()) {
    const tail = indexes.slice(-18);
    let start = -1;
    for (let position = tail.length - 1; position >= 0; position -= 1) {
      const line = lines[tail[position] ?? -1];
      if (line && line.text.trim().length < 45 && language.signOff.test(line.text)) {
        start = position + 1;
        break;
      }
    }
    if (start < 0) {
      let dash = -1;
      for (let position = tail.length - 1; position >= 0; position -= 1) {
        if (DASH_SEPARATOR.test((lines[tail[position] ?? -1]?.text ?? '').trim())) {
          dash = position;
          break;
        }
      }
      start = dash >= 0 ? dash + 1 : tail.length;
      let back = (dash >= 0 ? dash : tail.length) - 1;
      while (back >= 0 && isSignatureLike(lines[tail[back] ?? -1]?.text ?? '')) {
        start = back;
        back -= 1;
      }
    }
    for (const index of tail.slice(start, start + 14)) {
      const line = lines[index];
      if (line) line.signature = true;
    }
  }
}

interface Unit {
  text: string;
  segment: number;
  quoted: boolean;
  signature: boolean;
  bullet: boolean;
  paragraph: number;
}

/** Groups lines into units: a signature line, a bullet item, or the rest of a paragraph. */
function toUnits(lines: readonly Line[]): Unit[] {
  const units: Unit[] = [];
  let current: Unit | null = null;
  let paragraph = 0;
  let previous: Line | null = null;
  for (const line of lines) {
    const blank = line.text.trim() === '';
    const breaks =
      blank ||
      previous === null ||
      previous.segment !== line.segment ||
      previous.quoted !== line.quoted ||
      previous.signature !== line.signature;
    if (breaks) {
      if (current) units.push(current);
      current = null;
      paragraph += 1;
    }
    previous = blank ? null : line;
    if (blank) continue;
    const bullet = BULLET.test(line.text);
    if (current === null || line.signature || bullet) {
      if (current) units.push(current);
      current = {
        text: bullet ? line.text.replace(BULLET, '') : line.text.trim(),
        segment: line.segment,
        quoted: line.quoted,
        signature: line.signature,
        bullet,
        paragraph,
      };
    } else {
      current.text += ` ${line.text.trim()}`;
    }
  }
  if (current) units.push(current);
  return units;
}

/** One sentence of a whole text (a signature line, a subject): every token, offsets in `text`. */
function asOneSentence(text: string, fixes: WordFixes): AnalysedSentence {
  const tokens = analyse(text, fixes).flatMap((sentence) =>
    sentence.tokens.map((token) => ({
      ...token,
      start: token.start + sentence.offset,
      end: token.end + sentence.offset,
    })),
  );
  return { text, offset: 0, tokens };
}

function stripBoilerplate(text: string, patterns: readonly RegExp[]): { text: string; removed: number } {
  let removed = 0;
  let out = text;
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, () => {
      removed += 1;
      return ' ';
    });
  }
  return { text: out.replace(/\s{2,}/g, ' ').trim(), removed };
}

function isAsk(sentence: string, language: CompiledLanguage): boolean {
  return sentence.includes('?') || language.ask.test(sentence);
}

/** Sentences of units: boilerplate removed, asks and asides marked. */
function unitsToSentences(
  units: readonly Unit[],
  source: SentenceSource,
  language: CompiledLanguage,
  fixes: WordFixes,
  asideSpansParagraph: boolean,
): PreparedText {
  const sentences: Sentence[] = [];
  let removed = 0;
  let asideParagraph = -1;
  let askList = false;
  // Only the boilerplate that occurs somewhere is tried unit by unit.
  const whole = units.map((unit) => unit.text).join('\n');
  const boilerplate = language.boilerplate.filter((pattern) => {
    pattern.lastIndex = 0;
    const found = pattern.test(whole);
    pattern.lastIndex = 0;
    return found;
  });
  for (const unit of units) {
    const cleaned =
      boilerplate.length === 0 ? { text: unit.text, removed: 0 } : stripBoilerplate(unit.text, boilerplate);
    removed += cleaned.removed;
    if (!unit.bullet) askList = false;
    const parts = unit.signature
      ? [cleaned.text].filter((text) => text !== '').map((text) => asOneSentence(text, fixes))
      : analyse(cleaned.text, fixes);
    for (const { text, tokens } of parts) {
      const aside = !unit.signature && language.aside.test(text);
      if (aside && asideSpansParagraph) asideParagraph = unit.paragraph;
      const ask = !unit.signature && (isAsk(text, language) || (unit.bullet && askList));
      sentences.push({
        text,
        tokens,
        source,
        segment: unit.segment,
        quoted: unit.quoted,
        signature: unit.signature,
        ask,
        aside: aside || (asideSpansParagraph && asideParagraph === unit.paragraph),
        paragraph: unit.paragraph,
      });
      if (ask && /:\s*$/.test(text)) askList = true;
    }
  }
  return { sentences, boilerplateRemoved: removed };
}

/** The subject line without reply/forward prefixes and without the hub's own subject text. */
export function cleanSubject(subject: string, language: CompiledLanguage): string {
  let out = normaliseText(subject, 1000).replace(/\s+/g, ' ');
  out = out.replace(/^\s*(?:(?:re|fw|fwd|aw|wg|tr)\s*(?:\[\d+\])?\s*:\s*|\[external\]\s*)+/i, '');
  for (const pattern of language.subjectBoilerplate) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, ' ');
  }
  return out.replace(/\s{2,}/g, ' ').trim();
}

/** Prepares an email: its subject and the enquirer's body text. */
export function prepareEmail(
  subject: string,
  body: string,
  language: CompiledLanguage,
  fixes: WordFixes,
  maxLength: number,
): PreparedText {
  const lines = splitLines(normaliseText(body, maxLength), language);
  markSignatures(lines, language);
  const prepared = unitsToSentences(toUnits(lines), 'body', language, fixes, true);
  const cleanedSubject = cleanSubject(subject, language);
  const subjectSentence: Sentence[] =
    cleanedSubject === ''
      ? []
      : [
          {
            text: cleanedSubject,
            tokens: asOneSentence(cleanedSubject, fixes).tokens,
            source: 'subject',
            segment: 0,
            quoted: false,
            signature: false,
            ask: false,
            aside: false,
            paragraph: 0,
          },
        ];
  return {
    sentences: [...subjectSentence, ...prepared.sentences],
    boilerplateRemoved: prepared.boilerplateRemoved,
  };
}

function schoolLine(school: string, fixes: WordFixes): { text: string; tokens: readonly Token[] } {
  const text = normaliseText(school, 500).replace(/\s+/g, ' ').trim();
  return { text, tokens: asOneSentence(text, fixes).tokens };
}

/** Prepares a phone log: the call handler's summary, and the child's school (for the district). */
export function preparePhone(
  summary: string,
  school: string | null,
  language: CompiledLanguage,
  fixes: WordFixes,
  maxLength: number,
): PreparedText {
  const lines: Line[] = normaliseText(summary, maxLength)
    .split('\n')
    .map((text) => ({ text, quoted: false, segment: 0, signature: false }));
  const prepared = unitsToSentences(toUnits(lines), 'summary', language, fixes, false);
  const schoolSentence: Sentence[] =
    school === null || school.trim() === ''
      ? []
      : [
          {
            ...schoolLine(school, fixes),
            source: 'school',
            segment: 0,
            quoted: false,
            signature: false,
            ask: false,
            aside: false,
            paragraph: 0,
          },
        ];
  return {
    sentences: [...prepared.sentences, ...schoolSentence],
    boilerplateRemoved: prepared.boilerplateRemoved,
  };
}
