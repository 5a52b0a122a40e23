/**
 * The one reading of English under every triage decision: text becomes sentences of tokens, each
 * with its lower-case form, lemma ("killing" -> `kill`, "was refused" -> `be refuse`) and part of
 * speech, from wink-nlp and its English model. The council's lexicon corrects common misspellings
 * ("sucidal") and lemmas the model gets wrong for British English ("Mum" is not `mom`).
 *
 * Cost is linear in the length of the text: the model is quadratic in the length of one unbroken
 * "word", so runs of more than {@link MAX_RUN} non-space characters (pasted links, base64, a
 * keyboard held down) are broken with a space before they are read. Offsets are kept: the text
 * handed to the model has the same length as the text given.
 */

import model from 'wink-eng-lite-web-model';
import winkNLP, { type ItemSentence, type ItsFunction, type PartOfSpeech, type WinkMethods } from 'wink-nlp';

/** One word or mark of a sentence. */
export interface Token {
  /** As written. */
  readonly text: string;
  /** Lower case, misspellings corrected by the lexicon. */
  readonly lower: string;
  /** Lower-case lemma of `lower`. */
  readonly lemma: string;
  readonly pos: PartOfSpeech;
  /** Offsets in the sentence's text. */
  readonly start: number;
  readonly end: number;
}

/** A sentence as the model split it, with its tokens. */
export interface AnalysedSentence {
  readonly text: string;
  /** Where the sentence starts in the text given to {@link analyse}. */
  readonly offset: number;
  readonly tokens: readonly Token[];
}

/** Word-level corrections from the lexicon: both maps are keyed by lower-case word. */
export interface WordFixes {
  /** Misspelling -> the word meant ("sucidal" -> "suicidal"). */
  readonly spellings: ReadonlyMap<string, string>;
  /** Word -> the lemma to use instead of the model's ("mum" -> "mum", not "mom"). */
  readonly lemmas: ReadonlyMap<string, string>;
}

export const NO_FIXES: WordFixes = { spellings: new Map(), lemmas: new Map() };

/** Longest run of non-space characters given to the model unbroken. */
export const MAX_RUN = 64;

let reader: WinkMethods | undefined;

/** The lemma helper, typed as the other token helpers are (its declared type is narrower). */
function lemmaIts(methods: WinkMethods): ItsFunction<string> {
  return methods.its.lemma as unknown as ItsFunction<string>;
}

/** The model, loaded on first use (about 100 ms) and kept for the life of the process. */
function nlp(): WinkMethods {
  // Sentence boundaries and parts of speech (lemmas need them); no entities or sentiment.
  reader ??= winkNLP(model, ['sbd', 'pos']);
  return reader;
}

/** Breaks runs longer than {@link MAX_RUN} non-space characters, keeping the length. */
export function breakLongRuns(text: string): string {
  let run = 0;
  let out: string[] | null = null;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const space = code === 32 || code === 10 || code === 9 || code === 13;
    run = space ? 0 : run + 1;
    if (run > MAX_RUN) {
      out ??= text.split('');
      out[index] = ' ';
      run = 0;
    }
  }
  return out === null ? text : out.join('');
}

const lemmaCache = new Map<string, string>();

/** The lemma of one word read on its own (for pattern words and corrected spellings). */
export function lemmaOfWord(word: string): string {
  const key = word.toLowerCase();
  let lemma = lemmaCache.get(key);
  if (lemma === undefined) {
    const lemmas = nlp().readDoc(key).tokens().out(lemmaIts(nlp())) as string[];
    lemma = lemmas.length === 1 ? (lemmas[0] ?? key).toLowerCase() : key;
    lemmaCache.set(key, lemma);
  }
  return lemma;
}

/** The words of a short phrase as the model splits them ("can't" -> ca, n't; "self-harm" -> self, -, harm). */
export function wordsOf(phrase: string): Array<{ lower: string; lemma: string }> {
  const its = nlp().its;
  const doc = nlp().readDoc(phrase);
  const values = doc.tokens().out(its.value) as string[];
  const lemmas = doc.tokens().out(lemmaIts(nlp())) as string[];
  return values.map((value, index) => ({
    lower: value.toLowerCase(),
    lemma: (lemmas[index] ?? value).toLowerCase(),
  }));
}

/** "I'm" (which the model keeps whole) is read as "I" and "'m" (be), like "he's" and "we're". */
const FIRST_PERSON_BE = /^(i)(['’]?m)$/i;

function tokensOf(value: string, lemma: string, pos: PartOfSpeech, start: number, fixes: WordFixes): Token[] {
  const split = FIRST_PERSON_BE.exec(value);
  if (split !== null) {
    const [, subject = 'I', verb = 'm'] = split;
    return [
      { text: subject, lower: 'i', lemma: 'i', pos: 'PRON', start, end: start + 1 },
      {
        text: verb,
        lower: verb.toLowerCase(),
        lemma: 'be',
        pos: 'AUX',
        start: start + 1,
        end: start + value.length,
      },
    ];
  }
  return [tokenOf(value, lemma, pos, start, fixes)];
}

function tokenOf(value: string, lemma: string, pos: PartOfSpeech, start: number, fixes: WordFixes): Token {
  const written = value.toLowerCase();
  const corrected = fixes.spellings.get(written);
  const lower = corrected ?? written;
  const base = corrected === undefined ? lemma.toLowerCase() : lemmaOfWord(corrected);
  return {
    text: value,
    lower,
    lemma: fixes.lemmas.get(lower) ?? base,
    pos,
    start,
    end: start + value.length,
  };
}

const DIGITS = /^\d+$/;

/**
 * Groups of digits written with single spaces between them are one number, as people write
 * phone, NHS and case numbers ("485 999 1234", "07700 900 123"): read as one token, so no group
 * inside it is a number said on its own (the "999" of an NHS number is no emergency call).
 */
function joinDigitGroups(tokens: readonly Token[], text: string): Token[] {
  const joined: Token[] = [];
  for (const token of tokens) {
    const previous = joined[joined.length - 1];
    if (
      previous !== undefined &&
      DIGITS.test(token.text) &&
      /^\d[\d ]*$/.test(previous.text) &&
      token.start === previous.end + 1 &&
      text[previous.end] === ' '
    ) {
      const value = text.slice(previous.start, token.end);
      joined[joined.length - 1] = {
        ...previous,
        text: value,
        lower: value,
        lemma: value,
        pos: 'NUM',
        end: token.end,
      };
    } else joined.push(token);
  }
  return joined;
}

/**
 * Splits a text into sentences of tokens.
 * @param fixes the lexicon's spelling and lemma corrections.
 */
export function analyse(text: string, fixes: WordFixes = NO_FIXES): AnalysedSentence[] {
  if (!/[\p{L}\p{N}]/u.test(text)) return [];
  const readable = breakLongRuns(text);
  const its = nlp().its;
  const doc = nlp().readDoc(readable);
  const sentences: AnalysedSentence[] = [];
  let cursor = 0;
  doc.sentences().each((sentence: ItemSentence) => {
    const tokens = sentence.tokens();
    const values = tokens.out(its.value) as string[];
    const spaces = tokens.out(its.precedingSpaces) as string[];
    const lemmas = tokens.out(lemmaIts(nlp())) as string[];
    const tags = tokens.out(its.pos) as PartOfSpeech[];
    const absolute: Array<{ value: string; start: number; index: number }> = [];
    values.forEach((value, index) => {
      cursor += (spaces[index] ?? '').length;
      // The model keeps the text as written; if it ever did not, find the token near the cursor.
      const start = readable.startsWith(value, cursor) ? cursor : readable.indexOf(value, cursor);
      const at = start < 0 ? cursor : start;
      absolute.push({ value: text.slice(at, at + value.length) || value, start: at, index });
      cursor = at + value.length;
    });
    const first = absolute[0];
    const last = absolute[absolute.length - 1];
    if (first === undefined || last === undefined) return;
    const offset = first.start;
    const sentenceText = text.slice(offset, last.start + last.value.length);
    if (!/[\p{L}\p{N}]/u.test(sentenceText)) return;
    const read = absolute.flatMap((entry) =>
      tokensOf(
        entry.value,
        lemmas[entry.index] ?? entry.value,
        tags[entry.index] ?? 'X',
        entry.start - offset,
        fixes,
      ),
    );
    sentences.push({ text: sentenceText, offset, tokens: joinDigitGroups(read, sentenceText) });
  });
  return sentences;
}

/** For tests: whether a token is punctuation. */
export function isPunctuation(token: Token): boolean {
  return token.pos === 'PUNCT' || !/[\p{L}\p{N}]/u.test(token.text);
}
