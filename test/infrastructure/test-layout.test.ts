import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Tests are placed by what they need: test/unit is pure (no DynamoDB Local, no twin, no
 * network server), test/store needs DynamoDB Local, test/workflow and test/integration run
 * the twin or servers. A test file is judged by everything it reaches through the test and
 * local-run modules it imports.
 */

const root = join(import.meta.dirname, '..', '..');

/** Modules that start DynamoDB Local, the twin or a server, or a harness that does. */
const STARTS = {
  'DynamoDB Local': ['local/dynamodb-local.ts', 'test/support/dynamodb.ts', 'test/support/global-setup.ts'],
  'the twin': ['local/runtime.ts', 'local/aws-endpoint.ts', 'local/main.ts', 'test/workflow/support.ts'],
  'a network server': [
    // The twin's S3 server, started on its own.
    'local/s3-server.ts',
    'test/support/outbox-relay.ts',
    'test/support/platforms/fake-platform.ts',
    'test/support/bluesky-pds.ts',
  ],
} as const;

type Need = keyof typeof STARTS;

function testFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? testFiles(join(folder, entry.name))
      : entry.name.endsWith('.test.ts')
        ? [join(folder, entry.name)]
        : [],
  );
}

/** Relative imports of a module (static and dynamic) as paths from the root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  // A path that is no file is text a test works on, not an import.
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)]
    .map((m) => normalize(join(dirname(file), m[1] as string)).replace(/\.js$/, '.ts'))
    .filter((path) => existsSync(join(root, path)));
}

/** What a test file needs, with the import chain that leads there (only test/ and local/ modules are followed). */
function needsOf(file: string): { need: Need; chain: string[] }[] {
  const found: { need: Need; chain: string[] }[] = [];
  const seen = new Set<string>();
  const visit = (module: string, chain: string[]) => {
    if (seen.has(module)) return;
    seen.add(module);
    for (const [need, modules] of Object.entries(STARTS) as [Need, readonly string[]][]) {
      if (modules.includes(module)) found.push({ need, chain });
    }
    const text = readFileSync(join(root, module), 'utf8');
    if (module.startsWith('test/') && /\bcreateServer\(|\.listen\(/.test(text)) {
      found.push({ need: 'a network server', chain });
    }
    for (const next of importsOf(module)) {
      if (next.startsWith('test/') || next.startsWith('local/')) visit(next, [...chain, next]);
    }
  };
  visit(file, [file]);
  return found;
}

const describeNeeds = (files: string[], allowed: readonly Need[]) =>
  files.flatMap((file) =>
    needsOf(file)
      .filter(({ need }) => !allowed.includes(need))
      .map(({ need, chain }) => `${relative(root, join(root, file))} needs ${need}: ${chain.join(' -> ')}`),
  );

describe('the test layout', () => {
  it('keeps test/unit pure: no file there reaches DynamoDB Local, the twin or a network server', () => {
    // Act
    const misplaced = describeNeeds(testFiles('test/unit'), []);

    // Assess: move a file named here to test/store (DynamoDB Local) or test/workflow, test/integration.
    expect(misplaced).toEqual([]);
  });

  it('keeps the twin out of test/store: store tests call the handlers on DynamoDB Local', () => {
    // Act
    const misplaced = describeNeeds(testFiles('test/store'), ['DynamoDB Local', 'a network server']);

    // Assess: move a file named here to test/workflow or test/integration.
    expect(misplaced).toEqual([]);
  });

  it('names a misplaced file and the import that makes it so', () => {
    // Act: the handlers' harness itself, judged as if it were a store test.
    const needs = describeNeeds(['test/support/twin-harness.ts'], ['DynamoDB Local', 'a network server']);

    // Assess
    expect(needs).toContainEqual(
      'test/support/twin-harness.ts needs the twin: test/support/twin-harness.ts -> local/runtime.ts',
    );
  });
});
