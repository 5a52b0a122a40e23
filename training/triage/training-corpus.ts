/**
 * The labelled text the triage model learns from, as intake messages:
 * - `training/triage/corpus/<writer>/items.jsonl`: enquiries written for training by independent
 *   writers who never saw the rules, one JSON object a line, with the exact words that show each
 *   risk (`evidence`);
 * - the safeguarding sets under `test/fixtures/triage/` (sets A and B, `.eml` and phone-log `.json`
 *   files with `labels.json`), whose labels say whether a child is at risk but not where.
 * One writer's folder (or set A's and B's writer prefix) is one group for cross-validation.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as z from 'zod';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import type { EmailIntake, IntakeMessage } from '../../shared/domain/intake-message';
import { Priority, Role, SafeguardingCategory, Topic } from '../../shared/domain/taxonomy';
import type { TriageContext } from '../../shared/domain/triage';
import { type LabelledEnquiry, LabelsFile } from '../../shared/domain/triage/label-scoring';
import { parseEmail } from '../../shared/intake/parse-email';
import { phoneLogToIntake } from '../../shared/intake/phone-log';
import { asStoredByStandIn } from '../../shared/intake/receipt-verdicts';

/** One enquiry written for training (a line of `items.jsonl`). */
export const TrainingItem = z.strictObject({
  id: z.string().min(1),
  channel: z.enum(['email', 'phone']),
  subject: z.string().nullable(),
  text: z.string().min(1),
  role: Role,
  topic: Topic,
  priority: Priority,
  concern: z.boolean(),
  categories: z.array(SafeguardingCategory),
  /** Exact words of `text` (or `subject`) that show the risk. */
  evidence: z.array(z.string().min(1)),
  kind: z.string().min(1),
});
export type TrainingItem = z.infer<typeof TrainingItem>;

/** A labelled message, ready for triage's language layer. */
export interface LabelledMessage {
  readonly id: string;
  /** Cross-validation group: the writer. */
  readonly writer: string;
  readonly intake: IntakeMessage;
  readonly topic: Topic;
  readonly priority: Priority;
  readonly concern: boolean;
  readonly categories: readonly SafeguardingCategory[];
  /** Words that show the risk; null when the labels do not say where (sets A and B). */
  readonly evidence: readonly string[] | null;
  readonly kind: string;
}

/** When the writers' corpus says the hub received every message (their dates in words count from it). */
export const RECEIVED_AT = '2026-03-10T10:00:00Z';

function emailIntake(item: TrainingItem): EmailIntake {
  return {
    version: 1,
    channel: 'email',
    intakeId: `email:<${item.id}@training>`,
    receivedAt: RECEIVED_AT,
    arrivedAt: RECEIVED_AT,
    requester: { name: null, email: 'writer@example.org', phone: null },
    shape: 'direct',
    subject: item.subject ?? '',
    body: item.text,
    forwardNote: null,
    messageId: `<${item.id}@training>`,
    inReplyTo: null,
    references: [],
    enquiryReference: null,
    attachments: [],
    automated: false,
    spam: false,
    raw: { bucket: 'training', key: item.id },
  };
}

function intakeOf(item: TrainingItem): IntakeMessage {
  if (item.channel === 'email') return emailIntake(item);
  return phoneLogToIntake({
    callId: item.id,
    receivedAt: RECEIVED_AT,
    caller: { phone: '+441632960000' },
    summary: item.text,
  });
}

/** Writer folders under `root` (each with an `items.jsonl`), sorted. */
export function writerFolders(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'items.jsonl')))
    .sort();
}

/**
 * Reads every writer's `items.jsonl` under `root`.
 * @throws Error naming the file and line of an item that is not valid.
 */
export function readWriterCorpus(root: string): LabelledMessage[] {
  const messages: LabelledMessage[] = [];
  for (const writer of writerFolders(root)) {
    const file = join(root, writer, 'items.jsonl');
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.trim() === '') return;
        const parsed = TrainingItem.safeParse(JSON.parse(line));
        if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.message}`);
        const item = parsed.data;
        const text = `${item.subject ?? ''}\n${item.text}`;
        const lost = item.evidence.filter((words) => !text.includes(words));
        if (lost.length > 0) throw new Error(`${file}:${index + 1}: evidence not in the text: ${lost[0]}`);
        messages.push({
          id: item.id,
          writer,
          intake: intakeOf(item),
          topic: item.topic,
          priority: item.priority,
          concern: item.concern,
          categories: item.categories,
          evidence: item.evidence,
          kind: item.kind,
        });
      });
  }
  return messages;
}

/**
 * Copies every writer folder of `from` that is finished (has a `DONE` file) into `to`, so the
 * corpus is committed with the code and anyone can retrain. Returns the writers copied.
 */
export function importWriterFolders(from: string, to: string): string[] {
  const copied: string[] = [];
  for (const name of readdirSync(from).sort()) {
    const folder = join(from, name);
    if (!statSync(folder).isDirectory() || !existsSync(join(folder, 'DONE'))) continue;
    if (!existsSync(join(folder, 'items.jsonl'))) continue;
    mkdirSync(join(to, name), { recursive: true });
    copyFileSync(join(folder, 'items.jsonl'), join(to, name, 'items.jsonl'));
    copied.push(name);
  }
  return copied;
}

/** Every folder under `root` holding a `labels.json`. */
function labelledFolders(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    if (existsSync(join(folder, 'labels.json'))) found.push(folder);
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(root);
  return found;
}

/** The shipped hub's addresses, council domains and calendar, as triage reads a message with them. */
export function shippedTriageContext(): TriageContext {
  const { hub, calendar } = defaultHubConfig();
  return { councilDomains: hub.councilDomains, hubAddresses: [hub.mailbox, hub.fromAddress], calendar };
}

/** A labelled .eml file read as the hub would have received it at `at` (SES's verdicts passed). */
export function readLabelledEmail(
  raw: Buffer,
  file: string,
  at: Date,
  context: TriageContext,
): Promise<IntakeMessage> {
  return parseEmail(asStoredByStandIn(raw, { authentication: 'pass', at, by: 'training' }), {
    hubAddresses: context.hubAddresses,
    councilDomains: context.councilDomains,
    raw: { bucket: 'training', key: file },
    now: at,
  });
}

/** A message with its labels from a labels file (no evidence spans: labels files carry none). */
export function labelledMessage(
  label: LabelledEnquiry,
  intake: IntakeMessage,
  at: { id: string; writer: string; kind: string },
): LabelledMessage {
  return {
    ...at,
    intake,
    topic: label.topic,
    priority: label.priority,
    concern: label.safeguarding?.concern ?? false,
    categories: label.safeguarding?.categories ?? [],
    evidence: null,
  };
}

/**
 * The `.eml` messages of `folder` with their labels from `labelsFile` (real posts kept outside the
 * repository), each read as the hub would have received it; the folder is the writer.
 */
export async function readLabelledFolder(
  labelsFile: string,
  folder: string,
  context: TriageContext,
): Promise<LabelledMessage[]> {
  const labels = LabelsFile.parse(JSON.parse(readFileSync(labelsFile, 'utf8')));
  const messages: LabelledMessage[] = [];
  for (const label of labels) {
    const raw = readFileSync(join(folder, label.file));
    const intake = await readLabelledEmail(
      raw,
      label.file,
      new Date(label.receivedAt ?? RECEIVED_AT),
      context,
    );
    messages.push(labelledMessage(label, intake, { id: label.file, writer: folder, kind: 'measured' }));
  }
  return messages;
}

/**
 * The labelled fixtures of the given `source`s (e.g. `safeguarding-set-a`) under `root`. The
 * writer is the file name's prefix (`a1-031.json` -> `a1`).
 */
export async function readFixtureSets(root: string, sources: readonly string[]): Promise<LabelledMessage[]> {
  const context = shippedTriageContext();
  const messages: LabelledMessage[] = [];
  for (const folder of labelledFolders(root)) {
    const labels = LabelsFile.parse(JSON.parse(readFileSync(join(folder, 'labels.json'), 'utf8')));
    for (const label of labels) {
      const source = (label as { source?: unknown }).source;
      if (typeof source !== 'string' || !sources.includes(source)) continue;
      const raw = readFileSync(join(folder, label.file));
      const intake = label.file.endsWith('.json')
        ? phoneLogToIntake(JSON.parse(raw.toString('utf8')))
        : await readLabelledEmail(raw, label.file, new Date(label.receivedAt ?? RECEIVED_AT), context);
      const group = (label as { group?: unknown }).group;
      messages.push(
        labelledMessage(label, intake, {
          id: basename(label.file).replace(/\.[a-z]+$/, ''),
          writer: label.file.split('-')[0] ?? 'fixtures',
          kind: typeof group === 'string' ? group.split(':').slice(0, 2).join(':') : 'fixture',
        }),
      );
    }
  }
  return messages;
}
