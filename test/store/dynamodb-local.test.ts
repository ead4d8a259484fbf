import { createServer, type Server } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { DynamoDbLocalStartError, startDynamoDbLocal } from '../../local/dynamodb-local.js';

let squatter: Server | undefined;
afterEach(() => new Promise<void>((done) => (squatter ? squatter.close(() => done()) : done())));

it('says which port is taken instead of waiting forever when another program holds it', async () => {
  // Prepare: something that accepts connections but never answers HTTP
  squatter = createServer(() => undefined);
  const port = await new Promise<number>((done) =>
    squatter?.listen(0, '127.0.0.1', () => {
      const address = squatter?.address();
      done(typeof address === 'object' && address ? address.port : 0);
    }),
  );

  // Act
  const starting = startDynamoDbLocal({ port, startTimeoutMs: 5_000 });

  // Assess
  await expect(starting).rejects.toBeInstanceOf(DynamoDbLocalStartError);
  await expect(starting).rejects.toThrow(`port ${port} is already in use`);
});
