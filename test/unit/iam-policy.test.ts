import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnsupportedPolicyError } from '../../local/errors.js';
import {
  type AuthorizationRequest,
  type Decision,
  evaluatePolicies,
  type PolicyStatement,
} from '../../local/iam/policy.js';

const BOOKS = 'arn:aws:dynamodb:us-west-2:111122223333:table/Books';
const BUS = 'arn:aws:events:us-east-1:111122223333:event-bus/default';

// Statements two rows share: the same policy, asked two questions.
const ALL_BUT_IAM: PolicyStatement[] = [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }];

const HR_PAYROLL_ONLY: PolicyStatement[] = [
  { Effect: 'Allow', Action: 's3:*', Resource: '*' },
  {
    Effect: 'Deny',
    Action: 's3:*',
    NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'],
  },
];

const TLS_ONLY: PolicyStatement[] = [
  { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*' },
  {
    Effect: 'Deny',
    Action: 's3:*',
    Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
];

const SMALL_INSTANCES_ONLY: PolicyStatement[] = [
  {
    Effect: 'Allow',
    Action: 'ec2:RunInstances',
    Resource: '*',
    Condition: { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } },
  },
];

const LISTED_ATTRIBUTES_ONLY: PolicyStatement[] = [
  {
    Effect: 'Allow',
    Action: 'dynamodb:GetItem',
    Resource: BOOKS,
    Condition: { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['ID', 'Message', 'Tags'] } },
  },
];

const MFA_REQUIRED: PolicyStatement[] = [
  { Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*' },
  {
    Effect: 'Deny',
    Action: 'ec2:StopInstances',
    Resource: '*',
    Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } },
  },
];

const ACCOUNT_TOPICS_ONLY: PolicyStatement[] = [
  {
    Effect: 'Allow',
    Action: 'sqs:SendMessage',
    Resource: 'arn:aws:sqs:us-east-1:111122223333:queue1',
    Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:*' } },
  },
];

interface Row {
  example: string;
  statements: PolicyStatement[];
  request: AuthorizationRequest;
  expected: Decision;
}

// Policies and requests after the examples of the IAM User Guide ("Policy evaluation logic",
// "IAM JSON policy elements: Condition operators", "NotAction", "NotResource") and the
// DynamoDB and EventBridge guides' condition-key examples.
const rows: Row[] = [
  {
    example: 'an action no statement allows is implicitly denied',
    statements: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: BOOKS }],
    request: { action: 'dynamodb:PutItem', resource: BOOKS },
    expected: 'implicit-deny',
  },
  {
    example: 'an allowed action on the named table is allowed',
    statements: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: BOOKS }],
    request: { action: 'dynamodb:Query', resource: BOOKS },
    expected: 'allow',
  },
  {
    example: 'action names are case-insensitive',
    statements: [{ Effect: 'Allow', Action: 'DynamoDB:getitem', Resource: BOOKS }],
    request: { action: 'dynamodb:GetItem', resource: BOOKS },
    expected: 'allow',
  },
  {
    example: 'an explicit deny overrides an allow',
    statements: [
      { Effect: 'Allow', Action: 'dynamodb:*', Resource: BOOKS },
      { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: BOOKS },
    ],
    request: { action: 'dynamodb:DeleteItem', resource: BOOKS },
    expected: 'explicit-deny',
  },
  {
    example: 'a wildcard in the action name matches the actions it names',
    statements: [{ Effect: 'Allow', Action: 'dynamodb:Get*', Resource: BOOKS }],
    request: { action: 'dynamodb:Query', resource: BOOKS },
    expected: 'implicit-deny',
  },
  {
    example: 'a table ARN does not cover its indexes',
    statements: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: BOOKS }],
    request: { action: 'dynamodb:Query', resource: `${BOOKS}/index/byAuthor` },
    expected: 'implicit-deny',
  },
  {
    example: 'the index wildcard covers every index of the table',
    statements: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: `${BOOKS}/index/*` }],
    request: { action: 'dynamodb:Query', resource: `${BOOKS}/index/byAuthor` },
    expected: 'allow',
  },
  {
    example: 'a wildcard region segment matches any region',
    statements: [
      {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: 'arn:aws:dynamodb:*:111122223333:table/Books',
      },
    ],
    request: { action: 'dynamodb:GetItem', resource: BOOKS },
    expected: 'allow',
  },
  {
    example: 'a wildcard in the resource part spans slashes: table/* covers indexes too',
    statements: [
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: 'arn:aws:dynamodb:us-west-2:111122223333:table/*',
      },
    ],
    request: { action: 'dynamodb:Query', resource: `${BOOKS}/index/byAuthor` },
    expected: 'allow',
  },
  {
    example: 'NotAction with Allow allows everything but the named actions',
    statements: ALL_BUT_IAM,
    request: { action: 'dynamodb:GetItem', resource: BOOKS },
    expected: 'allow',
  },
  {
    example: 'NotAction with Allow does not allow the named actions',
    statements: ALL_BUT_IAM,
    request: { action: 'iam:CreateUser', resource: 'arn:aws:iam::111122223333:user/Bob' },
    expected: 'implicit-deny',
  },
  {
    example: 'NotResource with Deny denies every resource but the named one',
    statements: HR_PAYROLL_ONLY,
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::HRBucket/Other/a.txt' },
    expected: 'explicit-deny',
  },
  {
    example: 'NotResource with Deny leaves the named resource to the allow',
    statements: HR_PAYROLL_ONLY,
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::HRBucket/Payroll/2026.csv' },
    expected: 'allow',
  },
  {
    example: 'a deny on insecure transport (Bool aws:SecureTransport false) denies plain HTTP',
    statements: TLS_ONLY,
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/a',
      context: { 'aws:SecureTransport': false },
    },
    expected: 'explicit-deny',
  },
  {
    example: 'the same deny lets HTTPS through',
    statements: TLS_ONLY,
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/a',
      context: { 'aws:SecureTransport': true },
    },
    expected: 'allow',
  },
  {
    example: 'several values for one key: any one matches (OR)',
    statements: [
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: BUS,
        Condition: { StringEquals: { 'events:detail-type': ['Order Placed', 'Order Shipped'] } },
      },
    ],
    request: {
      action: 'events:PutEvents',
      resource: BUS,
      context: { 'events:detail-type': 'Order Shipped' },
    },
    expected: 'allow',
  },
  {
    example: 'several keys: every one must match (AND)',
    statements: [
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: BUS,
        Condition: {
          StringEquals: { 'events:detail-type': 'Order Placed', 'events:source': 'com.mycompany.myapp' },
        },
      },
    ],
    request: {
      action: 'events:PutEvents',
      resource: BUS,
      context: { 'events:detail-type': 'Order Placed', 'events:source': 'com.other.app' },
    },
    expected: 'implicit-deny',
  },
  {
    example: 'condition key names are case-insensitive, values are not',
    statements: [
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: BUS,
        Condition: { StringEquals: { 'Events:Source': 'com.mycompany.myapp' } },
      },
    ],
    request: {
      action: 'events:PutEvents',
      resource: BUS,
      context: { 'events:source': 'com.MyCompany.myapp' },
    },
    expected: 'implicit-deny',
  },
  {
    example: 'a key missing from the request fails StringEquals',
    statements: [
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: BUS,
        Condition: { StringEquals: { 'events:source': 'app' } },
      },
    ],
    request: { action: 'events:PutEvents', resource: BUS },
    expected: 'implicit-deny',
  },
  {
    example: 'a key missing from the request satisfies StringNotEquals',
    statements: [
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: BUS,
        Condition: { StringNotEquals: { 'events:source': 'app' } },
      },
    ],
    request: { action: 'events:PutEvents', resource: BUS },
    expected: 'allow',
  },
  {
    example: 'StringLikeIfExists holds when the key is absent (ec2:InstanceType example)',
    statements: SMALL_INSTANCES_ONLY,
    request: { action: 'ec2:RunInstances', resource: 'arn:aws:ec2:us-east-1::image/ami-1' },
    expected: 'allow',
  },
  {
    example: 'StringLikeIfExists still checks a key that is present',
    statements: SMALL_INSTANCES_ONLY,
    request: { action: 'ec2:RunInstances', resource: '*', context: { 'ec2:InstanceType': 'p4d.24xlarge' } },
    expected: 'implicit-deny',
  },
  {
    example: 'ForAllValues:StringEquals allows requests that use only the listed attributes',
    statements: LISTED_ATTRIBUTES_ONLY,
    request: {
      action: 'dynamodb:GetItem',
      resource: BOOKS,
      context: { 'dynamodb:Attributes': ['ID', 'Message'] },
    },
    expected: 'allow',
  },
  {
    example: 'ForAllValues:StringEquals refuses a request with one attribute outside the list',
    statements: LISTED_ATTRIBUTES_ONLY,
    request: {
      action: 'dynamodb:GetItem',
      resource: BOOKS,
      context: { 'dynamodb:Attributes': ['ID', 'Secret'] },
    },
    expected: 'implicit-deny',
  },
  {
    example: 'ForAllValues holds when the key is absent (the documented pitfall)',
    statements: [
      {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: BOOKS,
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['ID'] } },
      },
    ],
    request: { action: 'dynamodb:GetItem', resource: BOOKS },
    expected: 'allow',
  },
  {
    example: 'ForAnyValue:StringEquals needs one of the request values in the list',
    statements: [
      {
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: '*',
        Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } },
      },
    ],
    request: {
      action: 'ec2:CreateTags',
      resource: '*',
      context: { 'aws:TagKeys': ['owner', 'cost-center'] },
    },
    expected: 'allow',
  },
  {
    example: 'ForAnyValue fails when the key is absent',
    statements: [
      {
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: '*',
        Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } },
      },
    ],
    request: { action: 'ec2:CreateTags', resource: '*' },
    expected: 'implicit-deny',
  },
  {
    example: 'Null true matches a request without the key (deny without MFA)',
    statements: MFA_REQUIRED,
    request: { action: 'ec2:StopInstances', resource: '*' },
    expected: 'explicit-deny',
  },
  {
    example: 'Null true does not match a request with the key',
    statements: MFA_REQUIRED,
    request: { action: 'ec2:StopInstances', resource: '*', context: { 'aws:MultiFactorAuthAge': '300' } },
    expected: 'allow',
  },
  {
    example: 'ArnLike matches each ARN segment on its own (aws:SourceArn example)',
    statements: ACCOUNT_TOPICS_ONLY,
    request: {
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-east-1:111122223333:queue1',
      context: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:topic-a' },
    },
    expected: 'allow',
  },
  {
    example: 'ArnLike refuses another account',
    statements: ACCOUNT_TOPICS_ONLY,
    request: {
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-east-1:111122223333:queue1',
      context: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:444455556666:topic-a' },
    },
    expected: 'implicit-deny',
  },
  {
    example: 'StringLike with ? matches exactly one character',
    statements: [
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: '*',
        Condition: { StringLike: { 's3:prefix': 'home/?' } },
      },
    ],
    request: { action: 's3:ListBucket', resource: '*', context: { 's3:prefix': 'home/ab' } },
    expected: 'implicit-deny',
  },
  {
    example: 'iam:PassRole only to the named service (StringEquals iam:PassedToService)',
    statements: [
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: 'arn:aws:iam::111122223333:role/scheduler',
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ],
    request: {
      action: 'iam:PassRole',
      resource: 'arn:aws:iam::111122223333:role/scheduler',
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    },
    expected: 'implicit-deny',
  },
];

describe('evaluatePolicies', () => {
  it.each(rows)('$example', ({ statements, request, expected }) => {
    // Act
    const decision = evaluatePolicies([{ Version: '2012-10-17', Statement: statements }], request);

    // Assess
    expect(decision).toBe(expected);
  });

  it.each([
    ['an operator it does not implement', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }],
    ['a date operator', { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }],
    ['a policy variable', { StringLike: { 's3:prefix': `home/$${'{'}aws:username}/*` } }],
  ])('refuses loudly, never allows, a policy with %s', (_, condition) => {
    // Prepare
    const statement: PolicyStatement = {
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: '*',
      Condition: condition,
    };

    // Act
    const evaluate = () =>
      evaluatePolicies([{ Statement: statement }], { action: 's3:ListBucket', resource: '*', context: {} });

    // Assess
    expect(evaluate).toThrow(UnsupportedPolicyError);
  });

  it('refuses a Principal element in an identity-based policy', () => {
    // Prepare
    const statement = { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' } as PolicyStatement;

    // Act
    const evaluate = () =>
      evaluatePolicies([{ Statement: statement }], { action: 's3:GetObject', resource: '*' });

    // Assess
    expect(evaluate).toThrow(/Principal/);
  });

  it('lets an explicit deny win whatever allows sit beside it', () => {
    const action = fc.constantFrom(
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'states:SendTaskSuccess',
      'events:PutEvents',
    );
    const statement = fc.record({
      Effect: fc.constantFrom<'Allow' | 'Deny'>('Allow'),
      Action: fc.oneof(action, fc.constant('*'), fc.constant('dynamodb:*')),
      Resource: fc.constantFrom('*', BOOKS, `${BOOKS}/index/*`),
    });
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 6 }), action, (allows, denied) => {
        // Prepare
        const deny: PolicyStatement = { Effect: 'Deny', Action: denied, Resource: '*' };

        // Act
        const decision = evaluatePolicies([{ Statement: [...allows, deny] }], {
          action: denied,
          resource: BOOKS,
        });

        // Assess
        expect(decision).toBe('explicit-deny');
      }),
    );
  });

  it('never lets adding an allow statement take away an allow', () => {
    const statement = fc.record({
      Effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
      Action: fc.constantFrom('dynamodb:GetItem', 'dynamodb:*', '*', 'events:PutEvents'),
      Resource: fc.constantFrom('*', BOOKS, `${BOOKS}/index/*`),
    });
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 6 }), (statements) => {
        // Prepare
        const request = { action: 'dynamodb:GetItem', resource: BOOKS };
        const before = evaluatePolicies([{ Statement: statements }], request);

        // Act
        const after = evaluatePolicies(
          [{ Statement: [...statements, { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: BOOKS }] }],
          request,
        );

        // Assess
        expect(after).toBe(before === 'explicit-deny' ? 'explicit-deny' : 'allow');
      }),
    );
  });
});
