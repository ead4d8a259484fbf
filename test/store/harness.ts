import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { vi } from 'vitest';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import { createTestTable } from '../support/dynamodb.js';
import { useBeforeAll } from '../support/file-fixture.js';
import { hoursFromNow, uniqueId } from '../support/fixtures.js';
import { startOutboxRelay } from '../support/outbox-relay.js';
import { type RecordingAws, startRecordingAws } from '../support/recording-aws.js';

/**
 * Everything a store test drives: a fresh table in DynamoDB Local, the AWS fake, and the handlers and
 * persistence imported after both are set up (clients read the environment at load).
 */
export async function startHarness() {
  // Routed workflow errors are logged by design; keep them out of the test report.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const aws: RecordingAws = await startRecordingAws();
  await createTestTable();
  const [
    submit,
    review,
    cancel,
    checkPolicy,
    requestReview,
    deadline,
    confirm,
    publish,
    channelFailure,
    publication,
    metrics,
    complete,
    workflowFailure,
    persistence,
    clients,
  ] = await Promise.all([
    import('../../functions/handlers/submit-post.js'),
    import('../../functions/handlers/review-decision.js'),
    import('../../functions/handlers/cancel-post.js'),
    import('../../functions/handlers/check-policy.js'),
    import('../../functions/handlers/request-review.js'),
    import('../../functions/handlers/check-review-deadline.js'),
    import('../../functions/handlers/confirm-still-scheduled.js'),
    import('../../functions/handlers/publish-to-channel.js'),
    import('../../functions/handlers/record-channel-failure.js'),
    import('../../functions/handlers/record-publication.js'),
    import('../../functions/handlers/collect-metrics.js'),
    import('../../functions/handlers/complete-lifecycle.js'),
    import('../../functions/handlers/record-workflow-failure.js'),
    import('../../functions/persistence/index.js'),
    import('../../functions/aws/dynamodb.js'),
  ]);
  const context = {} as never;
  const relay = await startOutboxRelay();
  /** Each call ends once the events it wrote are on the (recording) bus, as the stream would put them. */
  const relayed =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } finally {
        await relay();
      }
    };
  const handlers = {
    submitPost: (detail: unknown) => submit.handler(envelope('Submit Post', detail), context),
    reviewDecision: (detail: unknown) => review.handler(envelope('Review Decision', detail), context),
    cancelPost: (detail: unknown) => cancel.handler(envelope('Cancel Post', detail), context),
    checkPolicy: (input: unknown) => checkPolicy.handler(input as never, context),
    requestReview: (input: unknown) => requestReview.handler(input as never, context),
    checkReviewDeadline: (input: unknown) => deadline.handler(input as never, context),
    confirmStillScheduled: (input: unknown) => confirm.handler(input as never, context),
    publishToChannel: (input: unknown) => publish.handler(input as never, context),
    recordChannelFailure: (input: unknown) => channelFailure.handler(input as never, context),
    recordPublication: (input: unknown) => publication.handler(input as never, context),
    collectMetrics: (input: unknown) => metrics.handler(input as never, context),
    completeLifecycle: (input: unknown) => complete.handler(input as never, context),
    recordWorkflowFailure: (input: unknown) => workflowFailure.handler(input as never, context),
  };
  const h = Object.fromEntries(
    Object.entries(handlers).map(([name, call]) => [
      name,
      relayed(call as (input: unknown) => Promise<unknown>),
    ]),
  ) as typeof handlers;

  /** Test-only shortcut: sets one attribute of a post (its time, when its execution started) without an edit. */
  const setPostAttribute = async (
    postId: string,
    name: 'scheduledAt' | 'executionStartedAt',
    value: string,
  ) => {
    await clients.dynamo.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: `POST#${postId}`, sk: 'POST' },
        UpdateExpression: 'SET #name = :value',
        ExpressionAttributeNames: { '#name': name },
        ExpressionAttributeValues: { ':value': value },
      }),
    );
  };
  /** Test-only shortcut: moves a post's scheduled time (e.g. into the past) without an edit. */
  const setScheduledAt = (postId: string, scheduledAt: string) =>
    setPostAttribute(postId, 'scheduledAt', scheduledAt);

  /** A brand admin trusts the tests' bus sender ({@link TEST_ACCOUNT}, `brandflow.test`) as a decision source for `brandId`. */
  const trustTestSource = (
    brandId: string,
    roles: ('reviewer' | 'brand-admin')[] = ['reviewer', 'brand-admin'],
  ) =>
    persistence.putMembership({
      brandId,
      memberId: `source:${TEST_ACCOUNT}:${TEST_SOURCE}`,
      roles,
      updatedBy: 'admin-1',
      updatedAt: new Date().toISOString(),
    });

  /** An approval of the post's current content, as a trusted source puts it. */
  const approval = async (postId: string, overrides: Record<string, unknown> = {}) => ({
    postId,
    revision: 1,
    decision: 'approve',
    reviewer: { id: 'reviewer-1' },
    contentHash: (await persistence.getPost(postId))?.contentHash,
    ...overrides,
  });

  return {
    aws,
    h,
    db: persistence,
    setScheduledAt,
    setPostAttribute,
    relay,
    relayed,
    trustTestSource,
    approval,
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * {@link startHarness} with the tests' brand ({@link brand}) saved and, unless `trusted` is
 * false, the tests' bus sender trusted to decide for it.
 *
 * @example
 * ```ts
 * beforeAll(async () => {
 *   harness = await startHarnessWithBrand();
 * });
 * ```
 */
export async function startHarnessWithBrand({ trusted = true } = {}): Promise<Harness> {
  const harness = await startHarness();
  await harness.db.putBrand(brand);
  if (trusted) await harness.trustTestSource(brand.brandId);
  return harness;
}

/**
 * The file's {@link startHarnessWithBrand}: started before its tests, closed after them.
 *
 * @example
 * ```ts
 * const harness = useHarnessWithBrand();
 * it('submits', async () => { await harness.h.submitPost(submission(newPostId())); });
 * ```
 */
export const useHarnessWithBrand = (options: { trusted?: boolean } = {}): Harness =>
  useBeforeAll(
    () => startHarnessWithBrand(options),
    (harness) => harness.aws.close(),
  );

/** The account and source the tests' bus events come from. */
export const TEST_ACCOUNT = '123456789012';
export const TEST_SOURCE = 'brandflow.test';

let eventCounter = 0;
/** An EventBridge envelope with a fresh id: each call is a new event, not a redelivery. */
export function envelope(detailType: string, detail: unknown) {
  eventCounter += 1;
  return {
    version: '0',
    id: `evt-${process.pid}-${Date.now()}-${eventCounter}`,
    'detail-type': detailType,
    source: TEST_SOURCE,
    account: TEST_ACCOUNT,
    detail,
  };
}

/** A post id no other test uses. */
export const newPostId = (prefix = 'post') => uniqueId(prefix);

export { hoursFromNow };

export const brand = {
  brandId: 'acme',
  name: 'Acme',
  bannedTerms: ['cheap', '便宜'],
  reviewers: ['reviewer-1', 'reviewer-2'],
  channels: [
    { id: 'x', adapter: 'sandbox' as const, maxLength: 20 },
    { id: 'mastodon', adapter: 'sandbox' as const, maxLength: 500 },
  ],
};

/** A valid `Submit Post` detail; `overrides` replace top-level fields. */
export function submission(postId: string, overrides: Record<string, unknown> = {}) {
  return {
    postId,
    revision: 1,
    brandId: 'acme',
    author: { id: 'author-1' },
    contentType: 'text',
    content: { x: { text: 'Spring is here' }, mastodon: { text: 'Spring is here, see our new range' } },
    scheduledAt: hoursFromNow(2),
    timeZone: 'Europe/Paris',
    ...overrides,
  };
}

/**
 * Submits `submission(postId, overrides)` (its brand saved and trusting the tests' source) and
 * runs it to AwaitReview with `token`; returns what the workflow would carry.
 */
export async function submittedToReview(
  harness: Harness,
  postId: string,
  overrides: Record<string, unknown> = {},
  token = `t-${postId}`,
) {
  const submitted = await harness.h.submitPost(submission(postId, overrides));
  if (submitted.status !== 'submitted') throw new Error(`setup failed: ${JSON.stringify(submitted)}`);
  const executionName = submitted.executionName;
  const state = await harness.h.checkPolicy({ postId, executionName });
  await harness.h.requestReview({ postId, executionName, revision: state.revision, taskToken: token });
  return { executionName, token, state };
}

/** Submits a post of the tests' brand and runs it to AwaitReview with `token`. */
export async function postInReview(harness: Harness, postId: string, token = `token-${postId}`) {
  await harness.db.putBrand(brand);
  await harness.trustTestSource(brand.brandId);
  return submittedToReview(harness, postId, {}, token);
}

/** Runs a post to approval: it then waits for its scheduled time. */
export async function postApproved(harness: Harness, postId: string) {
  const inReview = await postInReview(harness, postId);
  await harness.h.reviewDecision(await harness.approval(postId));
  return inReview;
}

/** Runs a post through approval and makes it due, so ConfirmStillScheduled starts publishing. */
export async function postPublishing(harness: Harness, postId: string) {
  const { executionName } = await postApproved(harness, postId);
  await harness.setScheduledAt(postId, hoursFromNow(-0.001));
  await harness.h.confirmStillScheduled({ postId, executionName });
  return { executionName };
}

/** A post published on x (mastodon refused it), its publication recorded and its rounds planned. */
export async function publishedPost(harness: Harness) {
  return publishedPostWithId(harness, newPostId());
}

/** {@link publishedPost} under a given post id. */
export async function publishedPostWithId(harness: Harness, postId: string) {
  const { executionName } = await postPublishing(harness, postId);
  const outcomes = [
    await harness.h.publishToChannel({ postId, executionName, revision: 1, channel: 'x' }),
    await harness.h.recordChannelFailure({
      postId,
      executionName,
      revision: 1,
      channel: 'mastodon',
      error: { Error: 'ChannelPermanentError' },
    }),
  ];
  const recorded = await harness.h.recordPublication({ postId, executionName, channelOutcomes: outcomes });
  return { postId, executionName, recorded };
}

/**
 * A brand with one sandbox channel (`failure` tells it to fail, as configured) and a post of
 * that brand, approved and due: ConfirmStillScheduled has started its publication.
 */
export async function postDueOnOwnChannel(harness: Harness, failure?: ChannelConfig['failure']) {
  const brandId = newPostId('brand');
  const channel = newPostId('ch');
  await harness.db.putBrand({
    brandId,
    name: 'Single channel',
    bannedTerms: [],
    reviewers: ['reviewer-1'],
    channels: [{ id: channel, adapter: 'sandbox', maxLength: 100, failure }],
  });
  await harness.trustTestSource(brandId);
  const postId = newPostId();
  const { executionName } = await submittedToReview(harness, postId, {
    brandId,
    content: { [channel]: { text: 'Hello' } },
  });
  await harness.h.reviewDecision(await harness.approval(postId));
  await harness.setScheduledAt(postId, new Date(Date.now() - 1000).toISOString());
  await harness.h.confirmStillScheduled({ postId, executionName });
  return { postId, executionName, channel };
}
