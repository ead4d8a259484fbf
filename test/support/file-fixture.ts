import { afterAll, beforeAll } from 'vitest';

/*
 * What a test file (or one of its describe blocks) sets up once before its tests and tears
 * down after them: the local run, the fake platforms, the twin's S3, a PDS account. The files
 * declare each in one line and use it as the value itself, so what a file says is what is
 * particular to it.
 */

/**
 * Runs `setUp()` in the enclosing suite's `beforeAll` and `tearDown` in its `afterAll`; the value
 * returned stands for what `setUp` made. Reading it before the suite's `beforeAll` (at collection
 * time) throws, as the value does not exist yet.
 *
 * @example
 * ```ts
 * const s3 = useBeforeAll(startAssetBucket, (bucket) => bucket.stop());
 * const account = useBeforeAll(() => pds.createAccount('brand'));
 * it('stores', async () => { await s3.put('key', bytes); });
 * ```
 */
export function useBeforeAll<T extends object>(setUp: () => Promise<T>, tearDown?: (made: T) => unknown): T {
  let made: T | undefined;
  beforeAll(async () => {
    made = await setUp();
  });
  afterAll(async () => {
    if (made) await tearDown?.(made);
  });
  const current = (): T => {
    if (!made)
      throw new Error('a value set up in beforeAll was read before it: read it inside a test or a hook');
    return made;
  };
  // A stand-in rather than a `let` each file assigns, so each file keeps one line of setup; the
  // traps forward reads, writes, spreads and `instanceof` to the value made.
  return new Proxy({} as T, {
    get(_, key) {
      const target = current();
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(current()),
  });
}

/**
 * A fake platform server (test/support/platforms/) for the suite's tests, closed after them.
 *
 * @example
 * ```ts
 * const mastodon = useFakePlatform(() => startFakeMastodon());
 * const x = useFakePlatform(() => startFakeX({ refuseDuplicates: false }));
 * ```
 */
export const useFakePlatform = <T extends { server: { close(): Promise<void> } }>(
  start: () => Promise<T>,
): T => useBeforeAll(start, (fake) => fake.server.close());
