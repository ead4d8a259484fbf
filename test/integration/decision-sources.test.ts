import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brand,
  envelope,
  type Harness,
  newPostId,
  postInReview,
  startHarness,
  submittedToReview,
  TEST_ACCOUNT,
  TEST_SOURCE,
} from '../support/twin-harness.js';

let harness: Harness;
let decide: (event: unknown) => Promise<Outcome>;
let updateProfile: (event: unknown) => Promise<Outcome>;

type Outcome = { status: string; errors?: { field: string; rule: string; message: string }[] };

beforeAll(async () => {
  harness = await startHarness();
  // Each call runs the handler in the twin as its function's role, and ends once the events it
  // wrote to the outbox are on the bus; the tests build the whole envelope (source, account).
  decide = harness.handler('review-decision') as typeof decide;
  updateProfile = harness.handler('update-brand-profile') as typeof updateProfile;
});
afterAll(() => harness.aws.close());

/** A bus event from `account` with `source`, as EventBridge hands it to the rule's target. */
const from = (source: string, detailType: string, detail: unknown, account = TEST_ACCOUNT) => ({
  ...envelope(detailType, detail),
  source,
  account,
});

/** The post still waits in review: no decision recorded, its execution still waiting in AwaitReview. */
async function expectUnchanged(postId: string, executionName: string) {
  expect((await harness.db.getPost(postId))?.status).toBe('in_review');
  const log = await harness.db.listLifecycleLog(postId);
  expect(log.filter((e) => e.action === 'review_decided')).toEqual([]);
  expect(harness.aws.callsOf('SendTaskSuccess')).toEqual([]);
  expect(harness.aws.callsOf('SendTaskFailure')).toEqual([]);
  expectWaitingIn(executionName, 'AwaitReview');
}

/** The execution runs and rests in `state` (a callback task or a Wait), which it entered last. */
function expectWaitingIn(executionName: string, state: string) {
  const execution = harness.twin.executions.get(executionName);
  expect(execution?.status).toBe('RUNNING');
  expect(execution?.statesEntered.at(-1)).toBe(state);
}

const trust = (brandId: string, source: string, roles: ('viewer' | 'reviewer' | 'brand-admin')[]) =>
  harness.db.putMembership({
    brandId,
    memberId: `source:${TEST_ACCOUNT}:${source}`,
    roles,
    updatedBy: 'admin-1',
    updatedAt: new Date().toISOString(),
  });

describe('Review Decision on the bus', () => {
  it("is refused from the stack's own account when no brand admin trusts its source, and nothing changes", async () => {
    // Prepare
    const postId = newPostId('untrusted');
    const { executionName } = await postInReview(harness, postId);
    harness.aws.clear();

    // Act
    const result = await decide(from('com.example.cms', 'Review Decision', await harness.approval(postId)));

    // Assess
    expect(result).toMatchObject({
      status: 'rejected',
      errors: [{ field: 'source', rule: 'trusted-decision-source' }],
    });
    expect(result.errors?.[0]?.message).toContain('people decide through the HTTP API');
    const [rejected] = harness.aws.events('Inbound Event Rejected');
    expect(rejected?.detail).toMatchObject({
      postId,
      source: 'com.example.cms',
      errors: [expect.objectContaining({ rule: 'trusted-decision-source' })],
    });
    await expectUnchanged(postId, executionName);
  });

  it.each([
    ['trusted for another brand only', 'com.example.other-brand', 'globex', ['reviewer'] as const],
    ['trusted as viewer only', 'com.example.viewer', brand.brandId, ['viewer'] as const],
  ])('is refused from a source %s', async (_name, source, trustedFor, roles) => {
    // Prepare
    const postId = newPostId('partly-trusted');
    const { executionName } = await postInReview(harness, postId);
    await trust(trustedFor, source, [...roles]);
    harness.aws.clear();

    // Act
    const result = await decide(from(source, 'Review Decision', await harness.approval(postId)));

    // Assess
    expect(result).toMatchObject({ status: 'rejected', errors: [{ rule: 'trusted-decision-source' }] });
    await expectUnchanged(postId, executionName);
  });

  it('from a trusted source is recorded as asserted by its sending account and source', async () => {
    // Prepare: postInReview trusts the tests' source as reviewer for the brand
    const postId = newPostId('asserted');
    const { executionName } = await postInReview(harness, postId);
    harness.aws.clear();

    // Act
    const result = await decide(from(TEST_SOURCE, 'Review Decision', await harness.approval(postId)));

    // Assess
    expect(result).toMatchObject({ status: 'accepted', decision: 'approve' });
    const decided = (await harness.db.listLifecycleLog(postId)).find((e) => e.action === 'review_decided');
    expect(decided).toMatchObject({
      actor: { type: 'user', id: 'reviewer-1' },
      provenance: { via: 'bus', account: TEST_ACCOUNT, source: TEST_SOURCE },
    });
    // The approval reached the execution: it left AwaitReview and waits for the scheduled time.
    expect(harness.aws.callsOf('SendTaskSuccess')).toHaveLength(1);
    expect(harness.aws.failuresOf('SendTaskSuccess')).toEqual([]);
    expectWaitingIn(executionName, 'WaitUntilScheduledTime');
    expect((await harness.db.getPost(postId))?.status).toBe('scheduled');
  });

  it('is refused, even from a trusted source, for an approval without the contentHash the reviewer saw', async () => {
    // Prepare
    const postId = newPostId('no-hash');
    const { executionName } = await postInReview(harness, postId);
    harness.aws.clear();

    // Act
    const result = await decide(
      from(TEST_SOURCE, 'Review Decision', await harness.approval(postId, { contentHash: undefined })),
    );

    // Assess
    expect(result).toMatchObject({ status: 'refused', errors: [{ field: 'contentHash', rule: 'required' }] });
    expect(harness.aws.events('Inbound Event Rejected')[0]?.detail).toMatchObject({
      postId,
      errors: [expect.objectContaining({ field: 'contentHash', rule: 'required' })],
    });
    await expectUnchanged(postId, executionName);
  });

  it('is refused, even from a trusted source, for a stage that names no approvers', async () => {
    // Prepare: a brand stored before stages had to name their approvers
    const brandId = newPostId('open-brand');
    await harness.db.putBrand({ ...brand, brandId, reviewers: undefined });
    await harness.trustTestSource(brandId);
    const postId = newPostId('open-stage');
    const { executionName } = await submittedToReview(harness, postId, { brandId });
    harness.aws.clear();

    // Act
    const result = await decide(from(TEST_SOURCE, 'Review Decision', await harness.approval(postId)));

    // Assess
    expect(result).toMatchObject({
      status: 'refused',
      errors: [{ field: 'reviewer.id', rule: 'review-chain' }],
    });
    expect(result.errors?.[0]?.message).toContain('names no approvers');
    await expectUnchanged(postId, executionName);
  });

  it('is refused when it replays an approval of a revision the author has since edited', async () => {
    // Prepare: revision 1 sent back for changes, revision 2 waiting in review
    const postId = newPostId('replay');
    await postInReview(harness, postId);
    const oldApproval = await harness.approval(postId);
    await decide(
      from(TEST_SOURCE, 'Review Decision', {
        ...oldApproval,
        decision: 'request_changes',
        comment: 'Warmer, please',
        contentHash: undefined,
      }),
    );
    const { executionName } = await submittedToReview(harness, postId, { revision: 2 });
    const logBefore = await harness.db.listLifecycleLog(postId);
    harness.aws.clear();

    // Act: the approval of revision 1, put again as a new event
    const result = await decide(from(TEST_SOURCE, 'Review Decision', oldApproval));

    // Assess
    expect(result).toMatchObject({
      status: 'refused',
      errors: [{ field: 'revision', rule: 'current-revision' }],
    });
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'in_review', revision: 2 });
    expect(await harness.db.listLifecycleLog(postId)).toEqual(logBefore);
    expect(harness.aws.callsOf('SendTaskSuccess')).toEqual([]);
    // Revision 2's execution still waits for its own review.
    expectWaitingIn(executionName, 'AwaitReview');
  });
});

describe('Update Brand Profile on the bus', () => {
  const profile = (brandId: string) => ({
    brandId,
    name: 'Aurora Tea',
    channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    reviewChain: { stages: [{ name: 'brand', approvers: ['brand-lead'] }] },
  });

  it.each([
    ['no brand admin trusts', []],
    ['a brand admin trusts as reviewer only', ['reviewer']],
  ] as const)('is refused from a source %s, and the profile is not stored', async (_name, roles) => {
    // Prepare
    const brandId = newPostId('profile');
    if (roles.length) await trust(brandId, 'com.example.dam', [...roles]);
    harness.aws.clear();

    // Act
    const result = await updateProfile(
      from('com.example.dam', 'Update Brand Profile', {
        profile: profile(brandId),
        updatedBy: { id: 'admin-1' },
      }),
    );

    // Assess
    expect(result).toMatchObject({ status: 'rejected', errors: [{ rule: 'trusted-decision-source' }] });
    expect(harness.aws.events('Inbound Event Rejected')).toHaveLength(1);
    expect(await harness.db.getBrand(brandId)).toBeUndefined();
    expect(harness.aws.callsOf('CreateSchedule')).toEqual([]);
  });

  it('is stored from a source a brand admin trusts as brand admin', async () => {
    // Prepare
    const brandId = newPostId('profile-trusted');
    await trust(brandId, 'com.example.dam', ['brand-admin']);

    // Act
    const result = await updateProfile(
      from('com.example.dam', 'Update Brand Profile', {
        profile: profile(brandId),
        updatedBy: { id: 'admin-1' },
      }),
    );

    // Assess
    expect(result).toMatchObject({ status: 'created', brandId });
    expect((await harness.db.getBrand(brandId))?.name).toBe('Aurora Tea');
  });
});

describe("a decision source's record", () => {
  it('grants nothing to a person whose token subject spells it', async () => {
    // Prepare
    const { brandAccess } = await import('../../functions/identity/access.js');
    await trust(brand.brandId, 'com.example.spelled', ['brand-admin']);

    // Act
    const access = await brandAccess(
      { issuer: 'https://idp.example', subject: `source:${TEST_ACCOUNT}:com.example.spelled`, groups: [] },
      brand.brandId,
    );

    // Assess
    expect(access.roles).toEqual([]);
  });
});
