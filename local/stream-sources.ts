import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LocalAws, type LocalFunction, type LocalTemplate, localClientConfig } from './core/template.js';
import type { DeadLetters } from './dead-letters.js';
import type { LocalFaults } from './faults.js';
import type { LambdaHost } from './lambda-host.js';
import { LocalStreamMapping } from './stream-mapping.js';
import { TableStreamReader } from './table-stream.js';

export interface StreamSourcesOptions {
  template: LocalTemplate;
  tableName: string;
  dynamoDbEndpoint: string;
  host: LambdaHost;
  deadLetters: DeadLetters;
  faults: LocalFaults;
  /** Runs work as a function's role (local IAM); without it the pollers read as the admin. */
  runAs?: <T>(fn: LocalFunction, work: () => T) => T;
}

/**
 * Starts one {@link LocalStreamMapping} per event source mapping of the template on the
 * table's stream (the outbox forwarder), reading DynamoDB Local's stream as the function's
 * role when `runAs` is given (the stream calls then pass the local IAM, as on AWS).
 *
 * @example
 * ```ts
 * const streams = await startStreamSources({ template, tableName, dynamoDbEndpoint, host, deadLetters, faults });
 * await streams.stop();
 * ```
 */
export async function startStreamSources(options: StreamSourcesOptions): Promise<{ stop(): Promise<void> }> {
  const { template, host, faults } = options;
  if (template.streamSources.length === 0) return { stop: async () => undefined };
  const dynamo = new DynamoDBClient({ ...localClientConfig, endpoint: options.dynamoDbEndpoint });
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamo.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) return { stop: async () => undefined };
  const client = new DynamoDBStreamsClient({ ...localClientConfig, endpoint: options.dynamoDbEndpoint });
  const mappings = template.streamSources.map((source) => {
    const fn = template.functions[source.functionLogicalId];
    return new LocalStreamMapping({
      source,
      reader: new TableStreamReader(
        client,
        streamArn,
        source.startingPosition,
        LocalAws.region,
        options.dynamoDbEndpoint,
      ),
      host: {
        ...host,
        invoke: (logicalId, event) => faults.aroundForwarder(() => host.invoke(logicalId, event)),
      },
      functionArn: `${fn?.arn}:$LATEST`,
      deadLetters: options.deadLetters,
      asRole:
        fn && options.runAs
          ? (work) => (options.runAs as NonNullable<typeof options.runAs>)(fn, work)
          : undefined,
    });
  });
  for (const mapping of mappings) mapping.start();
  return {
    stop: async () => {
      await Promise.all(mappings.map((mapping) => mapping.stop()));
      client.destroy();
    },
  };
}
