import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '../local/core/template.js';

export interface RawWriteResult {
  writesPerSecond: number;
  writes: number;
  concurrency: number;
  itemBytes: number;
}

/**
 * What DynamoDB Local itself sustains on this machine: PutItem of small items from
 * `concurrency` loops for `durationMs`, through the same SDK, into a table of its own.
 */
export async function measureRawWrites(
  endpoint: string,
  { concurrency = 16, durationMs = 5000, itemBytes = 400 } = {},
): Promise<RawWriteResult> {
  const client = new DynamoDBClient({ ...localClientConfig, endpoint });
  const TableName = `bench-raw-${Date.now()}`;
  try {
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      }),
    );
    const body = 'x'.repeat(itemBytes);
    let writes = 0;
    const deadline = performance.now() + durationMs;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, loop) => {
        while (performance.now() < deadline) {
          await client.send(
            new PutItemCommand({
              TableName,
              Item: { pk: { S: `item-${loop}-${writes}` }, body: { S: body } },
            }),
          );
          writes += 1;
        }
      }),
    );
    return { writesPerSecond: writes / ((performance.now() - start) / 1000), writes, concurrency, itemBytes };
  } finally {
    client.destroy();
  }
}
