/**
 * `send-hub ingest FILE|DIR...`: sends `.eml` files through the SMTP door and phone-log `.json` /
 * `.csv` files through `POST /phone-logs` of a running stack, with a progress bar and a summary of
 * what was accepted and rejected and why. Nothing is read from the files but what is sent.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createTransport } from 'nodemailer';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { type ApiClient, apiClient, CliError } from '../http-client';
import { progressBar } from '../progress';

interface Outcome {
  readonly file: string;
  readonly accepted: number;
  readonly rejected: { readonly where: string; readonly why: string }[];
}

const KINDS = new Set(['.eml', '.json', '.csv']);

/** Expands directories (one level deep is enough for exports) into the files we know how to send. */
export function collectFiles(inputs: readonly string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(input);
    } catch {
      throw new CliError(`no such file or folder: ${input}`);
    }
    if (stats.isDirectory()) {
      for (const name of readdirSync(input).sort()) {
        if (KINDS.has(path.extname(name).toLowerCase())) files.push(path.join(input, name));
      }
    } else if (KINDS.has(path.extname(input).toLowerCase())) {
      files.push(input);
    } else {
      throw new CliError(`${input}: only .eml, .json and .csv files can be ingested`);
    }
  }
  return files;
}

interface PhoneLogAnswer {
  accepted?: unknown[];
  rejected?: { index?: number; callId?: string | null; errors?: { path?: string; message?: string }[] }[];
  error?: { message?: string; fields?: { path?: string; message?: string }[] };
}

async function sendPhoneLog(api: ApiClient, file: string): Promise<Outcome> {
  const isCsv = file.toLowerCase().endsWith('.csv');
  const body = readFileSync(file, 'utf8');
  const response = await api.request('POST', '/phone-logs', body, isCsv ? 'text/csv' : 'application/json');
  const answer = (response.body ?? {}) as PhoneLogAnswer;
  const rejected = (answer.rejected ?? []).flatMap((row) =>
    (row.errors ?? [{ message: 'rejected' }]).map((error) => ({
      where: `row ${row.index ?? '?'}${row.callId ? ` (${row.callId})` : ''} ${error.path ?? ''}`.trim(),
      why: error.message ?? 'rejected',
    })),
  );
  if (response.status >= 400 && rejected.length === 0) {
    const fields = answer.error?.fields ?? [];
    const reasons =
      fields.length > 0
        ? fields
        : [{ path: '', message: answer.error?.message ?? `HTTP ${response.status}` }];
    return {
      file,
      accepted: 0,
      rejected: reasons.map((f) => ({ where: f.path ?? '', why: f.message ?? 'rejected' })),
    };
  }
  return { file, accepted: answer.accepted?.length ?? (response.status < 300 ? 1 : 0), rejected };
}

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description(
      'send .eml files (SMTP door) and phone-log .json/.csv files (POST /phone-logs) into a running stack',
    )
    .argument('<paths...>', 'files or folders')
    .option('--api <url>', 'HTTP API base URL', process.env.SEND_HUB_API ?? 'http://127.0.0.1:3000')
    .option('--smtp <host:port>', 'SMTP door', process.env.SEND_HUB_SMTP ?? '127.0.0.1:2525')
    .option('--token <jwt>', 'access token for the API (default: sign in locally as the demo call handler)')
    .option('--user <name>', 'demo user to sign in as locally', 'callhandler')
    .option('--quiet', 'no progress bar')
    .action(
      async (
        paths: string[],
        options: { api: string; smtp: string; token?: string; user: string; quiet?: boolean },
      ) => {
        const files = collectFiles(paths);
        if (files.length === 0) throw new CliError('no .eml, .json or .csv files found');
        const config = loadHubConfig();
        const [host = '127.0.0.1', port = '2525'] = options.smtp.split(':');
        const smtp = createTransport({ host, port: Number(port), secure: false, ignoreTLS: true });
        const needsApi = files.some((file) => !file.toLowerCase().endsWith('.eml'));
        const api = needsApi
          ? await apiClient(options.api, { token: options.token, user: options.user })
          : undefined;
        const bar = progressBar(files.length, options.quiet === true);
        const outcomes: Outcome[] = [];
        for (const file of files) {
          try {
            if (file.toLowerCase().endsWith('.eml')) {
              await smtp.sendMail({
                envelope: { from: 'ingest@send-hub.local', to: [config.hub.mailbox] },
                raw: readFileSync(file),
              });
              outcomes.push({ file, accepted: 1, rejected: [] });
            } else if (api !== undefined) {
              outcomes.push(await sendPhoneLog(api, file));
            }
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            if (/ECONNREFUSED/.test(message)) {
              bar.done();
              throw new CliError(
                `nothing is listening at ${file.endsWith('.eml') ? options.smtp : options.api}: is the stack running (npm start)?`,
              );
            }
            outcomes.push({ file, accepted: 0, rejected: [{ where: '', why: message }] });
          }
          bar.tick(path.basename(file));
        }
        bar.done();
        smtp.close();
        const accepted = outcomes.reduce((sum, outcome) => sum + outcome.accepted, 0);
        const rejected = outcomes.flatMap((outcome) =>
          outcome.rejected.map((r) => ({ file: outcome.file, ...r })),
        );
        process.stdout.write(
          `Accepted ${accepted} enquir${accepted === 1 ? 'y' : 'ies'} from ${files.length} file(s); rejected ${rejected.length}.\n`,
        );
        for (const rejection of rejected) {
          process.stdout.write(
            `  rejected ${path.basename(rejection.file)}${rejection.where ? ` ${rejection.where}` : ''}: ${rejection.why}\n`,
          );
        }
        if (rejected.length > 0) process.exitCode = 1;
      },
    );
}
