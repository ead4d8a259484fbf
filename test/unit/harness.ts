import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { vi } from 'vitest';
import { createTestTable } from '../support/dynamodb.js';
import { type RecordingAws, startRecordingAws } from '../support/recording-aws.js';

/**
 * Everything a unit test drives: a fresh table, the AWS fake, and the handlers and
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
  const h = {
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

  return { aws, h, db: persistence, setScheduledAt, setPostAttribute };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

let eventCounter = 0;
/** An EventBridge envelope with a fresh id: each call is a new event, not a redelivery. */
export function envelope(detailType: string, detail: unknown) {
  eventCounter += 1;
  return {
    version: '0',
    id: `evt-${process.pid}-${Date.now()}-${eventCounter}`,
    'detail-type': detailType,
    source: 'brandflow.test',
    detail,
  };
}

let counter = 0;
/** A post id no other test uses. */
export function newPostId(prefix = 'post'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** RFC 3339 UTC, `hours` from now. */
export const hoursFromNow = (hours: number) =>
  new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const brand = {
  brandId: 'acme',
  name: 'Acme',
  bannedTerms: ['cheap', '便宜'],
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

/** Submits a post and runs it to AwaitReview with `token`; returns what the workflow would carry. */
export async function postInReview(harness: Harness, postId: string, token = `token-${postId}`) {
  await harness.db.putBrand(brand);
  const submitted = await harness.h.submitPost(submission(postId));
  if (submitted.status !== 'submitted') throw new Error(`setup failed: ${JSON.stringify(submitted)}`);
  const executionName = submitted.executionName;
  const state = await harness.h.checkPolicy({ postId, executionName });
  await harness.h.requestReview({ postId, executionName, revision: state.revision, taskToken: token });
  return { executionName, token, state };
}

/** Runs a post to approval: it then waits for its scheduled time. */
export async function postApproved(harness: Harness, postId: string) {
  const inReview = await postInReview(harness, postId);
  await harness.h.reviewDecision({
    postId,
    revision: 1,
    decision: 'approve',
    reviewer: { id: 'reviewer-1' },
  });
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
