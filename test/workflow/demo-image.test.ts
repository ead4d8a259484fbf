import { describe, expect, it } from 'vitest';
import { sandboxMediaOf } from '../../functions/channels/sandbox.js';
import { getPost, listPublishRecords, putBrand, putMembership } from '../../functions/persistence/index.js';
import { addDemoImage, DEMO_IMAGE } from '../../local/demo-image.js';
import { DEMO_REVIEWER, demoBrand, demoMembers, demoPosts } from '../../local/demo-scenario.js';
import { inFuture, putEvent, trustIntegrator, untilReviewRequested, useLocalRun } from './support.js';

const runtime = useLocalRun();

describe("the demo's image post", () => {
  it('is published with the image the author added to the library, alt text included', async () => {
    // Prepare: the demo's brand, its people, and its picture added through the front door
    await putBrand(demoBrand);
    for (const member of demoMembers) {
      await putMembership({ ...member, updatedBy: 'deploy', updatedAt: new Date().toISOString() });
    }
    await trustIntegrator(demoBrand.brandId);
    const stamp = String(Date.now());
    const image = await addDemoImage(runtime, demoBrand.brandId, 'author-1', `harvest-${stamp}`);
    const launch = demoPosts(stamp, inFuture(10 * 60_000), image.assetId)[0]?.submission;
    if (!launch) throw new Error('the demo has no launch post');

    // Act: submitted, approved and published as the demo does it
    await putEvent(runtime, 'Submit Post', launch);
    await untilReviewRequested(runtime, launch.postId);
    await putEvent(runtime, 'Review Decision', {
      postId: launch.postId,
      revision: 1,
      decision: 'approve',
      reviewer: { id: DEMO_REVIEWER },
      contentHash: (await getPost(launch.postId))?.contentHash,
    });
    const execution = await runtime.waitForExecution(`${launch.postId}-r1`, 120_000);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(image.media).toMatchObject({
      type: 'image/png',
      width: DEMO_IMAGE.width,
      height: DEMO_IMAGE.height,
    });
    const social = (await listPublishRecords(launch.postId)).find((r) => r.channel === 'sandbox-social');
    expect(social?.status).toBe('published');
    expect(await sandboxMediaOf('sandbox-social', social?.idempotencyKey ?? '')).toEqual([
      {
        assetId: image.assetId,
        type: 'image/png',
        width: DEMO_IMAGE.width,
        height: DEMO_IMAGE.height,
        bytes: image.media.bytes,
        alt: DEMO_IMAGE.alt,
      },
    ]);
  });
});
