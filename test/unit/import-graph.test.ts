/**
 * The import-graph check that `npm run lint` runs: it finds file and folder cycles, domain imports
 * that leave the domain, and known back-edges that no import makes any more; and this repository
 * passes it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHECKED_FOLDERS,
  KNOWN_BACK_EDGES,
  readmeSection,
  SERVER_ONLY,
  SHARED_LAYERS,
} from '../../tools/check-imports';
import {
  checkImportGraph,
  checkLayers,
  findCycles,
  importSpecifiers,
  readImportGraph,
} from '../../tools/import-graph';

const roots: string[] = [];

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'import-graph-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the import graph check', () => {
  it('reads every import form, type-only ones too, and ignores imports in comments', () => {
    const source = [
      "import type { A } from './a';",
      "import { b,\n  c } from '../b';",
      "export * from './c';",
      "import './d';",
      // Split so that this file's own text holds no dynamic import for the check to follow.
      `const e = await ${'imp'}ort('./e');`,
      '/** import { f } from "./f"; */',
      "// import { g } from './g';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(['../b', './a', './c', './d', './e']);
  });

  it('finds a cycle of three files and the folders it runs through', () => {
    const root = project({
      'shared/escalation/digest.ts': "import { table } from '../statutory/section';\n",
      'shared/statutory/section.ts': "import { table } from '../reporting/summary';\n",
      'shared/reporting/summary.ts': "import { escape } from '../escalation/digest';\n",
    });
    const report = checkImportGraph(readImportGraph(root));
    expect(report.fileCycles).toEqual([
      ['shared/escalation/digest.ts', 'shared/reporting/summary.ts', 'shared/statutory/section.ts'],
    ]);
    expect(report.folderCycles).toEqual([['shared/escalation', 'shared/reporting', 'shared/statutory']]);
  });

  it('finds two folders that import each other through different files, and leaves out a known back-edge', () => {
    const root = project({
      'shared/domain/service-level.ts': "import type { HubConfig } from '../config/hub-config';\n",
      'shared/domain/taxonomy.ts': 'export const x = 1;\n',
      'shared/config/hub-config.ts': "import { x } from '../domain/taxonomy';\n",
    });
    const graph = readImportGraph(root);
    const report = checkImportGraph(graph);
    expect(report.fileCycles).toEqual([]);
    expect(report.folderCycles).toEqual([['shared/config', 'shared/domain']]);
    expect(report.domainLeaks).toEqual([
      { from: 'shared/domain/service-level.ts', to: 'shared/config/hub-config.ts' },
    ]);
    expect(checkImportGraph(graph, ['shared/domain -> shared/config']).folderCycles).toEqual([]);
  });

  it('lets the domain read data files but nothing else outside it', () => {
    const root = project({
      'shared/domain/triage/rules.ts':
        "import rules from '../../../config/rules.json' with { type: 'json' };\n",
      'config/rules.json': '{}',
    });
    expect(checkImportGraph(readImportGraph(root)).domainLeaks).toEqual([]);
  });

  it('reports a known back-edge that nothing makes any more, and an import of a missing file', () => {
    const root = project({ 'cli/main.ts': "import { gone } from './moved-away';\n" });
    const report = checkImportGraph(readImportGraph(root), ['shared/workload -> shared/casework']);
    expect(report.staleKnownEdges).toEqual(['shared/workload -> shared/casework']);
    expect(report.unresolved).toEqual([{ from: 'cli/main.ts', to: './moved-away' }]);
  });

  it('treats an edge to itself as a cycle and a chain as none', () => {
    expect(findCycles([['a', 'a']])).toEqual([['a']]);
    expect(
      findCycles([
        ['a', 'b'],
        ['b', 'c'],
      ]),
    ).toEqual([]);
  });

  it('reports an import up the layer order, a shared folder the order does not place, and server code on the page', () => {
    const root = project({
      'shared/routing/route.ts': "import { sweep } from '../escalation/sweep';\n",
      'shared/escalation/sweep.ts': "import { plan } from '../routing/plan';\n",
      'shared/routing/plan.ts': 'export const plan = 1;\n',
      'shared/mail/template.ts': "import { plan } from '../routing/plan';\n",
      'web/src/page.ts': "import { store } from '../../shared/adapters/store';\n",
      'shared/adapters/store.ts': "import { plan } from '../routing/plan';\n",
    });
    const graph = readImportGraph(root);
    const order = ['shared/routing', 'shared/escalation', 'shared/adapters'];
    const report = checkLayers(graph, order, ['shared/adapters']);
    expect(report.upward).toEqual([{ from: 'shared/routing/route.ts', to: 'shared/escalation/sweep.ts' }]);
    expect(report.unplaced).toEqual(['shared/mail']);
    expect(report.pageLeaks).toEqual([{ from: 'web/src/page.ts', to: 'shared/adapters/store.ts' }]);
    expect(checkLayers(graph, order, [], ['shared/routing -> shared/escalation']).upward).toEqual([]);
  });

  it('reads one section of the README', () => {
    const markdown = '# T\n\n## Architecture\n\n- `shared/domain/`\n\n## Tests\n\n- `shared/http/`\n';
    expect(readmeSection(markdown, 'Architecture')).toContain('`shared/domain/`');
    expect(readmeSection(markdown, 'Architecture')).not.toContain('`shared/http/`');
    expect(readmeSection(markdown, 'Missing')).toBe('');
  });

  it('passes on this repository', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const graph = readImportGraph(root, CHECKED_FOLDERS);
    const report = checkImportGraph(graph, KNOWN_BACK_EDGES);
    expect(report).toEqual({
      fileCycles: [],
      folderCycles: [],
      domainLeaks: [],
      unresolved: [],
      staleKnownEdges: [],
    });
    expect(checkLayers(graph, SHARED_LAYERS, SERVER_ONLY, KNOWN_BACK_EDGES)).toEqual({
      upward: [],
      unplaced: [],
      pageLeaks: [],
    });
    const architecture = readmeSection(readFileSync(join(root, 'README.md'), 'utf8'), 'Architecture');
    for (const folder of SHARED_LAYERS) expect(architecture).toContain(`\`${folder}/\``);
  });
});
