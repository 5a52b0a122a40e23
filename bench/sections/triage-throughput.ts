/**
 * Section 6: triage speed. The pure `triage(...)` (bound to the shipped rules and gazetteer as the
 * router binds it) over a varied generated corpus, single-threaded in this process; and, for
 * emails, `parseEmail` + triage, i.e. all the CPU an enquiry costs between the raw MIME and a
 * decision. Rates are per wall-clock second and per CPU second of this one thread.
 */
import { performance } from 'node:perf_hooks';
import gazetteerJson from '../../config/kent-gazetteer.json' with { type: 'json' };
import lexiconJson from '../../config/triage-lexicon.json' with { type: 'json' };
import modelJson from '../../config/triage-model.json' with { type: 'json' };
import rulesJson from '../../config/triage-rules.json' with { type: 'json' };
import { loadHubConfig } from '../../shared/config/load-hub-config';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import { parseTriageRules } from '../../shared/domain/triage/rules-schema';
import { parseEmail } from '../../shared/intake/parse-email';
import { phoneLogToIntake } from '../../shared/intake/phone-log';
import { bindTriage } from '../../shared/routing/route-intake';
import { type CorpusEmail, generateCorpus } from '../lib/corpus';
import { bySize, type SectionOptions, type SectionReport } from '../lib/report';
import { fmt, ms, quantile } from '../lib/stats';

interface LoopResult {
  readonly count: number;
  readonly wallPerSecond: number;
  readonly cpuPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Runs `step` over the items round and round for `seconds`, timing each call. */
async function loop<T>(
  items: readonly T[],
  seconds: number,
  step: (item: T) => unknown,
): Promise<LoopResult> {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let index = 0;
  while (performance.now() < deadline && items.length > 0) {
    const item = items[index % items.length] as T;
    index += 1;
    const before = performance.now();
    await step(item);
    latencies.push(performance.now() - before);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    count: index,
    wallPerSecond: index / wallSeconds,
    cpuPerSecond: index / cpuSeconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

function row(what: string, result: LoopResult): (string | number)[] {
  return [
    what,
    fmt(result.count),
    fmt(result.wallPerSecond),
    fmt(result.cpuPerSecond),
    ms(result.p50Ms),
    ms(result.p99Ms),
  ];
}

function counts(values: readonly string[]): string {
  const tally = new Map<string, number>();
  for (const value of values) tally.set(value, (tally.get(value) ?? 0) + 1);
  return [...tally.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([value, count]) => `${value} ${Math.round((count / values.length) * 100)}%`)
    .join(', ');
}

export async function run(options: SectionOptions): Promise<SectionReport> {
  const started = Date.now();
  const seconds = bySize(options.size, { quick: 2, default: 8 });
  const corpusSize = bySize(options.size, { quick: 400, default: 2000 });
  const log = (line: string) => process.stdout.write(`  [triage] ${line}\n`);
  const config = loadHubConfig();
  const rules = parseTriageRules(
    rulesJson,
    gazetteerJson,
    lexiconJson,
    { rules: 'config/triage-rules.json', gazetteer: 'config/kent-gazetteer.json' },
    modelJson,
  );
  const triage = bindTriage(rules, config);
  const councilDomain = config.hub.councilDomains[0] ?? 'example.gov.uk';
  const parseOptions = {
    hubAddresses: [config.hub.mailbox, config.hub.fromAddress],
    councilDomains: config.hub.councilDomains,
    raw: { bucket: 'bench', key: 'inbound/bench' },
    timeZone: config.calendar.timeZone,
  };

  log(`generating ${corpusSize} enquiries`);
  const corpus = generateCorpus({
    count: corpusSize,
    phoneShare: 0.3,
    seed: 11,
    runTag: 'triage',
    hubMailbox: config.hub.mailbox,
    councilDomain,
    receivedNear: new Date('2026-11-23T10:00:00Z'),
  });
  const emails = corpus.filter((item): item is CorpusEmail => item.kind === 'email');
  const raws = await Promise.all(emails.map((email) => email.raw()));
  const intakes: IntakeMessage[] = [];
  for (const item of corpus) {
    intakes.push(
      item.kind === 'phone' ? phoneLogToIntake(item.entry) : await parseEmail(await item.raw(), parseOptions),
    );
  }
  const phoneIntakes = intakes.filter((intake) => intake.channel === 'phone');
  const emailIntakes = intakes.filter((intake) => intake.channel === 'email');
  const results = intakes.map((intake) => triage(intake));
  const averageRaw = raws.reduce((total, raw) => total + raw.length, 0) / Math.max(1, raws.length);

  // Warm the JIT and the compiled-rules cache before timing.
  await loop(intakes, 1, (intake) => triage(intake));
  log('triage, all enquiries');
  const all = await loop(intakes, seconds, (intake) => triage(intake));
  log(`  ${fmt(all.cpuPerSecond)} per CPU second`);
  log('triage, phone logs');
  const phones = await loop(phoneIntakes, seconds / 2, (intake) => triage(intake));
  log('triage, emails');
  const mails = await loop(emailIntakes, seconds / 2, (intake) => triage(intake));
  log('parseEmail only');
  const parseOnly = await loop(raws, seconds / 2, (raw) => parseEmail(raw, parseOptions));
  log('parseEmail + triage');
  const parseAndTriage = await loop(raws, seconds, async (raw) =>
    triage(await parseEmail(raw, parseOptions)),
  );
  log(`  ${fmt(parseAndTriage.cpuPerSecond)} per CPU second`);

  return {
    id: 'triage',
    title: 'Triage speed',
    method: [
      `A generated corpus of ${fmt(corpus.length)} invented enquiries (${fmt(emailIntakes.length)} emails in five shapes: direct, redirected, Outlook and Gmail inline forwards, attached forwards; ${fmt(phoneIntakes.length)} phone logs), eleven scenarios from a local-offer question to a child at risk, a quarter of them long (history, signature, quoted acknowledgement), raw emails ${fmt(averageRaw / 1024, 1)} KB on average. Triage is the shipped rules (\`config/triage-rules.json\`, \`config/kent-gazetteer.json\`) bound as the router binds them; each loop runs for ${seconds} s (half that for the per-channel rows) in one thread after a warm-up, cycling through the corpus.`,
      `What the corpus exercised: topics ${counts(results.map((result) => result.topic))}; priorities ${counts(results.map((result) => result.priority))}.`,
    ],
    tables: [
      {
        headers: ['Work', 'Calls', 'Per wall second', 'Per CPU second (one core)', 'p50', 'p99'],
        rows: [
          row('triage, all', all),
          row('triage, phone logs', phones),
          row('triage, emails', mails),
          row('parseEmail only', parseOnly),
          row('parseEmail + triage', parseAndTriage),
        ],
      },
    ],
    findings: [
      `One core triages about ${fmt(all.cpuPerSecond)} enquiries a second, and parses and triages about ${fmt(parseAndTriage.cpuPerSecond)} raw emails a second. Per email that is ${ms(1000 / parseOnly.cpuPerSecond)} of CPU to parse the MIME and ${ms(1000 / mails.cpuPerSecond)} to triage it. A busy hub's 300 enquiries a day need about ${fmt(300 / parseAndTriage.cpuPerSecond, 1)} s of CPU for both; the router's time goes on DynamoDB and SES calls, not on triage.`,
      'Per wall second and per CPU second differ when other processes share the core: the per-CPU-second figure is the one to compare between runs.',
    ],
    figures: {
      triagePerSecondPerCore: all.cpuPerSecond,
      parseTriagePerSecondPerCore: parseAndTriage.cpuPerSecond,
    },
    elapsedMs: Date.now() - started,
  };
}
