import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TableDesign } from '../../functions/persistence/table-design.js';

/**
 * The single table every step records into, built from the key names the handlers use.
 * Retained on stack deletion: it is the publication record.
 *
 * @example
 * ```ts
 * const { table } = new DataTable(this, 'Data');
 * table.grantReadWriteData(fn);
 * ```
 */
export class DataTable extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const string = dynamodb.AttributeType.STRING;

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts Brandflow posts, reviews and publication records',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TableDesign.partitionKey, type: string },
      sortKey: { name: TableDesign.sortKey, type: string },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TableDesign.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      // The publication record: deleting the table takes turning this off first.
      deletionProtection: true,
      // The outbox: every new item's events reach the bus through the stream (OutboxForwarding).
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });

    const { calendarIndex } = TableDesign;
    this.table.addGlobalSecondaryIndex({
      indexName: calendarIndex.name,
      partitionKey: { name: calendarIndex.partitionKey, type: string },
      sortKey: { name: calendarIndex.sortKey, type: string },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
