import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** The folders whose TypeScript forms the project (what `npm run lint` type-checks). */
const SOURCE_FOLDERS = ['infra', 'functions', 'workflows', 'local', 'cli', 'test', 'bench'];

function sourceFiles(root: string, folder: string): string[] {
  const path = join(root, folder);
  try {
    if (statSync(path).isFile()) return path.endsWith('.ts') ? [relative(root, path)] : [];
  } catch {
    return [];
  }
  return readdirSync(path).flatMap((entry) => sourceFiles(root, join(folder, entry)));
}

/** Relative imports of a module (static, dynamic and for side effects only), as paths from the root. */
function importsOf(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)].map(
    (m) => m[1] as string,
  );
  return specifiers.map((specifier) => normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

/**
 * The folder-level import graph's cycles: each strongly connected set of two or more folders
 * (a folder importing, through any path, a folder that imports it back).
 *
 * @example
 * ```ts
 * folderCycles('.'); // [['functions/channels', 'functions/tasks']]
 * ```
 */
export function folderCycles(root: string): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const file of SOURCE_FOLDERS.flatMap((folder) => sourceFiles(root, folder))) {
    const from = dirname(file);
    for (const target of importsOf(root, file)) {
      const to = dirname(target);
      if (to === from) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return components;
}

/**
 * The largest source files by lines.
 *
 * @example
 * ```ts
 * largestFiles('.', 5); // [{ file: 'local/step-functions.ts', lines: 812 }, ...]
 * ```
 */
export function largestFiles(root: string, count: number): { file: string; lines: number }[] {
  return SOURCE_FOLDERS.flatMap((folder) => sourceFiles(root, folder))
    .map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').split('\n').length }))
    .sort((a, b) => b.lines - a.lines)
    .slice(0, count);
}

// `npx tsx bench/import-graph.ts [root]`: the figures of a tree, for before-and-after notes.
if (process.argv[1]?.endsWith('import-graph.ts')) {
  const root = process.argv[2] ?? '.';
  const cycles = folderCycles(root);
  process.stdout.write(`folder-level import cycles: ${cycles.length}\n`);
  for (const cycle of cycles) process.stdout.write(`  ${cycle.join(' <-> ')}\n`);
  process.stdout.write('largest files (lines):\n');
  for (const { file, lines } of largestFiles(root, 10)) process.stdout.write(`  ${lines}  ${file}\n`);
}
