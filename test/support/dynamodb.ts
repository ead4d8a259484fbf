import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TableDesign } from '../../functions/persistence/table-design.js';

/**
 * Creates a fresh table of Brandflow's design in the DynamoDB Local that the global setup
 * started, so each test file works on its own data.
 */
export async function createTestTable(): Promise<string> {
  const tableName = `brandflow-test-${randomUUID()}`;
  const client = new DynamoDBClient({});
  const { partitionKey, sortKey, calendarIndex } = TableDesign;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [partitionKey, sortKey, calendarIndex.partitionKey, calendarIndex.sortKey].map(
        (name) => ({ AttributeName: name, AttributeType: 'S' }),
      ),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      // The outbox: handlers' events reach the bus through the stream (test/support/outbox-relay.ts).
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      GlobalSecondaryIndexes: [
        {
          IndexName: calendarIndex.name,
          KeySchema: [
            { AttributeName: calendarIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: calendarIndex.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  client.destroy();
  process.env.TABLE_NAME = tableName;
  return tableName;
}
