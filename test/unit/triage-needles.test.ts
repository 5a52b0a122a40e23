import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultTriageRules } from '../../shared/domain/triage';
import { compiledRules } from '../../shared/domain/triage/compiled-rules';
import { NeedleIndex, patternNeedles } from '../../shared/domain/triage/pattern-needles';

const compiled = compiledRules(defaultTriageRules());
const cues = [
  ...compiled.topicCues.map((entry) => entry.cue),
  ...compiled.urgent.flatMap((group) => group.cues),
  ...compiled.high.flatMap((group) => group.cues),
  ...compiled.roleCues,
  ...compiled.upcoming,
  ...compiled.missed,
];

// Words the shipped patterns are made of, so generated texts really do match many cues.
const vocabulary = [
  ...new Set(
    cues.flatMap((cue) =>
      cue.source
        .replace(/\\[a-zA-Z]/g, ' ')
        .split(/[^A-Za-z0-9'&]+/)
        .filter((word) => word.length > 0),
    ),
  ),
];

describe('cue needles', () => {
  it('keep the rarest required literal of a pattern', () => {
    expect(patternNeedles('home to school transport')).toEqual(['transport']);
    expect(patternNeedles('suspen(?:ded|sions?)')).toEqual(['suspen']);
    expect(patternNeedles('taxis?|minibus')).toEqual(['taxi', 'minibus']);
  });

  it('take nothing from optional parts or lookarounds', () => {
    expect(patternNeedles('(?:permanent )?exclusion')).toEqual(['exclusion']);
    expect(patternNeedles('EHC ?P')).toEqual(['ehc']);
    expect(patternNeedles('(?!no )risk')).toEqual(['risk']);
  });

  it('refuse to vouch for a pattern they cannot read', () => {
    expect(patternNeedles('\\d+')).toBeNull();
    expect(patternNeedles('a|\\s+')).toBeNull();
  });

  it('never leave out a cue that matches: every shipped cue, random texts of their own words', () => {
    const words = fc.constantFrom(...vocabulary);
    const glue = fc.constantFrom(' ', ' ', ' ', '-', '\n', ', ', '. ', "'", '');
    const text = fc
      .array(fc.tuple(words, glue, fc.boolean()), { minLength: 1, maxLength: 14 })
      .map((parts) =>
        parts.map(([word, join, upper]) => (upper ? word.toUpperCase() : word) + join).join(''),
      );
    fc.assert(
      fc.property(text, (sample) => {
        const lowered = sample.toLowerCase();
        for (const cue of cues) {
          cue.regex.lastIndex = 0;
          if (cue.needles !== null && cue.regex.test(sample)) {
            expect(
              cue.needles.some((needle) => lowered.includes(needle)),
              `${cue.source} matched "${sample}"`,
            ).toBe(true);
          }
        }
        cues.forEach((cue) => {
          cue.regex.lastIndex = 0;
        });
      }),
      { numRuns: 400 },
    );
  });

  it('are all found by the index in one pass, overlapping ones included', () => {
    const index = new NeedleIndex(['appeal', 'peal', 'ea', 'x', 'tribunal']);
    expect([...index.find('we want to appeal')].sort()).toEqual(['appeal', 'ea', 'peal']);
    expect([...index.find('')]).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary.slice(0, 200)), { maxLength: 20 }), (parts) => {
        const lowered = parts.join(' ').toLowerCase();
        const needles = cues.flatMap((cue) => cue.needles ?? []);
        const found = compiled.needleIndex.find(lowered);
        for (const needle of needles) expect(found.has(needle)).toBe(lowered.includes(needle));
      }),
      { numRuns: 100 },
    );
  });
});
