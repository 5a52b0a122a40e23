/**
 * The project's import graph, read from the sources: which file imports which (relative imports,
 * type-only ones included, since they couple folders as much as value imports do), and the checks
 * `npm run lint` runs over it (no cycle between files or folders; `shared/domain` imports nothing of
 * the project outside itself except data files). A small reader instead of dependency-cruiser or
 * madge: both parse TypeScript through the TypeScript API, which TypeScript 7 does not publish.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Files of one edge: `from` imports `to` (paths relative to the root, with `/`). */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

export interface ImportGraph {
  /** Source files read, relative to the root. */
  readonly files: readonly string[];
  readonly edges: readonly ImportEdge[];
  /** Relative imports that resolve to no file (a typo, or a file moved without its importers). */
  readonly unresolved: readonly ImportEdge[];
}

const SOURCE = /\.(?:ts|mts|mjs|tsx)$/;
const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'cdk.out',
  'dist',
  '.data',
  '.git',
  'test-results',
  'vendor',
]);

// `import x from '...'`, `import type {...} from '...'`, `export * from '...'`, `import '...'`,
// `import('...')`: the forms TypeScript accepts for an ES module.
const STATIC_IMPORT = /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const BARE_IMPORT = /^\s*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function stripComments(source: string): string {
  // Block comments first (JSDoc examples show imports), then line comments that start a line.
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** The module specifiers a source file imports, in order. */
export function importSpecifiers(source: string): string[] {
  const text = stripComments(source);
  const found: string[] = [];
  for (const pattern of [STATIC_IMPORT, BARE_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of text.matchAll(pattern)) if (match[1] !== undefined) found.push(match[1]);
  }
  return found;
}

function listSources(root: string, directory: string, into: string[]): void {
  for (const entry of readdirSync(join(root, directory), { withFileTypes: true })) {
    if (entry.name.startsWith('.') && entry.name !== '.') continue;
    const path = directory === '' ? entry.name : `${directory}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) listSources(root, path, into);
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      into.push(path);
    }
  }
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The file a relative specifier names, as bundler resolution finds it, or null. */
function resolveRelative(root: string, from: string, specifier: string): string | null {
  const base = posix.join(posix.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`];
  if (/\.m?js$/.test(base)) candidates.push(base.replace(/\.(m?)js$/, '.$1ts'));
  for (const candidate of candidates) if (isFile(join(root, candidate))) return candidate;
  return null;
}

/** Reads every source file under the given top-level folders of `root` (all of them when none). */
export function readImportGraph(root: string, folders?: readonly string[]): ImportGraph {
  const files: string[] = [];
  for (const folder of folders ?? ['']) listSources(root, folder, files);
  files.sort();
  const edges: ImportEdge[] = [];
  const unresolved: ImportEdge[] = [];
  for (const file of files) {
    for (const specifier of importSpecifiers(readFileSync(join(root, file), 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const to = resolveRelative(root, file, specifier);
      if (to === null) unresolved.push({ from: file, to: specifier });
      else edges.push({ from: file, to });
    }
  }
  return { files, edges, unresolved };
}

/**
 * The folder a file belongs to for the folder rule: `shared/<name>` and `functions/<name>` are one
 * folder each, subfolders included (`shared/domain/triage` is part of the domain); elsewhere the
 * top-level folder (`cli`, `local`, `web`, `infra`, `test`, `bench`, `tools`), or `.` for files at
 * the root.
 */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return '.';
  const [top, second] = parts;
  if ((top === 'shared' || top === 'functions') && parts.length > 2 && second !== undefined) {
    return `${top}/${second}`;
  }
  return top ?? '.';
}

/**
 * The strongly connected components of a directed graph with more than one node (or a node with
 * an edge to itself): each is a set of nodes that all reach one another, so every import cycle
 * lies inside one. Members sorted; components sorted by their first member.
 */
export function findCycles(edges: Iterable<readonly [string, string]>): string[][] {
  const next = new Map<string, Set<string>>();
  for (const [from, to] of edges) {
    if (!next.has(to)) next.set(to, new Set());
    let targets = next.get(from);
    if (targets === undefined) {
      targets = new Set();
      next.set(from, targets);
    }
    targets.add(to);
  }
  // Tarjan's algorithm, iteratively (a long import chain must not overflow the stack).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of [...next.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; targets: string[]; position: number }[] = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, targets: [...(next.get(node) ?? [])].sort(), position: 0 });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const target = frame.targets[frame.position];
      if (target !== undefined) {
        frame.position += 1;
        if (!index.has(target)) open(target);
        else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) {
        low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      for (;;) {
        const node = stack.pop();
        if (node === undefined) break;
        onStack.delete(node);
        component.push(node);
        if (node === frame.node) break;
      }
      const selfLoop = next.get(frame.node)?.has(frame.node) ?? false;
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  }
  return components.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** What the checks found; every list empty means the graph keeps the house rules. */
export interface ImportGraphReport {
  /** Files that import one another round a loop (each list one strongly connected set). */
  readonly fileCycles: string[][];
  /** Folders that import one another round a loop, leaving out the known back-edges. */
  readonly folderCycles: string[][];
  /** Imports from `shared/domain` of project files outside it that are not data files. */
  readonly domainLeaks: ImportEdge[];
  readonly unresolved: readonly ImportEdge[];
  /** Known back-edges (`from -> to` folders) no file takes any more: strike them off the list. */
  readonly staleKnownEdges: string[];
}

const DATA_FILE = /\.json$/;

/** `shared/casework -> shared/adapters`: the folder edge of a file import. */
export function folderEdge(edge: ImportEdge): string {
  return `${folderOf(edge.from)} -> ${folderOf(edge.to)}`;
}

/**
 * Checks the graph. `knownBackEdges` are folder edges (`from -> to`) that still close a cycle
 * today and are left out of the folder check until they are gone; one that no import uses any
 * more is reported, so the list only shrinks.
 */
export function checkImportGraph(
  graph: ImportGraph,
  knownBackEdges: readonly string[] = [],
): ImportGraphReport {
  const known = new Set(knownBackEdges);
  const folderEdges = new Set<string>();
  for (const edge of graph.edges) {
    if (folderOf(edge.from) !== folderOf(edge.to)) folderEdges.add(folderEdge(edge));
  }
  return {
    fileCycles: findCycles(graph.edges.map((edge) => [edge.from, edge.to] as const)),
    folderCycles: findCycles(
      [...folderEdges]
        .filter((edge) => !known.has(edge))
        .map((edge) => edge.split(' -> ') as [string, string]),
    ),
    domainLeaks: graph.edges.filter(
      (edge) =>
        edge.from.startsWith('shared/domain/') &&
        !edge.to.startsWith('shared/domain/') &&
        !DATA_FILE.test(edge.to),
    ),
    unresolved: graph.unresolved,
    staleKnownEdges: knownBackEdges.filter((edge) => !folderEdges.has(edge)),
  };
}

/** What the layer rules found: every list empty means each `shared/` folder keeps to its place. */
export interface LayerReport {
  /** Imports from a `shared/` folder of one listed after it (not a known back-edge). */
  readonly upward: ImportEdge[];
  /** `shared/` folders with source files that the layer order does not place. */
  readonly unplaced: string[];
  /** Imports of a server-only `shared/` folder from the page (`web/`). */
  readonly pageLeaks: ImportEdge[];
}

/**
 * Checks `shared/` against its layer order (lowest first): a folder may import itself and the
 * folders listed before it, never one after it, except through a known back-edge; the page may
 * import no `serverOnly` folder. A folder the order leaves out is reported, so a new one is placed
 * (and described in the README) before anything may import it.
 */
export function checkLayers(
  graph: ImportGraph,
  order: readonly string[],
  serverOnly: readonly string[],
  knownBackEdges: readonly string[] = [],
): LayerReport {
  const rank = new Map(order.map((folder, index) => [folder, index]));
  const known = new Set(knownBackEdges);
  const sharedFolders = new Set(
    graph.files.filter((file) => file.startsWith('shared/')).map((file) => folderOf(file)),
  );
  return {
    upward: graph.edges.filter((edge) => {
      const from = rank.get(folderOf(edge.from));
      const to = rank.get(folderOf(edge.to));
      return from !== undefined && to !== undefined && to > from && !known.has(folderEdge(edge));
    }),
    unplaced: [...sharedFolders].filter((folder) => !rank.has(folder)).sort(),
    pageLeaks: graph.edges.filter(
      (edge) => edge.from.startsWith('web/') && serverOnly.includes(folderOf(edge.to)),
    ),
  };
}
