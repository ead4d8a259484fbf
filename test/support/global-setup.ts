import { startDynamoDbLocal } from '../../local/dynamodb-local.js';

/** One in-memory DynamoDB Local for the whole run; every test file makes its own table in it. */
export default async function setup(): Promise<() => Promise<void>> {
  const db = await startDynamoDbLocal();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
  return () => db.stop();
}
