import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import {
  envelope,
  hoursFromNow,
  newPostId,
  publishedPost,
  useHarnessWithBrand,
} from '../support/twin-harness.js';

const harness = useHarnessWithBrand({ trusted: false });
/** RetryPost in the twin, as its role; each call takes a whole event, so a test can deliver one twice. */
const retry = (event: unknown) => harness.handler('retry-post')(event);
const sfn = new SFNClient({});
afterAll(() => sfn.destroy());

/** A post published on x whose lifecycle then failed (as after an unexpected error): its execution is over. */
async function failedAfterPublishing() {
  const { postId, executionName } = await publishedPost(harness);
  const failure = { Error: 'Lambda.Unknown', Cause: 'the runtime exited' };
  await harness.h.recordWorkflowFailure({ postId, executionName, failure });
  const executionArn = harness.twin.executions.get(executionName)?.executionArn;
  await sfn.send(new StopExecutionCommand({ executionArn, error: failure.Error, cause: failure.Cause }));
  await harness.twin.waitForExecution(executionName);
  return { postId, executionName };
}

/** The states an execution entered, by its name. */
const statesOf = (executionName: string) => harness.twin.executions.get(executionName)?.statesEntered;

const retryDetail = (postId: string) => ({
  postId,
  scheduledAt: hoursFromNow(2),
  requestedBy: { id: 'brand-manager-1' },
});

describe('Retry Post', () => {
  it('runs a failed post again in a new execution of its revision, from the policy check', async () => {
    // Prepare
    const { postId, executionName } = await failedAfterPublishing();
    // Act
    const result = await retry(envelope('Retry Post', retryDetail(postId)));
    // Assess: the new execution checked the policy again and waits for a new review
    expect(result).toEqual({ status: 'retried', postId, revision: 1, executionName: `${postId}-r1-retry1` });
    expect(await harness.db.getPost(postId)).toMatchObject({
      status: 'in_review',
      executionName: `${postId}-r1-retry1`,
      retries: 1,
    });
    const started = harness.aws
      .callsOf('StartExecution')
      .filter((call) => call.name === `${postId}-r1-retry1`);
    expect(started).toHaveLength(1);
    expect(statesOf(`${postId}-r1-retry1`)).toEqual(['CheckPolicy', 'AwaitReview']);
    expect(executionName).toBe(`${postId}-r1`);
  });

  it('starts nothing new when the same event is delivered again', async () => {
    // Prepare
    const { postId } = await failedAfterPublishing();
    const event = envelope('Retry Post', retryDetail(postId));
    await retry(event);
    // Act
    await retry(event);
    // Assess
    expect((await harness.db.getPost(postId))?.retries).toBe(1);
    const names = harness.aws
      .callsOf('StartExecution')
      .map((call) => String(call.name))
      .filter((name) => name.startsWith(`${postId}-r1-retry`));
    expect(new Set(names)).toEqual(new Set([`${postId}-r1-retry1`]));
    expect(statesOf(`${postId}-r1-retry1`)).toEqual(['CheckPolicy', 'AwaitReview']);
  });

  it('refuses a post that has not failed, and a time too soon, naming the rule', async () => {
    // Prepare
    const { postId } = await publishedPost(harness);
    const failed = await failedAfterPublishing();
    // Act
    const notFailed = await retry(envelope('Retry Post', retryDetail(postId)));
    const tooSoon = await retry(
      envelope('Retry Post', { ...retryDetail(failed.postId), scheduledAt: hoursFromNow(-1) }),
    );
    const unknown = await retry(envelope('Retry Post', retryDetail(newPostId())));
    // Assess
    expect(notFailed).toMatchObject({
      status: 'refused',
      errors: [
        { field: 'postId', rule: 'refused', message: 'only a failed post can be retried: it is published' },
      ],
    });
    expect(tooSoon).toMatchObject({
      status: 'refused',
      errors: [{ field: 'scheduledAt', rule: expect.any(String) }],
      reason: expect.stringMatching(/^scheduledAt: .+ \(.+\)$/),
    });
    expect(unknown).toMatchObject({
      status: 'refused',
      errors: [{ field: 'postId', rule: 'known-post', message: 'no post has this id' }],
    });
    expect((await harness.db.getPost(failed.postId))?.status).toBe('failed');
    expect(statesOf(`${failed.postId}-r1-retry1`)).toBeUndefined();
  });
});
