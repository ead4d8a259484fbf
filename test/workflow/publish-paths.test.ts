import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPost, listMetricSnapshots, listPublishRecords } from '../../functions/persistence/index.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import {
  eventsAbout,
  publishApproved,
  seedBrand,
  startWorkflowRuntime,
  uniqueId,
  untilEvent,
} from './support.js';

let runtime: LocalBrandflow;

beforeAll(async () => {
  runtime = await startWorkflowRuntime({ waitMs: 50 });
});
afterAll(() => runtime?.stop());

async function publishNew(brand: { brandId: string; channels: string[] }) {
  const postId = uniqueId('post');
  return { postId, execution: await publishApproved(runtime, { postId, ...brand }) };
}

describe('the synthesized lifecycle, run locally with the real handlers, at publication', () => {
  it('publishes on the healthy channels and records the one that refuses the post (11 state transitions)', async () => {
    // Prepare
    const brand = await seedBrand([{ id: 'x' }, { id: 'linkedin', failure: { kind: 'permanent' } }]);

    // Act
    const { postId, execution } = await publishNew(brand);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const records = await listPublishRecords(postId);
    expect(Object.fromEntries(records.map((r) => [r.channel, r.status]))).toEqual({
      x: 'published',
      linkedin: 'failed',
    });
    expect(execution.statesEntered).toContain('RecordChannelFailure');
    await untilEvent(runtime, postId, 'Channel Publish Failed');
    expect((await listMetricSnapshots(postId)).map((s) => s.channel)).not.toContain('linkedin');
    expect(['completed', 'publish_failed']).toContain((await getPost(postId))?.status);
    expect(execution.stateTransitions).toBe(11);
  });

  it('retries a channel that fails twice for a moment, then publishes once (12 state transitions)', async () => {
    // Prepare
    const brand = await seedBrand([
      { id: 'x' },
      { id: 'mastodon', failure: { kind: 'transient', times: 2 } },
    ]);

    // Act
    const { postId, execution } = await publishNew(brand);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const mastodon = (await listPublishRecords(postId)).find((r) => r.channel === 'mastodon');
    expect(mastodon).toMatchObject({ status: 'published', attempts: 3 });
    expect(
      execution.history.filter((e) => e.type === 'StateRetried' && e.stateName === 'PublishToChannel'),
    ).toHaveLength(2);
    expect(eventsAbout(runtime, postId)).not.toContain('Channel Publish Failed');
    expect((await getPost(postId))?.status).toBe('completed');
    expect(execution.stateTransitions).toBe(12);
  });
});
