/**
 * The language layer and the lexicon a council edits: a cue written once as a lemma pattern finds
 * every inflection and word order it should, the scope rules keep negations, conditions, idioms,
 * policy questions and events that are over from firing, and a bad lexicon fails naming the field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { analyse, breakLongRuns } from '../../shared/domain/triage/language/analyse';
import { findConcepts } from '../../shared/domain/triage/language/concepts';
import {
  compileLemmaPattern,
  compileWordClasses,
  expandGroups,
  findLemmaPattern,
  formsOf,
  isJoiner,
  PatternSyntaxError,
} from '../../shared/domain/triage/language/lemma-patterns';
import {
  LexiconError,
  type LexiconFileInput,
  parseLexicon,
} from '../../shared/domain/triage/language/lexicon';
import type { Reading } from '../../shared/domain/triage/language/scope';
import { CONTEXT, email } from '../support/triage-fixtures';

const shipped = JSON.parse(
  readFileSync(new URL('../../config/triage-lexicon.json', import.meta.url), 'utf8'),
) as LexiconFileInput;
const classes = compileWordClasses({
  self: ['himself', 'herself', 'themselves'],
  child: ['son', 'daughter', 'DS'],
});

function matches(pattern: string, text: string): string[] {
  const [sentence] = analyse(text);
  if (sentence === undefined) return [];
  const words = sentence.tokens.filter((token) => !isJoiner(token));
  return compileLemmaPattern(pattern, classes).flatMap((compiled) =>
    findLemmaPattern(compiled, words, formsOf(words)).map((span) =>
      sentence.text.slice(words[span.start]?.start, words[span.end - 1]?.end),
    ),
  );
}

describe('lemma patterns', () => {
  it.each([
    'Mum says DS is talking about killing himself.',
    'He kills himself, he says.',
    'She wants to kill herself.',
    'They have tried to kill themselves before.',
  ])('finds "kill @self" in "%s"', (text) => {
    expect(matches('kill @self', text)).toHaveLength(1);
  });

  it('matches words written in capitals only in capitals, and "=word" only as written', () => {
    expect(matches('SH', 'DS has been SH again')).toEqual(['SH']);
    expect(matches('SH', 'sh, be quiet')).toEqual([]);
    expect(matches('=left alone', 'He was left alone')).toEqual(['left alone']);
    expect(matches('=left alone', 'They leave him alone')).toEqual([]);
  });

  it('ignores hyphens between words and reads "(a b|c)" as whole-phrase alternatives', () => {
    expect(matches('self harm', 'She has been self-harming')).toEqual(['self-harming']);
    expect(expandGroups('hurt (him ... badly|her)')).toEqual(['hurt him ... badly', 'hurt her']);
    expect(expandGroups('(a|b) then (c d|e)?')).toHaveLength(1);
    expect(matches('run (out of school|into the road)', 'He ran into the road')).toEqual([
      'ran into the road',
    ]);
  });

  it('lets "..." skip a few words but never a comma or a new clause', () => {
    expect(matches('hurt ... @child', 'They hurt my little son')).toEqual(['hurt my little son']);
    expect(matches('hurt ... @child', 'They hurt, and my son cried')).toEqual([]);
  });

  it('finds words by prefix', () => {
    expect(matches('suicid*', 'He has suicidal thoughts')).toEqual(['suicidal']);
  });

  it('refuses patterns it cannot read, saying why', () => {
    expect(() => compileLemmaPattern('kill @slef', classes)).toThrow(PatternSyntaxError);
    expect(() => compileLemmaPattern('... kill', classes)).toThrow(/between two words/);
    expect(() => compileLemmaPattern('(kill himself', classes)).toThrow(/without/);
    expect(() => compileLemmaPattern('ab*', classes)).toThrow(/three letters/);
  });
});

describe('the language layer', () => {
  it('gives sentences, lemmas and offsets, and reads "I\'m" as "I" and "be"', () => {
    const [first, second] = analyse("Dad called. I'm scared he was hurt.");
    expect(first?.text).toBe('Dad called.');
    expect(second?.tokens.map((token) => token.lemma)).toEqual([
      'i',
      'be',
      'scared',
      'he',
      'be',
      'hurt',
      '.',
    ]);
    const hurt = second?.tokens[5];
    expect(second?.text.slice(hurt?.start, hurt?.end)).toBe('hurt');
  });

  it('breaks runs of over 64 characters so the model reads them in linear time, keeping the length', () => {
    const run = 'a'.repeat(200);
    expect(breakLongRuns(run)).toHaveLength(200);
    expect(breakLongRuns(run)).toContain(' ');
    expect(breakLongRuns('short words stay')).toBe('short words stay');
  });
});

describe('scope: how a cue is meant', () => {
  const lexicon = defaultTriageRules().lexicon;
  const readingsOf = (text: string, category: string): Reading[] =>
    findConcepts(analyse(text, lexicon.fixes), lexicon.safeguarding, lexicon.scope)
      .filter((match) => match.concept.category === category)
      .map((match) => match.reading);

  it.each<[string, string, Reading]>([
    ['He is not suicidal.', 'self-harm', 'negated'],
    ['Self-harm: denies.', 'self-harm', 'negated'],
    ['There has never been any self-harm or suicidal talk.', 'self-harm', 'negated'],
    ['If his 1:1 is cut he will hurt himself.', 'self-harm', 'conditional'],
    ['What training do staff have for children who self-harm?', 'self-harm', 'generic'],
    ['She self-harmed two years ago.', 'self-harm', 'over'],
    ['He kills himself laughing at that programme.', 'self-harm', 'idiom'],
    ["I can't stop him hurting himself at night.", 'self-harm', 'asserted'],
    ['Nobody at school knows she has been cutting again.', 'self-harm', 'asserted'],
    ['If he hurts himself again I do not know what to do.', 'self-harm', 'asserted'],
  ])('reads "%s" (%s) as %s', (text, category, reading) => {
    expect(readingsOf(text, category)).toContain(reading);
  });
});

describe('the lexicon a council edits', () => {
  it('validates the shipped lexicon', () => {
    expect(() => parseLexicon(shipped, 'config/triage-lexicon.json')).not.toThrow();
  });

  it('names the field of a pattern it cannot read', () => {
    const broken = structuredClone(shipped) as {
      safeguarding: Record<string, { concepts: Array<{ patterns: string[] }> }>;
    };
    const neglect = broken.safeguarding.neglect?.concepts[0];
    neglect?.patterns.push('not fed by @nobody');
    try {
      parseLexicon(broken, 'lexicon.json');
      expect.unreachable('a bad pattern must not parse');
    } catch (error) {
      expect(error).toBeInstanceOf(LexiconError);
      expect((error as LexiconError).field).toMatch(
        /^safeguarding\.neglect\.concepts\[0\]\.patterns\[\d+\]$/,
      );
      expect((error as LexiconError).message).toContain('unknown word class @nobody');
    }
  });

  it('names an unknown category or a misspelt field', () => {
    expect(() =>
      parseLexicon({ ...shipped, safeguarding: { 'self harm': { label: 'x', concepts: [] } } }),
    ).toThrow(/safeguarding/);
    expect(() => parseLexicon({ ...shipped, scopes: {} })).toThrow(LexiconError);
  });

  it('takes effect when a council adds a concept', () => {
    const body = 'Mum says he has been vaping something in the woods with older lads most nights.';
    // The lexicon alone: the trained second opinion already reads this one as exploitation.
    const rules = { ...defaultTriageRules(), model: null };
    expect(triage(email(body), rules, CONTEXT).safeguarding.concern).toBe(false);
    const edited = structuredClone(shipped) as {
      safeguarding: Record<string, { concepts: Array<{ name: string; patterns: string[] }> }>;
    };
    edited.safeguarding.exploitation?.concepts.push({
      name: 'older lads at night',
      patterns: ['with older lads ... night'],
    });
    const custom = { ...rules, lexicon: parseLexicon(edited) };
    const result = triage(email(body), custom, CONTEXT);
    expect(result.safeguarding.categories).toEqual(['exploitation']);
    expect(result.safeguarding.reasons.join(' ')).toContain('older lads at night ("');
  });
});
