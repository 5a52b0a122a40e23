import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../../shared/domain/errors';
import { PhoneIntake } from '../../shared/domain/intake-message';
import { PhoneLogValidationError } from '../../shared/intake/errors';
import {
  type PHONE_LOG_COLUMNS,
  parsePhoneLogCsv,
  phoneLogToIntake,
  toE164,
  validatePhoneLog,
} from '../../shared/intake/phone-log';
import { SHARED_SAMPLES, sharedSampleLabels } from '../support/shared-samples';

const CALL = {
  callId: 'T-2026-03-02-0007',
  receivedAt: '2026-03-02T09:14:00Z',
  handledBy: 'ch-003',
  caller: { name: 'Ari Penn', phone: '07700 900123', email: 'Ari.Penn@Example.org', role: 'parent' },
  child: { name: 'Bo Penn', dateOfBirth: '2016-05-04', school: 'Elm Primary', postcode: 'zz1 2ab' },
  summary: 'Mum asked when the draft plan is due.',
  callbackRequested: true,
};

function fieldsOf(action: () => unknown): { path: string; message: string }[] {
  try {
    action();
  } catch (error) {
    if (error instanceof PhoneLogValidationError) return [...error.fields];
    throw error;
  }
  throw new Error('expected a PhoneLogValidationError');
}

describe('phoneLogToIntake', () => {
  it('turns a full entry into the queue message with E.164 phone and lower-case email', () => {
    const intake = phoneLogToIntake(CALL);
    expect(intake).toEqual({
      version: 1,
      channel: 'phone',
      intakeId: 'phone:T-2026-03-02-0007',
      callId: 'T-2026-03-02-0007',
      receivedAt: '2026-03-02T09:14:00Z',
      handledBy: 'ch-003',
      requester: { name: 'Ari Penn', email: 'ari.penn@example.org', phone: '+447700900123' },
      callerRole: 'parent',
      child: { name: 'Bo Penn', dateOfBirth: '2016-05-04', school: 'Elm Primary', postcode: 'ZZ1 2AB' },
      summary: 'Mum asked when the draft plan is due.',
      callbackRequested: true,
    });
    expect(PhoneIntake.safeParse(intake).success).toBe(true);
  });

  it('accepts the minimum: callId, receivedAt, a phone and a summary', () => {
    const intake = phoneLogToIntake({
      callId: 'C1',
      receivedAt: '2026-07-01T10:00:00+01:00',
      caller: { phone: '+44 1632 960001' },
      summary: 'Asked for the local offer link.',
    });
    expect(intake.receivedAt).toBe('2026-07-01T09:00:00Z');
    expect(intake.requester).toEqual({ name: null, email: null, phone: '+441632960001' });
    expect(intake.callerRole).toBeNull();
    expect(intake.callbackRequested).toBe(false);
  });

  it('names the phone field when the number cannot be a phone number', () => {
    const fields = fieldsOf(() => phoneLogToIntake({ ...CALL, caller: { phone: '12345' } }));
    expect(fields).toEqual([{ path: 'caller.phone', message: 'is not a valid phone number' }]);
  });

  it('asks for a phone or an email when the caller gave neither', () => {
    const fields = fieldsOf(() => phoneLogToIntake({ ...CALL, caller: { name: 'Ari Penn' } }));
    expect(fields.map((field) => field.path)).toEqual(['caller']);
  });

  it('names every missing or bad field at once', () => {
    const fields = fieldsOf(() =>
      phoneLogToIntake({
        callId: '',
        receivedAt: '2026-03-02 09:14',
        caller: { email: 'not-an-email', role: 'uncle' },
        child: { dateOfBirth: '31/02/2016' },
        summary: 'x'.repeat(10_001),
        callbackRequested: 'sometimes',
      }),
    );
    expect(fields.map((field) => field.path).sort()).toEqual(
      [
        'callId',
        'receivedAt',
        'caller.email',
        'caller.role',
        'child.dateOfBirth',
        'summary',
        'callbackRequested',
      ].sort(),
    );
  });

  it('refuses a receivedAt without a zone, since local time would be guessed', () => {
    const fields = fieldsOf(() => phoneLogToIntake({ ...CALL, receivedAt: '2026-03-02T09:14:00' }));
    expect(fields.map((field) => field.path)).toEqual(['receivedAt']);
  });

  it('refuses names over 200 characters', () => {
    const fields = fieldsOf(() =>
      phoneLogToIntake({ ...CALL, caller: { ...CALL.caller, name: 'A'.repeat(201) } }),
    );
    expect(fields).toEqual([{ path: 'caller.name', message: 'must be at most 200 characters' }]);
  });

  it('prefixes paths with the position in a batch', () => {
    const result = validatePhoneLog({ ...CALL, caller: { phone: 'abc' } }, '[3]');
    expect(result).toEqual({
      ok: false,
      callId: 'T-2026-03-02-0007',
      fields: [{ path: '[3].caller.phone', message: 'is not a valid phone number' }],
    });
  });

  it('treats anything but an object as a bad body', () => {
    expect(validatePhoneLog('hello')).toMatchObject({
      ok: false,
      callId: null,
      fields: [{ path: '(body)' }],
    });
  });

  it('is total: any JSON value gives an intake or field errors, never a crash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validatePhoneLog(value);
        if (result.ok) expect(PhoneIntake.safeParse(result.intake).success).toBe(true);
        else expect(result.fields.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('toE164', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['(01632) 960 001', '+441632960001'],
    ['+44 (0)7700 900123', '+447700900123'],
    ['+33 1 23 45 67 89', '+33123456789'],
  ])('normalises %s to %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it.each(['', '12', 'call me', '077009001234567'])('refuses %j', (input) => {
    expect(toE164(input)).toBeNull();
  });
});

describe('parsePhoneLogCsv', () => {
  const header =
    'callId,receivedAt,handledBy,caller.name,caller.phone,caller.email,caller.role,child.postcode,summary,callbackRequested';

  it('reads nested columns, yes/no booleans and quoted multi-line summaries', () => {
    const csv = [
      header,
      'C-1,2026-03-02T09:14:00Z,ch-1,Ari Penn,07700 900123,,parent,ZZ1 2AB,"Asked about, transport",yes',
      'C-2,2026-03-02T10:00:00Z,ch-1,,,kim@example.org,,,"Line one',
      'line two",no',
    ].join('\n');
    const { rows, errors } = parsePhoneLogCsv(csv);
    expect(errors).toEqual([]);
    expect(rows.map((row) => row.index)).toEqual([0, 1]);
    expect(rows[0]?.intake.requester.phone).toBe('+447700900123');
    expect(rows[0]?.intake.summary).toBe('Asked about, transport');
    expect(rows[0]?.intake.callbackRequested).toBe(true);
    expect(rows[1]?.intake.requester.email).toBe('kim@example.org');
    expect(rows[1]?.intake.summary).toBe('Line one\nline two');
    expect(rows[1]?.intake.callbackRequested).toBe(false);
  });

  it('keeps good rows and reports a bad row by index, line, callId and field', () => {
    const csv = [
      header,
      'C-1,2026-03-02T09:14:00Z,,,07700 900123,,,,ok,true',
      'C-2,2026-03-02T09:20:00Z,,,99,,,,bad number,false',
      'C-3,2026-03-02T09:30:00Z,,,07700 900124,,,,fine,',
    ].join('\r\n');
    const { rows, errors } = parsePhoneLogCsv(csv);
    expect(rows.map((row) => row.intake.callId)).toEqual(['C-1', 'C-3']);
    expect(errors).toEqual([
      {
        index: 1,
        line: 3,
        callId: 'C-2',
        fields: [{ path: 'caller.phone', message: 'is not a valid phone number' }],
      },
    ]);
  });

  it('reports an unknown boolean word as a field error', () => {
    const { errors } = parsePhoneLogCsv(`${header}\nC-1,2026-03-02T09:14:00Z,,,07700 900123,,,,ok,maybe`);
    expect(errors[0]?.fields).toEqual([{ path: 'callbackRequested', message: 'must be true or false' }]);
  });

  it('refuses a file that is not well-formed CSV, naming the line', () => {
    expect(() => parsePhoneLogCsv(`${header}\nC-1,"unclosed,quote`)).toThrow(PhoneLogValidationError);
  });

  it.each(['__proto__.summary', '__proto__.handledBy', 'constructor.prototype.summary', '__proto__'])(
    'refuses a header naming %s (400 naming the column) and writes nothing onto Object.prototype',
    (column) => {
      const csv = `callId,receivedAt,caller.phone,${column}\nC-1,2026-03-02T09:14:00Z,07700 900123,injected`;
      const fields = fieldsOf(() => parsePhoneLogCsv(csv));
      expect(fields).toEqual([
        { path: 'header[3]', message: expect.stringContaining(JSON.stringify(column)) },
      ]);
      expect(fields[0]?.message).toContain('is not a phone-log column');
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('summary');
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('handledBy');
      expect(({} as { summary?: unknown }).summary).toBeUndefined();
    },
  );

  it('takes nothing from __proto__ or constructor keys of a JSON body', () => {
    const body = JSON.parse(
      '{"callId":"J-1","receivedAt":"2026-03-02T09:14:00Z","caller":{"phone":"07700 900123","__proto__":{"email":"x@evil.example"}},"__proto__":{"summary":"injected","handledBy":"evil"},"constructor":{"prototype":{"summary":"injected"}}}',
    );
    expect(validatePhoneLog(body)).toMatchObject({ ok: false, fields: [{ path: 'summary' }] });
    expect(({} as { summary?: unknown; handledBy?: unknown }).summary).toBeUndefined();
    expect(({} as { handledBy?: unknown }).handledBy).toBeUndefined();
  });

  it('refuses any column the phone log does not have, and a column named twice', () => {
    expect(fieldsOf(() => parsePhoneLogCsv('callId,notes\nC-1,x'))).toEqual([
      { path: 'header[1]', message: expect.stringContaining('"notes" is not a phone-log column') },
    ]);
    expect(fieldsOf(() => parsePhoneLogCsv('callId,summary,summary\nC-1,a,b'))).toEqual([
      { path: 'header[2]', message: '"summary" appears more than once' },
    ]);
  });

  it('knows every field of the JSON entry as a column', () => {
    const cells: Record<(typeof PHONE_LOG_COLUMNS)[number], string> = {
      callId: 'C-9',
      receivedAt: '2026-03-02T09:14:00Z',
      handledBy: 'ch-1',
      'caller.name': 'Ari Penn',
      'caller.phone': '07700 900123',
      'caller.email': 'ari@example.org',
      'caller.role': 'parent',
      'child.name': 'Bo Penn',
      'child.dateOfBirth': '2016-05-04',
      'child.school': 'Elm Primary',
      'child.postcode': 'ZZ1 2AB',
      summary: 'Asked about the plan',
      callbackRequested: 'yes',
    };
    const csv = `${Object.keys(cells).join(',')}\n${Object.values(cells).join(',')}`;
    const { rows, errors } = parsePhoneLogCsv(csv);
    expect(errors).toEqual([]);
    expect(rows[0]?.intake.child).toEqual({
      name: 'Bo Penn',
      dateOfBirth: '2016-05-04',
      school: 'Elm Primary',
      postcode: 'ZZ1 2AB',
    });
    expect(rows[0]?.intake.requester).toEqual({
      name: 'Ari Penn',
      email: 'ari@example.org',
      phone: '+447700900123',
    });
  });

  it('stops reading at the row after the cap: the rest of the file is never parsed', () => {
    const good = (n: number) => `C-${n},2026-03-02T09:14:00Z,,,07700 900123,,,,ok,`;
    // Past the cap the file is not CSV at all: only a parser that reads it would notice.
    const csv = [header, good(1), good(2), good(3), 'C-4,"never closed'].join('\n');
    expect(() => parsePhoneLogCsv(csv, { maxRows: 2 })).toThrow(PayloadTooLargeError);
    expect(parsePhoneLogCsv([header, good(1), good(2)].join('\n'), { maxRows: 2 }).rows).toHaveLength(2);
  });

  it('accepts a byte-order mark before the header', () => {
    const { rows } = parsePhoneLogCsv(`\uFEFF${header}\nC-1,2026-03-02T09:14:00Z,,,07700 900123,,,,ok,`);
    expect(rows).toHaveLength(1);
  });
});

describe('labelled sample phone logs', () => {
  const labels = sharedSampleLabels() as {
    file: string;
    requester: { email: string | null; phone: string | null };
    receivedAt: string;
  }[];
  it.each(labels.filter((label) => label.file.endsWith('.json')))('reads the caller of $file', (label) => {
    const intake = phoneLogToIntake(JSON.parse(readFileSync(path.join(SHARED_SAMPLES, label.file), 'utf8')));
    expect(intake.requester.phone?.slice(-10) ?? null).toBe(label.requester.phone?.slice(-10) ?? null);
    expect(intake.requester.email).toBe(label.requester.email?.toLowerCase() ?? null);
    expect(intake.receivedAt.slice(0, 16)).toBe(label.receivedAt.slice(0, 16));
  });
});
