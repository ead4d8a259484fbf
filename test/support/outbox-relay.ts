import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { TableStreamReader } from '../../local/table-stream.js';

/**
 * Drains the test table's stream through the real forwarder handler, as the event source
 * mapping does on AWS: what the handlers wrote to the outbox reaches the bus (here the
 * recording fake) when `relay()` resolves. Call after the fake has set the endpoints.
 *
 * @example
 * ```ts
 * const relay = await startOutboxRelay();
 * await h.cancelPost(detail);
 * await relay();
 * aws.events('Post Cancelled'); // [ ... ]
 * ```
 */
export async function startOutboxRelay(): Promise<() => Promise<void>> {
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
  const { handler } = await import('../../functions/handlers/forward-events.js');
  return async () => {
    for (;;) {
      const { records } = await reader.next(100);
      if (records.length === 0) return;
      const result = (await handler({ Records: records } as never, {} as never)) as {
        batchItemFailures: unknown[];
      };
      if (result.batchItemFailures.length > 0) throw new Error('the forwarder could not put the events');
    }
  };
}
