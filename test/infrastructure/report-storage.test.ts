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

  it('is written only by the report function, which may only put objects under reports/', () => {
    // Prepare
    const policies = template.findResources('AWS::IAM::Policy') as Record<
      string,
      { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } }
    >;
    // Act
    // CDK's function that copies the review portal's files writes to the portal's own bucket only.
    const own = Object.entries(policies).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));
    const s3Statements = own.flatMap(([id, policy]) =>
      policy.Properties.PolicyDocument.Statement.filter((s) =>
        [s.Action].flat().some((a) => a.startsWith('s3:')),
      ).map((s) => ({ id, statement: s })),
    );
    // Assess
    expect(s3Statements).toHaveLength(1);
    expect(s3Statements[0]?.id).toMatch(/^GenerateReport/);
    expect(s3Statements[0]?.statement.Action).toBe('s3:PutObject');
    expect(JSON.stringify(s3Statements[0]?.statement.Resource)).toContain('/reports/*');
  });
});
