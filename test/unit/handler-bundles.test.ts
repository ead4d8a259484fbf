import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { splitHandlerEsbuildOptions } from '../../infra/constructs/bundle-options.js';
import { handlerEntry } from '../../infra/core/handler-catalog.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';

/*
 * A Lambda's cold start grows with what its bundle carries (docs/benchmarks.md measures it).
 * These tests read esbuild's metafile, not timings: which packages each handler's bundle
 * holds, bundled as infra/constructs/handler-function.ts bundles it (minus minification,
 * which changes no module).
 */

const builds = new Map<string, Promise<string[]>>();

/** The module paths that put code in a handler's bundle (each handler built once per run). */
function bundledInputs(file: string): Promise<string[]> {
  let inputs = builds.get(file);
  if (!inputs) {
    inputs = bundle(file);
    builds.set(file, inputs);
  }
  return inputs;
}

async function bundle(file: string): Promise<string[]> {
  const built = await build({
    ...splitHandlerEsbuildOptions('unused'),
    entryPoints: [join(REPO_ROOT, handlerEntry(file))],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.values(built.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
}

const carries = (inputs: string[], pkg: string) =>
  inputs.some((path) => path.includes(`node_modules/${pkg}/`));

describe('a Lambda bundle carries only what its handler runs', () => {
  it.each(['check-policy', 'publish-to-channel', 'submit-post', 'update-brand-profile'])(
    '%s bundles the zod/mini functions it uses and English messages, not the whole of zod',
    async (file) => {
      // Act
      const inputs = await bundledInputs(file);
      // Assess
      expect(inputs.some((path) => path.includes('node_modules/zod/v4/mini/'))).toBe(true);
      // The classic API cannot be tree-shaken; a `z` namespace import (`import { z }`) brings every locale.
      expect(inputs.filter((path) => path.includes('node_modules/zod/v4/classic/'))).toEqual([]);
      expect(inputs.filter((path) => path.includes('node_modules/zod/v4/locales/'))).toEqual([
        'node_modules/zod/v4/locales/en.js',
      ]);
    },
  );

  it.each([
    'check-policy',
    'check-review-deadline',
    'record-channel-failure',
    'record-workflow-failure',
    'update-brand-profile',
    'conversion-recorded',
  ])(
    '%s neither starts executions nor answers task tokens, and carries no Step Functions client',
    async (file) => {
      // Act
      const inputs = await bundledInputs(file);
      // Assess
      expect(carries(inputs, '@aws-sdk/client-dynamodb')).toBe(true);
      expect(carries(inputs, '@aws-sdk/client-sfn')).toBe(false);
    },
  );

  it.each([
    ['publish-to-channel', true],
    ['check-policy', false],
    ['submit-post', false],
    ['record-channel-failure', false],
  ])(
    '%s carries the Secrets Manager client only if it reads channel credentials (%s)',
    async (file, reads) => {
      // Act
      const inputs = await bundledInputs(file);
      // Assess
      expect(carries(inputs, '@aws-sdk/client-secrets-manager')).toBe(reads);
    },
  );
});
