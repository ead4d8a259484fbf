import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getPost } from '../../functions/persistence/index.js';
import { DEFAULT_EVENT_BUS_NAME } from '../../infra/brandflow-stack.js';
import { advanceLocalClockTo } from '../../local/clock.js';
import { useBeforeAll } from '../support/file-fixture.js';
import { handlerFunctionOf, startHeldTwin } from '../support/twin-harness.js';
import { seedBrand, submitPostDetail, uniqueId } from '../workflow/support.js';

/*
 * What the twin offers a test that drives the handlers itself: a record of the AWS calls it
 * answered, outages of any operation, invoking a function as its role, and a wait until
 * nothing moves.
 */

// Its own Scheduler stopped and its waits held, as the handler harness runs it; the stream
// drives no forwarder, so nothing moves but what a test does.
const twin = useBeforeAll(
  () => startHeldTwin({ adapt: (template) => ({ ...template, streamSources: [] }) }),
  (run) => run.stop(),
);

const submitEvent = (detail: object) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Submit Post',
  source: 'com.example.cms',
  account: '000000000000',
  detail,
});

describe('the twin, for tests that invoke the handlers', () => {
  it('invokes a function as its role and records the StartExecution it made, named after the post', async () => {
    // Prepare
    const { brandId, channels } = await seedBrand();
    const postId = uniqueId('trail');
    const before = twin.apiCalls.length;

    // Act
    const answer = await twin.invoke(
      handlerFunctionOf(twin, 'submit-post'),
      submitEvent(submitPostDetail({ postId, brandId, channels })),
    );

    // Assess
    expect(answer).toMatchObject({ status: 'submitted', executionName: `${postId}-r1` });
    const starts = twin.apiCalls.slice(before).filter((call) => call.operation === 'StartExecution');
    expect(starts).toEqual([
      expect.objectContaining({
        service: 'states',
        caller: handlerFunctionOf(twin, 'submit-post'),
        request: expect.objectContaining({ name: `${postId}-r1` }),
      }),
    ]);
    expect(starts[0]?.errorCode).toBeUndefined();
  });

  it('waits until the started execution rests in AwaitReview with the review requested', async () => {
    // Prepare
    const { brandId, channels } = await seedBrand();
    const postId = uniqueId('rest');

    // Act
    await twin.invoke(
      handlerFunctionOf(twin, 'submit-post'),
      submitEvent(submitPostDetail({ postId, brandId, channels })),
    );
    await twin.waitForRest();

    // Assess
    const execution = twin.executions.get(`${postId}-r1`);
    expect(execution?.status).toBe('RUNNING');
    expect(execution?.statesEntered.at(-1)).toBe('AwaitReview');
    const post = await getPost(postId);
    expect(post).toMatchObject({ status: 'in_review' });
    expect(post?.reviewTaskToken).toEqual(expect.any(String));
  });

  it('answers the next calls of an operation with InternalFailure while an outage lasts, then serves it again', async () => {
    // Prepare
    twin.faults.failNext('PutEvents', 1);
    const entry = {
      EventBusName: DEFAULT_EVENT_BUS_NAME,
      Source: 'brandflow.test-api',
      DetailType: 'Outage Probe',
      Detail: JSON.stringify({ probe: uniqueId('probe') }),
    };
    const { EventBridgeClient, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    const events = new EventBridgeClient({ endpoint: twin.awsEndpoint, maxAttempts: 1 });

    // Act
    const failed = await events.send(new PutEventsCommand({ Entries: [entry] })).catch((error) => error);
    const served = await events.send(new PutEventsCommand({ Entries: [entry] }));
    events.destroy();

    // Assess
    expect(failed).toMatchObject({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
    expect(served.FailedEntryCount).toBe(0);
    const puts = twin.apiCalls.filter((call) => call.operation === 'PutEvents').slice(-2);
    expect(puts.map((call) => call.errorCode)).toEqual(['InternalFailure', undefined]);
  });

  it('answers a refused call once, even with its clock hours ahead of the wall clock', async () => {
    // Prepare: a wait of two hours has ended (the functions' SDK reads the twin's clock)
    advanceLocalClockTo(Date.now() + 2 * 3600_000);
    const { SFNClient, SendTaskSuccessCommand } = await import('@aws-sdk/client-sfn');
    const sfn = new SFNClient({ endpoint: twin.awsEndpoint });
    const token = uniqueId('no-task');

    // Act
    const refused = await sfn
      .send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))
      .catch((error) => error);
    sfn.destroy();

    // Assess: the SDK took no clock skew from the answer, so it sent the call once
    expect(refused.name).toMatch(/TaskDoesNotExist|InvalidToken/);
    expect(twin.apiCalls.filter((call) => call.request.taskToken === token)).toHaveLength(1);
  });

  it("keeps a secret's value out of the record of calls, as CloudTrail does", async () => {
    // Prepare
    const { CreateSecretCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const secrets = new SecretsManagerClient({ endpoint: twin.awsEndpoint });
    const name = uniqueId('trail-secret');

    // Act
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: '{"accessToken":"s3cr3t"}' }));
    secrets.destroy();

    // Assess
    const created = twin.apiCalls.find(
      (call) => call.operation === 'CreateSecret' && call.request.Name === name,
    );
    expect(created?.request.SecretString).toBe('HIDDEN_DUE_TO_SECURITY_REASONS');
    expect(JSON.stringify(twin.apiCalls)).not.toContain('s3cr3t');
  });

  it('records a call the twin refuses with the error AWS would answer', async () => {
    // Prepare
    const { SFNClient, SendTaskSuccessCommand } = await import('@aws-sdk/client-sfn');
    const sfn = new SFNClient({ endpoint: twin.awsEndpoint });

    // Act
    const refused = await sfn
      .send(new SendTaskSuccessCommand({ taskToken: 'names-no-task', output: '{}' }))
      .catch((error) => error);
    sfn.destroy();

    // Assess
    expect(refused.name).toMatch(/TaskDoesNotExist|InvalidToken/);
    expect(twin.apiCalls.at(-1)).toMatchObject({
      operation: 'SendTaskSuccess',
      request: { taskToken: 'names-no-task' },
      errorCode: refused.name,
    });
  });
});
