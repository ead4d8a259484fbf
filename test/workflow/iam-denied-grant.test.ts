import { afterAll, describe, expect, it } from 'vitest';
import { getPost } from '../../functions/persistence/index.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { StateName } from '../../workflows/contract.js';
import { withoutGrant } from '../support/template-grants.js';
import { seedBrand, startWorkflowRuntime, submitPost, uniqueId } from './support.js';

let runtime: LocalBrandflow | undefined;
afterAll(async () => {
  await runtime?.stop();
});

describe('a grant taken out of the synthesized template', () => {
  it('fails CheckPolicy with AWS AccessDeniedException when its role loses dynamodb:Query, and the post ends failed', async () => {
    // Prepare
    runtime = await startWorkflowRuntime({}, { template: withoutGrant('checkPolicy', 'dynamodb:Query') });
    const { brandId, channels } = await seedBrand();
    const postId = uniqueId('denied');

    // Act
    await submitPost(runtime, { postId, brandId, channels });
    const execution = await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(execution.status).toBe('FAILED');
    const denied = runtime.iamDecisions.filter((d) => !d.allowed);
    expect(denied).toEqual([
      expect.objectContaining({
        action: 'dynamodb:Query',
        resource: expect.stringMatching(/^arn:aws:dynamodb:us-east-1:000000000000:table\/.+$/),
      }),
    ]);
    expect(execution.cause).toMatch(
      /AccessDeniedException.*User: arn:aws:sts::000000000000:assumed-role\/\w+\/\w+ is not authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/[\w-]+ because no identity-based policy allows the dynamodb:Query action/,
    );
    expect(execution.statesEntered).toContain(StateName.RecordWorkflowFailure);
    expect((await getPost(postId))?.status).toBe('failed');
  });
});
