import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/*
 * One client per service for the life of the process, configured by the environment only
 * (AWS_REGION and the service-specific AWS_ENDPOINT_URL_* variables), so Lambda and the
 * local runtime share this code. Each service has its own module so that a handler's bundle
 * carries only the SDK clients it calls.
 */

/**
 * The DynamoDB document client every persistence module writes through.
 *
 * @example
 * ```ts
 * await dynamo.send(new GetCommand({ TableName: tableName(), Key: keys.post(postId) }));
 * ```
 */
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
