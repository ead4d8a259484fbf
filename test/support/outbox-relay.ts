import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { TableStreamReader } from '../../local/table-stream.js';

/**
 * Drains the test table's stream through the forwarder, as the event source mapping does on
 * AWS: what the handlers wrote to the outbox reaches the bus when `relay()` resolves, which
 * answers how many stream records it forwarded. `forward` runs the forwarder (the twin's
 * function, as its role); call once the twin has set the environment.
 *
 * @example
 * ```ts
 * const relay = await startOutboxRelay((event) => twin.invoke(forwarderId, event));
 * await h.cancelPost(detail);
 * await relay();
 * twin.events; // [..., Post Cancelled]
 * ```
 */
export async function startOutboxRelay(
  forward: (event: { Records: unknown[] }) => Promise<unknown>,
): Promise<() => Promise<number>> {
  const dynamo = new DynamoDBClient({});
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: process.env.TABLE_NAME }));
  dynamo.destroy();
  const streamArn = Table?.LatestStreamArn as string;
  const reader = new TableStreamReader(
    new DynamoDBStreamsClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB }),
    streamArn,
    'TRIM_HORIZON',
    'us-east-1',
    process.env.AWS_ENDPOINT_URL_DYNAMODB as string,
  );
  return async () => {
    for (let forwarded = 0; ; ) {
      const { records } = await reader.next(100);
      if (records.length === 0) return forwarded;
      forwarded += records.length;
      const result = (await forward({ Records: records })) as { batchItemFailures: unknown[] };
      if (result.batchItemFailures.length > 0) throw new Error('the forwarder could not put the events');
    }
  };
}
