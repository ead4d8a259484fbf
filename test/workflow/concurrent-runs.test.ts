import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPost } from '../../functions/persistence/index.js';
import { type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import { seedBrand, submitPost, uniqueId } from './support.js';

/** Two local runs at once in this process, each on a table of its own in the global DynamoDB Local. */
let runs: LocalBrandflow[] = [];

beforeAll(async () => {
  runs = await Promise.all(
    ['a', 'b'].map((name) =>
      startLocalBrandflow({
        dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
        tableName: `brandflow-run-${name}-${randomUUID()}`,
      }),
    ),
  );
});
afterAll(async () => {
  await Promise.all(runs.map((run) => run.stop()));
});

describe('two local runs in one process', () => {
  it("runs each run's handlers against its own table and endpoints, at the same time", async () => {
    // Prepare: the same post id submitted to both runs, with different text
    const [first, second] = runs as [LocalBrandflow, LocalBrandflow];
    const postId = uniqueId('post');
    const texts = ['Written for the first run only.', 'Written for the second run only.'];
    const brands = await Promise.all(runs.map((run) => run.scope.run(() => seedBrand())));

    // Act
    await Promise.all(
      runs.map(async (run, i) => {
        const brand = brands[i] as Awaited<ReturnType<typeof seedBrand>>;
        await submitPost(run, { postId, brandId: brand.brandId, channels: brand.channels, text: texts[i] });
        // The execution's state, not the outbox's Review Requested: see docs/local-run.md, Limits.
        await run.waitForState(`${postId}-r1`, 'AwaitReview');
      }),
    );

    // Assess: each run's SubmitPost and CheckPolicy wrote to that run's table only
    const stored = await Promise.all(runs.map((run) => run.scope.run(() => getPost(postId))));
    expect(stored.map((post) => post?.content.x?.text)).toEqual(texts);
    expect(stored.map((post) => post?.brandId)).toEqual(brands.map((brand) => brand.brandId));
    expect(stored.map((post) => post?.status)).toEqual(['in_review', 'in_review']);
    expect(first.env.TABLE_NAME).not.toBe(second.env.TABLE_NAME);
    for (const run of runs) expect(run.executions.get(`${postId}-r1`)?.status).toBe('RUNNING');
  });
});
