import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeBrandflow } from './synthesized.js';

let template: Template;
let bucketId: string;

type Statement = { Action: string | string[]; Resource: unknown };
type Policy = { Properties: { PolicyDocument: { Statement: Statement[] } } };

beforeAll(() => {
  template = synthesizeBrandflow().template;
  bucketId =
    Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('Assets')) ?? '';
});

describe('the assets bucket', () => {
  it('is encrypted, versioned, private, kept on stack deletion, and lets no upload outlive a day', () => {
    // Act
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId];

    // Assess
    expect(bucket?.DeletionPolicy).toBe('Retain');
    expect(bucket?.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
    });
    expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket?.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({
        Prefix: 'incoming/',
        ExpirationInDays: 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      }),
    );
  });

  it('is reached only by the asset routes and publishing: uploads presigned under incoming/, checked files read from assets/, platform variants under variants/', () => {
    // Prepare
    const policies = template.findResources('AWS::IAM::Policy') as Record<string, Policy>;

    // Act
    const grants = Object.entries(policies).flatMap(([id, policy]) =>
      policy.Properties.PolicyDocument.Statement.filter((s) =>
        JSON.stringify(s.Resource).includes(`"${bucketId}"`),
      ).map((s) => ({
        fn: id.replace(/(ServiceRole|Role)?DefaultPolicy.*$/, '').replace(/^PeopleApi/, ''),
        actions: [s.Action].flat().sort(),
        prefix: /\/([a-z]+\/)\*/.exec(JSON.stringify(s.Resource))?.[1],
      })),
    );

    // Assess
    expect(
      grants.map((g) => `${g.fn.replace(/[A-F0-9]{8}$/, '')} ${g.actions.join(',')} ${g.prefix}`).sort(),
    ).toEqual(
      [
        'apiaddasset s3:PutObject incoming/',
        'apicompleteasset s3:DeleteObject,s3:GetObject incoming/',
        'apicompleteasset s3:PutObject assets/',
        'apicompleteasset s3:PutObject originals/',
        'PublishToChannel s3:GetObject,s3:GetObjectVersion assets/',
        'PublishToChannel s3:GetObject,s3:PutObject variants/',
      ].sort(),
    );
  });
});
