/**
 * `send-hub triage FILE...`: triages `.eml` files and phone-log `.json` files with no service
 * running, one JSON line per file on stdout; with `--score labels.json` also a score report on
 * stderr. The same parsers and rules as the router.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { ValidationError } from '../../shared/domain/errors';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import {
  defaultTriageRules,
  parseGazetteer,
  parseTriageRulesFile,
  type TriageContext,
  type TriageRules,
  triage,
} from '../../shared/domain/triage';
import {
  formatScoreReport,
  LabelsFile,
  scoreAgainstLabels,
  type TriageLine,
} from '../../shared/domain/triage/label-scoring';
import { parseLexicon } from '../../shared/domain/triage/language/lexicon';
import { parseEmail } from '../../shared/intake/parse-email';
import { phoneLogToIntake } from '../../shared/intake/phone-log';
import { asStoredByStandIn, type StandInAuthentication } from '../../shared/intake/receipt-verdicts';
import { hubAddresses } from '../../shared/mail/hub-mail';

/** A bad flag or a flag's file that cannot be used. */
export class TriageInputError extends ValidationError {}

interface TriageOptions {
  score?: string;
  rules?: string;
  gazetteer?: string;
  lexicon?: string;
  hubConfig?: string;
  mailAuth: StandInAuthentication;
}

function readJson(file: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new TriageInputError(`cannot read ${flag} file ${file} (${code})`, { cause: error, field: flag });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TriageInputError(`${flag} file ${file} is not valid JSON (${(error as Error).message})`, {
      cause: error,
      field: flag,
    });
  }
}

function loadRules(options: TriageOptions): TriageRules {
  const shipped = defaultTriageRules();
  if (options.rules === undefined && options.gazetteer === undefined && options.lexicon === undefined)
    return shipped;
  return {
    model: shipped.model,
    lexicon:
      options.lexicon === undefined
        ? shipped.lexicon
        : parseLexicon(readJson(options.lexicon, '--lexicon'), options.lexicon),
    rules:
      options.rules === undefined
        ? shipped.rules
        : parseTriageRulesFile(readJson(options.rules, '--rules'), options.rules),
    gazetteer:
      options.gazetteer === undefined
        ? shipped.gazetteer
        : parseGazetteer(readJson(options.gazetteer, '--gazetteer'), options.gazetteer),
  };
}

/** The UTC instant to the second, without milliseconds: `2026-01-13T21:42:19Z`. */
function utcInstant(value: string): string | null {
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Intake messages in one file: an email, or a phone-log entry (or a JSON array of entries). */
async function intakesOf(
  file: string,
  context: TriageContext,
  authentication: StandInAuthentication,
): Promise<IntakeMessage[]> {
  const raw = readFileSync(file);
  const now = new Date();
  if (extname(file).toLowerCase() === '.json') {
    const json: unknown = JSON.parse(raw.toString('utf8'));
    const entries = Array.isArray(json) ? json : [json];
    return entries.map((entry) => phoneLogToIntake(entry));
  }
  return [
    await parseEmail(asStoredByStandIn(raw, { authentication, at: now, by: 'send-hub-triage' }), {
      hubAddresses: context.hubAddresses,
      councilDomains: context.councilDomains,
      raw: { bucket: 'local', key: file },
      now,
    }),
  ];
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Registers `send-hub triage`. */
export function registerTriageCommand(program: Command): void {
  program
    .command('triage')
    .description('triage .eml and phone-log .json files offline: one JSON line per file on stdout')
    .argument(
      '<files...>',
      '.eml messages (as the SES inbound address stores them) and phone-log .json entries',
    )
    .option(
      '--score <labels>',
      'also compare with a labels file (samples/enquiries/labels.json form); report on stderr',
    )
    .option('--rules <file>', 'triage rules JSON (default: the shipped config/triage-rules.json)')
    .addOption(
      new Option(
        '--mail-auth <verdict>',
        'SPF/DKIM/DMARC verdict assumed for .eml files without SES receipt headers, as the local SMTP door writes it',
      )
        .choices(['pass', 'fail'])
        .default('pass'),
    )
    .option('--gazetteer <file>', 'gazetteer JSON (default: the shipped config/kent-gazetteer.json)')
    .option('--lexicon <file>', 'triage lexicon JSON (default: the shipped config/triage-lexicon.json)')
    .option(
      '--hub-config <file>',
      'hub configuration for the hub addresses and council domains (default: config/hub.json or HUB_CONFIG_FILE)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Each line: {"file","topic","priority","role","district","requester":{"name","email","phone"},',
        '            "receivedAt","reasons":[...],"safeguarding":{"concern","categories":[...],"reasons":[...]}}',
        '(receivedAt ISO-8601 UTC; null when unknown; a safeguarding concern is always urgent)',
        'A file that cannot be read or parsed prints {"file","error"} and the others go on; the exit',
        'code is 1 if any file failed. With --score, accuracy per label (topic, priority, role, district,',
        'requester email and phone, receivedAt to the minute), urgent recall, safeguarding concern recall',
        'and precision with each category (for labels that say "safeguarding") and every miss go to stderr,',
        'so stdout stays one JSON object per line. Files are matched to labels by base name; the',
        'labels file itself is skipped if a glob names it.',
        '',
        'Examples:',
        '  send-hub triage samples/enquiries/*.eml samples/enquiries/*.json',
        '  send-hub triage samples/enquiries/s*.* --score samples/enquiries/labels.json',
      ].join('\n'),
    )
    .action(async (files: string[], options: TriageOptions) => {
      const rules = loadRules(options);
      const labels =
        options.score === undefined ? null : LabelsFile.safeParse(readJson(options.score, '--score'));
      if (labels && !labels.success) {
        throw new TriageInputError(
          `--score file ${options.score} is not a labels file: ${labels.error.message}`,
          {
            cause: labels.error,
            field: '--score',
          },
        );
      }
      const hubConfig = loadHubConfig(options.hubConfig);
      const hub = hubConfig.hub;
      const context: TriageContext = {
        councilDomains: hub.councilDomains,
        hubAddresses: hubAddresses(hubConfig),
        calendar: hubConfig.calendar,
      };
      const results: TriageLine[] = [];
      let failed = 0;
      // `triage *.json --score labels.json` must not try to triage the labels file itself.
      const inputs = files.filter(
        (file) => options.score === undefined || resolve(file) !== resolve(options.score),
      );
      for (const file of inputs) {
        let intakes: IntakeMessage[];
        try {
          intakes = await intakesOf(file, context, options.mailAuth);
        } catch (error) {
          failed += 1;
          process.stdout.write(`${JSON.stringify({ file, error: describeError(error) })}\n`);
          continue;
        }
        intakes.forEach((intake, index) => {
          const result = triage(intake, rules, context);
          const line = {
            file: intakes.length > 1 ? `${file}#${index}` : file,
            topic: result.topic,
            priority: result.priority,
            role: result.role,
            district: result.district,
            requester: {
              name: intake.requester.name,
              email: intake.requester.email,
              phone: intake.requester.phone,
            },
            receivedAt: utcInstant(intake.receivedAt),
            reasons: result.reasons,
            safeguarding: result.safeguarding,
          };
          results.push(line);
          process.stdout.write(`${JSON.stringify(line)}\n`);
        });
      }
      if (labels?.success) {
        process.stderr.write(
          formatScoreReport(scoreAgainstLabels(results, labels.data), options.score ?? 'labels'),
        );
      }
      if (failed > 0) {
        process.stderr.write(
          `send-hub triage: ${failed} of ${inputs.length} file(s) could not be read or parsed\n`,
        );
        process.exitCode = 1;
      }
    });
}
