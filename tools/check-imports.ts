/**
 * `npm run lint` runs this: the import graph must have no file cycle, no folder cycle beyond the
 * known back-edges below, and `shared/domain` must import nothing of the project outside itself
 * except data files. Prints what breaks a rule, with the files that make each folder edge, and
 * exits 1; prints one line and exits 0 when the graph is clean.
 */
import { fileURLToPath } from 'node:url';
import { checkImportGraph, folderEdge, folderOf, readImportGraph } from './import-graph';

/**
 * Folder edges that still close a cycle: use cases that import adapters (they should depend on
 * ports they declare, which the adapters implement), and use cases that reach back into a folder
 * that uses them. Each is debt: the check fails when one of these is gone so it can be struck off,
 * and fails on any new cycle.
 */
export const KNOWN_BACK_EDGES: readonly string[] = [
  'shared/casework -> shared/adapters',
  'shared/escalation -> shared/adapters',
  'shared/finding -> shared/adapters',
  'shared/reporting -> shared/adapters',
  'shared/routing -> shared/adapters',
  'shared/safeguarding -> shared/adapters',
  'shared/statutory -> shared/adapters',
  'shared/workload -> shared/adapters',
  // escalation-plan.ts (notices, staff) and caseworker-directory.ts are read by the statutory
  // sweep and the workload chores that the escalator runs.
  'shared/statutory -> shared/escalation',
  'shared/workload -> shared/escalation',
  // The duty alert borrows the router's From header and Message-ID domain (one mail module, next).
  'shared/safeguarding -> shared/routing',
];

const FOLDERS = ['bench', 'bin', 'cli', 'functions', 'infra', 'local', 'shared', 'test', 'tools', 'web'];

function main(): number {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const graph = readImportGraph(root, FOLDERS);
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
