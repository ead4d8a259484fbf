import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { runAsFunction } from '../../local/iam/caller.js';
import { publishApproved, seedBrand, uniqueId, useLocalRun } from './support.js';

const runtime = useLocalRun();

type SdkError = Error & { $metadata?: { httpStatusCode?: number } };

describe('IAM enforced by the local run', () => {
  it('checks every call the handlers make on the way to publication against their roles, and the stack grants them all', async () => {
    // Prepare
    const { brandId, channels } = await seedBrand();
    const postId = uniqueId('iam');

    // Act
    const execution = await publishApproved(runtime, { postId, brandId, channels });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const services = new Set(runtime.iamDecisions.map((d) => d.action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'events', 'iam', 'scheduler', 'states']);
    const callers = new Set(runtime.iamDecisions.map((d) => d.functionLogicalId));
    expect(callers.size).toBeGreaterThanOrEqual(8);
    expect(runtime.iamDecisions.filter((d) => !d.allowed)).toEqual([]);
    // The outbox's stream is read by the forwarder's role, as Lambda's event source mapping does.
    const forwarder = Object.values(runtime.template.functions).find((f) => f.role === 'forwardEvents');
    const streamReads = runtime.iamDecisions.filter(
      (d) => d.functionLogicalId === forwarder?.logicalId && d.action.startsWith('dynamodb:'),
    );
    expect(new Set(streamReads.map((d) => d.action))).toEqual(
      new Set(['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords']),
    );
  });

  it('answers a call outside a role as AWS does: the SDK raises AccessDeniedException naming the session, action and resource', async () => {
    // Prepare: calls ConfirmStillScheduled's code never makes, signed as that function
    const fn = Object.values(runtime.template.functions).find((f) => f.role === 'confirmStillScheduled');
    const endpoint = runtime.awsEndpoint;
    const dynamo = new DynamoDBClient({ endpoint: runtime.env.AWS_ENDPOINT_URL_DYNAMODB, maxAttempts: 1 });
    const events = new EventBridgeClient({ endpoint, maxAttempts: 1 });
    const sfn = new SFNClient({ endpoint, maxAttempts: 1 });
    const scheduler = new SchedulerClient({ endpoint, maxAttempts: 1 });
    const failure = (call: Promise<unknown>) =>
      call.then(
        () => undefined,
        (error: SdkError) => error,
      );

    // Act
    const errors = await runAsFunction(fn?.logicalId ?? '', () =>
      Promise.all([
        failure(dynamo.send(new ScanCommand({ TableName: runtime.env.TABLE_NAME }))),
        failure(
          events.send(
            new PutEventsCommand({
              Entries: [
                {
                  EventBusName: 'brandflow',
                  Source: 'brandflow',
                  DetailType: 'Post Published',
                  Detail: '{}',
                },
              ],
            }),
          ),
        ),
        failure(
          sfn.send(
            new StartExecutionCommand({ stateMachineArn: runtime.template.stateMachine.arn, name: 'x' }),
          ),
        ),
        failure(
          scheduler.send(
            new CreateScheduleCommand({
              Name: 'x',
              ScheduleExpression: 'at(2030-01-01T00:00:00)',
              FlexibleTimeWindow: { Mode: 'OFF' },
              Target: {
                Arn: 'arn:aws:lambda:us-east-1:000000000000:function:x',
                RoleArn: 'arn:aws:iam::000000000000:role/x',
              },
            }),
          ),
        ),
      ]),
    );

    // Assess
    expect(errors.map((e) => [e?.name, e?.$metadata?.httpStatusCode])).toEqual([
      ['AccessDeniedException', 400],
      ['AccessDeniedException', 400],
      ['AccessDeniedException', 400],
      ['AccessDeniedException', 403],
    ]);
    expect(errors[0]?.message).toMatch(
      /^User: arn:aws:sts::000000000000:assumed-role\/\w+\/\w+ is not authorized to perform: dynamodb:Scan on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/[\w-]+ because no identity-based policy allows the dynamodb:Scan action$/,
    );
    expect(errors[1]?.message).toContain(
      'events:PutEvents on resource: arn:aws:events:us-east-1:000000000000:event-bus/brandflow',
    );
    for (const client of [dynamo, events, sfn, scheduler]) client.destroy();
  });
});
