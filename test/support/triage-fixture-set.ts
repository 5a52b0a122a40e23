/**
 * Scores the shipped triage rules on the labelled fixture folders under `test/fixtures/triage/`
 * (`.eml` and phone-log `.json` files plus `labels.json` in the samples' format, with
 * `safeguarding: {concern, categories}` where the writers gave it), as `send-hub triage --score`
 * does. A labelled file that is missing, or a file nobody labelled, fails loudly.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import { defaultTriageRules, type TriageRules, triage } from '../../shared/domain/triage';
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
import { asStoredByStandIn, topLevelHeaders } from '../../shared/intake/receipt-verdicts';
import { CONTEXT } from './triage-fixtures';

const NOW = new Date('2026-12-01T00:00:00Z');

/** Root of the triage fixtures, grouped by what they test. */
export const TRIAGE_FIXTURES = fileURLToPath(new URL('../fixtures/triage/', import.meta.url));

export interface FixtureSetScore {
  readonly report: ScoreReport;
  /** How many files `labels.json` labels. */
  readonly labelled: number;
  /** The readable report, for assertion messages. */
  readonly explain: string;
}

/** Every folder under `root` that holds a `labels.json`, as paths relative to `root` ("safeguarding/neglect"). */
export function fixtureFolders(root: string = TRIAGE_FIXTURES): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    if (existsSync(join(folder, 'labels.json'))) found.push(relative(root, folder));
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(root);
  return found;
}

/**
 * When the hub had the message: a minute after its Date for a message written for a day after
 * {@link NOW} (set B's Christmas-week emails), else NOW. The hub refuses a Date in its future, so
 * reading such a message at NOW would test a clock error, not triage.
 */
function arrivalOf(raw: Buffer): Date {
  const date = topLevelHeaders(raw).find((header) => header.name === 'date');
  const sent = date === undefined ? Number.NaN : Date.parse(date.value);
  return Number.isNaN(sent) || sent <= NOW.getTime() ? NOW : new Date(sent + 60_000);
}

async function intakeOf(folder: string, file: string): Promise<IntakeMessage> {
  const raw = readFileSync(join(folder, file));
  if (file.endsWith('.eml')) {
    // As the local SMTP door stores it (SES-shaped verdicts); the file's own Date is its arrival.
    const at = arrivalOf(raw);
    const stored = asStoredByStandIn(raw, { authentication: 'pass', at, by: 'fixtures' });
    return parseEmail(stored, { ...CONTEXT, raw: { bucket: 'fixtures', key: file }, now: at });
  }
  return phoneLogToIntake(JSON.parse(raw.toString('utf8')));
}

/**
 * Triages every fixture of one folder and scores it against its labels.
 * @throws Error when a labelled file is missing or a fixture file has no label.
 */
export async function scoreFixtureSet(
  name: string,
  root: string = TRIAGE_FIXTURES,
  rules: TriageRules = defaultTriageRules(),
): Promise<FixtureSetScore> {
  const folder = join(root, name);
  const labels = LabelsFile.parse(JSON.parse(readFileSync(join(folder, 'labels.json'), 'utf8')));
  const files = readdirSync(folder).filter(
    (file) => file.endsWith('.eml') || (file.endsWith('.json') && file !== 'labels.json'),
  );
  const labelled = new Set(labels.map((label) => label.file));
  const missing = [...labelled].filter((file) => !files.includes(file));
  const unlabelled = files.filter((file) => !labelled.has(file));
  if (missing.length > 0 || unlabelled.length > 0) {
    throw new Error(
      `${name}: labelled but missing: [${missing.join(', ')}]; present but unlabelled: [${unlabelled.join(', ')}]`,
    );
  }
  const lines: TriageLine[] = [];
  for (const file of files.sort()) {
    const intake = await intakeOf(folder, file);
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
