/**
 * `npm run lint` runs this: the import graph must have no file cycle, no folder cycle beyond the
 * known back-edges below, and `shared/domain` must import nothing of the project outside itself
 * except data files. Prints what breaks a rule, with the files that make each folder edge, and
 * exits 1; prints one line and exits 0 when the graph is clean.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkImportGraph, checkLayers, folderEdge, folderOf, readImportGraph } from './import-graph';

/**
 * The `shared/` folders, lowest first: each may import only itself and the folders before it.
 * Entry points (`functions`, `cli`, `local`, `infra`, `bench`, `test`, `tools`) may import any of
 * them. The README's Architecture section describes each, in this order, and must name them all.
 */
export const SHARED_LAYERS: readonly string[] = [
  // Pure rules and data: no clock, no environment, no SDK.
  'shared/domain',
  'shared/config',
  // Addresses, headers and the words of every email: domain and config only.
  'shared/mail',
  'shared/http',
  'shared/access',
  // Use cases: each declares the ports it needs; lower ones are used by higher ones.
  'shared/intake',
  'shared/escalation',
  'shared/workload',
  'shared/safeguarding',
  'shared/routing',
  'shared/casework',
  'shared/statutory',
  'shared/reporting',
  'shared/finding',
  'shared/retention',
  'shared/feedback',
  // The escalator's sweep runs the chores of the use cases above.
  'shared/sweep',
  // AWS: implements the use cases' ports.
  'shared/adapters',
];

/** Folders the page (`web/`, bundled for the browser) must not import. */
export const SERVER_ONLY: readonly string[] = ['shared/adapters', 'shared/config', 'shared/http'];

/**
 * Folder edges that still close a cycle, as debt struck off one by one. None is left: every use
 * case depends on ports it declares (`ports.ts` in its folder), implemented in `shared/adapters/`
 * and wired in `functions/`, `local/` and `cli/`, and Lambda timeouts come in as
 * `FunctionTimeouts`. An edge listed here must still exist (the check fails when it is gone, so it
 * is struck off), and any cycle not listed fails the check.
 */
export const KNOWN_BACK_EDGES: readonly string[] = [];

/** The top-level folders whose imports `npm run lint` reads: every folder of code. */
export const CHECKED_FOLDERS: readonly string[] = [
  'bench',
  'bin',
  'cli',
  'functions',
  'infra',
  'local',
  'shared',
  'test',
  'tools',
  'training',
  'web',
];

/** The text of one `## ` section of a Markdown file, empty when there is none. */
export function readmeSection(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const end = markdown.indexOf('\n## ', start + heading.length + 4);
  return markdown.slice(start, end < 0 ? undefined : end);
}

function main(): number {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const graph = readImportGraph(root, CHECKED_FOLDERS);
  const report = checkImportGraph(graph, KNOWN_BACK_EDGES);
  const problems: string[] = [];
  for (const cycle of report.fileCycles) problems.push(`file cycle: ${cycle.join(', ')}`);
  for (const cycle of report.folderCycles) {
    const members = new Set(cycle);
    const lines = graph.edges
      .filter((edge) => {
        const [from, to] = [folderOf(edge.from), folderOf(edge.to)];
        return (
          from !== to && members.has(from) && members.has(to) && !KNOWN_BACK_EDGES.includes(folderEdge(edge))
        );
      })
      .map((edge) => `    ${edge.from} -> ${edge.to}`);
    problems.push(`folder cycle among ${cycle.join(', ')}, through:\n${lines.join('\n')}`);
  }
  for (const edge of report.domainLeaks)
    problems.push(`shared/domain imports outside itself: ${edge.from} -> ${edge.to}`);
  for (const edge of report.unresolved) problems.push(`import of a missing file: ${edge.from} -> ${edge.to}`);
  const layers = checkLayers(graph, SHARED_LAYERS, SERVER_ONLY, KNOWN_BACK_EDGES);
  for (const edge of layers.upward) {
    problems.push(`import against the layer order (SHARED_LAYERS): ${edge.from} -> ${edge.to}`);
  }
  for (const folder of layers.unplaced) {
    problems.push(`${folder} has no place in SHARED_LAYERS in tools/check-imports.ts (and the README)`);
  }
  for (const edge of layers.pageLeaks)
    problems.push(`the page imports server code: ${edge.from} -> ${edge.to}`);
  const architecture = readmeSection(readFileSync(`${root}README.md`, 'utf8'), 'Architecture');
  for (const folder of SHARED_LAYERS) {
    if (!architecture.includes(`\`${folder}/\``)) {
      problems.push(`the README's Architecture section does not describe \`${folder}/\``);
    }
  }
  for (const edge of report.staleKnownEdges) {
    problems.push(
      `no import makes "${edge}" any more: strike it off KNOWN_BACK_EDGES in tools/check-imports.ts`,
    );
  }
  if (problems.length > 0) {
    process.stderr.write(`Import graph (${graph.files.length} files, ${graph.edges.length} imports):\n`);
    for (const problem of problems) process.stderr.write(`  ${problem}\n`);
    return 1;
  }
  process.stdout.write(
    `Import graph: ${graph.files.length} files, ${graph.edges.length} imports, no file or folder cycle ` +
      `(${KNOWN_BACK_EDGES.length} known back-edges), shared/domain self-contained.\n`,
  );
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main();
}
