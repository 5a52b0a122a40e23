/**
 * `npx tsx training/triage/priority-measure.ts SOURCE... [--misses] [--reasons]`: priority and
 * safeguarding figures of triage as shipped (rules and the trained model) on labelled messages,
 * including writer folders the CLI's `--score` cannot read. A SOURCE is a writer folder holding
 * `items.jsonl` (the training corpus' format, received at `RECEIVED_AT`) or a pair
 * `LABELS.json FOLDER` of `.eml` files (real posts kept outside the repository).
 *
 * Prints per source: priority accuracy, the confusion of labelled against triaged priority, urgent
 * recall, concern recall and precision. `--misses` adds each priority or concern error (id, label,
 * triage, the writer's `kind`); `--reasons` adds triage's reasons, which quote the message's words:
 * for reading errors by kind on one's own screen, never to commit.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Priority } from '../../shared/domain/taxonomy';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import {
  type LabelledMessage,
  readLabelledFolder,
  readWriterCorpus,
  shippedTriageContext,
} from './training-corpus';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    misses: { type: 'boolean', default: false },
    reasons: { type: 'boolean', default: false },
  },
});
if (positionals.length === 0) {
  process.stderr.write(
    'usage: priority-measure.ts (WRITER_FOLDER | LABELS.json FOLDER)... [--misses] [--reasons]\n',
  );
  process.exit(2);
}

const context = shippedTriageContext();
const rules = defaultTriageRules();

/** One writer folder's messages (its parent is read as a corpus root, keeping only this writer). */
function writerMessages(folder: string): LabelledMessage[] {
  const trimmed = folder.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  const root = cut < 0 ? '.' : trimmed.slice(0, cut);
  const writer = trimmed.slice(cut + 1);
  return readWriterCorpus(root).filter((message) => message.writer === writer);
}

const LEVELS: readonly Priority[] = ['urgent', 'high', 'normal'];

function measure(name: string, messages: readonly LabelledMessage[]): void {
  const confusion = new Map<string, number>();
  let right = 0;
  let concerns = { labelled: 0, raised: 0, found: 0 };
  const misses: string[] = [];
  for (const message of messages) {
    const result = triage(message.intake, rules, context);
    const key = `${message.priority}->${result.priority}`;
    confusion.set(key, (confusion.get(key) ?? 0) + 1);
    if (result.priority === message.priority) right += 1;
    const raised = result.safeguarding.concern;
    concerns = {
      labelled: concerns.labelled + (message.concern ? 1 : 0),
      raised: concerns.raised + (raised ? 1 : 0),
      found: concerns.found + (raised && message.concern ? 1 : 0),
    };
    if (result.priority === message.priority && raised === message.concern) continue;
    const concern = raised === message.concern ? '' : ` concern ${message.concern} -> ${raised}`;
    misses.push(`  ${message.id} [${message.kind}] ${message.priority} -> ${result.priority}${concern}`);
    if (values.reasons) {
      for (const reason of result.reasons.filter((text) => !/^(topic|role|district):/.test(text))) {
        misses.push(`      ${reason.slice(0, 300)}`);
      }
    }
  }
  const urgent = messages.filter((message) => message.priority === 'urgent').length;
  const rows = LEVELS.map(
    (label) => `${label}: ${LEVELS.map((to) => `${to} ${confusion.get(`${label}->${to}`) ?? 0}`).join(', ')}`,
  );
  process.stdout.write(
    `${name}: priority ${right}/${messages.length} = ${(right / Math.max(messages.length, 1)).toFixed(3)}; urgent found ${
      confusion.get('urgent->urgent') ?? 0
    }/${urgent}; concern recall ${concerns.found}/${concerns.labelled}, precision ${concerns.found}/${concerns.raised}\n  labelled ${rows.join('; labelled ')}\n`,
  );
  if (values.misses || values.reasons) process.stdout.write(`${misses.join('\n')}\n`);
}

for (let at = 0; at < positionals.length; at += 1) {
  const source = positionals[at] ?? '';
  if (source.endsWith('.json')) {
    const folder = positionals[at + 1] ?? '';
    at += 1;
    measure(folder, await readLabelledFolder(source, folder, context));
  } else if (existsSync(join(source, 'items.jsonl'))) {
    measure(source, writerMessages(source));
  } else {
    process.stderr.write(`${source}: neither a labels file nor a writer folder with items.jsonl\n`);
    process.exit(2);
  }
}
