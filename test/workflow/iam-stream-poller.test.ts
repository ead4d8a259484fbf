import { afterAll, describe, expect, it, vi } from 'vitest';
import type { LocalBrandflow } from '../../local/runtime.js';
import { writtenEventKeys } from '../support/counting-subscriber.js';
import { withoutGrant } from '../support/template-grants.js';
import { seedBrand, startWorkflowRuntime, submitPost, uniqueId } from './support.js';

let runtime: LocalBrandflow | undefined;
afterAll(async () => {
  await runtime?.stop();
});

describe('the outbox stream read as the forwarder’s role', () => {
  it('forwards nothing when the forwarder’s role loses dynamodb:GetRecords: the read is refused as AWS refuses it, and the events wait in the table', async () => {
    // Prepare
    runtime = await startWorkflowRuntime(
      {},
      { template: withoutGrant('forwardEvents', 'dynamodb:GetRecords') },
    );
    const active = runtime;
    const forwarder = Object.values(active.template.functions).find((fn) => fn.role === 'forwardEvents');
    const { brandId, channels } = await seedBrand();
    const postId = uniqueId('unread');

    // Act
    await submitPost(active, { postId, brandId, channels });
    await active.waitForState(`${postId}-r1`, 'AwaitReview');
    await vi.waitFor(() => {
      expect(active.iamDecisions.some((d) => d.action === 'dynamodb:GetRecords' && !d.allowed)).toBe(true);
    });

    // Assess
    expect(await writtenEventKeys(active, [postId])).not.toEqual([]);
    expect(active.events.filter((e) => e.source === 'brandflow' && e.detail.postId === postId)).toEqual([]);
    const refused = active.iamDecisions.filter((d) => !d.allowed);
    expect(new Set(refused.map((d) => `${d.functionLogicalId} ${d.action}`))).toEqual(
      new Set([`${forwarder?.logicalId} dynamodb:GetRecords`]),
    );
    expect(refused[0]?.resource).toMatch(
      /^arn:aws:dynamodb:us-east-1:000000000000:table\/[\w-]+\/stream\/local$/,
    );
  });
});
