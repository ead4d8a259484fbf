import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createPrivateBucket, grantUnderPrefix } from './private-bucket.js';

/**
 * The bucket analysis reports are kept in, as records: encrypted, versioned (a report
 * generated again keeps the earlier one), reachable over TLS only and never public. Old
 * versions move to infrequent access after 30 days and expire after a year; current reports
 * stay. Retained on stack deletion, as the table is.
 *
 * @example
 * ```ts
 * const reports = new ReportStorage(this, 'Reports');
 * reports.allowWriting(generateReportFunction);
 * ```
 */
export class ReportStorage extends Construct {
  readonly bucket: s3.Bucket;
  /** Every report's key starts with it. */
  static readonly prefix = 'reports/';

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = createPrivateBucket(
      this,
      [
        {
          noncurrentVersionTransitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
          ],
          noncurrentVersionExpiration: Duration.days(365),
        },
      ],
      'Only the report function writes here and readers fetch whole reports; CloudTrail data events can be enabled per account instead of a second logs bucket.',
    );
  }

  /** Lets a function put report objects (s3:PutObject under `reports/`), and nothing else. */
  allowWriting(fn: lambda.IFunction): void {
    this.allow(fn, 's3:PutObject');
  }

  /** Lets a function read report objects (s3:GetObject under `reports/`: presigned report links), and nothing else. */
  allowReading(fn: lambda.IFunction): void {
    this.allow(fn, 's3:GetObject');
  }

  private allow(fn: lambda.IFunction, action: string): void {
    grantUnderPrefix(
      this.bucket,
      fn,
      [action],
      ReportStorage.prefix,
      'One object per brand, period and format under reports/: the keys are not known in advance.',
    );
  }

  /** The environment the report function reads. */
  environment(): Record<string, string> {
    return { REPORTS_BUCKET_NAME: this.bucket.bucketName };
  }
}
