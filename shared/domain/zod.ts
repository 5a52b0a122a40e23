/**
 * The zod the hub's schemas are written with: `zod/mini`, the same validation as classic zod
 * but functions instead of methods, so a bundle keeps only the checks it uses (~25 KB instead of
 * ~110 KB) and schemas are cheaper to build at cold start. Importing it here also installs the
 * English error messages once (zod/mini loads no locale), so issues still say what is wrong.
 */

import { en } from 'zod/locales';
import { config, NEVER, transform } from 'zod/mini';

config(en());

export * from 'zod/mini';

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
