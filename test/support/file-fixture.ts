import { afterAll, beforeAll } from 'vitest';
import type { FakePlatform } from './platforms/fake-platform.js';

/*
 * Servers a test file starts once before its tests and stops after them: the local run, the
 * fake platforms, the twin's S3. The files declare them in one line each and use them as the
 * value itself, so what a file says is what is particular to it.
 */

/**
 * Starts `start()` before the file's tests and `stop`s it after them; the value returned stands
 * for what was started. Using it outside a test or hook of the file (at collection time) throws,
 * as reading the started value there would have found nothing.
 *
 * @example
 * ```ts
 * const s3 = useForFile(startAssetBucket, (bucket) => bucket.stop());
 * it('stores', async () => { await s3.put('key', bytes); });
 * ```
 */
export function useForFile<T extends object>(start: () => Promise<T>, stop: (started: T) => unknown): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started) await stop(started);
  });
  const current = (): T => {
    if (!started) throw new Error('a file fixture is started in beforeAll: use it inside a test or a hook');
    return started;
  };
  // A stand-in rather than a `let` the file assigns, so each file keeps one line of setup.
  return new Proxy({} as T, {
    get(_, key) {
      const target = current();
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
  });
}

/**
 * A fake platform server (test/support/platforms/) for the file's tests, closed after them.
 *
 * @example
 * ```ts
 * const mastodon = useFakePlatform(() => startFakeMastodon());
 * const x = useFakePlatform(() => startFakeX({ refuseDuplicates: false }));
 * ```
 */
export const useFakePlatform = <T extends { server: FakePlatform }>(start: () => Promise<T>): T =>
  useForFile(start, (fake) => fake.server.close());
