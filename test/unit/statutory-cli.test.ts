/** `send-hub statutory`: the JSON it prints, its help, and bad input named. */
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerStatutoryCommand, StatutoryCliError } from '../../cli/commands/statutory';

async function statutory(...args: string[]): Promise<string> {
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  registerStatutoryCommand(program);
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['statutory', ...args], { from: 'user' });
  } finally {
    write.mockRestore();
  }
  return printed;
}

afterEach(() => vi.restoreAllMocks());

describe('send-hub statutory', () => {
  it('prints the EHC assessment milestones as dates, moved by an exception', async () => {
    const output = JSON.parse(
      await statutory(
        '--process',
        'ehc-assessment',
        '--start',
        '2026-03-02',
        '--exception',
        '2026-03-09:2026-04-05:away:family abroad',
        '--at',
        '2026-03-03T09:00:00Z',
      ),
    );
    expect(output.process).toBe('ehc-assessment');
    expect(output.start).toBe('2026-03-02');
    expect(output.milestones.map((m: { name: string; due: string }) => [m.name, m.due])).toEqual([
      ['decision-to-assess', '2026-05-11'],
      ['plan-decision', '2026-07-20'],
      ['final-plan', '2026-08-17'],
    ]);
    expect(output.milestones[0]).toMatchObject({ statutoryDue: '2026-04-13', pausedDays: 28 });
    expect(output.exceptions[0]).toMatchObject({ kind: 'absent-from-area', note: 'family abroad', days: 28 });
  });

  it('prints complaint milestones as instants on the hub calendar', async () => {
    const output = JSON.parse(await statutory('--process', 'complaint', '--start', '2026-11-23T10:00:00Z'));
    expect(output.milestones[0]).toMatchObject({ name: 'acknowledgement', due: '2026-11-30T10:00:00.000Z' });
    expect(output.milestones[1]).toMatchObject({ name: 'stage-1-response', due: '2026-12-14T10:00:00.000Z' });
  });

  it('names the bad flag', async () => {
    await expect(statutory('--process', 'tribunal', '--start', '2026-03-02')).rejects.toThrow(
      '--process "tribunal" is not one of ehc-assessment, annual-review, complaint',
    );
    await expect(statutory('--process', 'complaint', '--start', 'yesterday')).rejects.toThrow(
      /--start "yesterday"/,
    );
    await expect(
      statutory(
        '--process',
        'ehc-assessment',
        '--start',
        '2026-03-02',
        '--exception',
        '2026-03-09:soon:away',
      ),
    ).rejects.toThrow(StatutoryCliError);
    await expect(
      statutory(
        '--process',
        'ehc-assessment',
        '--start',
        '2026-03-02',
        '--exception',
        '2026-03-09:2026-03-12:away',
      ),
    ).rejects.toThrow(/at least 4 weeks/);
    await expect(
      statutory(
        '--process',
        'ehc-assessment',
        '--start',
        '2026-03-02',
        '--exception',
        '2026-03-09:2026-04-12:bored',
      ),
    ).rejects.toThrow(/REASON "bored" is not one of/);
  });

  it('has help that shows examples', async () => {
    const program = new Command().exitOverride();
    registerStatutoryCommand(program);
    const help = program.commands.find((command) => command.name() === 'statutory')?.helpInformation() ?? '';
    expect(help).toContain('--exception <FROM:TO:REASON>');
    expect(help).toContain('--process <kind>');
  });
});
