/**
 * Runs the built `send-hub` command in a child process, as a user would, and reads what
 * `send-hub triage` prints: one JSON line per file.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/send-hub.mjs', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Never rejects: a failing command resolves with its exit code and what it printed. */
export function sendHub(
  args: readonly string[],
  options: { readonly cwd?: string; readonly timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** One line of `send-hub triage`'s output; the fields the tests read. */
export interface TriageLine extends Record<string, unknown> {
  readonly file: string;
  readonly error?: string;
  readonly topic?: string;
  readonly receivedAt?: string;
}

export function triageLines(stdout: string): TriageLine[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TriageLine);
}
