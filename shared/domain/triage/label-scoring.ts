/**
 * Scores triage output against labels (`samples/enquiries/labels.json` form): accuracy per label,
 * urgent recall, safeguarding concern recall and precision (where labels say `safeguarding`), and
 * every miss. Files are matched by base name; emails are compared case-blind, phones by their last
 * ten digits, `receivedAt` to the minute.
 */
import * as z from 'zod';
import { addressKey } from '../email-address';
import {
  SafeguardingCategory as Category,
  District,
  Priority,
  Role,
  type SafeguardingCategory,
  Topic,
} from '../taxonomy';

const NullableText = z.string().nullable().optional();

/** One labelled enquiry. Extra fields (`shape`, `why`) are allowed and ignored. */
export const LabelledEnquiry = z.looseObject({
  file: z.string().min(1),
  topic: Topic,
  priority: Priority,
  role: Role,
  district: District,
  requester: z.looseObject({ name: NullableText, email: NullableText, phone: NullableText }),
  receivedAt: z.string().nullable(),
  /** Whether a careful caseworker would raise a safeguarding concern, and of which kinds. */
  safeguarding: z.looseObject({ concern: z.boolean(), categories: z.array(Category) }).optional(),
});
export type LabelledEnquiry = z.infer<typeof LabelledEnquiry>;
export const LabelsFile = z.array(LabelledEnquiry);

/** What `send-hub triage` prints for one file (the fields that are scored). */
export interface TriageLine {
  readonly file: string;
  readonly topic: Topic;
  readonly priority: Priority;
  readonly role: Role;
  readonly district: District;
  readonly requester: {
    readonly name: string | null;
    readonly email: string | null;
    readonly phone: string | null;
  };
  readonly receivedAt: string | null;
  readonly safeguarding?: { readonly concern: boolean; readonly categories: readonly SafeguardingCategory[] };
}

export const SCORED_FIELDS = [
  'topic',
  'priority',
  'role',
  'district',
  'requester.email',
  'requester.phone',
  'receivedAt',
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

export interface Miss {
  readonly file: string;
  readonly field: ScoredField | 'urgent' | 'safeguarding';
  readonly expected: string | null;
  readonly got: string | null;
}

export interface ScoreReport {
  /** Files present in both the output and the labels. */
  readonly compared: number;
  /** Labelled files that were not in the output (not scored). */
  readonly unlabelled: readonly string[];
  readonly missingFromOutput: readonly string[];
  readonly fields: Readonly<Record<ScoredField, { readonly correct: number; readonly total: number }>>;
  readonly urgentRecall: { readonly found: number; readonly total: number };
  readonly safeguarding: SafeguardingScore;
  readonly misses: readonly Miss[];
}

/** Safeguarding concern recall and precision over the files whose labels say `safeguarding`. */
export interface SafeguardingScore {
  /** Files whose labels say whether there is a concern. */
  readonly labelled: number;
  /** Labelled concerns, and how many of them triage raised. */
  readonly concerns: number;
  readonly found: number;
  /** Concerns triage raised on labelled files, and how many of those the labels agree with. */
  readonly raised: number;
  readonly correct: number;
  /** Per labelled category: how many concerns of it, how many raised at all, how many named it. */
  readonly categories: Readonly<
    Partial<Record<SafeguardingCategory, { total: number; raised: number; named: number }>>
  >;
}

/** Base name of a path (either separator). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function lastTenDigits(phone: string | null | undefined): string | null {
  if (phone === null || phone === undefined) return null;
  const digits = phone.replace(/\D/g, '');
  return digits === '' ? null : digits.slice(-10);
}

function toMinute(instant: string | null | undefined): string | null {
  if (instant === null || instant === undefined) return null;
  const time = Date.parse(instant);
  return Number.isNaN(time) ? instant : new Date(Math.floor(time / 60_000) * 60_000).toISOString();
}

function normalised(field: ScoredField, line: TriageLine | LabelledEnquiry): string | null {
  switch (field) {
    case 'requester.email':
      return addressKey(line.requester.email ?? '') || null;
    case 'requester.phone':
      return lastTenDigits(line.requester.phone);
    case 'receivedAt':
      return toMinute(line.receivedAt);
    default:
      return line[field];
  }
}

/** Compares triage lines with labels. */
export function scoreAgainstLabels(
  lines: readonly TriageLine[],
  labels: readonly LabelledEnquiry[],
): ScoreReport {
  const byFile = new Map(labels.map((label) => [baseName(label.file), label]));
  const seen = new Set<string>();
  const fields = Object.fromEntries(
    SCORED_FIELDS.map((field) => [field, { correct: 0, total: 0 }]),
  ) as Record<ScoredField, { correct: number; total: number }>;
  const misses: Miss[] = [];
  const unlabelled: string[] = [];
  let urgentFound = 0;
  let urgentTotal = 0;
  const safeguarding = { labelled: 0, concerns: 0, found: 0, raised: 0, correct: 0 };
  const categories: Partial<Record<SafeguardingCategory, { total: number; raised: number; named: number }>> =
    {};
  for (const line of lines) {
    const name = baseName(line.file);
    const label = byFile.get(name);
    if (!label) {
      unlabelled.push(name);
      continue;
    }
    seen.add(name);
    for (const field of SCORED_FIELDS) {
      const expected = normalised(field, label);
      const got = normalised(field, line);
      fields[field].total += 1;
      if (expected === got) fields[field].correct += 1;
      else misses.push({ file: name, field, expected, got });
    }
    if (label.priority === 'urgent') {
      urgentTotal += 1;
      if (line.priority === 'urgent') urgentFound += 1;
      else misses.push({ file: name, field: 'urgent', expected: 'urgent', got: line.priority });
    }
    if (label.safeguarding !== undefined && line.safeguarding !== undefined) {
      const expected = label.safeguarding.concern;
      const got = line.safeguarding.concern;
      safeguarding.labelled += 1;
      if (expected) safeguarding.concerns += 1;
      if (got) safeguarding.raised += 1;
      if (expected && got) {
        safeguarding.found += 1;
        safeguarding.correct += 1;
      }
      if (expected !== got) {
        const describe = (concern: boolean, kinds: readonly string[]): string =>
          concern ? `concern [${kinds.join(', ')}]` : 'no concern';
        misses.push({
          file: name,
          field: 'safeguarding',
          expected: describe(expected, label.safeguarding.categories),
          got: describe(got, line.safeguarding.categories),
        });
      }
      if (expected) {
        for (const category of label.safeguarding.categories) {
          const entry = categories[category] ?? { total: 0, raised: 0, named: 0 };
          entry.total += 1;
          if (got) entry.raised += 1;
          if (line.safeguarding.categories.includes(category)) entry.named += 1;
          categories[category] = entry;
        }
      }
    }
  }
  return {
    compared: seen.size,
    unlabelled,
    missingFromOutput: [...byFile.keys()].filter((file) => !seen.has(file)),
    fields,
    urgentRecall: { found: urgentFound, total: urgentTotal },
    safeguarding: { ...safeguarding, categories },
    misses,
  };
}

function percent(correct: number, total: number): string {
  return total === 0 ? '   n/a' : `${((100 * correct) / total).toFixed(1).padStart(5)}%`;
}

/** A plain-text report for people. */
export function formatScoreReport(report: ScoreReport, source: string): string {
  const lines = [`score against ${source}: ${report.compared} file(s) compared`];
  for (const field of SCORED_FIELDS) {
    const { correct, total } = report.fields[field];
    lines.push(`  ${field.padEnd(16)} ${`${correct}/${total}`.padStart(7)}  ${percent(correct, total)}`);
  }
  const { found, total } = report.urgentRecall;
  lines.push(`  ${'urgent recall'.padEnd(16)} ${`${found}/${total}`.padStart(7)}  ${percent(found, total)}`);
  const sg = report.safeguarding;
  if (sg.labelled > 0) {
    lines.push(
      `  ${'concern recall'.padEnd(16)} ${`${sg.found}/${sg.concerns}`.padStart(7)}  ${percent(sg.found, sg.concerns)}`,
      `  ${'concern precision'.padEnd(16)} ${`${sg.correct}/${sg.raised}`.padStart(7)}  ${percent(sg.correct, sg.raised)}`,
    );
    for (const [category, entry] of Object.entries(sg.categories)) {
      lines.push(
        `    ${category.padEnd(18)} raised ${`${entry.raised}/${entry.total}`.padStart(6)}  named ${`${entry.named}/${entry.total}`.padStart(6)}`,
      );
    }
  }
  if (report.missingFromOutput.length > 0)
    lines.push(`  labelled but not triaged: ${report.missingFromOutput.join(', ')}`);
  if (report.unlabelled.length > 0) lines.push(`  triaged but not labelled: ${report.unlabelled.join(', ')}`);
  if (report.misses.length > 0) {
    lines.push('misses:');
    for (const miss of report.misses) {
      lines.push(
        `  ${miss.file} ${miss.field}: expected ${miss.expected ?? 'null'}, got ${miss.got ?? 'null'}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
