import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * Creates the table from its CloudFormation properties unless it exists already (a data
 * folder kept from an earlier run). Only what DynamoDB Local honours is carried over: keys,
 * indexes, billing, streams and TTL; encryption and point-in-time recovery are AWS-side.
 *
 * @example
 * ```ts
 * await ensureTable(client, 'brandflow', template.table.properties);
 * ```
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  properties: Record<string, unknown>,
) {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const payPerRequest = properties.BillingMode === 'PAY_PER_REQUEST';
  const indexes = (properties.GlobalSecondaryIndexes as Record<string, unknown>[] | undefined)?.map(
    (index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
      ...(payPerRequest ? {} : { ProvisionedThroughput: index.ProvisionedThroughput }),
    }),
  );
  const stream = properties.StreamSpecification as { StreamViewType?: string } | undefined;
  const input = {
    TableName: tableName,
    AttributeDefinitions: properties.AttributeDefinitions,
    KeySchema: properties.KeySchema,
    BillingMode: payPerRequest ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ProvisionedThroughput: payPerRequest
      ? undefined
      : (properties.ProvisionedThroughput ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 }),
    GlobalSecondaryIndexes: indexes,
    LocalSecondaryIndexes: properties.LocalSecondaryIndexes,
    StreamSpecification: stream?.StreamViewType
      ? { StreamEnabled: true, StreamViewType: stream.StreamViewType }
      : undefined,
  } as CreateTableCommandInput;
  await client.send(new CreateTableCommand(input));
  const ttl = properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
  if (ttl?.AttributeName && ttl.Enabled) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
      }),
    );
  }
}
