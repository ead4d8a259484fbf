import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

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
