/** `npm run reset`: wipes the local stack's persisted data under `.data/`. */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve('.data');
if (existsSync(dir)) {
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`Removed ${dir}\n`);
} else {
  process.stdout.write('Nothing to reset: no .data/ folder.\n');
}
