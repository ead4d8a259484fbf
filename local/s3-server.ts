import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inSignersTimeFrame } from './clock.js';
import { isFunctionAccessKey } from './iam/caller.js';

/** The part of the S3 server's API the twin uses (the package ships no types). */
interface S3Server {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer: Server;
}
type S3ServerClass = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  vhostBuckets: boolean;
  resetOnClose: boolean;
  allowMismatchedSignatures: boolean;
  configureBuckets: { name: string }[];
}) => S3Server;

/** A running local S3 endpoint. */
export interface LocalS3 {
  /** `http://127.0.0.1:<port>`: set as AWS_ENDPOINT_URL_S3 for the handlers. */
  endpoint: string;
  /** Where the objects are kept on disk. */
  directory: string;
  stop(): Promise<void>;
}

/**
 * Starts a local S3 server (the maintained fork of s3rver, MIT) on loopback with the
 * template's buckets, so the handlers' real `@aws-sdk/client-s3` calls are answered as S3
 * answers them: path-style requests, SigV4-signed with the twin's credentials, objects kept in
 * `directory` (a temporary folder, removed on stop, when none is given).
 *
 * @example
 * ```ts
 * const s3 = await startLocalS3({ buckets: ['brandflow-reports'] });
 * process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
 * ```
 */
export async function startLocalS3(options: {
  buckets: string[];
  directory?: string;
  port?: number;
  /** The key pair requests must be signed with; the twin's `local`/`local` by default. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}): Promise<LocalS3> {
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'brandflow-s3-')));
  const require = createRequire(import.meta.url);
  const S3rver = require('@20minutes/s3rver') as S3ServerClass;
  const Accounts = require('@20minutes/s3rver/lib/models/account.js') as {
    registry: Map<string, unknown>;
    DUMMY_ACCOUNT: {
      createKeyPair(accessKeyId: string, secretAccessKey: string): void;
      accessKeys: Map<string, string>;
    };
  };
  const { DUMMY_ACCOUNT } = Accounts;
  const { accessKeyId, secretAccessKey } = options.credentials ?? {
    accessKeyId: 'local',
    secretAccessKey: 'local',
  };
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  // A presigned URL a function hands out names the function's own key id (local/iam/caller.ts),
  // signed with the twin's secret: accepted as S3 accepts a role session's keys. The S3 guard
  // in front has already checked the function's role allows the request.
  acceptFunctionKeys(Accounts.registry, DUMMY_ACCOUNT, secretAccessKey);
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory,
    silent: true,
    vhostBuckets: false,
    resetOnClose: false,
    // Requests are signed with the twin's key pair and checked, as S3 checks them.
    allowMismatchedSignatures: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  judgeInSignersTimeFrame(server.httpServer);
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory,
    stop: async () => {
      await server.close();
      if (!options.directory) await rm(directory, { recursive: true, force: true });
    },
  };
}

function acceptFunctionKeys(
  registry: Map<string, unknown>,
  account: { accessKeys: Map<string, string> },
  secretAccessKey: string,
): void {
  const findAccount = registry.get.bind(registry);
  registry.get = (id: string) => findAccount(id) ?? (isFunctionAccessKey(id) ? account : undefined);
  const findSecret = account.accessKeys.get.bind(account.accessKeys);
  account.accessKeys.get = (id: string) =>
    findSecret(id) ?? (isFunctionAccessKey(id) ? secretAccessKey : undefined);
}

/**
 * Runs the S3 server's handling of each request with `Date` in the time frame of its signer
 * (clock.ts `inSignersTimeFrame`), so the server's signature checks (a presigned link's expiry,
 * a header's 15 minutes of skew) count the wall time since signing: a link a handler made
 * lives its 300 seconds even if a compressed wait jumps the clock hours meanwhile, and still
 * expires after them.
 */
function judgeInSignersTimeFrame(http: Server): void {
  const listeners = http.listeners('request') as RequestListener[];
  http.removeAllListeners('request');
  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // Node stamps responses with the real time; the SDK corrects its clock from that header and
    // would then sign with a time the server calls skewed. The clock as it stands, not the
    // signer's: the SDK compares it with its own clock now.
    response.setHeader('Date', new Date().toUTCString());
    const handle = () => {
      for (const listener of listeners) listener.call(http, request, response);
    };
    const signedAt = signingTime(request);
    if (signedAt === undefined) handle();
    else inSignersTimeFrame(signedAt, handle);
  });
}

/** A SigV4 date, `20261130T211325Z`, as epoch milliseconds; undefined when it is not one. */
function signingTime(request: IncomingMessage): number | undefined {
  const query = new URL(request.url ?? '/', 'http://s3.local').searchParams;
  const header = request.headers['x-amz-date'];
  const text = query.get('X-Amz-Date') ?? (typeof header === 'string' ? header : undefined);
  const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
  if (text === undefined || !compact.test(text)) return undefined;
  const time = Date.parse(text.replace(compact, '$1-$2-$3T$4:$5:$6Z'));
  return Number.isNaN(time) ? undefined : time;
}
