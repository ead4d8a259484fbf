import { describe, expect, it } from 'vitest';
import { AwsApiError } from '../../local/errors.js';
import { callingFunction } from '../../local/iam/caller.js';
import { dynamoDbAuthorizationRequests } from '../../local/iam/dynamodb-guard.js';
import { s3AuthorizationRequests } from '../../local/iam/s3-guard.js';
import { twinAuthorizationRequests } from '../../local/iam/twin-requests.js';

const TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/brandflow';
const MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:PostLifecycle';

const actionsAndResources = (requests: { action: string; resource: string }[]) =>
  requests.map(({ action, resource }) => [action, resource]);

describe('the IAM request a DynamoDB call needs', () => {
  it.each([
    ['GetItem on the table', 'GetItem', { TableName: 'brandflow' }, [['dynamodb:GetItem', TABLE]]],
    [
      'a Query of an index on the index ARN',
      'Query',
      { TableName: 'brandflow', IndexName: 'calendar' },
      [['dynamodb:Query', `${TABLE}/index/calendar`]],
    ],
    [
      'BatchGetItem on each table named',
      'BatchGetItem',
      { RequestItems: { brandflow: { Keys: [] }, other: { Keys: [] } } },
      [
        ['dynamodb:BatchGetItem', TABLE],
        ['dynamodb:BatchGetItem', 'arn:aws:dynamodb:us-east-1:000000000000:table/other'],
      ],
    ],
    [
      'each item of TransactWriteItems as its own action',
      'TransactWriteItems',
      {
        TransactItems: [
          { Put: { TableName: 'brandflow' } },
          { Update: { TableName: 'brandflow' } },
          { ConditionCheck: { TableName: 'brandflow' } },
          { Delete: { TableName: 'brandflow' } },
        ],
      },
      [
        ['dynamodb:PutItem', TABLE],
        ['dynamodb:UpdateItem', TABLE],
        ['dynamodb:ConditionCheckItem', TABLE],
        ['dynamodb:DeleteItem', TABLE],
      ],
    ],
    [
      'TransactGetItems as GetItem',
      'TransactGetItems',
      { TransactItems: [{ Get: { TableName: 'brandflow' } }] },
      [['dynamodb:GetItem', TABLE]],
    ],
  ])('authorizes %s', (_, operation, body, expected) => {
    // Act
    const requests = dynamoDbAuthorizationRequests(operation, body);

    // Assess
    expect(actionsAndResources(requests)).toEqual(expected);
    expect(requests.every((r) => r.context?.['aws:SecureTransport'] === true)).toBe(true);
  });

  it('refuses PartiQL, which it cannot map to a resource, rather than letting it through', () => {
    // Act
    const map = () =>
      dynamoDbAuthorizationRequests('ExecuteStatement', { Statement: 'SELECT * FROM brandflow' });

    // Assess
    expect(map).toThrow(/no IAM mapping/);
  });
});

describe('the IAM request a call to the twin needs', () => {
  const call = (target: string, body: Record<string, unknown>, method = 'POST', path = '/') => ({
    target,
    method,
    path,
    query: new URLSearchParams(),
    body,
  });

  it('authorizes every PutEvents entry with its source and detail type as condition keys', () => {
    // Act
    const requests = twinAuthorizationRequests(
      call('AWSEvents.PutEvents', {
        Entries: [
          { EventBusName: 'brandflow', Source: 'brandflow', DetailType: 'Post Published' },
          { EventBusName: 'brandflow', Source: 'brandflow', DetailType: 'Post Failed' },
        ],
      }),
      MACHINE,
    );

    // Assess
    expect(
      requests.map((r) => [
        r.action,
        r.resource,
        r.context?.['events:detail-type'],
        r.context?.['events:source'],
      ]),
    ).toEqual([
      [
        'events:PutEvents',
        'arn:aws:events:us-east-1:000000000000:event-bus/brandflow',
        'Post Published',
        'brandflow',
      ],
      [
        'events:PutEvents',
        'arn:aws:events:us-east-1:000000000000:event-bus/brandflow',
        'Post Failed',
        'brandflow',
      ],
    ]);
  });

  it('authorizes a task answer on the state machine that issued the token', () => {
    // Act
    const requests = twinAuthorizationRequests(
      call('AWSStepFunctions.SendTaskSuccess', { taskToken: 't' }),
      MACHINE,
    );

    // Assess
    expect(actionsAndResources(requests)).toEqual([['states:SendTaskSuccess', MACHINE]]);
  });

  it('authorizes CreateSchedule on the schedule and passing its role to Scheduler', () => {
    // Act
    const requests = twinAuthorizationRequests(
      call(
        '',
        { GroupName: 'Brandflow-metrics-rounds', Target: { RoleArn: 'arn:aws:iam::000000000000:role/R' } },
        'POST',
        '/schedules/p-1-r1-round-1',
      ),
      MACHINE,
    );

    // Assess
    expect(actionsAndResources(requests)).toEqual([
      [
        'scheduler:CreateSchedule',
        'arn:aws:scheduler:us-east-1:000000000000:schedule/Brandflow-metrics-rounds/p-1-r1-round-1',
      ],
      ['iam:PassRole', 'arn:aws:iam::000000000000:role/R'],
    ]);
    expect(requests[1]?.context?.['iam:PassedToService']).toBe('scheduler.amazonaws.com');
  });

  it('authorizes a channel secret read on the secret ARN', () => {
    // Act
    const requests = twinAuthorizationRequests(
      call('secretsmanager.GetSecretValue', { SecretId: 'brandflow/channels/acme-x' }),
      MACHINE,
    );

    // Assess
    expect(actionsAndResources(requests)).toEqual([
      [
        'secretsmanager:GetSecretValue',
        'arn:aws:secretsmanager:us-east-1:000000000000:secret:brandflow/channels/acme-x',
      ],
    ]);
  });

  it('refuses loudly an operation it has no IAM mapping for', () => {
    // Act
    const map = () => twinAuthorizationRequests(call('AmazonSQS.SendMessage', {}), MACHINE);

    // Assess
    expect(map).toThrow(AwsApiError);
    expect(map).toThrow(/no IAM mapping/);
  });
});

describe('the calling function', () => {
  it.each([
    [
      'a function key',
      'AWS4-HMAC-SHA256 Credential=ASIALOCALSubmitPostFn1/20261130/us-east-1/sfn/aws4_request, Signature=x',
      'SubmitPostFn1',
    ],
    [
      'the admin key',
      'AWS4-HMAC-SHA256 Credential=local/20261130/us-east-1/sfn/aws4_request, Signature=x',
      undefined,
    ],
    ['no signature', undefined, undefined],
  ])('is read from the access key id of %s', (_, authorization, expected) => {
    // Act
    const fn = callingFunction(authorization);

    // Assess
    expect(fn).toBe(expected);
  });
});

describe('the IAM request an S3 call needs', () => {
  const OBJECT = 'arn:aws:s3:::reports/reports/acme/2026-11/report.html';
  it.each([
    [
      'PutObject on the object',
      'PUT',
      '/reports/reports/acme/2026-11/report.html',
      '',
      {},
      [['s3:PutObject', OBJECT]],
    ],
    [
      'GetObject on the object',
      'GET',
      '/reports/reports/acme/2026-11/report.html',
      'x-id=GetObject',
      {},
      [['s3:GetObject', OBJECT]],
    ],
    [
      'HeadObject as GetObject',
      'HEAD',
      '/reports/reports/acme/2026-11/report.html',
      '',
      {},
      [['s3:GetObject', OBJECT]],
    ],
    [
      'a listing on the bucket',
      'GET',
      '/reports',
      'list-type=2&prefix=reports%2F',
      {},
      [['s3:ListBucket', 'arn:aws:s3:::reports']],
    ],
    [
      'a copy as a put that reads its source',
      'PUT',
      '/reports/reports/acme/2026-11/report.html',
      '',
      { 'x-amz-copy-source': '/other/key.html' },
      [
        ['s3:PutObject', OBJECT],
        ['s3:GetObject', 'arn:aws:s3:::other/key.html'],
      ],
    ],
  ])('maps %s', (_, method, path, query, headers, expected) => {
    // Act
    const requests = s3AuthorizationRequests(method, path, new URLSearchParams(query), headers);
    // Assess
    expect(actionsAndResources(requests)).toEqual(expected);
  });

  it('refuses loudly a subresource it does not map, rather than letting it through', () => {
    // Act
    const map = () =>
      s3AuthorizationRequests('GET', '/reports/reports/acme/report.html', new URLSearchParams('acl='), {});
    // Assess
    expect(map).toThrow(AwsApiError);
    expect(map).toThrow(/no IAM mapping in the local twin/);
  });
});
