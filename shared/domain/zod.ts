/**
 * The zod the hub's schemas are written with: `zod/mini`, the same validation as classic zod
 * but functions instead of methods, so a bundle keeps only the checks it uses (~25 KB instead of
 * ~110 KB) and schemas are cheaper to build at cold start. Importing it here also installs the
 * hub's own messages for the issues its schemas raise (`zod-messages.ts`; zod/mini loads no
 * locale, and zod's English one holds every format there is), so issues still say what is wrong.
 */

import { config, NEVER, transform, ZodMiniISODate, ZodMiniISODateTime, ZodMiniNumber } from 'zod/mini';
import {
  _coercedNumber,
  _isoDate,
  _isoDateTime,
  type $ZodISODateParams,
  type $ZodISODateTimeParams,
  type $ZodNumberParams,
} from 'zod/v4/core';
import { issueMessage } from './zod-messages';

config({ localeError: issueMessage });

export * from 'zod/mini';

/**
 * The ISO formats and coercions the hub's schemas use. Re-exporting zod's `iso` and `coerce`
 * namespaces whole made every bundle build all of their schema classes (ISO times and durations,
 * coerced dates, booleans and bigints) at import; these name only what is used, so the rest is
 * left out. Add a member here when a schema needs it.
 */
export const iso = {
  date: (params?: string | $ZodISODateParams): ZodMiniISODate => _isoDate(ZodMiniISODate, params),
  datetime: (params?: string | $ZodISODateTimeParams): ZodMiniISODateTime =>
    _isoDateTime(ZodMiniISODateTime, params),
};
export const coerce = {
  number: (params?: string | $ZodNumberParams): ZodMiniNumber => _coercedNumber(ZodMiniNumber, params),
};

/**
 * A transform to what `parse` makes of the value, failing with `message` (a custom issue at the
 * value's path) when it makes null: e.g. a typed phone number to E.164.
 */
export function parsedOr<In, Out>(parse: (value: In) => Out | null, message: string) {
  return transform<In, Out>((value, payload) => {
    const parsed = parse(value);
    if (parsed !== null) return parsed;
    payload.issues.push({ code: 'custom', message, input: value });
    return NEVER;
  });
}
