import type { LocalBrandflow } from '../../local/runtime.js';

/**
 * Makes this test file's own calls to Brandflow's modules (seeding a brand, reading a post)
 * a client of `runtime`, configured by the environment as the store tests are: the run's
 * environment is copied to the file's `process.env` (the run itself never writes it; its
 * handlers read their own scope). Returns the runtime.
 *
 * @example
 * ```ts
 * runtime = actAsClientOf(await startLocalBrandflow({ tableName }));
 * ```
 */
export function actAsClientOf(runtime: LocalBrandflow): LocalBrandflow {
  Object.assign(process.env, runtime.env);
  return runtime;
}
