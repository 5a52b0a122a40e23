import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundle, ROOT } from './lib/bundles';
const names = process.argv.slice(2);
const out = mkdtempSync(path.join(os.tmpdir(), 'bs-an-'));
for (const name of names) {
  const b = await bundle(name, { file: path.join(ROOT, 'functions', name, 'handler.ts') }, out);
  console.log(`== ${name} ${b.bytes}`);
  console.log([...b.parts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${v}`).join('\n'));
  const files: [string, number][] = [];
  for (const o of Object.values(b.metafile.outputs)) for (const [i, { bytesInOutput }] of Object.entries(o.inputs)) if (!i.includes('node_modules') && bytesInOutput > 0) files.push([i, bytesInOutput]);
  files.sort((a, b) => b[1] - a[1]);
  console.log('-- project files');
  console.log(files.slice(0, Number(process.env.TOP ?? 25)).map(([i, n]) => `  ${n} ${i}`).join('\n'));
}
