import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeBrandflow } from './synthesized.js';

let template: Template;

beforeAll(() => {
  template = synthesizeBrandflow().template;
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('the reports bucket', () => {
  it('is encrypted, versioned, private, kept on stack deletion, with lifecycle rules for old versions', () => {
    // Assess
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: Match.objectLike({
          BlockPublicAcls: true,
          RestrictPublicBuckets: true,
        }),
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 365 } }),
          ]),
        },
      }),
    });
  });

  it('refuses every request not made over TLS', () => {
    // Assess
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('is written only by the report function and read only by the latest-report route, each with one action under reports/', () => {
    // Prepare
    const policies = template.findResources('AWS::IAM::Policy') as Record<
      string,
      { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } }
    >;
    const reportsBucket = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) =>
      id.startsWith('Reports'),
    );
    // Act
    const s3Statements = Object.entries(policies).flatMap(([id, policy]) =>
      policy.Properties.PolicyDocument.Statement.filter(
        (s) =>
          [s.Action].flat().some((a) => a.startsWith('s3:')) &&
          JSON.stringify(s.Resource).includes(`"${reportsBucket}"`),
      ).map((s) => ({ id, statement: s })),
    );
    // Assess
    expect(
      s3Statements.map(({ id, statement }) => [id.replace(/Role.*$/, ''), statement.Action]).sort(),
    ).toEqual([
      ['GenerateReport', 's3:PutObject'],
      ['PeopleApiapigetlatestreport', 's3:GetObject'],
    ]);
    for (const { statement } of s3Statements)
      expect(JSON.stringify(statement.Resource)).toContain('/reports/*');
  });
});
