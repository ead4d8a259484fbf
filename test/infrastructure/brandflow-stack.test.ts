import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiRoutes } from '../../functions/contract/api-routes.js';
import { InboundEvent } from '../../functions/domain/events.js';
import { outboxDetailTypes } from '../../infra/constructs/outbox-forwarding.js';
import {
  type FunctionAccess,
  FunctionAccessByRole,
  type FunctionRole,
} from '../../infra/core/function-access.js';
import { ScheduledHandlerFiles } from '../../infra/core/handler-catalog.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';
import { synthesizeBrandflow } from './synthesized.js';

type Resource = { Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };

/** CloudFormation's limit is 500 resources a stack; this budget keeps room below it. */
const STACK_RESOURCE_BUDGET = 485;
let template: Template;
let functions: Record<string, Resource>;

beforeAll(() => {
  template = synthesizeBrandflow({ metricsScheduleHours: [2, 48] }).template;
  functions = brandflowFunctions(template);
});

/** Brandflow's own functions: not CDK's function that copies the review portal's files. */
function brandflowFunctions(from: Template): Record<string, Resource> {
  return Object.fromEntries(
    Object.entries(from.findResources('AWS::Lambda::Function')).filter(
      ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
    ),
  ) as Record<string, Resource>;
}

const lifecycleRoles = [
  'checkPolicy',
  'requestReview',
  'checkReviewDeadline',
  'confirmStillScheduled',
  'publishToChannel',
  'recordChannelFailure',
  'recordPublication',
  'collectMetrics',
  'scheduleMetricsRounds',
  'completeLifecycle',
  'recordWorkflowFailure',
];
const apiRoutes = Object.keys(ApiRoutes);
// The lifecycle steps, the inbound events, the front door's routes, the feedback checks, the outbox forwarder and the reply sender.
/** The functions only EventBridge Scheduler invokes, outside the workflow: the feedback checks. */
const scheduledRoles = Object.keys(ScheduledHandlerFiles);
const functionCount =
  lifecycleRoles.length + Object.values(InboundEvent).length + apiRoutes.length + scheduledRoles.length + 2;

function functionLogicalIdByRole(role: string): string {
  const match = Object.entries(functions).find(([, fn]) => fn.Metadata?.['brandflow:role'] === role);
  if (!match) throw new Error(`no function has brandflow:role ${role}`);
  return match[0];
}

describe('the stack', () => {
  it("keeps room under CloudFormation's 500 resources per stack, which AWS refuses to deploy past", () => {
    // Act
    const count = Object.keys(template.toJSON().Resources).length;

    // Assess: the headroom leaves space for a few more functions before the stack must be split.
    expect(count).toBeLessThanOrEqual(STACK_RESOURCE_BUDGET);
  });
});

describe('the data table', () => {
  it('is one pay-per-request table keyed pk/sk with the calendar index and the expiresAt TTL', () => {
    // Prepare
    const expected = {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'calendar',
          KeySchema: [
            { AttributeName: 'calendarPk', KeyType: 'HASH' },
            { AttributeName: 'calendarSk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    };

    // Act
    const tables = template.findResources('AWS::DynamoDB::Table');

    // Assess
    expect(Object.keys(tables)).toHaveLength(1);
    template.hasResourceProperties('AWS::DynamoDB::Table', expected);
  });

  it('survives stack deletion, keeps point-in-time recovery and is encrypted with a rotating key', () => {
    // Prepare
    const [keyId] = Object.keys(
      template.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } }),
    );

    // Act
    const tables = template.findResources('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
      },
    });

    // Assess
    expect(keyId).toBeDefined();
    expect(Object.keys(tables)).toHaveLength(1);
  });
});

describe('the Lambda functions', () => {
  it('are one per handler: the lifecycle steps, the inbound events, the front door routes, the feedback checks, the outbox forwarder and the reply sender', () => {
    // Prepare
    const expectedRoles = [
      ...lifecycleRoles,
      ...Object.values(InboundEvent),
      ...apiRoutes,
      ...scheduledRoles,
      'forwardEvents',
      'sendFeedbackReply',
    ].sort();

    // Act
    const roles = Object.values(functions)
      .map((fn) => fn.Metadata?.['brandflow:role'])
      .sort();

    // Assess
    expect(roles).toEqual(expectedRoles);
  });

  it('all run Node.js 22 on arm64 with 256 MB, 30 s and active tracing, without source-map parsing at start', () => {
    // Act
    const settings = Object.values(functions).map((fn) => ({
      runtime: fn.Properties.Runtime,
      architectures: fn.Properties.Architectures,
      memory: fn.Properties.MemorySize,
      timeout: fn.Properties.Timeout,
      tracing: fn.Properties.TracingConfig,
      nodeOptions: (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables
        .NODE_OPTIONS,
    }));

    // Assess
    expect(settings).toHaveLength(functionCount);
    for (const setting of settings) {
      expect(setting).toEqual({
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        memory: 256,
        timeout: 30,
        tracing: { Mode: 'Active' },
        nodeOptions: undefined,
      });
    }
  });

  it('map stack traces to the sources when the deployment asks for it', () => {
    // Prepare
    const { template: withSourceMaps } = synthesizeBrandflow({ sourceMapStackTraces: true });

    // Act
    const nodeOptions = Object.values(brandflowFunctions(withSourceMaps)).map(
      (fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.NODE_OPTIONS,
    );

    // Assess
    expect(new Set(nodeOptions)).toEqual(new Set(['--enable-source-maps']));
  });

  it('each name an entry file under functions/handlers/ that exists, so the local runner can run it', () => {
    // Act
    const entries = Object.values(functions).map((fn) => fn.Metadata?.['brandflow:entry'] as string);

    // Assess
    expect(new Set(entries).size).toBe(functionCount);
    for (const entry of entries) {
      expect(entry).toMatch(/^functions\/handlers\/[a-z-]+\.ts$/);
      expect(existsSync(join(REPO_ROOT, entry)), entry).toBe(true);
    }
  });

  it('each write to an own log group that expires', () => {
    // Act
    const logGroups = Object.values(functions).map(
      (fn) => (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref,
    );

    // Assess
    expect(new Set(logGroups).size).toBe(functionCount);
    for (const logGroup of logGroups) {
      expect(template.toJSON().Resources[logGroup].Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('all but the forwarder know the table; only the forwarder knows the bus; only the doors of submit-post and retry-post know the state machine', () => {
    // Act
    const variables = Object.fromEntries(
      Object.values(functions).map((fn) => [
        fn.Metadata?.['brandflow:role'] as string,
        (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables,
      ]),
    );

    // Assess
    for (const [role, vars] of Object.entries(variables)) {
      expect('TABLE_NAME' in vars, role).toBe(role !== 'forwardEvents');
      expect('EVENT_BUS_NAME' in vars, role).toBe(role === 'forwardEvents');
      const starts =
        role === InboundEvent.SubmitPost || role === InboundEvent.RetryPost || role === 'POST /posts';
      expect('STATE_MACHINE_ARN' in vars, role).toBe(starts);
    }
  });

  it('give record-publication the configured metrics schedule', () => {
    // Act
    const id = functionLogicalIdByRole('recordPublication');

    // Assess
    expect(functions[id]?.Properties.Environment).toMatchObject({
      Variables: { METRICS_SCHEDULE_HOURS: '2,48' },
    });
  });
});

describe('the event bus and inbound rules', () => {
  const rulesFor = (detailType: string) =>
    template.findResources('AWS::Events::Rule', {
      Properties: { EventPattern: { 'detail-type': [detailType] } },
    }) as Record<string, Resource>;

  it('is a custom bus named brandflow by default', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'brandflow' });
  });

  it.each(Object.values(InboundEvent))(
    "sends '%s' events to their handler, with retries, a maximum age and a dead-letter queue",
    (detailType) => {
      // Prepare
      const handlerId = functionLogicalIdByRole(detailType);

      // Act
      const rules = rulesFor(detailType);

      // Assess
      const [rule] = Object.values(rules);
      expect(Object.keys(rules)).toHaveLength(1);
      expect(rule?.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [handlerId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
          RetryPolicy: {
            MaximumRetryAttempts: expect.any(Number),
            MaximumEventAgeInSeconds: expect.any(Number),
          },
        }),
      ]);
    },
  );

  it.each(Object.values(InboundEvent))(
    "keeps a '%s' event that its handler still fails after Lambda's retries in the dead-letter queue",
    (detailType) => {
      // Prepare
      const handlerId = functionLogicalIdByRole(detailType);
      const [rule] = Object.values(rulesFor(detailType));
      const targets = rule?.Properties.Targets as { DeadLetterConfig: { Arn: unknown } }[];

      // Act
      const configs = template.findResources('AWS::Lambda::EventInvokeConfig', {
        Properties: { FunctionName: { Ref: handlerId } },
      }) as Record<string, Resource>;

      // Assess
      const [config] = Object.values(configs);
      expect(config?.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: targets[0]?.DeadLetterConfig.Arn } },
      });
    },
  );

  it("keeps dead letters encrypted with Brandflow's key for 14 days and refuses them over plain HTTP", () => {
    // Prepare
    const [keyId] = Object.keys(
      template.findResources('AWS::KMS::Key', {
        Properties: { Description: Match.stringLikeRegexp('dead-letter') },
      }),
    );

    // Act
    const queues = template.findResources('AWS::SQS::Queue') as Record<string, Resource>;

    // Assess
    // One per intake, the metric rounds', the report schedules', the outbox stream's and the reply sender's.
    expect(Object.keys(queues)).toHaveLength(Object.values(InboundEvent).length + 4);
    for (const [id, queue] of Object.entries(queues)) {
      expect(queue.Properties).toMatchObject({
        KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('takes the bus name from the app options', () => {
    // Act
    const renamed = synthesizeBrandflow({ eventBusName: 'acme-brandflow' }).template;

    // Assess
    renamed.hasResourceProperties('AWS::Events::EventBus', { Name: 'acme-brandflow' });
  });
});

describe('the permissions', () => {
  const statementsOf = (role: string) => {
    const fn = functions[functionLogicalIdByRole(role)] as Resource;
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    return Object.values(policies).flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
    );
  };
  const actionsOf = (role: string) => statementsOf(role).flatMap((s) => [s.Action].flat());

  it('let only the doors of submit-post and retry-post start executions', () => {
    // Act
    const starters = [...lifecycleRoles, ...Object.values(InboundEvent), ...apiRoutes].filter((role) =>
      actionsOf(role).includes('states:StartExecution'),
    );

    // Assess
    expect(starters).toEqual([InboundEvent.SubmitPost, InboundEvent.RetryPost, 'POST /posts']);
  });

  it('let only the functions that answer task tokens send task results, each only the answers it sends', () => {
    // Act
    const answering = (action: string) =>
      [...lifecycleRoles, ...Object.values(InboundEvent), ...apiRoutes]
        .filter((role) => actionsOf(role).includes(action))
        .sort();

    // Assess
    expect(answering('states:SendTaskSuccess')).toEqual(
      [
        InboundEvent.ReviewDecision,
        'POST /posts/{postId}/decisions',
        'collectMetrics',
        'requestReview',
        'scheduleMetricsRounds',
      ].sort(),
    );
    expect(answering('states:SendTaskFailure')).toEqual(
      [
        InboundEvent.SubmitPost,
        InboundEvent.ReviewDecision,
        InboundEvent.CancelPost,
        InboundEvent.ReschedulePost,
        'POST /posts',
        'POST /posts/{postId}/decisions',
        'POST /posts/{postId}/cancel',
        'POST /posts/{postId}/reschedule',
        'requestReview',
      ].sort(),
    );
    expect(answering('states:SendTaskHeartbeat')).toEqual([]);
  });

  it('let only the two metrics steps and the feedback intake create one-time schedules and the profile setters keep report schedules, each in its group, passing the scheduler role to Scheduler only', () => {
    // Act
    const schedulers = (group: string) =>
      [...lifecycleRoles, ...Object.values(InboundEvent), ...apiRoutes, ...scheduledRoles]
        .filter((role) => JSON.stringify(statementsOf(role)).includes(`schedule/${group}/*`))
        .sort();
    const passRoles = ['scheduleMetricsRounds', InboundEvent.UpdateBrandProfile].map(
      (role) =>
        statementsOf(role).find((s) => s.Action === 'iam:PassRole') as { Condition?: unknown } | undefined,
    );

    // Assess
    expect(schedulers('Brandflow-metrics-rounds')).toEqual(
      ['collectMetrics', 'scheduleMetricsRounds', InboundEvent.FeedbackReceived].sort(),
    );
    expect(schedulers('Brandflow-reports')).toEqual(
      ['PUT /brands/{brandId}/profile', InboundEvent.UpdateBrandProfile].sort(),
    );
    for (const passRole of passRoles) {
      expect(passRole?.Condition).toEqual({
        StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
      });
    }
  });

  it('grant each function exactly the actions of its row in the access table, and nothing of Scan, DeleteItem, PutEvents or a service wildcard', () => {
    for (const role of [
      ...lifecycleRoles,
      ...Object.values(InboundEvent),
      ...apiRoutes,
      ...scheduledRoles,
    ] as FunctionRole[]) {
      // Prepare
      const access: FunctionAccess = FunctionAccessByRole[role];
      const writes = access.table.some((a) => a !== 'dynamodb:GetItem' && a !== 'dynamodb:Query');
      const expected = new Set([
        ...access.table,
        ...(access.calendar ? ['dynamodb:Query', 'dynamodb:BatchGetItem'] : []),
        'kms:Decrypt',
        'kms:DescribeKey',
        ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : []),
        ...(access.lifecycle ?? []),
        ...(access.schedulesRounds ? ['scheduler:CreateSchedule', 'iam:PassRole'] : []),
        ...(access.schedulesReports
          ? ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'iam:PassRole']
          : []),
        ...(access.channelSecrets ? ['secretsmanager:DescribeSecret'] : []),
        ...(access.channelSecrets && access.channelSecrets !== 'describe'
          ? ['secretsmanager:GetSecretValue']
          : []),
        ...(access.channelSecrets === 'read-write' ? ['secretsmanager:PutSecretValue'] : []),
        // The feedback author key: its value, decrypted through Secrets Manager.
        ...(access.feedbackAuthorKey ? ['secretsmanager:GetSecretValue', 'kms:Decrypt'] : []),
        ...(access.reports === 'write' ? ['s3:PutObject'] : []),
        ...(access.reports === 'read' ? ['s3:GetObject'] : []),
        ...(access.assets === 'announce' ? ['s3:PutObject'] : []),
        ...(access.assets === 'ingest' ? ['s3:GetObject', 's3:DeleteObject', 's3:PutObject'] : []),
        ...(access.assets === 'publish' ? ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'] : []),
        // Lambda sends a failed asynchronous invocation to the dead-letter queue with the function's role.
        ...(role === 'collectMetrics' ||
        role === 'checkFeedbackSla' ||
        (Object.values(InboundEvent) as string[]).includes(role)
          ? ['sqs:SendMessage']
          : []),
        // Every function writes its own log group and traces.
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
      ]);

      // Act
      const actions = new Set(actionsOf(role));

      // Assess
      expect([...actions].sort(), role).toEqual([...expected].sort());
      expect(
        [...actions].filter((a) => /Scan|DeleteItem|PutEvents|:\*|\*$/.test(a)),
        role,
      ).toEqual([]);
    }
  });

  it('let every function use the table key only through DynamoDB', () => {
    for (const role of [...lifecycleRoles, ...Object.values(InboundEvent), ...apiRoutes]) {
      // Act
      const kmsStatements = statementsOf(role).filter((s) =>
        [s.Action].flat().some((a) => a.startsWith('kms:')),
      );

      // Assess
      expect(kmsStatements.length, role).toBeGreaterThan(0);
      for (const statement of kmsStatements) {
        expect(JSON.stringify((statement as { Condition?: unknown }).Condition), role).toContain(
          'kms:ViaService',
        );
      }
    }
  });

  it('let the forwarder read the stream and put only source brandflow events on the bus, and nothing else', () => {
    // Act
    const statements = statementsOf('forwardEvents') as { Action: unknown; Condition?: unknown }[];
    const put = statements.find((s) => s.Action === 'events:PutEvents');

    // Assess
    expect(actionsOf('forwardEvents').sort()).toEqual(
      expect.arrayContaining([
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'events:PutEvents',
      ]),
    );
    expect(actionsOf('forwardEvents')).not.toContain('dynamodb:PutItem');
    expect(put?.Condition).toEqual({
      StringEquals: { 'events:source': 'brandflow', 'events:detail-type': outboxDetailTypes() },
    });
    expect(outboxDetailTypes()).toEqual(expect.arrayContaining(['Post Published', 'Inbound Event Rejected']));
  });
});

describe('the metric rounds on EventBridge Scheduler', () => {
  it('have a schedule group and a role only Scheduler of this account assumes, allowed to invoke collect-metrics and the feedback checks and nothing else', () => {
    // Prepare
    const collectMetrics = functionLogicalIdByRole('collectMetrics');
    const checkFeedbackSla = functionLogicalIdByRole('checkFeedbackSla');

    // Act
    const groups = template.findResources('AWS::Scheduler::ScheduleGroup') as Record<string, Resource>;
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
        },
      },
    }) as Record<string, Resource>;
    const [roleId, role] =
      Object.entries(roles).find(([, r]) => String(r.Properties.Description).includes('CollectMetrics')) ??
      [];
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    );

    // Assess
    expect(Object.values(groups).map((g) => g.Properties.Name)).toEqual([
      'Brandflow-metrics-rounds',
      'Brandflow-reports',
    ]);
    // One for the metric rounds, one for the report schedules.
    expect(Object.keys(roles)).toHaveLength(2);
    expect(JSON.stringify(role?.Properties.AssumeRolePolicyDocument)).toContain('aws:SourceAccount');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [collectMetrics, 'Arn'] },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [checkFeedbackSla, 'Arn'] },
      }),
    );
    expect(statements.flatMap((s) => s.Action).sort()).toEqual(
      [
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'lambda:InvokeFunction',
        'lambda:InvokeFunction',
        'sqs:SendMessage',
      ].sort(),
    );
  });

  it('give the metrics steps the group, the role, the dead-letter queue and the target they schedule', () => {
    // Act
    const vars = (role: string) =>
      (
        (functions[functionLogicalIdByRole(role)] as Resource).Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;

    // Assess
    expect(vars('scheduleMetricsRounds')).toMatchObject({
      METRICS_SCHEDULE_GROUP: 'Brandflow-metrics-rounds',
      METRICS_SCHEDULER_ROLE_ARN: expect.anything(),
      METRICS_DEAD_LETTER_QUEUE_ARN: expect.anything(),
      COLLECT_METRICS_FUNCTION_ARN: { 'Fn::GetAtt': [functionLogicalIdByRole('collectMetrics'), 'Arn'] },
    });
    expect(vars('collectMetrics')).toMatchObject({ METRICS_SCHEDULE_GROUP: 'Brandflow-metrics-rounds' });
    expect('COLLECT_METRICS_FUNCTION_ARN' in vars('collectMetrics')).toBe(false);
  });

  it('send a round Lambda could not run after its retries to the dead-letter queue', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionLogicalIdByRole('collectMetrics') },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });
});

describe('the report schedules on EventBridge Scheduler', () => {
  it('have a role only Scheduler of this account assumes, allowed to invoke generate-report and nothing else', () => {
    // Prepare
    const generateReport = functionLogicalIdByRole(InboundEvent.GenerateReport);

    // Act
    const [roleId, role] =
      Object.entries(template.findResources('AWS::IAM::Role') as Record<string, Resource>).find(([, r]) =>
        String(r.Properties.Description).includes('GenerateReport'),
      ) ?? [];
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    );

    // Assess
    expect(JSON.stringify(role?.Properties.AssumeRolePolicyDocument)).toContain('aws:SourceAccount');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [generateReport, 'Arn'] },
      }),
    );
    expect(statements.flatMap((s) => s.Action).sort()).toEqual(
      ['kms:Decrypt', 'kms:GenerateDataKey', 'lambda:InvokeFunction', 'sqs:SendMessage'].sort(),
    );
  });

  it('give the profile setters the group, the role, the dead-letter queue and generate-report as the target', () => {
    for (const role of [InboundEvent.UpdateBrandProfile, 'PUT /brands/{brandId}/profile']) {
      // Act
      const vars = (
        (functions[functionLogicalIdByRole(role)] as Resource).Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;

      // Assess
      expect(vars, role).toMatchObject({
        REPORT_SCHEDULE_GROUP: 'Brandflow-reports',
        REPORT_SCHEDULER_ROLE_ARN: expect.anything(),
        REPORT_DEAD_LETTER_QUEUE_ARN: expect.anything(),
        GENERATE_REPORT_FUNCTION_ARN: {
          'Fn::GetAtt': [functionLogicalIdByRole(InboundEvent.GenerateReport), 'Arn'],
        },
      });
    }
  });
});
