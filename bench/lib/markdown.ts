/** Renders section reports as Markdown for BENCHMARKS.md. */
import type { SectionReport, Table } from './report';

function cell(value: string | number): string {
  return String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A column of figures (numbers, sizes, times, prices) is right-aligned; text stays left. */
function isFigureColumn(table: Table, index: number): boolean {
  return (
    index > 0 &&
    table.rows.every((row) => {
      const value = String(row[index] ?? '');
      return value === '' || value === 'n/a' || /^\**[+\-$~]?[\d,.]+/.test(value);
    })
  );
}

export function markdownTable(table: Table): string {
  const lines: string[] = [];
  if (table.caption !== undefined) lines.push(`**${table.caption}**`, '');
  lines.push(`| ${table.headers.map(cell).join(' | ')} |`);
  lines.push(
    `|${table.headers.map((_, index) => (isFigureColumn(table, index) ? ' ---: ' : ' --- ')).join('|')}|`,
  );
  for (const row of table.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

export function markdownSection(number: number, report: SectionReport): string {
  const parts = [`## ${number}. ${report.title}`, ...report.method];
  for (const table of report.tables) parts.push(markdownTable(table));
  parts.push(...report.findings);
  parts.push(`_Section time: ${Math.round(report.elapsedMs / 1000)} s._`);
  return parts.join('\n\n');
}
