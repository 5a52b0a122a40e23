/**
 * `send-hub escalate` and `send-hub report` against the emulators, run in this process through
 * commander exactly as `npx send-hub` parses them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { registerEscalateCommand } from '../../cli/commands/escalate';
import { registerReportCommand } from '../../cli/commands/report';
import { freePort } from '../../local/emulators';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoStatutoryStore } from '../../shared/adapters/statutory-store';
import { teamForDistrict } from '../../shared/config/hub-config';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { applyTriageCorrection } from '../../shared/domain/triage-correction';
import { recordMilestone, startProcess } from '../../shared/statutory/statutory-process';
import { freshTable, plus, seedOpenEnquiries } from '../support/escalation-fixtures';

const dynamoEndpoint = inject('dynamoEndpoint');
const sesEndpoint = inject('sesEndpoint');
const scratch = mkdtempSync(join(tmpdir(), 'send-hub-cli-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a send-hub command in this process and returns what it printed. */
async function sendHub(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerEscalateCommand(program);
  registerReportCommand(program);
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    write.mockRestore();
  }
  return printed;
}

describe('send-hub escalate and report', () => {
  it('runs a sweep as if at --at, prints what it did, and does nothing the second time', async () => {
    const table = await freshTable(dynamoEndpoint, 'cli');
    const config = defaultHubConfig();
    const repository = new EnquiryRepository(dynamoDocumentClient({ endpoint: dynamoEndpoint }), table);
    const seeded = await seedOpenEnquiries(
      repository,
      config,
      Array.from({ length: 4 }, (_, i) => ({
        receivedAt: plus('2026-11-23T09:00:00.000Z', 30 * i),
        team: 'south',
      })),
    );
    const connection = [
      '--endpoint-dynamodb',
      dynamoEndpoint,
      '--endpoint-ses',
      sesEndpoint,
      '--table',
      table,
    ];

    // 13:00: warnings (12:00 + 30i) for i <= 2, the breach (13:00) of i = 0: one digest to South's manager.
    const first = await sendHub('escalate', '--at', '2026-11-23T13:00:00Z', ...connection);
    expect(first).toContain('Escalation sweep as at 2026-11-23T13:00:00.000Z');
    expect(first).toMatch(/Enquiries escalated: +3 \(breaches: 1\)/);
    expect(first).toMatch(/Steps taken: +warning 3, breach 1/);
    expect(first).toMatch(/Digests sent: +1 \(4 notices\)/);

    const again = JSON.parse(
      await sendHub('escalate', '--at', '2026-11-23T13:00:00Z', '--json', ...connection),
    );
    expect(again).toMatchObject({ due: 0, escalated: 0, digests: { sent: 0 } });

    // A person corrected the topic of one of the four: the report measures triage by it.
    const [corrected] = seeded;
    if (corrected === undefined) throw new Error('nothing seeded');
    await repository.modify(corrected.id, (current) =>
      applyTriageCorrection(
        current,
        { topic: current.topic === 'tribunal' ? 'health' : 'tribunal', reason: 'an appeal, not a question' },
        (district) => teamForDistrict(config, district).id,
        '2026-11-24T10:00:00.000Z',
        'cw-south-1',
        hubServiceLevels(config),
      ),
    );

    const csvFile = join(scratch, 'week.csv');
    const report = await sendHub(
      'report',
      '--from',
      '2026-11-23',
      '--to',
      '2026-11-29',
      '--as-of',
      '2026-11-30T07:00:00Z',
      '--csv',
      csvFile,
      '--endpoint-dynamodb',
      dynamoEndpoint,
      '--table',
      table,
    );
    expect(report).toContain('Enquiries received: 4 (email 4, phone 0).');
    expect(report).toContain('Escalations: 4 steps; 1 enquiry passed its response time.');
    expect(report).toContain('Triage corrected by people: 1 of 4 enquiries (25%).');
    const csv = readFileSync(csvFile, 'utf8');
    expect(csv).toContain('2026-11-23,2026-11-29,escalations,step,warning,,steps,3');
    expect(csv).toContain('2026-11-23,2026-11-29,triage-corrections,label,topic,,corrected-percent,25');
    expect(csv).toContain('2026-11-23,2026-11-29,triage-corrections,label,priority,,corrected,0');
  });

  it('reports 18 months against a baseline, the targets and the trend at 3, 6, 12 and 18 months', async () => {
    const table = await freshTable(dynamoEndpoint, 'cli-board');
    const config = defaultHubConfig();
    const documents = dynamoDocumentClient({ endpoint: dynamoEndpoint });
    const repository = new EnquiryRepository(documents, table);
    // One enquiry a month from the baseline's start to the period's end.
    const months = Array.from({ length: 36 }, (_, i) =>
      new Date(Date.UTC(2023, 11 + i, 10, 10)).toISOString(),
    );
    const seeded = await seedOpenEnquiries(
      repository,
      config,
      months.map((receivedAt) => ({ receivedAt, team: 'south', topic: 'assessment' })),
    );
    const statutory = new DynamoStatutoryStore(documents, table);
    // Two requests in the period: one plan issued in 19 weeks, one in 22 weeks.
    for (const [index, issued] of [
      [20, '2025-12-20'],
      [21, '2026-03-10'],
    ] as const) {
      const enquiry = seeded[index];
      if (enquiry === undefined) throw new Error('seed missing');
      let record = startProcess(config, {
        enquiryId: enquiry.id,
        team: 'south',
        process: 'ehc-assessment',
        start: enquiry.receivedAt,
        actor: 'cw-south-2',
        now: enquiry.receivedAt,
      });
      const stored = await statutory.create(record);
      record = stored;
      for (const [milestone, outcome] of [
        ['decision-to-assess', 'assess'],
        ['plan-decision', 'issue'],
        ['final-plan', null],
      ] as const) {
        record = recordMilestone(config, record, {
          milestone,
          on: issued,
          outcome,
          actor: 'cw-south-2',
          now: '2026-06-01T09:00:00Z',
        });
      }
      await statutory.update(stored, record);
    }
    const printed = await sendHub(
      'report',
      '--from',
      '2025-06-01',
      '--to',
      '2026-12-01',
      '--json',
      '--as-of',
      '2026-12-02T09:00:00Z',
      '--endpoint-dynamodb',
      dynamoEndpoint,
      '--table',
      table,
    );
    const output = JSON.parse(printed);
    expect(output.period).toMatchObject({ from: '2025-06-01', to: '2026-12-01' });
    expect(output.received.total).toBe(18);
    const improvement = output.improvement;
    expect(improvement.baseline).toEqual({ from: '2023-11-30', to: '2025-05-31' });
    expect(improvement.targets.ehcPlansWithin20WeeksPercent).toBe(80);
    expect(improvement.checkpoints.map((checkpoint: { months: number }) => checkpoint.months)).toEqual([
      3, 6, 12, 18,
    ]);
    expect(improvement.figures.ehcPlans).toMatchObject({
      decided: 2,
      within20Weeks: 1,
      within20WeeksPercent: 50,
    });
    const ehc = improvement.comparison.find(
      (figure: { id: string }) => figure.id === 'ehcPlansWithin20WeeksPercent',
    );
    expect(ehc).toMatchObject({ value: 50, target: 80, meetsTarget: false });
    expect(ehc.trend).toHaveLength(4);
    expect(improvement.baselineFigures.received).toBe(18);

    const text = await sendHub(
      'report',
      '--from',
      '2025-06-01',
      '--to',
      '2026-12-01',
      '--as-of',
      '2026-12-02T09:00:00Z',
      '--endpoint-dynamodb',
      dynamoEndpoint,
      '--table',
      table,
    );
    expect(text).toContain('Improvement board: 2025-06-01 to 2026-12-01, against 2023-11-30 to 2025-05-31');
    expect(text).toMatch(/EHC plans issued within 20 weeks \(exception cases left out\) +50% +- +>= 80% +NO/);
    await expect(
      sendHub(
        'report',
        '--from',
        '2020-01-01',
        '--to',
        '2031-01-01',
        '--endpoint-dynamodb',
        dynamoEndpoint,
        '--table',
        table,
      ),
    ).rejects.toThrow('--to: a report covers at most 3660 days');
  });

  it('says what is not running instead of hanging or printing a stack trace', async () => {
    const nothing = `http://127.0.0.1:${await freePort()}`;
    await expect(
      sendHub('escalate', '--endpoint-dynamodb', nothing, '--endpoint-ses', sesEndpoint),
    ).rejects.toThrow(`nothing answers at ${nothing} (DynamoDB): start the local stack with \`npm start\``);
    await expect(
      sendHub(
        'report',
        '--from',
        '2026-11-23',
        '--to',
        '2026-11-29',
        '--endpoint-dynamodb',
        dynamoEndpoint,
        '--table',
        'no-such-table',
      ),
    ).rejects.toThrow('table "no-such-table" does not exist');
    await expect(sendHub('escalate', '--aws', '--region', 'eu-west-2')).rejects.toThrow(
      '--table is required with --aws',
    );
  });
});
