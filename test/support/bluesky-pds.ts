import { mkdtemp, rm } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type RequestListener,
  Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secp256k1Keypair } from '@atproto/crypto';
import { envToCfg, envToSecrets, PDS } from '@atproto/pds';
import { Database as PlcDatabase, PlcServer } from '@did-plc/server';
import { clearBlueskySessions, createBlueskyAdapter } from '../../functions/channels/bluesky.js';
import type { ChannelCredentials, CredentialStore } from '../../functions/channels/core/credentials.js';
import { useBeforeAll } from './file-fixture.js';

/** An account on the local PDS. */
export interface PdsAccount {
  did: string;
  handle: string;
  password: string;
  accessJwt: string;
}

/** A real AT Protocol PDS with its PLC directory, on 127.0.0.1 only. */
export interface LocalPds {
  /** The PDS itself: `http://127.0.0.1:<port>`. */
  url: string;
  /** Creates an account `<name>.test` and returns its session. The PDS refuses reserved names such as `acme`. */
  createAccount(name: string): Promise<PdsAccount>;
  /** Calls an XRPC procedure (POST) or query (GET, when `body` is omitted) and returns the JSON answer. */
  xrpc<T = Record<string, unknown>>(method: string, options?: XrpcOptions): Promise<T>;
  /** Every record of a collection in a repository, through `com.atproto.repo.listRecords`. */
  listRecords(repo: string, collection: string): Promise<RepoRecord[]>;
  /** Stops every server and removes the data directory. */
  stop(): Promise<void>;
}

export interface XrpcOptions {
  params?: Record<string, string>;
  body?: unknown;
  token?: string;
}

export interface RepoRecord {
  uri: string;
  cid: string;
  value: Record<string, unknown>;
}

/** The DID the PDS proxies `app.bsky.*` reads to. */
const APPVIEW_DID = 'did:web:appview.localhost';

/**
 * Starts `@atproto/pds` in-process with an in-memory PLC directory (`@did-plc/server`'s
 * `Database.mock()`, as the atproto test harness does) and SQLite data in a temporary
 * directory. Both libraries listen on every interface when started their own way, so each
 * app is bound here to 127.0.0.1 instead.
 *
 * A bare PDS has no AppView, so `app.bsky.feed.getPosts` has nowhere to go. The PDS is
 * pointed at a small AppView stand-in on 127.0.0.1 that answers getPosts from what the PDS
 * itself holds: it counts like, repost, reply and quote records in every repository through
 * `listRecords`. The adapter's metrics call thus goes through the PDS's real proxy and its
 * numbers come from real records.
 *
 * @example
 * ```ts
 * const pds = await startLocalPds();
 * const brand = await pds.createAccount('brandflowdemo'); // brandflowdemo.test
 * await pds.stop();
 * ```
 */
export async function startLocalPds(): Promise<LocalPds> {
  const dataDirectory = await mkdtemp(join(tmpdir(), 'brandflow-pds-'));
  const servers: Server[] = [];
  let plc: PlcServer | undefined;
  let pds: PDS | undefined;
  let pdsUrl = '';
  const stop = async () => {
    await Promise.all(servers.map(closeServer));
    await pds?.ctx.destroy();
    await plc?.ctx.db.close();
    await rm(dataDirectory, { recursive: true, force: true });
  };
  try {
    plc = PlcServer.create({ db: PlcDatabase.mock() });
    const plcUrl = await listenOnLoopback(plc.app as RequestListener, servers);

    const appView = createServer((req, res) => answerGetPosts(pdsUrl, req, res));
    const appViewUrl = await listenOnLoopback(appView, servers);

    const port = await freePort();
    const rotationKey = await Secp256k1Keypair.create({ exportable: true });
    const env = {
      port,
      hostname: 'localhost',
      devMode: true,
      dataDirectory,
      blobstoreDiskLocation: join(dataDirectory, 'blobs'),
      didPlcUrl: plcUrl,
      inviteRequired: false,
      serviceHandleDomains: ['.test'],
      bskyAppViewUrl: appViewUrl,
      bskyAppViewDid: APPVIEW_DID,
      crawlers: [],
    };
    pds = await PDS.create(
      envToCfg(env),
      envToSecrets({
        jwtSecret: 'local-jwt-secret',
        adminPassword: 'local-admin-password',
        plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotationKey.export()).toString('hex'),
      }),
    );
    // PDS.start() would also listen on every interface: start its sequencer, then bind here.
    await pds.ctx.sequencer.start();
    pdsUrl = await listenOnLoopback(pds.app as RequestListener, servers, port);
  } catch (error) {
    await stop();
    throw error;
  }

  const url = pdsUrl;
  const xrpc = async <T>(method: string, options: XrpcOptions = {}): Promise<T> => {
    const query = options.params ? `?${new URLSearchParams(options.params)}` : '';
    const response = await fetch(`${url}/xrpc/${method}${query}`, {
      method: options.body === undefined ? 'GET' : 'POST',
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const answer = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  return {
    url,
    xrpc,
    listRecords: (repo, collection) => listRecords(url, repo, collection),
    async createAccount(name) {
      const handle = `${name}.test`;
      const password = `${name}-password`;
      const session = await xrpc<PdsAccount>('com.atproto.server.createAccount', {
        body: { handle, password, email: `${name}@example.com` },
      });
      return { did: session.did, handle: session.handle, password, accessJwt: session.accessJwt };
    },
    stop,
  };
}

/**
 * A proxy on 127.0.0.1 in front of the PDS that can lose an answer: once armed, the next
 * `createRecord` reaches the PDS, the PDS answers, and the proxy closes the client's
 * connection instead of passing the answer on.
 *
 * @example
 * ```ts
 * const proxy = await startLosingProxy(pds.url);
 * proxy.loseNextCreateRecord();
 * ```
 */
export async function startLosingProxy(target: string) {
  const servers: Server[] = [];
  let armed = false;
  let createRecordsForwarded = 0;
  let answersLost = 0;
  const proxy = createServer((req, res) => {
    const isCreateRecord = req.url?.startsWith('/xrpc/com.atproto.repo.createRecord') ?? false;
    if (isCreateRecord) createRecordsForwarded += 1;
    const lose = isCreateRecord && armed;
    if (lose) armed = false;
    const upstream = httpRequest(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        if (lose) {
          // The PDS has answered: read its answer to the end, then drop the client.
          answer.resume();
          answer.on('end', () => {
            answersLost += 1;
            res.socket?.destroy();
          });
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.socket?.destroy());
    req.pipe(upstream);
  });
  const url = await listenOnLoopback(proxy, servers);
  return {
    url,
    /** Loses the answer to the next createRecord. */
    loseNextCreateRecord: () => {
      armed = true;
    },
    /** How many createRecord calls reached the PDS through the proxy. */
    createRecordsForwarded: () => createRecordsForwarded,
    /** How many PDS answers the proxy dropped. */
    answersLost: () => answersLost,
    close: () => closeServer(servers[0] as Server),
  };
}

/** Every record of a collection in every repository of the PDS. */
async function allRecords(pdsUrl: string, collection: string): Promise<RepoRecord[]> {
  const { repos } = (await (await fetch(`${pdsUrl}/xrpc/com.atproto.sync.listRepos?limit=1000`)).json()) as {
    repos: { did: string }[];
  };
  return (await Promise.all(repos.map((repo) => listRecords(pdsUrl, repo.did, collection)))).flat();
}

/** `app.bsky.feed.getPostThread`: the replies to a post, at any depth, from the PDS's post records. */
async function answerGetPostThread(pdsUrl: string, requestUrl: URL, res: ServerResponse) {
  const posts = await allRecords(pdsUrl, 'app.bsky.feed.post');
  const viewOf = (record: RepoRecord) => ({
    uri: record.uri,
    cid: record.cid,
    author: { did: record.uri.split('/')[2] as string, handle: 'handle.invalid' },
    record: record.value,
    indexedAt: new Date().toISOString(),
  });
  const parentOf = (record: RepoRecord) => (record.value.reply as { parent?: { uri?: string } })?.parent?.uri;
  const node = (record: RepoRecord): Record<string, unknown> => ({
    $type: 'app.bsky.feed.defs#threadViewPost',
    post: viewOf(record),
    replies: posts.filter((p) => parentOf(p) === record.uri).map(node),
  });
  const root = posts.find((p) => p.uri === requestUrl.searchParams.get('uri'));
  res.writeHead(root ? 200 : 400, { 'content-type': 'application/json' });
  res.end(JSON.stringify(root ? { thread: node(root) } : { error: 'NotFound', message: 'Post not found' }));
}

/** The AppView stand-in's queries: `app.bsky.feed.getPosts` and `getPostThread`, from the PDS's records. */
async function answerGetPosts(pdsUrl: string, req: IncomingMessage, res: ServerResponse) {
  const requestUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (requestUrl.pathname === '/xrpc/app.bsky.feed.getPostThread') {
    return answerGetPostThread(pdsUrl, requestUrl, res).catch((error) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'InternalServerError', message: String(error) }));
    });
  }
  if (requestUrl.pathname !== '/xrpc/app.bsky.feed.getPosts') {
    res.writeHead(501, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'MethodNotImplemented', message: 'Method Not Implemented' }));
    return;
  }
  try {
    const uris = requestUrl.searchParams.getAll('uris');
    const all = (collection: string) => allRecords(pdsUrl, collection);
    const [likes, reposts, posts] = await Promise.all([
      all('app.bsky.feed.like'),
      all('app.bsky.feed.repost'),
      all('app.bsky.feed.post'),
    ]);
    const views = [];
    for (const uri of uris) {
      const post = posts.find((candidate) => candidate.uri === uri);
      if (!post) continue;
      const did = uri.split('/')[2] as string;
      const subjectIs = (record: RepoRecord) => (record.value.subject as { uri?: string })?.uri === uri;
      views.push({
        uri,
        cid: post.cid,
        author: { did, handle: 'handle.invalid' },
        record: post.value,
        likeCount: likes.filter(subjectIs).length,
        repostCount: reposts.filter(subjectIs).length,
        replyCount: posts.filter((p) => (p.value.reply as { parent?: { uri?: string } })?.parent?.uri === uri)
          .length,
        quoteCount: posts.filter((p) => (p.value.embed as { record?: { uri?: string } })?.record?.uri === uri)
          .length,
        indexedAt: new Date().toISOString(),
      });
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ posts: views }));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'InternalServerError', message: String(error) }));
  }
}

async function listRecords(pdsUrl: string, repo: string, collection: string): Promise<RepoRecord[]> {
  const records: RepoRecord[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams({ repo, collection, limit: '100', ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${pdsUrl}/xrpc/com.atproto.repo.listRecords?${params}`);
    const page = (await response.json()) as { records?: RepoRecord[]; cursor?: string };
    records.push(...(page.records ?? []));
    cursor = page.records?.length ? page.cursor : undefined;
  } while (cursor);
  return records;
}

/** Binds a server, or an app (a request listener such as Express), to 127.0.0.1 and returns its URL. */
async function listenOnLoopback(app: Server | RequestListener, servers: Server[], port = 0): Promise<string> {
  const server = app instanceof Server ? app : createServer(app);
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Bluesky adapter signed in as `account` at `baseUrl` (the PDS, or a proxy in front of it),
 * with a fresh session and `credentials` over the account's own.
 *
 * @example
 * ```ts
 * const adapter = pdsAdapter(pds.url, brand);
 * ```
 */
export function pdsAdapter(baseUrl: string, account: PdsAccount, credentials: ChannelCredentials = {}) {
  clearBlueskySessions();
  const store: CredentialStore = {
    load: async () => ({ identifier: account.handle, appPassword: account.password, ...credentials }),
    save: async () => undefined,
  };
  return createBlueskyAdapter(
    { id: 'bluesky', adapter: 'bluesky', account: 'brand-bsky', maxLength: 300, settings: { baseUrl } },
    { credentials: store },
  );
}

/**
 * A PDS for the file's tests with the brand's account `handle` on it, started before the tests
 * and stopped after them; `adapter()` is the Bluesky adapter publishing as the brand.
 *
 * @example
 * ```ts
 * const { pds, brand, adapter } = usePdsWithBrand('brandmedia');
 * const fan = useBeforeAll(() => pds.createAccount('fan'));
 * ```
 */
export function usePdsWithBrand(handle: string) {
  const pds = useBeforeAll(startLocalPds, (started) => started.stop());
  const brand = useBeforeAll(() => pds.createAccount(handle));
  return { pds, brand, adapter: () => pdsAdapter(pds.url, brand) };
}
