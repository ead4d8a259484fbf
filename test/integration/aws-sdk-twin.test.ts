import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundSchemas } from '../../functions/contract/outbound.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { seedBrand, startWorkflowRuntime, submitPostDetail, uniqueId } from '../workflow/support.js';

let twin: LocalBrandflow;
let sfn: SFNClient;
let events: EventBridgeClient;

beforeAll(async () => {
  twin = await startWorkflowRuntime();
  const client = {
    endpoint: twin.awsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'k', secretAccessKey: 's' },
  };
  sfn = new SFNClient(client);
  events = new EventBridgeClient(client);
});
afterAll(async () => {
  sfn.destroy();
  events.destroy();
  await twin.stop();
});

const put = (detailType: string, detail: object) =>
  events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: 'brandflow',
          Source: 'com.example.cms',
          DetailType: detailType,
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );

describe('an integrator with the AWS SDK against the local twin', () => {
  it('puts Submit Post, receives Review Requested, puts Review Decision and sees Post Published', async () => {
    // Prepare
    const { brandId, channels } = await seedBrand();
    const postId = uniqueId('journey');
    // Act
    await put('Submit Post', {
      ...submitPostDetail({ postId, brandId, channels }),
      correlationId: 'journey-1',
    });
    const requested = await twin.waitForEvent(
      (e) => e['detail-type'] === 'Review Requested' && e.detail.postId === postId,
    );
    await put('Review Decision', {
      postId,
      revision: 1,
      decision: 'approve',
      reviewer: { id: 'reviewer-1' },
      contentHash: requested.detail.contentHash,
    });
    const published = await twin.waitForEvent(
      (e) => e['detail-type'] === 'Post Published' && e.detail.postId === postId,
    );
    // Assess
    expect(published.detail).toMatchObject({ status: 'published', schemaVersion: '1' });
    expect(requested.detail.correlationId).toBe(`${postId}-r1`);
    const fromBrandflow = twin.events.filter((e) => e.source === 'brandflow' && e.detail.postId === postId);
    for (const event of fromBrandflow) {
      const schema = outboundSchemas[event['detail-type'] as keyof typeof outboundSchemas];
      expect(schema?.safeParse(event.detail).error?.issues, event['detail-type']).toBeUndefined();
    }
  });

  it('lists and describes the state machine and its executions, with AWS history event types', async () => {
    // Prepare
    const { brandId, channels } = await seedBrand();
    const postId = uniqueId('history');
    await put('Submit Post', submitPostDetail({ postId, brandId, channels }));
    await twin.waitForState(`${postId}-r1`, 'AwaitReview');
    // Act
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    const stateMachineArn = stateMachines?.[0]?.stateMachineArn as string;
    const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    const executionArn = executions?.find((e) => e.name === `${postId}-r1`)?.executionArn as string;
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    // Assess
    expect(machine).toMatchObject({ status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(machine.definition as string).States).toHaveProperty('CheckPolicy');
    expect(described).toMatchObject({ status: 'RUNNING', name: `${postId}-r1` });
    const types = history.events?.map((e) => e.type);
    expect(types?.slice(0, 2)).toEqual(['ExecutionStarted', expect.stringMatching(/StateEntered$/)]);
    expect(types).toEqual(
      expect.arrayContaining(['TaskStateEntered', 'TaskScheduled', 'TaskSucceeded', 'TaskStateExited']),
    );
    expect(history.events?.[1]?.stateEnteredEventDetails?.name).toBeTruthy();
    expect(history.events?.map((e) => e.id)).toEqual(history.events?.map((_, i) => i + 1));
  });

  it('gets the errors AWS gives, as the SDK exception classes', async () => {
    // Act
    const missing = await sfn
      .send(
        new DescribeExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:000000000000:execution:x:nope',
        }),
      )
      .catch((error: unknown) => error);
    const noMachine = await sfn
      .send(
        new StartExecutionCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nope',
        }),
      )
      .catch((error: unknown) => error);
    const unknown = fetch(twin.awsEndpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AWSStepFunctions.CreateActivity',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });
    // Assess
    expect(missing).toBeInstanceOf(ExecutionDoesNotExist);
    expect(noMachine).toBeInstanceOf(StateMachineDoesNotExist);
    const answer = await unknown;
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ __type: 'UnknownOperationException' });
    expect(missing).toBeInstanceOf(SFNServiceException);
  });
});
