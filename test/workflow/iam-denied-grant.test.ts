import { afterAll, describe, expect, it } from 'vitest';
import { getPost } from '../../functions/persistence/index.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { type LocalTemplate, synthesizeLocalTemplate } from '../../local/template.js';
import { StateName } from '../../workflows/contract.js';
import { seedBrand, startWorkflowRuntime, submitPost, uniqueId } from './support.js';

/** The synthesized template with `action` taken out of every policy statement of `role`'s function. */
function withoutGrant(role: string, action: string): LocalTemplate {
  const template = structuredClone(synthesizeLocalTemplate());
  const fn = Object.values(template.functions).find((candidate) => candidate.role === role);
  if (!fn?.roleLogicalId) throw new Error(`no function with role ${role}`);
  for (const resource of Object.values(template.resources)) {
    const roles = (resource.Properties?.Roles as { Ref?: string }[] | undefined) ?? [];
    if (resource.Type !== 'AWS::IAM::Policy' || !roles.some((r) => r.Ref === fn.roleLogicalId)) continue;
    const document = resource.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] };
    for (const statement of document.Statement) {
      statement.Action = [statement.Action].flat().filter((granted) => granted !== action);
    }
  }
  return template;
}

let runtime: LocalBrandflow | undefined;
afterAll(async () => {
  await runtime?.stop();
});

// A file of its own: one local run per file, since the SDK clients keep the endpoint they first used.
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
