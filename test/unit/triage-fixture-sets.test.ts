/**
 * The shipped rules on every labelled fixture folder under `test/fixtures/triage/`, grouped by what
 * the folder tests: `safeguarding/<category>` (children at risk, written by independent writers
 * who never saw the rules), `not-safeguarding/<kind>` (hard negatives: idioms, past events,
 * hypotheticals, negations, policy questions, medical words...), `urgent/*`, `dates/*`, `topics/*`,
 * `roles/*` and `intake-shapes/*`. Every child a caseworker would mark urgent is found, every
 * labelled safeguarding concern is raised, and the real enquirer and receipt time are always right.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScoreReport } from '../../shared/domain/triage/label-scoring';
import { type FixtureSetScore, fixtureFolders, scoreFixtureSet, share } from '../support/triage-fixture-set';

const folders = fixtureFolders();

/** Fields that must be right on at least this share of each group of folders. */
const FLOORS: Record<string, Partial<Record<'topic' | 'role' | 'district' | 'priority', number>>> = {
  safeguarding: { role: 0.9, district: 0.9, priority: 1 },
  'not-safeguarding': { role: 0.9, district: 0.85 },
  urgent: { topic: 0.9, role: 0.95, district: 0.95, priority: 1 },
  dates: { topic: 0.9, role: 0.95, district: 0.95, priority: 0.9 },
  topics: { topic: 0.9, role: 0.95, district: 0.95 },
  roles: { topic: 0.9, role: 0.95, district: 0.95 },
  'intake-shapes': { topic: 0.9, role: 0.95, district: 0.95 },
};

function merged(scores: readonly FixtureSetScore[]): {
  correct: (field: keyof ScoreReport['fields']) => number;
} {
  return {
    correct: (field) => {
      const correct = scores.reduce((sum, score) => sum + score.report.fields[field].correct, 0);
      const total = scores.reduce((sum, score) => sum + score.report.fields[field].total, 0);
      return total === 0 ? 0 : correct / total;
    },
  };
}

describe('triage fixtures, grouped by what they test', () => {
  const scores = new Map<string, FixtureSetScore>();

  beforeAll(async () => {
    for (const folder of folders) scores.set(folder, await scoreFixtureSet(folder));
  }, 120_000);

  it('has every group, each folder with files, and every file labelled', () => {
    for (const group of Object.keys(FLOORS)) {
      expect(
        folders.some((folder) => folder.startsWith(`${group}/`)),
        group,
      ).toBe(true);
    }
    for (const [folder, score] of scores) {
      expect(score.labelled, folder).toBeGreaterThan(0);
      expect(score.report.compared, `${folder}\n${score.explain}`).toBe(score.labelled);
    }
  });

  it('finds every child a caseworker would mark urgent, in every folder', () => {
    for (const [folder, score] of scores) {
      expect(score.report.urgentRecall.found, `${folder}\n${score.explain}`).toBe(
        score.report.urgentRecall.total,
      );
    }
  });

  it('raises every labelled safeguarding concern, naming a category of the labels for most', () => {
    let named = 0;
    let concerns = 0;
    for (const [folder, score] of scores) {
      const safeguarding = score.report.safeguarding;
      expect(safeguarding.found, `${folder}\n${score.explain}`).toBe(safeguarding.concerns);
      if (folder.startsWith('safeguarding/')) {
        const category = folder.split('/')[1] as keyof typeof safeguarding.categories;
        expect(safeguarding.concerns, folder).toBe(score.labelled);
        concerns += safeguarding.categories[category]?.total ?? 0;
        named += safeguarding.categories[category]?.named ?? 0;
      }
    }
    expect(concerns).toBeGreaterThanOrEqual(100);
    expect(named / concerns).toBeGreaterThanOrEqual(0.6);
  });

  // The issue's goal for precision. Set B's hard negatives (past events, policy questions) are
  // where the rules still raise false alarms (29 of 254 concerns raised); the trained model adds
  // none here, but it learnt from these files, so the honest figure is cross-validated in
  // training/triage/REPORT.md.
  it('keeps hard negatives calm: at least 85% of the concerns it raises are real', () => {
    let raised = 0;
    let correct = 0;
    let negatives = 0;
    for (const [folder, score] of scores) {
      raised += score.report.safeguarding.raised;
      correct += score.report.safeguarding.correct;
      if (folder.startsWith('not-safeguarding/')) negatives += score.labelled;
    }
    expect(negatives).toBeGreaterThanOrEqual(100);
    expect(correct / raised).toBeGreaterThanOrEqual(0.85);
  });

  it('answers the real enquirer from when the hub first had it, in every folder', () => {
    for (const [folder, score] of scores) {
      for (const field of ['requester.email', 'requester.phone', 'receivedAt'] as const) {
        expect(share(score.report, field), `${folder} ${field}\n${score.explain}`).toBe(1);
      }
    }
  });

  it.each(Object.entries(FLOORS))(
    'gets topic, role, district and priority right often enough in %s/*',
    (group, floors) => {
      const inGroup = [...scores]
        .filter(([folder]) => folder.startsWith(`${group}/`))
        .map(([, score]) => score);
      const all = merged(inGroup);
      for (const [field, floor] of Object.entries(floors) as Array<[keyof typeof floors, number]>) {
        const explain = inGroup.map((score) => score.explain).join('\n');
        expect(all.correct(field), `${group} ${field}\n${explain}`).toBeGreaterThanOrEqual(floor);
      }
    },
  );
});
