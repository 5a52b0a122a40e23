/**
 * Regression guard: the shipped rules on the labelled sample enquiries of the shared workspace
 * (`../shared/samples/enquiries`, beside every clone and in CI; missing, the test fails). The rules
 * are never tuned to these files; this only catches a change that makes the rules worse on them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { LabelsFile, scoreAgainstLabels, type TriageLine } from '../../shared/domain/triage/label-scoring';
import { parseEmail } from '../../shared/intake/parse-email';
import { phoneLogToIntake } from '../../shared/intake/phone-log';
import { asStoredByStandIn } from '../../shared/intake/receipt-verdicts';
import { CONTEXT } from '../support/triage-fixtures';

const samples = fileURLToPath(new URL('../../../shared/samples/enquiries/', import.meta.url));
describe('shipped rules on the labelled samples', () => {
  it('find every urgent enquiry and get topic, role and district right at least 95% of the time', async () => {
    const labels = LabelsFile.parse(JSON.parse(readFileSync(`${samples}labels.json`, 'utf8')));
    const rules = defaultTriageRules();
    const lines: TriageLine[] = [];
    for (const file of readdirSync(samples)) {
      let intake: IntakeMessage;
      if (file.endsWith('.eml')) {
        // As the local SMTP door stores it: SES-shaped verdicts, the file's own Date as its arrival.
        const at = new Date('2026-12-01T00:00:00Z');
        intake = await parseEmail(
          asStoredByStandIn(readFileSync(samples + file), { authentication: 'pass', at, by: 'samples' }),
          { ...CONTEXT, raw: { bucket: 'samples', key: file } },
        );
      } else if (file.endsWith('.json') && file !== 'labels.json') {
        intake = phoneLogToIntake(JSON.parse(readFileSync(samples + file, 'utf8')));
      } else continue;
      const result = triage(intake, rules, CONTEXT);
      lines.push({ file, ...result, requester: intake.requester, receivedAt: intake.receivedAt });
    }
    const report = scoreAgainstLabels(lines, labels);
    expect(report.compared).toBe(labels.length);
    expect(report.urgentRecall.found).toBe(report.urgentRecall.total);
    for (const field of ['topic', 'role', 'district'] as const) {
      const { correct, total } = report.fields[field];
      expect(correct / total, field).toBeGreaterThanOrEqual(0.95);
    }
    expect(report.fields.priority.correct / report.fields.priority.total).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
