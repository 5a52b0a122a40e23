/**
 * The page takes the API's response types from the server's zod schemas (`web/src/types.ts`) as
 * type-only imports: the browser bundles must not carry zod itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build';

describe('the staff page bundle', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'send-hub-web-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('holds no zod, although the page is typed by the API schemas', async () => {
    await buildWeb({ outDir });
    for (const file of ['app.js', 'status.js']) {
      const bundle = readFileSync(path.join(outDir, file), 'utf8');
      expect(bundle.length, file).toBeGreaterThan(1000);
      // Every zod 4 schema keeps its internals under `_zod`; ZodError names its failures.
      expect(bundle, file).not.toMatch(/\b_zod\b|ZodError/);
    }
  });
});
