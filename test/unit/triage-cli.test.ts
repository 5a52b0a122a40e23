import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendHub, triageLines } from '../support/send-hub-cli';

let dir = '';

/** The command, run in this test's folder of files. */
function triageIn(args: string[]) {
  return sendHub(['triage', ...args], { cwd: dir });
}

const EMAIL = [
  'From: Priya Shah <priya.shah@example.com>',
  'To: send.enquiries@kent.example.gov.uk',
  'Date: Mon, 2 Mar 2026 20:15:00 +0000',
  'Subject: Taxi to school',
  'Message-ID: <cli-test-1@example.com>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello, my son starts at a special school in September. How do I apply for home to school transport?',
  'We live in Herne Bay, CT6 7ZZ.',
  '',
  'Thanks, Priya',
  '',
].join('\r\n');

const PHONE = {
  callId: 'T-2026-03-02-0099',
  receivedAt: '2026-03-02T09:30:00Z',
  caller: { name: 'Dev Patel', phone: '07700 900555', role: 'parent' },
  child: { postcode: 'ME10 1ZZ' },
  summary: 'Dad called: son permanently excluded on Friday, at home with no work.',
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-cli-'));
  writeFileSync(join(dir, 'taxi.eml'), EMAIL);
  writeFileSync(join(dir, 'call.json'), JSON.stringify(PHONE));
  writeFileSync(join(dir, 'broken.json'), '{ not json');
  writeFileSync(
    join(dir, 'labels.json'),
    JSON.stringify([
      {
        file: 'taxi.eml',
        topic: 'transport',
        priority: 'normal',
        role: 'parent',
        district: 'canterbury',
        requester: { name: 'Priya Shah', email: 'priya.shah@example.com', phone: null },
        receivedAt: '2026-03-02T20:15:00Z',
      },
    ]),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('send-hub triage', () => {
  it('prints one JSON line per file, an error line for a bad file, and fails at the end', async () => {
    const { code, stdout } = await triageIn(['taxi.eml', 'broken.json', 'call.json']);
    const lines = triageLines(stdout);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      file: 'taxi.eml',
      topic: 'transport',
      priority: 'normal',
      role: 'parent',
      district: 'canterbury',
      requester: { email: 'priya.shah@example.com', phone: null },
      receivedAt: '2026-03-02T20:15:00Z',
      safeguarding: { concern: false, categories: [], reasons: [] },
    });
    expect(lines[1]).toMatchObject({ file: 'broken.json' });
    expect(lines[1]?.error).toEqual(expect.any(String));
    expect(lines[2]).toMatchObject({
      file: 'call.json',
      topic: 'attendance',
      priority: 'urgent',
      district: 'swale',
      requester: { phone: '+447700900555' },
    });
    // Every line carries the flag, with or without a concern.
    expect(lines[2]?.safeguarding).toMatchObject({ concern: expect.any(Boolean) });
    expect(code).not.toBe(0);
  }, 60_000);

  it('scores against labels on stderr, skipping the labels file itself', async () => {
    const { code, stdout, stderr } = await triageIn(['taxi.eml', 'labels.json', '--score', 'labels.json']);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('topic');
    expect(stderr).toMatch(/urgent recall\s+0\/0/);
    expect(stderr).toMatch(/district\s+1\/1\s+100\.0%/);
    expect(code).toBe(0);
  }, 60_000);
});
