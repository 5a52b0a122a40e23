/**
 * What each function's bundle carries, built as the stack builds it (`bench/lib/bundles.ts`): the
 * third-party packages a function never runs stay out of it, so its cold start stays near its
 * floor (`npm run bundles`, docs/performance.md). A shared module that starts importing a heavy
 * package, or a handler that goes back to a wide adapter, fails here with the package named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle, ROOT } from '../../bench/lib/bundles';

const outDir = mkdtempSync(path.join(os.tmpdir(), 'bundle-contents-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const built = new Map<string, Promise<{ packages: string[]; files: string[] }>>();

/** Third-party packages and project files left in a function's bundle (each built once). */
function contents(name: string): Promise<{ packages: string[]; files: string[] }> {
  const found = built.get(name) ?? build(name);
  built.set(name, found);
  return found;
}

async function build(name: string): Promise<{ packages: string[]; files: string[] }> {
  const output = await bundle(name, { file: path.join(ROOT, 'functions', name, 'handler.ts') }, outDir);
  const inputs = Object.values(output.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  return {
    packages: [...output.parts.keys()].filter((part) => part !== 'project code' && part !== 'config JSON'),
    files: inputs.filter((input) => !input.includes('node_modules/')),
  };
}

describe('function bundles', () => {
  it('leave Powertools Metrics out of the functions that emit no metric', { timeout: 60_000 }, async () => {
    for (const name of ['ingest-email', 'ingest-phone', 'reporter', 'retention', 'ses-feedback']) {
      const { packages } = await contents(name);
      expect(packages, name).toContain('@aws-lambda-powertools/logger');
      expect(packages, name).not.toContain('@aws-lambda-powertools/metrics');
    }
    expect((await contents('escalator')).packages).toContain('@aws-lambda-powertools/metrics');
  });

  it('give ses-feedback its do-not-reply store and none of the enquiry repository', {
    timeout: 60_000,
  }, async () => {
    const { files } = await contents('ses-feedback');
    expect(files).toContain('shared/adapters/do-not-reply-store.ts');
    expect(files).not.toContain('shared/adapters/enquiry-repository.ts');
  });

  it('leave the numbering plans (libphonenumber-js) to the functions that parse typed numbers', {
    timeout: 60_000,
  }, async () => {
    for (const name of ['escalator', 'reporter', 'ses-feedback', 'retention']) {
      expect((await contents(name)).packages, name).not.toContain('libphonenumber-js');
    }
    expect((await contents('ingest-phone')).packages).toContain('libphonenumber-js');
  });
});
