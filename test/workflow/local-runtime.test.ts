import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPost } from '../../functions/persistence/index.js';
import { startLocalBrandflow } from '../../local/runtime.js';
import {
  decideReview,
  seedBrand,
  submitPost,
  uniqueId,
  untilReviewRequested,
  useLocalRun,
} from './support.js';

const runtime = useLocalRun();
let sfn: SFNClient;

beforeAll(async () => {
  sfn = new SFNClient({ endpoint: runtime.env.AWS_ENDPOINT_URL_SFN });
});
afterAll(async () => {
  sfn?.destroy();
});

/** Paths (`States.AwaitReview.TimeoutSecondsPath`) where two JSON values differ. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      differences(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      ),
    );
  }
  return Object.is(a, b) ? [] : [path];
}

describe('the local run of the synthesized template', () => {
  it('runs the synthesized definition with only the callback tasks’ TimeoutSecondsPath adapted', () => {
    // Prepare
    const { definition: synthesized } = runtime.template;

    // Act
    const changed = differences(synthesized, runtime.engineDefinition);

    // Assess
    expect(changed.sort()).toEqual([
      'States.AwaitMetricsRounds.TimeoutSecondsPath',
      'States.AwaitReview.TimeoutSecondsPath',
    ]);
    expect(runtime.adaptations).toEqual(
      expect.arrayContaining([
        {
          state: 'AwaitReview',
          field: 'TimeoutSecondsPath',
          synthesized: '$.reviewTimeoutSeconds',
          local: '$.Payload.reviewTimeoutSeconds',
        },
        {
          state: 'AwaitMetricsRounds',
          field: 'TimeoutSecondsPath',
          synthesized: '$.metricsTimeoutSeconds',
          local: '$.Payload.metricsTimeoutSeconds',
        },
      ]),
    );
    expect(runtime.adaptations).toHaveLength(2);
  });

  it('runs each task with the handler file its Lambda function is built from', () => {
    // Act
    const entries = Object.fromEntries(
      Object.entries(runtime.template.tasks).map(([state, task]) => [state, task.entry]),
    );

    // Assess
    expect(entries).toMatchObject({
      CheckPolicy: 'functions/handlers/check-policy.ts',
      AwaitReview: 'functions/handlers/request-review.ts',
      PublishToChannel: 'functions/handlers/publish-to-channel.ts',
      AwaitMetricsRounds: 'functions/handlers/schedule-metrics-rounds.ts',
    });
    expect(Object.keys(entries)).toHaveLength(10);
    // The rules match the account (resolved to the local one) and never Brandflow as a sender.
    const matching = (detailType: string) =>
      expect.objectContaining({
        'detail-type': [detailType],
        account: ['000000000000'],
        source: [{ 'anything-but': ['brandflow'] }],
      });
    expect(runtime.template.rules.map((r) => r.eventPattern)).toEqual(
      expect.arrayContaining([matching('Submit Post'), matching('Review Decision')]),
    );
  });

  it('answers StartExecution and task callbacks with the errors Step Functions sends', async () => {
    // Prepare
    const brand = await seedBrand();
    const postId = uniqueId('endpoint');
    await submitPost(runtime, { postId, ...brand });
    await untilReviewRequested(runtime, postId);
    const token = (await getPost(postId))?.reviewTaskToken;
    const start = (input: object) =>
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: runtime.env.STATE_MACHINE_ARN,
          name: `${postId}-r1`,
          input: JSON.stringify(input),
        }),
      );

    // Act
    const repeated = await start({ postId, revision: 1 });
    // Settled into values at once: a rejection left pending would count as unhandled.
    const otherInput = start({ postId, revision: 9 }).catch((error: unknown) => error);
    await decideReview(runtime, postId, 'reject');
    await runtime.waitForExecution(`${postId}-r1`);
    const afterClose = await start({ postId, revision: 1 }).catch((error: unknown) => error);
    const answer = (taskToken: string) =>
      sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })).catch((error: unknown) => error);
    const lateAnswer = await answer(String(token));
    const forgedAnswer = await answer('not-a-token');

    // Assess
    expect(repeated.executionArn).toBe(runtime.executions.get(`${postId}-r1`)?.executionArn);
    expect(await otherInput).toBeInstanceOf(ExecutionAlreadyExists);
    expect(afterClose).toBeInstanceOf(ExecutionAlreadyExists);
    expect(lateAnswer).toBeInstanceOf(TaskDoesNotExist);
    expect(forgedAnswer).toBeInstanceOf(InvalidToken);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: repeated.executionArn }));
    expect(described).toMatchObject({ status: 'SUCCEEDED', name: `${postId}-r1` });
  });

  it('records an event no rule matches without delivering it, and refuses an entry without detail', async () => {
    // Act
    const result = await runtime.putEvents([
      {
        EventBusName: 'brandflow',
        Source: 'com.example.crm',
        DetailType: 'Lead Created',
        Detail: '{"leadId":"l-1"}',
      },
      { EventBusName: 'brandflow', Source: 'com.example.crm', DetailType: 'Lead Created' },
    ]);

    // Assess
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[1]?.ErrorCode).toBe('InvalidArgument');
    const recorded = runtime.events.find((e) => e.id === result.Entries?.[0]?.EventId);
    expect(recorded).toMatchObject({
      source: 'com.example.crm',
      detail: { leadId: 'l-1' },
      origin: 'integrator',
    });
  });
});

describe('a local run with a data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brandflow-local-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps its records and event log between runs and leaves no database running after stop', async () => {
    // Prepare: raw clients, which outlive the run that gave them their endpoint
    const first = await startLocalBrandflow({ dataDir });
    const firstDb = new DynamoDBClient({ endpoint: first.env.AWS_ENDPOINT_URL_DYNAMODB, maxAttempts: 1 });
    const item = { pk: { S: 'BRAND#kept' }, sk: { S: 'PROFILE' } };
    await firstDb.send(new PutItemCommand({ TableName: first.env.TABLE_NAME, Item: item }));
    await first.putEvents([{ EventBusName: 'brandflow', Source: 'test', DetailType: 'Ping', Detail: '{}' }]);
    await first.stop();

    // Act
    const second = await startLocalBrandflow({ dataDir });
    const secondDb = new DynamoDBClient({ endpoint: second.env.AWS_ENDPOINT_URL_DYNAMODB });
    const kept = await secondDb
      .send(new GetItemCommand({ TableName: second.env.TABLE_NAME, Key: item }))
      .finally(() => second.stop());
    const afterStop = await firstDb.send(new ListTablesCommand({})).catch((error: unknown) => error);

    // Assess
    expect(kept.Item).toEqual(item);
    expect(readFileSync(join(dataDir, 'events.jsonl'), 'utf8')).toContain('"detail-type":"Ping"');
    expect(afterStop).toBeInstanceOf(Error);
    firstDb.destroy();
    secondDb.destroy();
    // Two DynamoDB Local starts and a synthesis of the whole stack (alarms included) in one test.
  }, 90_000);
});
