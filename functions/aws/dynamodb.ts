import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { scopedClient } from './run-scope.js';

/*
 * One client per service, made on first use from the running configuration (AWS_REGION and
 * the service-specific AWS_ENDPOINT_URL_* variables; see run-scope.ts), so Lambda builds it
 * once per container and each local run gets its own. Each service has its own module so
 * that a handler's bundle carries only the SDK clients it calls.
 */

/**
 * The DynamoDB document client every persistence module writes through.
 *
 * @example
 * ```ts
 * await dynamo.send(new GetCommand({ TableName: tableName(), Key: keys.post(postId) }));
 * ```
 */
export const dynamo = scopedClient('DYNAMODB', (config) =>
  DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);
