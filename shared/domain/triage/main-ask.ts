/**
 * The main ask: what the writer wants the hub to do. Real parents tell the story first and ask
 * last, and the words they use most belong to the story (the diagnosis, the appeal they fear, the
 * school day), so the topic is read from the sentences that ask, want or challenge, not from the
 * whole text. Each readable sentence gets one role, read from its words on the language layer
 * (lemmas and parts of speech, so "can we", "could I", "How do I" and "I'd like to" are one idea).
 */
import type { Token } from './language/analyse';
import type { Sentence } from './prepared-text';

/**
 * - `subject`: the subject line, which names what the message is about.
 * - `question`: asks something ("Can I challenge it?", "Is this legal", "What are my options").
 * - `request`: asks for something ("please...", "I want her moved...", "Any advice...").
 * - `decision`: reports a decision the writer challenges ("the LA refused to assess").
 * - `story`: everything else: background, what happened.
 */
export type AskRole = 'subject' | 'question' | 'request' | 'decision' | 'story';

/** Words that open a question: "Can I...", "How do we...", "Is it legal...". */
const QUESTION_OPENERS = new Set([
  'can',
  'could',
  'should',
  'would',
  'will',
  'shall',
  'do',
  'be',
  'have',
  'may',
  'must',
  'how',
  'what',
  'who',
  'where',
  'when',
  'which',
  'why',
  'whether',
  'anyone',
  'anybody',
]);

/** Wanting verbs: "I want / need / would like / hope to...". */
const WANTING = new Set(['want', 'need', 'like', 'wish', 'hope', 'wonder', 'ask']);

/** What a request asks for: "Any advice...", "help please", "tips". */
const ASKED_FOR = new Set(['advice', 'help', 'tip', 'suggestion', 'idea', 'thought', 'option', 'guidance']);

/** Decisions a writer challenges: refusals, cuts, removals. */
const DECIDING = new Set([
  'refuse',
  'reject',
  'decline',
  'deny',
  'withdraw',
  'remove',
  'cut',
  'reduce',
  'stop',
  'turn',
  'overrule',
  'name',
  'decide',
]);

const SUBJECT_PRONOUNS = new Set(['i', 'we']);

/** Leading words that do not change what a sentence does ("So, can I...", "And what..."). */
const LEAD_INS = new Set(['so', 'and', 'but', 'also', 'then', 'ok', 'okay', 'well', 'hi', 'hello', 'please']);

function words(tokens: readonly Token[]): Token[] {
  return tokens.filter((token) => token.pos !== 'PUNCT' && token.pos !== 'SYM');
}

function isQuestion(sentence: Sentence, tokens: readonly Token[]): boolean {
  if (sentence.text.includes('?')) return true;
  const first = tokens.find((token) => !LEAD_INS.has(token.lemma));
  if (first === undefined) return false;
  // "Is this legal", "How do I appeal" without a question mark; not "When he was three, ...".
  if (!QUESTION_OPENERS.has(first.lemma)) return false;
  const next = tokens[tokens.indexOf(first) + 1];
  if (next === undefined) return false;
  // "Which school...?" asks; "Which is what they said" is a fragment of the sentence before.
  if (first.lemma === 'which') return next.pos === 'NOUN' || next.pos === 'ADJ';
  return next.pos === 'PRON' || next.pos === 'AUX' || next.pos === 'DET';
}

function isRequest(tokens: readonly Token[]): boolean {
  if (tokens.some((token) => token.lemma === 'please' || token.lemma === 'grateful')) return true;
  // "could you look into this", "can you tell me", "let me know", "tell me".
  const asksSomeone = tokens.some((token, index) => {
    const next = tokens[index + 1];
    if (next === undefined) return false;
    if (token.pos === 'AUX' && /^(?:can|could|would|will)$/.test(token.lemma) && next.lower === 'you')
      return true;
    // "let me know", "tell us": asked of the reader, so opening the sentence or after "you", "please".
    if ((token.lemma !== 'let' && token.lemma !== 'tell') || (next.lower !== 'me' && next.lower !== 'us'))
      return false;
    const before = tokens[index - 1];
    return before === undefined || LEAD_INS.has(before.lemma) || before.lower === 'you';
  });
  if (asksSomeone) return true;
  const first = tokens.find((token) => !LEAD_INS.has(token.lemma));
  // An imperative opens the sentence: "Tell me what to do", "Help!".
  if (first !== undefined && first.pos === 'VERB' && first.lower === first.lemma) return true;
  // "Any advice...", "Advice needed".
  if (first !== undefined && (first.lemma === 'any' || ASKED_FOR.has(first.lemma))) {
    if (tokens.slice(0, 4).some((token) => ASKED_FOR.has(token.lemma))) return true;
  }
  // "I want / I need / I'd like / we were hoping / I am wondering": the writer's own want.
  return tokens.some((token, index) => {
    if (!WANTING.has(token.lemma) || token.pos !== 'VERB') return false;
    return tokens
      .slice(Math.max(0, index - 3), index)
      .some((before) => SUBJECT_PRONOUNS.has(before.lower) && before.pos === 'PRON');
  });
}

function isDecision(tokens: readonly Token[]): boolean {
  return tokens.some((token, index) => {
    if (!DECIDING.has(token.lemma) || token.pos !== 'VERB') return false;
    // "turned down", "turn us down"; any other deciding verb stands alone.
    if (token.lemma === 'turn')
      return tokens.slice(index + 1, index + 4).some((after) => after.lower === 'down');
    // "they won't name the school", "refused to name": naming is decided when it is refused or not done.
    if (token.lemma === 'name' || token.lemma === 'decide') {
      return tokens
        .slice(Math.max(0, index - 4), index)
        .some((before) => /^(?:not|n't|never|refuse)$/.test(before.lemma));
    }
    return true;
  });
}

/** The role of one sentence. */
export function askRole(sentence: Sentence): AskRole {
  if (sentence.source === 'subject') return 'subject';
  const tokens = words(sentence.tokens);
  if (isQuestion(sentence, tokens)) return 'question';
  if (isRequest(tokens)) return 'request';
  if (isDecision(tokens)) return 'decision';
  return 'story';
}

/** Roles of the readable sentences, in order. */
export function askRoles(readable: readonly Sentence[]): AskRole[] {
  return readable.map(askRole);
}
