import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPost } from '../../functions/persistence/index.js';
import { type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import { seedBrand, submitPost, uniqueId, untilReviewRequested } from './support.js';

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
  it("runs each run's handlers against its own table and endpoints, and forwards each run's outbox to its own bus, at the same time", async () => {
    // Prepare: the same post id submitted to both runs, with different text
    const [first, second] = runs as [LocalBrandflow, LocalBrandflow];
    const postId = uniqueId('post');
    const texts = ['Written for the first run only.', 'Written for the second run only.'];
    const brands = await Promise.all(runs.map((run) => run.scope.run(() => seedBrand())));

    // Act: each run's outbox forwards its Review Requested to its own bus
    await Promise.all(
      runs.map(async (run, i) => {
        const brand = brands[i] as Awaited<ReturnType<typeof seedBrand>>;
        await submitPost(run, { postId, brandId: brand.brandId, channels: brand.channels, text: texts[i] });
        await untilReviewRequested(run, postId);
      }),
    );

    // Assess: each run's bus carries its own post's review request, once
    const requested = runs.map((run) =>
      run.events.filter((e) => e['detail-type'] === 'Review Requested' && e.detail.postId === postId),
    );
    expect(requested.map((events) => events.map((e) => e.detail.brandId))).toEqual(
      brands.map((brand) => [brand.brandId]),
    );
    // and each run's SubmitPost and CheckPolicy wrote to that run's table only
    const stored = await Promise.all(runs.map((run) => run.scope.run(() => getPost(postId))));
    expect(stored.map((post) => post?.content.x?.text)).toEqual(texts);
    expect(stored.map((post) => post?.brandId)).toEqual(brands.map((brand) => brand.brandId));
    expect(stored.map((post) => post?.status)).toEqual(['in_review', 'in_review']);
    expect(first.env.TABLE_NAME).not.toBe(second.env.TABLE_NAME);
    for (const run of runs) expect(run.executions.get(`${postId}-r1`)?.status).toBe('RUNNING');
  });
});
