import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { folderCycles } from '../../bench/import-graph.js';

let root: string | undefined;

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A tree of TypeScript files under functions/, each importing the given paths. */
function tree(files: Record<string, string[]>): string {
  const folder = mkdtempSync(join(tmpdir(), 'brandflow-imports-'));
  for (const [file, imports] of Object.entries(files)) {
    const path = join(folder, 'functions', file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, imports.map((target, i) => `import { a${i} } from '${target}';\n`).join(''));
  }
  return folder;
}

describe('the folder-level import graph of bench/import-graph.ts', () => {
  it('finds two folders that import each other, even through a dynamic import', () => {
    // Prepare
    root = tree({
      'channels/routing.ts': ['../tasks/owned.js'],
      'tasks/publish.ts': ['../channels/routing.js'],
      'domain/time.ts': [],
    });
    writeFileSync(join(root, 'functions/tasks/later.ts'), "await import('../domain/time.js');\n");

    // Act
    const cycles = folderCycles(root);

    // Assess
    expect(cycles).toEqual([['functions/channels', 'functions/tasks']]);
  });

  it('finds none when the imports go one way', () => {
    // Prepare
    root = tree({
      'tasks/routing.ts': ['../channels/adapter.js', './owned.js'],
      'channels/adapter.ts': ['../domain/time.js'],
      'domain/time.ts': [],
    });

    // Act
    const cycles = folderCycles(root);

    // Assess
    expect(cycles).toEqual([]);
  });

  it('counts an import made only for its side effects, such as installing messages', () => {
    // Prepare
    root = tree({ 'contract/inbound.ts': ['../domain/rules.js'], 'domain/rules.ts': [] });
    writeFileSync(join(root, 'functions/domain/rules.ts'), "import '../contract/messages.js';\n");

    // Act
    const cycles = folderCycles(root);

    // Assess
    expect(cycles).toEqual([['functions/contract', 'functions/domain']]);
  });
});
