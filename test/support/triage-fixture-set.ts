/**
 * Scores the shipped triage rules on a folder of labelled fixtures (`.eml` and phone-log `.json`
 * files plus `labels.json` in the samples' format), as `send-hub triage --score` does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import {
  formatScoreReport,
  LabelsFile,
  type ScoredField,
  type ScoreReport,
  scoreAgainstLabels,
  type TriageLine,
} from '../../shared/domain/triage/label-scoring';
import { parseEmail } from '../../shared/intake/parse-email';
import { phoneLogToIntake } from '../../shared/intake/phone-log';
import { asStoredByStandIn } from '../../shared/intake/receipt-verdicts';
import { CONTEXT } from './triage-fixtures';

const NOW = new Date('2026-12-01T00:00:00Z');

export interface FixtureSetScore {
  readonly report: ScoreReport;
  /** How many files `labels.json` labels. */
  readonly labelled: number;
  /** The readable report, for assertion messages. */
  readonly explain: string;
}

async function intakeOf(folder: string, file: string): Promise<IntakeMessage | null> {
  if (file.endsWith('.eml')) {
    // As the local SMTP door stores it (SES-shaped verdicts); the file's own Date is its arrival.
    const raw = asStoredByStandIn(readFileSync(folder + file), {
      authentication: 'pass',
      at: NOW,
      by: 'fixtures',
    });
    return parseEmail(raw, { ...CONTEXT, raw: { bucket: 'fixtures', key: file } });
  }
  if (file.endsWith('.json') && file !== 'labels.json') {
    return phoneLogToIntake(JSON.parse(readFileSync(folder + file, 'utf8')));
  }
  return null;
}

/** Triage every fixture in `test/fixtures/<name>/` and score it against its labels. */
export async function scoreFixtureSet(name: string): Promise<FixtureSetScore> {
  const folder = fileURLToPath(new URL(`../fixtures/${name}/`, import.meta.url));
  const labels = LabelsFile.parse(JSON.parse(readFileSync(`${folder}labels.json`, 'utf8')));
  const rules = defaultTriageRules();
  const lines: TriageLine[] = [];
  for (const file of readdirSync(folder).sort()) {
    const intake = await intakeOf(folder, file);
    if (intake === null) continue;
    const result = triage(intake, rules, CONTEXT);
    lines.push({ file, ...result, requester: intake.requester, receivedAt: intake.receivedAt });
  }
  const report = scoreAgainstLabels(lines, labels);
  return { report, labelled: labels.length, explain: formatScoreReport(report, `${name} labels`) };
}

/** The share of compared files a field was right for (0 when none were compared). */
export function share(report: ScoreReport, field: ScoredField): number {
  const { correct, total } = report.fields[field];
  return total === 0 ? 0 : correct / total;
}

/**
 * The standard checks on a small set written before the rules were read: every file labelled and
 * triaged, at least `minUrgent` urgent ones, every urgent one found, topic/role/district ≥ 90%.
 */
export function describeScoredSet(
  title: string,
  name: string,
  expected: { files: number; minUrgent: number },
): void {
  describe(title, () => {
    let score: FixtureSetScore;

    beforeAll(async () => {
      score = await scoreFixtureSet(name);
    });

    it(`triages every labelled file, at least ${expected.minUrgent} of them urgent`, () => {
      const { report, labelled, explain } = score;
      expect(labelled).toBe(expected.files);
      expect(report.compared, explain).toBe(labelled);
      expect(report.unlabelled, explain).toEqual([]);
      expect(report.urgentRecall.total).toBeGreaterThanOrEqual(expected.minUrgent);
    });

    it('finds every child a caseworker would mark urgent', () => {
      expect(score.report.urgentRecall.found, score.explain).toBe(score.report.urgentRecall.total);
    });

    it('gets topic, role and district right at least 90% of the time', () => {
      for (const field of ['topic', 'role', 'district'] as const) {
        expect(share(score.report, field), `${field}\n${score.explain}`).toBeGreaterThanOrEqual(0.9);
      }
    });
  });
}
