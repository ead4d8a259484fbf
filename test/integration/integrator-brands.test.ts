import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integratorBrands } from '../../functions/middleware/integrator-brands.js';
import { type LocalTemplate, synthesizeLocalTemplate } from '../../local/core/template.js';
import {
  brand,
  envelope,
  type Harness,
  newPostId,
  startHarnessWithBrand,
  submission,
} from '../support/twin-harness.js';

const INTEGRATOR = '111122223333';
let harness: Harness;
let submitHandler: (event: unknown) => Promise<unknown>;
let cancelHandler: (event: unknown) => Promise<unknown>;

/** The template `cdk deploy -c ...` deploys with these context values (the CLI hands them over in CDK_CONTEXT_JSON). */
function deployedWith(context: Record<string, string>): LocalTemplate {
  const previous = process.env.CDK_CONTEXT_JSON;
  process.env.CDK_CONTEXT_JSON = JSON.stringify(context);
  try {
    return synthesizeLocalTemplate();
  } finally {
    if (previous === undefined) delete process.env.CDK_CONTEXT_JSON;
    else process.env.CDK_CONTEXT_JSON = previous;
  }
}

beforeAll(async () => {
  // The binding is a deployment setting: it reaches the inbound handlers in their environment.
  const template = deployedWith({
    integratorAccounts: INTEGRATOR,
    integratorBrands: `${INTEGRATOR}:${brand.brandId},${INTEGRATOR}:globex`,
  });
  harness = await startHarnessWithBrand({ trusted: false, template });
  await harness.db.putBrand({ ...brand, brandId: 'initech' });
  // Each call runs in the twin as the function's role, its events on the bus once it returns.
  submitHandler = harness.handler('submit-post');
  cancelHandler = harness.handler('cancel-post');
});
afterAll(() => harness.aws.close());

const fromIntegrator = (detailType: string, detail: unknown) => ({
  ...envelope(detailType, detail),
  account: INTEGRATOR,
});

describe('an integrator account bound to brands', () => {
  it('submits for a brand it is bound to', async () => {
    // Prepare
    const postId = newPostId('bound');

    // Act
    const result = (await submitHandler(fromIntegrator('Submit Post', submission(postId)))) as {
      status: string;
    };

    // Assess
    expect(result.status).toBe('submitted');
    expect((await harness.db.getPost(postId))?.brandId).toBe(brand.brandId);
  });

  it('is refused for another brand, naming the field and the rule, and nothing is stored', async () => {
    // Prepare
    const postId = newPostId('unbound');
    harness.aws.clear();

    // Act
    const result = (await submitHandler(
      fromIntegrator('Submit Post', submission(postId, { brandId: 'initech' })),
    )) as { status: string; errors: { field: string; rule: string }[] };

    // Assess
    expect(result).toMatchObject({
      status: 'rejected',
      errors: [{ field: 'brandId', rule: 'integrator-brand' }],
    });
    expect(await harness.db.getPost(postId)).toBeUndefined();
    expect(harness.aws.callsOf('StartExecution')).toHaveLength(0);
    expect(harness.aws.events('Inbound Event Rejected')).toHaveLength(1);
  });

  it("is refused cancelling a post of a brand it is not bound to, found by the post's id", async () => {
    // Prepare: a post of initech, submitted from the stack's own account
    const postId = newPostId('initech');
    await harness.h.submitPost(submission(postId, { brandId: 'initech' }));

    // Act
    const result = (await cancelHandler(
      fromIntegrator('Cancel Post', { postId, requestedBy: { id: 'cms-bot' } }),
    )) as { status: string; errors: { rule: string }[] };

    // Assess
    expect(result).toMatchObject({ status: 'rejected', errors: [{ rule: 'integrator-brand' }] });
    expect((await harness.db.getPost(postId))?.status).not.toBe('cancelled');
    expect(harness.twin.executions.get(`${postId}-r1`)?.status).toBe('RUNNING');
  });
});

describe('the integratorBrands setting', () => {
  it('reads account:brand pairs, several brands per account, ignoring malformed pairs', () => {
    const bound = integratorBrands(' 111:acme, 111:globex ,222:initech,broken,:x');

    expect(bound).toEqual(
      new Map([
        ['111', new Set(['acme', 'globex'])],
        ['222', new Set(['initech'])],
      ]),
    );
  });
});
