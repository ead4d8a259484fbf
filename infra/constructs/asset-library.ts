import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { FunctionAccess } from '../core/function-access.js';
import { createPrivateBucket, grantUnderPrefix } from './private-bucket.js';

/** The key prefixes of the library's bucket (functions/domain/asset.ts builds the keys). */
const Prefix = {
  incoming: 'incoming/',
  stored: 'assets/',
  original: 'originals/',
  variant: 'variants/',
} as const;

/** The S3 actions and prefixes each kind of asset access needs. */
const GRANTS: Record<NonNullable<FunctionAccess['assets']>, { actions: string[]; prefix: string }[]> = {
  // A presigned URL can do what its signer's role can: put the announced upload, nothing else.
  announce: [{ actions: ['s3:PutObject'], prefix: Prefix.incoming }],
  ingest: [
    { actions: ['s3:GetObject', 's3:DeleteObject'], prefix: Prefix.incoming },
    { actions: ['s3:PutObject'], prefix: Prefix.stored },
    { actions: ['s3:PutObject'], prefix: Prefix.original },
  ],
  // The exact version a record names, uploaded to the platforms; a platform variant made
  // from it once (functions/channels/media/variants.ts) and read again by later attempts.
  publish: [
    { actions: ['s3:GetObject', 's3:GetObjectVersion'], prefix: Prefix.stored },
    { actions: ['s3:GetObject', 's3:PutObject'], prefix: Prefix.variant },
  ],
};

/**
 * The brands' media library: one bucket, encrypted, versioned (a post publishes the exact
 * version its approval saw), reachable over TLS only and never public. Uploads arrive under
 * `incoming/` through presigned URLs and are removed once checked; one never completed expires
 * after a day. Retained on stack deletion, as the table is.
 *
 * @example
 * ```ts
 * const assets = new AssetLibrary(this, 'Assets');
 * assets.allow(fn, 'ingest');
 * ```
 */
export class AssetLibrary extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = createPrivateBucket(
      this,
      [
        // Uploads hold personal metadata until checked: none outlives a day, in any version.
        {
          prefix: Prefix.incoming,
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { prefix: Prefix.stored, noncurrentVersionExpiration: Duration.days(365) },
        // A variant is derived and made again when missing: overlapping attempts' copies go.
        { prefix: Prefix.variant, noncurrentVersionExpiration: Duration.days(1) },
      ],
      'Objects are read whole by the publishing functions; CloudTrail data events can be enabled per account instead of a second logs bucket.',
    );
  }

  /** Grants a function exactly what its kind of asset access needs, on its prefixes only. */
  allow(fn: lambda.IFunction, access: NonNullable<FunctionAccess['assets']>): void {
    for (const { actions, prefix } of GRANTS[access]) {
      grantUnderPrefix(
        this.bucket,
        fn,
        actions,
        prefix,
        'One object per brand and asset under the prefix: the keys are not known in advance.',
      );
    }
  }

  /** The environment the asset functions read. */
  environment(): Record<string, string> {
    return { ASSETS_BUCKET_NAME: this.bucket.bucketName };
  }
}
