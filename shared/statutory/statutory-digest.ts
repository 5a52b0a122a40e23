/**
 * The statutory deadlines part of an escalation digest: one row per milestone due soon or missed
 * (reference, process, milestone, due date, what happened, assignee, link), in its own section with
 * its own wording, after the first-response sections. Kept apart from `shared/sweep/digest.ts` so the digest can
 * be reworked without losing it. Pure. Never the enquirer's name or words.
 */
import { enquiryLink, type HubConfig } from '../config/hub-config';
import { readableDate, readableDateTime } from '../domain/local-time';
import { formatTextTable } from '../domain/text-layout';
import type { EscalationNotice } from '../escalation/escalation-plan';

export interface StatutoryDigestRow {
  readonly reference: string;
  readonly process: string;
  readonly milestone: string;
  readonly due: string;
  readonly state: string;
  readonly assignee: string;
  readonly link: string;
}

export interface StatutoryDigestSection {
  readonly title: string;
  readonly rows: readonly StatutoryDigestRow[];
}

/** Notices about statutory deadlines. */
export function isStatutoryNotice(notice: EscalationNotice): boolean {
  return notice.statutory !== undefined;
}

function dueText(config: HubConfig, due: string): string {
  return due.length === 10 ? readableDate(due) : readableDateTime(config.calendar.timeZone, due);
}

function rowOf(config: HubConfig, notice: EscalationNotice): StatutoryDigestRow | null {
  const statutory = notice.statutory;
  if (statutory === undefined) return null;
  const moved =
    statutory.pausedDays > 0 && statutory.statutoryDue !== null
      ? ` (exceptions: statutory date ${dueText(config, statutory.statutoryDue)})`
      : '';
  return {
    reference: notice.enquiryId,
    process: statutory.processLabel,
    milestone: statutory.milestoneLabel,
    due: `${dueText(config, statutory.due)}${moved}`,
    state: statutory.step === 'missed' ? 'missed' : 'due soon',
    assignee: notice.assignee === null ? 'nobody (team queue)' : (notice.assigneeName ?? notice.assignee),
    link: enquiryLink(config, notice.enquiryId),
  };
}

/** Missed first (earliest due first), then due soon; one row per milestone and due date. */
export function statutoryDigestSections(
  config: HubConfig,
  notices: readonly EscalationNotice[],
): StatutoryDigestSection[] {
  const seen = new Set<string>();
  const rows: { row: StatutoryDigestRow; due: string }[] = [];
  for (const notice of notices) {
    const statutory = notice.statutory;
    const row = rowOf(config, notice);
    if (statutory === undefined || row === null) continue;
    const key = `${notice.enquiryId}#${statutory.processId}#${statutory.milestone}#${statutory.due}#${statutory.step}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ row, due: statutory.due });
  }
  const byDue = (a: { due: string; row: StatutoryDigestRow }, b: { due: string; row: StatutoryDigestRow }) =>
    a.due.localeCompare(b.due) || a.row.reference.localeCompare(b.row.reference);
  const missed = rows.filter((entry) => entry.row.state === 'missed').sort(byDue);
  const soon = rows.filter((entry) => entry.row.state !== 'missed').sort(byDue);
  const sections: StatutoryDigestSection[] = [];
  if (missed.length > 0) {
    sections.push({ title: 'Statutory deadlines missed', rows: missed.map((entry) => entry.row) });
  }
  if (soon.length > 0) {
    sections.push({ title: 'Statutory deadlines due soon', rows: soon.map((entry) => entry.row) });
  }
  return sections;
}

/** The sentence the digest opens with for its statutory rows, or null when there are none. */
export function statutorySummary(sections: readonly StatutoryDigestSection[]): string | null {
  const missed = sections.find((section) => section.title.endsWith('missed'))?.rows.length ?? 0;
  const soon = sections.find((section) => section.title.endsWith('due soon'))?.rows.length ?? 0;
  if (missed + soon === 0) return null;
  const deadlines = (count: number) => `${count} statutory deadline${count === 1 ? '' : 's'}`;
  if (soon === 0)
    return `${deadlines(missed)} (EHC assessments, annual reviews or complaints) ${missed === 1 ? 'has' : 'have'} been missed.`;
  if (missed === 0)
    return `${deadlines(soon)} (EHC assessments, annual reviews or complaints) ${soon === 1 ? 'is' : 'are'} due soon.`;
  return `${deadlines(missed)} (EHC assessments, annual reviews or complaints) ${missed === 1 ? 'has' : 'have'} been missed, and ${soon} more ${soon === 1 ? 'is' : 'are'} due soon.`;
}

/** The subject when a digest carries only statutory rows. */
export function statutorySubject(sections: readonly StatutoryDigestSection[]): string {
  const missed = sections.find((section) => section.title.endsWith('missed'))?.rows.length ?? 0;
  const soon = sections.find((section) => section.title.endsWith('due soon'))?.rows.length ?? 0;
  const parts = [];
  if (missed > 0) parts.push(`${missed} statutory deadline${missed === 1 ? '' : 's'} missed`);
  if (soon > 0) parts.push(`${soon} due soon`);
  return `SEND Hub: ${parts.join(', ')}`;
}

const COLUMNS: readonly { title: string; value: (row: StatutoryDigestRow) => string }[] = [
  { title: 'Reference', value: (row) => row.reference },
  { title: 'Process', value: (row) => row.process },
  { title: 'Milestone', value: (row) => row.milestone },
  { title: 'Due', value: (row) => row.due },
  { title: 'State', value: (row) => row.state },
  { title: 'Assignee', value: (row) => row.assignee },
  { title: 'Link', value: (row) => row.link },
];

/** A section as a fixed-width text table (the reports' table layout). */
export function statutoryTextSection(section: StatutoryDigestSection): string {
  const table = formatTextTable({
    headers: COLUMNS.map((column) => column.title),
    rows: section.rows.map((row) => COLUMNS.map((column) => column.value(row))),
  });
  return `${section.title}\n\n${table}`;
}

/** A section as simple HTML; `escape` is the digest's HTML escaper. */
export function statutoryHtmlSection(
  section: StatutoryDigestSection,
  escapeText: (text: string) => string,
): string {
  const shown = COLUMNS.filter((column) => column.title !== 'Link');
  const head = shown
    .map(
      (column) =>
        `<th style="text-align:left;padding:4px 8px;border-bottom:1px solid #b1b4b6">${escapeText(column.title)}</th>`,
    )
    .join('');
  const body = section.rows
    .map((row) => {
      const cells = shown.map((column) => {
        const value = escapeText(column.value(row));
        const content =
          column.title === 'Reference' ? `<a href="${escapeText(row.link)}">${value}</a>` : value;
        return `<td style="padding:4px 8px;border-bottom:1px solid #f3f2f1">${content}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<h2 style="font-size:1.1em">${escapeText(section.title)}</h2>\n<table style="border-collapse:collapse">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
