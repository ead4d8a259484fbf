import { afterAll, describe, expect, it } from 'vitest';
import type { LocalBrandflow } from '../../local/runtime.js';
import { publishApproved, seedBrand, startWorkflowRuntime, uniqueId } from './support.js';

let runtime: LocalBrandflow | undefined;
afterAll(async () => {
  await runtime?.stop();
});

describe('IAM enforced by the local run', () => {
  it('checks every call the handlers make on the way to publication against their roles, and the stack grants them all', async () => {
    // Prepare
    runtime = await startWorkflowRuntime();
    const { brandId, channels } = await seedBrand();
    const postId = uniqueId('iam');

    // Act
    const execution = await publishApproved(runtime, { postId, brandId, channels });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const services = new Set(runtime.iamDecisions.map((d) => d.action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'events', 'iam', 'scheduler', 'states']);
    const callers = new Set(runtime.iamDecisions.map((d) => d.functionLogicalId));
    expect(callers.size).toBeGreaterThanOrEqual(8);
    expect(runtime.iamDecisions.filter((d) => !d.allowed)).toEqual([]);
  });
});
