import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * What every bucket of the stack is: encrypted, versioned, reachable over TLS only, never
 * public, owned by the account, retained on stack deletion (as the table is), with abandoned
 * multipart uploads removed after a day. `lifecycleRules` come on top.
 *
 * @example
 * ```ts
 * new s3.Bucket(this, 'Bucket', privateBucketProps([{ prefix: 'incoming/', expiration: Duration.days(1) }]));
 * ```
 */
export function privateBucketProps(lifecycleRules: s3.LifecycleRule[]): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    versioned: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }, ...lifecycleRules],
  };
}

/**
 * A private bucket (see {@link privateBucketProps}) named `Bucket` in `scope`, with the reason
 * it keeps no server access logs acknowledged.
 *
 * @example
 * ```ts
 * this.bucket = createPrivateBucket(this, [], 'Readers fetch whole objects; CloudTrail data events can be enabled instead.');
 * ```
 */
export function createPrivateBucket(
  scope: Construct,
  lifecycleRules: s3.LifecycleRule[],
  whyNoAccessLogs: string,
): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'Bucket', privateBucketProps(lifecycleRules));
  Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: whyNoAccessLogs });
  return bucket;
}

/**
 * Lets a function call `actions` on the objects under `prefix` only, acknowledging the
 * wildcard the unknown keys below it need.
 *
 * @example
 * ```ts
 * grantUnderPrefix(bucket, fn, ['s3:PutObject'], 'reports/', 'One object per brand and period: the keys are not known in advance.');
 * ```
 */
export function grantUnderPrefix(
  bucket: s3.Bucket,
  fn: lambda.IFunction,
  actions: string[],
  prefix: string,
  whyWildcard: string,
): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [bucket.arnForObjects(`${prefix}*`)] }));
  if (fn.role) {
    const stack = Stack.of(bucket);
    const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as CfnElement));
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
      reason: whyWildcard,
    });
  }
}
