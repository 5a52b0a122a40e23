/**
 * The hub's own zod messages (`shared/domain/zod-messages.ts`, installed by `shared/domain/zod.ts`
 * instead of zod's English locale): what a caller reads in a 400 or an operator in a configuration
 * error, for the issues the hub's schemas raise.
 */
import { describe, expect, it } from 'vitest';
import * as z from '../../shared/domain/zod';
import { kindOf } from '../../shared/domain/zod-messages';

/** The first issue's message when `schema` refuses `input`. */
function messageOf(schema: z.ZodMiniType, input: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`accepted ${JSON.stringify(input)}`);
  return result.error.issues[0]?.message ?? '';
}

describe('zod issues read as sentences', () => {
  it('name the type expected and the kind of value given', () => {
    const Body = z.object({ text: z.string(), count: z.int() });
    expect(messageOf(Body, { count: 1 })).toBe('Invalid input: expected string, received undefined');
    expect(messageOf(Body, { text: 'a', count: '2' })).toBe(
      'Invalid input: expected number, received string',
    );
    expect(messageOf(Body, { text: 'a', count: 1.5 })).toBe('Invalid input: expected int, received number');
    expect(messageOf(Body, [])).toBe('Invalid input: expected object, received array');
    expect(messageOf(Body, null)).toBe('Invalid input: expected object, received null');
    expect(messageOf(z.number(), Number.NaN)).toBe('Invalid input: expected number, received NaN');
  });

  it('list the options of an enum, and the one value of a literal', () => {
    expect(messageOf(z.enum(['urgent', 'high', 'normal']), 'soon')).toBe(
      'Invalid option: expected one of "urgent"|"high"|"normal"',
    );
    expect(messageOf(z.literal('email'), 'phone')).toBe('Invalid input: expected "email"');
  });

  it('give sizes in characters or items, and bounds of numbers', () => {
    expect(messageOf(z.string().check(z.minLength(1)), '')).toBe(
      'Too small: expected string to have >=1 characters',
    );
    expect(messageOf(z.string().check(z.maxLength(3)), 'abcd')).toBe(
      'Too big: expected string to have <=3 characters',
    );
    expect(messageOf(z.array(z.string()).check(z.minLength(1)), [])).toBe(
      'Too small: expected array to have >=1 items',
    );
    expect(messageOf(z.number().check(z.positive()), 0)).toBe('Too small: expected number to be >0');
    expect(messageOf(z.number().check(z.lte(10)), 11)).toBe('Too big: expected number to be <=10');
  });

  it('name the format a string failed', () => {
    expect(messageOf(z.email(), 'not an address')).toBe('Invalid email address');
    expect(messageOf(z.url(), 'nowhere')).toBe('Invalid URL');
    expect(messageOf(z.iso.datetime({ offset: true }), '2026-12-08')).toBe('Invalid ISO datetime');
    expect(messageOf(z.iso.date(), '2026-02-30')).toBe('Invalid ISO date');
    expect(messageOf(z.string().check(z.regex(/^SEND-/)), 'x')).toBe(
      'Invalid string: must match pattern /^SEND-/',
    );
    // A check's own message wins over the map.
    expect(messageOf(z.string().check(z.regex(/^\d+$/, 'must be digits')), 'x')).toBe('must be digits');
  });

  it('name the keys a strict object does not know, and the discriminators a union does', () => {
    expect(messageOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toBe(
      'Unrecognized keys: "b", "c"',
    );
    const Intake = z.discriminatedUnion('channel', [
      z.object({ channel: z.literal('email') }),
      z.object({ channel: z.literal('phone') }),
    ]);
    expect(messageOf(Intake, { channel: 'fax' })).toBe(
      "Invalid discriminator value. Expected 'email' | 'phone'",
    );
    expect(messageOf(z.union([z.string(), z.number()]), true)).toBe('Invalid input');
  });

  it('coerce numbers from text as before', () => {
    expect(z.coerce.number().parse('12.5')).toBe(12.5);
    expect(messageOf(z.coerce.number(), 'twelve')).toBe('Invalid input: expected number, received NaN');
  });

  it('name kinds as a JSON body holds them', () => {
    expect([null, [], {}, 'a', 1, true, undefined, Number.POSITIVE_INFINITY].map(kindOf)).toEqual([
      'null',
      'array',
      'object',
      'string',
      'number',
      'boolean',
      'undefined',
      'Infinity',
    ]);
  });
});
