import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/commands/main.js';
import { findProcessedEvent } from '../../functions/persistence/inbound-events.js';
import type { LocalBrandflow, LocalDeadLetter } from '../../local/runtime.js';
import { startCliTwin } from '../support/cli-run.js';
import { seedBrand, submitPostDetail, uniqueId } from '../workflow/support.js';

let runtime: LocalBrandflow;
let tableName: string;
let brandId: string;

beforeAll(async () => {
  ({ runtime, tableName } = await startCliTwin('recover'));
  ({ brandId } = await seedBrand());
});
afterAll(() => runtime?.stop());

async function brandflow(...argv: string[]) {
  let stdout = '';
  const code = await main([...argv, '--json'], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => undefined },
    env: {
      BRANDFLOW_ENDPOINT: runtime.awsEndpoint,
      BRANDFLOW_DYNAMODB_ENDPOINT: runtime.env.AWS_ENDPOINT_URL_DYNAMODB,
      BRANDFLOW_TABLE_NAME: tableName,
    },
  });
  return { code, json: JSON.parse(stdout || '{}') };
}

/** What Lambda sends to the intake's on-failure queue after the last attempt at an event. */
function deadLetterSubmission(postId: string, eventId = randomUUID()): LocalDeadLetter {
  const queueArn = Object.values(runtime.template.resourceArns).find((arn) =>
    /SubmitPostIntakeDeadLetterQueue/.test(arn),
  );
  const intake = Object.values(runtime.template.functions).find((fn) => fn.role === 'Submit Post');
  const event = {
    version: '0',
    id: eventId,
    'detail-type': 'Submit Post',
    source: 'com.example.cms',
    account: '000000000000',
    detail: submitPostDetail({ postId, brandId, channels: ['x', 'bluesky'] }),
  };
  return {
    queueArn: queueArn as string,
    source: 'lambda',
    attributes: {},
    sentAt: new Date().toISOString(),
    body: JSON.stringify({
      requestContext: { functionArn: `${intake?.arn}:$LATEST`, condition: 'RetriesExhausted' },
      requestPayload: event,
    }),
  };
}

describe('recovering dead letters', () => {
  it('shows the dead letters in status, lists them in a dry run without touching them, and redrives them once when run twice', async () => {
    // Prepare
    const postId = uniqueId('redrive');
    (runtime.deadLetters as LocalDeadLetter[]).push(deadLetterSubmission(postId));

    // Act
    const before = await brandflow('status');
    const dryRun = await brandflow('redrive', '--dry-run');
    const first = await brandflow('redrive');
    const second = await brandflow('redrive');
    await runtime.waitForState(`${postId}-r1`, 'AwaitReview');
    const after = await brandflow('status');

    // Assess
    expect(before.json.queues.find((q: { queue: string }) => /SubmitPost/.test(q.queue))?.deadLetters).toBe(
      1,
    );
    expect(dryRun.json.outcomes).toEqual([
      expect.objectContaining({ outcome: 'would-redrive', detailType: 'Submit Post' }),
    ]);
    expect(first.json.outcomes).toEqual([expect.objectContaining({ outcome: 'redriven' })]);
    expect(second.json.outcomes).toEqual([]);
    expect(after.json.queues.every((q: { deadLetters: number }) => q.deadLetters === 0)).toBe(true);
    expect([...runtime.executions.keys()].filter((name) => name.startsWith(postId))).toEqual([
      `${postId}-r1`,
    ]);
    const submitted = runtime.events.filter(
      (e) => e['detail-type'] === 'Post Submitted' && e.detail.postId === postId,
    );
    expect(submitted).toHaveLength(1);
  });

  it('hands a dead-lettered event back with its own id: two copies of one event, redriven, are handled once', async () => {
    // Prepare: the same event dead-lettered twice (Lambda may send an on-failure record twice).
    const postId = uniqueId('same-id');
    const eventId = randomUUID();
    const letters = runtime.deadLetters as LocalDeadLetter[];
    letters.push(deadLetterSubmission(postId, eventId), deadLetterSubmission(postId, eventId));

    // Act
    const redriven = await brandflow('redrive');
    await runtime.waitForState(`${postId}-r1`, 'AwaitReview');

    // Assess
    expect(redriven.json.outcomes).toEqual([
      expect.objectContaining({ outcome: 'redriven', eventId }),
      expect.objectContaining({ outcome: 'redriven', eventId }),
    ]);
    const submitted = runtime.events.filter(
      (e) => e['detail-type'] === 'Post Submitted' && e.detail.postId === postId,
    );
    expect(submitted).toHaveLength(1);
    // The handler recorded the event under its original id: a redriven event is recognisably the same.
    expect(await findProcessedEvent(eventId)).toMatchObject({ eventId, detailType: 'Submit Post' });
    expect([...runtime.executions.keys()].filter((name) => name.startsWith(postId))).toEqual([
      `${postId}-r1`,
    ]);
  });

  it('answers the SQS calls as SQS does for a queue that does not exist', async () => {
    // Act
    const { SQSClient, ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
    const sqs = new SQSClient({
      endpoint: runtime.awsEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    const outcome = sqs.send(
      new ReceiveMessageCommand({ QueueUrl: `${runtime.awsEndpoint}/000000000000/nope` }),
    );

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    sqs.destroy();
  });
});
