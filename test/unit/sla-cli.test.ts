import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { registerSlaCommand, SlaInputError } from '../../cli/commands/sla';

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const MAIN = join(process.cwd(), 'cli/main.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, as `npx send-hub` would. */
function sendHub(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [MAIN, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `send-hub sla ...` in this process (quicker) and returns what it printed. */
async function sla(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerSlaCommand(program);
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['sla', ...args], { from: 'user' });
  } finally {
    write.mockRestore();
  }
  return printed;
}

const directory = mkdtempSync(join(tmpdir(), 'sla-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function writeFile(name: string, contents: string): string {
  const file = join(directory, name);
  writeFileSync(file, contents);
  return file;
}

const acceptance = writeFile(
  'acceptance.json',
  JSON.stringify({
    timeZone: 'Etc/UTC',
    hours: {
      mon: [['09:00', '17:00']],
      tue: [['10:00', '16:00']],
      wed: [['09:00', '17:00']],
      thu: [['10:00', '16:00']],
      fri: [['09:00', '17:00']],
      sat: [['11:00', '14:30']],
    },
  }),
);
const broken = writeFile(
  'broken.json',
  JSON.stringify({
    hours: {
      tue: [
        ['09:00', '12:30'],
        ['12:00', '17:00'],
      ],
    },
  }),
);

describe('npx send-hub sla (a real process)', { timeout: 60_000 }, () => {
  it('prints the acceptance answer, and explains a bad calendar in one stderr line with a failing exit code', async () => {
    const [added, failed] = await Promise.all([
      sendHub('sla', 'add', '--calendar', acceptance, '--start', '2006-01-02T11:00:00Z', '--minutes', '1140'),
      sendHub('sla', 'add', '--calendar', broken, '--start', '2026-01-06T09:00:00Z', '--minutes', '10'),
    ]);
    expect(added).toEqual({ code: 0, stdout: '2006-01-04T16:00:00.000Z\n', stderr: '' });
    expect(failed).toEqual({
      code: 1,
      stdout: '',
      stderr: `send-hub: ${broken}: hours.tue[1]: 12:00-17:00 overlaps 09:00-12:30\n`,
    });
  });
});

describe('send-hub sla', () => {
  it('prints the working minutes between the acceptance instants', async () => {
    const printed = await sla(
      'between',
      '--calendar',
      acceptance,
      '--start',
      '2006-01-02T11:00:00Z',
      '--end',
      '2006-01-04T16:00:00.000Z',
    );
    expect(printed).toBe('1140\n');
  });

  it('prints fractional minutes when the instants carry seconds, and negative ones backwards', async () => {
    const start = ['--calendar', acceptance, '--start', '2006-01-02T11:00:00Z'];
    expect(await sla('between', ...start, '--end', '2006-01-02T11:00:45Z')).toBe('0.75\n');
    expect(await sla('between', ...start, '--end', '2006-01-02T10:00:00Z')).toBe('-60\n');
    expect(
      await sla(
        'between',
        '--calendar',
        acceptance,
        '--start',
        '2006-01-04T16:00:00Z',
        '--end',
        '2006-01-02T11:00:00Z',
      ),
    ).toBe('-1140\n');
  });

  it('counts backwards with a negative number of minutes', async () => {
    const printed = await sla(
      'add',
      '--calendar',
      acceptance,
      '--start',
      '2006-01-04T16:00:00Z',
      '--minutes',
      '-1140',
    );
    expect(printed).toBe('2006-01-02T11:00:00.000Z\n');
  });

  it('uses the configured hub calendar without --calendar (closed from Christmas to New Year 2026)', async () => {
    const printed = await sla('add', '--start', '2026-12-24T16:00:00Z', '--minutes', '120');
    expect(printed).toBe('2027-01-04T10:00:00.000Z\n');
  });

  it.each([
    [['--start', 'monday', '--minutes', '5'], '--start "monday" is not an ISO-8601 instant'],
    [['--start', '2026-01-05T09:00:00', '--minutes', '5'], 'is not an ISO-8601 instant with a zone'],
    [['--start', '2026-01-05T09:00:00Z', '--minutes', 'ten'], '--minutes "ten" is not a number of minutes'],
    [['--start', '2026-01-05T09:00:00Z', '--minutes', '1e3'], '--minutes "1e3" is not a number of minutes'],
  ])('rejects %j with a clear message', async (args, message) => {
    await expect(sla('add', '--calendar', acceptance, ...args)).rejects.toThrow(message);
  });

  it('names a calendar file that is missing or not JSON', async () => {
    const missing = join(directory, 'missing.json');
    const notJson = writeFile('not-json.json', '{ "hours": ');
    const args = ['--start', '2026-01-05T09:00:00Z', '--minutes', '5'];
    await expect(sla('add', '--calendar', missing, ...args)).rejects.toThrow(
      `cannot read calendar file ${missing} (ENOENT)`,
    );
    await expect(sla('add', '--calendar', notJson, ...args)).rejects.toThrow(SlaInputError);
    await expect(sla('add', '--calendar', notJson, ...args)).rejects.toThrow(`${notJson} is not valid JSON`);
  });
});
