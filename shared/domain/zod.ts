/**
 * The zod the hub's schemas are written with: `zod/mini`, the same validation as classic zod
 * but functions instead of methods, so a bundle keeps only the checks it uses (~25 KB instead of
 * ~110 KB) and schemas are cheaper to build at cold start. Importing it here also installs the
 * English error messages once (zod/mini loads no locale), so issues still say what is wrong.
 */

import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
