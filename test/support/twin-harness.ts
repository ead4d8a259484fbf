import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect, vi } from 'vitest';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import { type LocalTemplate, synthesizeLocalTemplate } from '../../local/core/template.js';
import { type LocalApiCall, type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import { useBeforeAll } from './file-fixture.js';
import { hoursFromNow, uniqueId } from './fixtures.js';
import { startOutboxRelay } from './outbox-relay.js';
import { actAsClientOf } from './run-client.js';

/** What a handler module's `handler` resolves to. */
type Answer<M> = unknown extends M
  ? unknown
  : M extends { handler: (...args: never[]) => infer R }
    ? Awaited<R>
    : never;

/** An event as the twin's bus carried it, in the shape the tests read. */
export interface BusEvent {
  source: string;
  detailType: string;
  busName: string;
  detail: Record<string, unknown>;
}

/**
 * What the functions asked of AWS, read from the twin since the last `clear()`: the calls its
 * endpoint answered ({@link LocalBrandflow.apiCalls}) and the events its bus carried.
 */
export interface TwinRecord {
  /** The requests of one operation made (by the functions, or by code the test runs itself), e.g. `StartExecution`, `SendTaskSuccess`, `CreateSchedule`. */
  callsOf(operation: string): Record<string, unknown>[];
  /**
   * The calls of one operation (as in `callsOf`) the twin refused or failed, with AWS's error
   * type (`TaskDoesNotExist`, `ConflictException`, `AccessDeniedException`...): `callsOf` keeps
   * them too, so a test whose point is a call's success asserts this is empty.
   */
  failuresOf(operation: string): { request: Record<string, unknown>; errorCode: string }[];
  /** The same calls as the twin recorded them: who made each (`caller`), and `errorCode` when AWS refused it. */
  recordsOf(operation: string): LocalApiCall[];
  /** The events the functions put (not the integrator's), of one detail type or all. */
  events(detailType?: string): BusEvent[];
  /** The next `times` calls of `operation` fail with `InternalFailure`, as an outage would (`0` ends it). */
  failNext(operation: string, times: number): void;
  /** Forgets what was recorded so far. */
  clear(): void;
  close(): Promise<void>;
}

/** Long enough that no Wait state, schedule or review window ends while a test runs. */
const NEVER_MS = 2_000_000_000;

/** How a harness's twin differs from the default one. */
export interface HarnessOptions {
  /** App settings, as for `cdk synth` (e.g. `{ metricsScheduleHours: [1, 24] }`): the functions' environment follows. */
  app?: Parameters<typeof synthesizeLocalTemplate>[0];
  /** Changes the synthesized template before the twin runs it (e.g. a function's timeout), as another deployment would. */
  adapt?: (template: LocalTemplate) => LocalTemplate;
  /** Runs this template instead of the app synthesized (a stack deployed with `cdk deploy -c ...`). */
  template?: LocalTemplate;
}

/**
 * The local twin on a table of its own in the global DynamoDB Local, held still: no Wait state
 * ends, no review window times out and its Scheduler fires nothing, so only what a test does
 * moves it. Its environment is the test process's ({@link actAsClientOf}).
 */
export async function startHeldTwin(options: HarnessOptions = {}): Promise<LocalBrandflow> {
  const template = options.template ?? synthesizeLocalTemplate(options.app);
  const twin = actAsClientOf(
    await startLocalBrandflow({
      dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
      tableName: `brandflow-handlers-${randomUUID()}`,
      template: options.adapt ? options.adapt(template) : template,
      speed: { waitMs: NEVER_MS, timeoutSpeedup: 1, timeoutMinMs: NEVER_MS, timeoutMaxMs: NEVER_MS },
    }),
  );
  await twin.scheduler.stop();
  return twin;
}

/** The logical id of the twin's function whose handler is `functions/handlers/<name>.ts`. */
export function handlerFunctionOf(twin: LocalBrandflow, name: string): string {
  const entry = `functions/handlers/${name}.ts`;
  const fn = Object.values(twin.template.functions).find((f) => f.entry === entry);
  if (!fn) throw new Error(`no function of the template runs ${entry}`);
  return fn.logicalId;
}

/**
 * Everything a handler test drives: the local twin on a table of its own in the global
 * DynamoDB Local, its Step Functions, EventBridge and Scheduler answering the functions' calls
 * with each function's IAM role checked, and the handlers invoked in it as Lambda would.
 *
 * The executions the functions start run the real definition until they wait: a Wait state
 * (scheduled time, metric rounds) never ends, a review window never times out and the
 * Scheduler fires nothing, so nothing moves behind the test's back. Each `h.*` call resolves
 * once the executions rest and the events written to the outbox are on the bus.
 * `options.template` is run instead of the app synthesized with its defaults: a stack deployed
 * with other settings (`cdk deploy -c ...`).
 */
export async function startHarness(options: HarnessOptions = {}) {
  // Routed workflow errors are logged by design; keep them out of the test report.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const twin = await startHeldTwin({
    ...options,
    // The harness forwards the outbox itself, so each call ends with its events on the bus.
    adapt: (template) => ({ ...(options.adapt?.(template) ?? template), streamSources: [] }),
  });
  const functionOf = (name: string) => handlerFunctionOf(twin, name);
  const relay = await startOutboxRelay((event) => twin.invoke(functionOf('forward-events'), event));
  /** Until nothing moves: the executions wait, and what they and the call wrote is on the bus. */
  const settle = async () => {
    do await twin.waitForRest();
    while ((await relay()) > 0);
  };
  /** Invokes the function whose handler is `functions/handlers/<name>.ts`, then settles. */
  const invoke =
    <M>(name: string, wrap: (input: unknown) => unknown = (input) => input) =>
    async (input: unknown): Promise<Answer<M>> => {
      const logicalId = functionOf(name);
      try {
        return (await twin.invoke(logicalId, wrap(input))) as Answer<M>;
      } finally {
        await settle();
      }
    };
  const inbound = (detailType: string) => (detail: unknown) => envelope(detailType, detail);
  const h = {
    submitPost: invoke<typeof import('../../functions/handlers/submit-post.js')>(
      'submit-post',
      inbound('Submit Post'),
    ),
    reviewDecision: invoke<typeof import('../../functions/handlers/review-decision.js')>(
      'review-decision',
      inbound('Review Decision'),
    ),
    cancelPost: invoke<typeof import('../../functions/handlers/cancel-post.js')>(
      'cancel-post',
      inbound('Cancel Post'),
    ),
    checkPolicy: invoke<typeof import('../../functions/handlers/check-policy.js')>('check-policy'),
    requestReview: invoke<typeof import('../../functions/handlers/request-review.js')>('request-review'),
    checkReviewDeadline:
      invoke<typeof import('../../functions/handlers/check-review-deadline.js')>('check-review-deadline'),
    confirmStillScheduled:
      invoke<typeof import('../../functions/handlers/confirm-still-scheduled.js')>('confirm-still-scheduled'),
    publishToChannel:
      invoke<typeof import('../../functions/handlers/publish-to-channel.js')>('publish-to-channel'),
    recordChannelFailure:
      invoke<typeof import('../../functions/handlers/record-channel-failure.js')>('record-channel-failure'),
    recordPublication:
      invoke<typeof import('../../functions/handlers/record-publication.js')>('record-publication'),
    collectMetrics: invoke<typeof import('../../functions/handlers/collect-metrics.js')>('collect-metrics'),
    completeLifecycle:
      invoke<typeof import('../../functions/handlers/complete-lifecycle.js')>('complete-lifecycle'),
    recordWorkflowFailure:
      invoke<typeof import('../../functions/handlers/record-workflow-failure.js')>('record-workflow-failure'),
  };
  const [persistence, clients] = await Promise.all([
    import('../../functions/persistence/index.js'),
    import('../../functions/aws/dynamodb.js'),
  ]);

  let callsFrom = 0;
  let eventsFrom = 0;
  const recordsOf = (operation: string) =>
    twin.apiCalls
      .slice(callsFrom)
      .filter((call) => call.operation === operation && call.origin !== 'integrator');
  const aws: TwinRecord = {
    callsOf: (operation) => recordsOf(operation).map((call) => call.request),
    recordsOf,
    failuresOf: (operation) =>
      recordsOf(operation).flatMap(({ request, errorCode }) =>
        errorCode === undefined ? [] : [{ request, errorCode }],
      ),
    events: (detailType) =>
      twin.events
        .slice(eventsFrom)
        .filter((e) => e.origin !== 'integrator')
        .map((e) => ({
          source: e.source,
          detailType: e['detail-type'],
          busName: e.eventBusName,
          detail: e.detail,
        }))
        .filter((e) => detailType === undefined || e.detailType === detailType),
    failNext: (operation, times) => twin.faults.failNext(operation, times),
    clear: () => {
      callsFrom = twin.apiCalls.length;
      eventsFrom = twin.events.length;
    },
    close: () => twin.stop(),
  };

  /** Test-only shortcut: sets one attribute of a post (its time, when its execution started) without an edit. */
  const setPostAttribute = async (
    postId: string,
    name: 'scheduledAt' | 'executionStartedAt',
    value: string,
  ) => {
    await clients.dynamo.send(
      new UpdateCommand({
        TableName: twin.env.TABLE_NAME,
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

  /**
   * The function whose handler is `functions/handlers/<name>.ts`, invoked in the twin as its
   * role; with `detailType`, each input is the detail of a new bus event ({@link envelope}).
   */
  const handler = <M = unknown>(name: string, detailType?: string) =>
    invoke<M>(name, detailType === undefined ? undefined : inbound(detailType));
  /** `call`, then {@link settle}: for code a test runs in its own process (a use case, a handler's module). */
  const relayed =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } finally {
        await settle();
      }
    };

  /** Where the execution is: its status and the last state it entered. */
  const restingPlace = (executionName: string) => {
    const execution = twin.executions.get(executionName);
    return { status: execution?.status, state: execution?.statesEntered.at(-1) };
  };
  /**
   * The execution's history events of one type (`StateEntered`, `StateExited`, `StateFailed`...)
   * in one state, in order, e.g. `historyOf(name, 'StateFailed', 'AwaitReview')`.
   */
  const historyOf = (executionName: string, type: string, stateName: string) =>
    (twin.executions.get(executionName)?.history ?? []).filter(
      (e) => e.type === type && e.stateName === stateName,
    );

  /** Asserts the execution is running and waits in `stateName` (a Wait state, or a task for its token). */
  const expectWaitingIn = (executionName: string, stateName: string) =>
    expect(restingPlace(executionName)).toEqual({ status: 'RUNNING', state: stateName });

  return {
    twin,
    aws,
    h,
    restingPlace,
    expectWaitingIn,
    historyOf,
    functionOf,
    handler,
    relayed,
    db: persistence,
    setScheduledAt,
    setPostAttribute,
    settle,
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
export async function startHarnessWithBrand({
  trusted = true,
  ...options
}: { trusted?: boolean } & HarnessOptions = {}): Promise<Harness> {
  const harness = await startHarness(options);
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
export const useHarnessWithBrand = (options: { trusted?: boolean } & HarnessOptions = {}): Harness =>
  useBeforeAll(
    () => startHarnessWithBrand(options),
    (harness) => harness.twin.stop(),
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
 * Submits `submission(postId, overrides)` (its brand saved and trusting the tests' source):
 * its execution runs CheckPolicy and waits in AwaitReview. Returns the execution's name and
 * the review task's token, which the twin issued.
 */
export async function submittedToReview(
  harness: Harness,
  postId: string,
  overrides: Record<string, unknown> = {},
) {
  const submitted = await harness.h.submitPost(submission(postId, overrides));
  if (submitted.status !== 'submitted') throw new Error(`setup failed: ${JSON.stringify(submitted)}`);
  const { executionName } = submitted;
  const post = await harness.db.getPost(postId);
  const token = post?.reviewTaskToken;
  if (post?.status !== 'in_review' || !token) {
    throw new Error(`setup failed: ${postId} is not in review (${post?.status})`);
  }
  return { executionName, token };
}

/** Submits a post of the tests' brand and runs it to AwaitReview. */
export async function postInReview(harness: Harness, postId: string) {
  await harness.db.putBrand(brand);
  await harness.trustTestSource(brand.brandId);
  return submittedToReview(harness, postId);
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
 * that brand whose execution waits in AwaitReview.
 */
export async function postInReviewOnOwnChannel(harness: Harness, failure?: ChannelConfig['failure']) {
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
  return { postId, executionName, channel };
}

/** {@link postInReviewOnOwnChannel}, then approved and due: ConfirmStillScheduled has started its publication. */
export async function postDueOnOwnChannel(harness: Harness, failure?: ChannelConfig['failure']) {
  const { postId, executionName, channel } = await postInReviewOnOwnChannel(harness, failure);
  await harness.h.reviewDecision(await harness.approval(postId));
  await harness.setScheduledAt(postId, new Date(Date.now() - 1000).toISOString());
  await harness.h.confirmStillScheduled({ postId, executionName });
  return { postId, executionName, channel };
}
