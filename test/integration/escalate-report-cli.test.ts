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
import { defaultHubConfig } from '../../shared/config/load-hub-config';
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
    await seedOpenEnquiries(
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
    expect(readFileSync(csvFile, 'utf8')).toContain(
      '2026-11-23,2026-11-29,escalations,step,warning,,steps,3',
    );
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
