import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/core/template.js';
import { TableStreamReader } from '../../local/table-stream.js';

/*
 * DynamoDB Local numbers the stream records of all its tables from one counter: a write to
 * one table moves the first sequence number another table's still empty shard will get.
 */
const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB as string;
const dynamo = new DynamoDBClient({ ...localClientConfig, endpoint });
const streams = new DynamoDBStreamsClient({ ...localClientConfig, endpoint });
afterAll(() => {
  dynamo.destroy();
  streams.destroy();
});

/** A table with a stream of its own in the shared DynamoDB Local; its stream ARN. */
async function streamedTable(): Promise<{ tableName: string; streamArn: string }> {
  const tableName = `stream-${randomUUID()}`;
  const { TableDescription } = await dynamo.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  return { tableName, streamArn: TableDescription?.LatestStreamArn as string };
}

const put = (tableName: string, pk: string) =>
  dynamo.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk } } }));
const reader = (streamArn: string) =>
  new TableStreamReader(streams, streamArn, 'TRIM_HORIZON', localClientConfig.region, endpoint);
const keysOf = (read: Awaited<ReturnType<TableStreamReader['next']>>) =>
  read.records.map((record) => (record.dynamodb.NewImage as { pk: { S: string } }).pk.S);

describe('the table stream reader on a DynamoDB Local shared by several tables', () => {
  it("reads a table's first records though another table wrote after its empty stream was opened", async () => {
    // Prepare: the reader holds an iterator on the empty shard, then another table writes first
    const own = await streamedTable();
    const other = await streamedTable();
    const ownReader = reader(own.streamArn);
    expect(keysOf(await ownReader.next(100))).toEqual([]);
    await put(other.tableName, 'other-1');
    await put(own.tableName, 'own-1');
    await put(own.tableName, 'own-2');

    // Act
    const first = await ownReader.next(100);

    // Assess
    expect(keysOf(first)).toEqual(['own-1', 'own-2']);
  });

  it('hands out each record once while two tables write in turns', async () => {
    // Prepare: both readers start on empty shards, then the tables' writes interleave
    const [a, b] = [await streamedTable(), await streamedTable()];
    const readers = [reader(a.streamArn), reader(b.streamArn)];
    for (const each of readers) expect(keysOf(await each.next(100))).toEqual([]);
    const read: string[][] = [[], []];

    // Act
    for (let round = 1; round <= 3; round += 1) {
      await put(b.tableName, `b-${round}`);
      await put(a.tableName, `a-${round}`);
      for (const [i, each] of readers.entries()) read[i]?.push(...keysOf(await each.next(100)));
    }
    for (const [i, each] of readers.entries()) read[i]?.push(...keysOf(await each.next(100)));

    // Assess
    expect(read).toEqual([
      ['a-1', 'a-2', 'a-3'],
      ['b-1', 'b-2', 'b-3'],
    ]);
  });
});
