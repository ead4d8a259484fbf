import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

// Bundled by test/infrastructure/handler-bundle.test.ts the way every handler is bundled.
try {
  const { TableNames } = await new DynamoDBClient({}).send(new ListTablesCommand({}));
  process.stdout.write(JSON.stringify({ tables: TableNames?.length ?? 0 }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: (error as Error).name, message: (error as Error).message }));
}
