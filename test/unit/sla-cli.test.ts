import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const MAIN = join(process.cwd(), 'cli/main.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sendHub(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [MAIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const directory = mkdtempSync(join(tmpdir(), 'sla-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function calendarFile(name: string, json: unknown): string {
  const file = join(directory, name);
  writeFileSync(file, JSON.stringify(json));
  return file;
}

const acceptance = calendarFile('acceptance.json', {
  timeZone: 'Etc/UTC',
  hours: {
    mon: [['09:00', '17:00']],
    tue: [['10:00', '16:00']],
    wed: [['09:00', '17:00']],
    thu: [['10:00', '16:00']],
    fri: [['09:00', '17:00']],
    sat: [['11:00', '14:30']],
  },
});

describe('send-hub sla', { timeout: 30_000 }, () => {
  it('prints the instant 1140 working minutes after Monday 11:00 on the acceptance calendar', async () => {
    const run = await sendHub(
      'sla',
      'add',
      '--calendar',
      acceptance,
      '--start',
      '2006-01-02T11:00:00Z',
      '--minutes',
      '1140',
    );
    expect(run).toEqual({ code: 0, stdout: '2006-01-04T16:00:00.000Z\n', stderr: '' });
  });

  it('prints the working minutes between the same two instants', async () => {
    const run = await sendHub(
      'sla',
      'between',
      '--calendar',
      acceptance,
      '--start',
      '2006-01-02T11:00:00Z',
      '--end',
      '2006-01-04T16:00:00.000Z',
    );
    expect(run).toEqual({ code: 0, stdout: '1140\n', stderr: '' });
  });

  it('uses the configured hub calendar without --calendar (Christmas 2026 closures)', async () => {
    const run = await sendHub('sla', 'add', '--start', '2026-12-24T16:00:00Z', '--minutes', '120');
    expect(run.stdout).toBe('2027-01-04T10:00:00.000Z\n');
  });

  it('explains a bad calendar in one line on stderr and exits non-zero', async () => {
    const broken = calendarFile('broken.json', {
      hours: {
        tue: [
          ['09:00', '12:30'],
          ['12:00', '17:00'],
        ],
      },
    });
    const run = await sendHub(
      'sla',
      'add',
      '--calendar',
      broken,
      '--start',
      '2026-01-06T09:00:00Z',
      '--minutes',
      '10',
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`send-hub: ${broken}: hours.tue[1]: 12:00-17:00 overlaps 09:00-12:30\n`);
  });
});
