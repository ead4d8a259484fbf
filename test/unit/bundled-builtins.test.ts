import http from 'node:http';
import { describe, expect, it } from 'vitest';
import * as bundledHttp from '../../functions/aws/node-http.js';
import { splitHandlerMetafile } from '../support/handler-build.js';

/*
 * An ESM import of `node:http` reads its `WebSocket` getter, which loads Node's fetch and
 * WebSocket implementation at every cold start; the bundles take `node:http` through
 * functions/aws/node-http.ts instead (infra/constructs/bundle-options.ts).
 */

/** The Node built-ins a handler's bundle imports as ES modules, in any of its outputs. */
async function builtinImports(file: string): Promise<string[]> {
  const metafile = await splitHandlerMetafile(file);
  return Object.values(metafile.outputs).flatMap((output) =>
    output.imports.filter((link) => link.external).map((link) => link.path),
  );
}

describe('the bundles take node:http without loading a WebSocket client', () => {
  it('the bundled node:http is the module node:http itself, with every public export that is no getter', () => {
    // Prepare
    const plain = Object.entries(Object.getOwnPropertyDescriptors(http)).filter(
      ([name, descriptor]) => !descriptor.get && !name.startsWith('_'),
    );

    // Act
    const { default: module, ...named } = bundledHttp;

    // Assess: the same object, and each public export the same value
    expect(module).toBe(http);
    expect(Object.fromEntries(Object.entries(named))).toEqual(
      Object.fromEntries(plain.map(([name, descriptor]) => [name, descriptor.value])),
    );
  });

  it.each(['publish-to-channel', 'api-add-asset', 'api-put-membership'])(
    '%s imports no node:http as an ES module, from its own code, middy or the SDK',
    async (file) => {
      // Act
      const imports = await builtinImports(file);

      // Assess: the built-ins are still imported, node:http is not among them
      expect(imports).toContain('node:crypto');
      expect(imports.filter((path) => /^(node:)?http$/.test(path))).toEqual([]);
    },
  );
});
