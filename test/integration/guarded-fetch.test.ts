import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelFailure } from '../../functions/channels/core/channel-adapter.js';
import { callPlatform } from '../../functions/channels/core/http.js';
import { EgressRefusedError } from '../../functions/domain/errors.js';
import { type EgressOptions, guardedFetch, type Resolver } from '../../functions/egress/guarded-fetch.js';

type Route = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let base: string;
const routes = new Map<string, Route>();
const seen: { path: string; method: string; headers: IncomingMessage['headers'] }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ path: request.url ?? '', method: request.method ?? '', headers: request.headers });
    const route = routes.get(request.url ?? '');
    if (route) route(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes.set('/ok', (_, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
  );
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Resolves every name to the given addresses, as a hostile DNS answer would. */
const resolvingTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const deployed: EgressOptions = { allowLoopback: false };
const local: EgressOptions = { allowLoopback: true };

async function refusal(promise: Promise<unknown>): Promise<EgressRefusedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EgressRefusedError);
  return error as EgressRefusedError;
}

describe('the guarded HTTP client', () => {
  it.each([
    ['https://169.254.169.254/latest/meta-data/', 'metadata'],
    ['https://[fd00:ec2::254]/', 'metadata'],
    ['https://10.0.0.5/hook', 'private'],
    ['https://172.20.1.1/', 'private'],
    ['https://192.168.0.10/', 'private'],
    ['https://127.0.0.1/', 'loopback'],
    ['https://[::1]/', 'loopback'],
    ['https://[::ffff:127.0.0.1]/', 'loopback'],
    ['https://[::ffff:a9fe:a9fe]/', 'metadata'],
    ['https://169.254.10.1/', 'link-local'],
    ['https://[fe80::1]/', 'link-local'],
    ['https://[fd12::1]/', 'unique-local'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://[::]/', 'unspecified'],
    ['https://100.64.0.1/', 'shared'],
    ['https://0x7f.1/', 'loopback'],
  ])('refuses %s in a deployed stack (%s)', async (url, kind) => {
    // Act
    const error = await refusal(guardedFetch({ method: 'POST', url, body: '{}' }, deployed));
    // Assess
    expect(error.rule).toBe('address');
    expect(error.message).toContain(`${kind} addresses are refused`);
  });

  it.each([
    ['http://127.0.0.1:9001/2018-06-01/runtime/invocation/next'],
    ['http://localhost:2773/secretsmanager/get'],
    ['http://hooks.example.com/'],
    ['ftp://files.example.com/'],
  ])('refuses %s in a deployed stack: https only', async (url) => {
    // Act
    const error = await refusal(guardedFetch({ method: 'GET', url }, deployed));
    // Assess
    expect(error.rule).toBe('https-only');
  });

  it('refuses a host name that resolves to a private address, before connecting', async () => {
    // Prepare
    const options = { ...deployed, resolve: resolvingTo('10.0.0.5') };
    // Act
    const error = await refusal(
      guardedFetch({ method: 'POST', url: 'https://hooks.example.com/x' }, options),
    );
    // Assess
    expect(error.rule).toBe('address');
    expect(error.message).toBe('hooks.example.com resolves to 10.0.0.5: private addresses are refused');
  });

  it('refuses a host name when any one of its addresses is internal, even after a public one', async () => {
    // Prepare
    const options = { ...deployed, resolve: resolvingTo('93.184.216.34', '::ffff:169.254.169.254') };
    // Act
    const error = await refusal(guardedFetch({ method: 'GET', url: 'https://api.example.com/' }, options));
    // Assess
    expect(error.rule).toBe('address');
    expect(error.context).toMatchObject({ host: 'api.example.com' });
  });

  it('connects to the address it checked, not to a second DNS answer', async () => {
    // Prepare: the first answer is the local server; any later one would be the metadata address.
    let lookups = 0;
    const rebinding: Resolver = async () => {
      lookups += 1;
      return [{ address: lookups === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }];
    };
    const port = (server.address() as AddressInfo).port;
    // Act
    const response = await guardedFetch(
      { method: 'GET', url: `http://rebind.test:${port}/ok` },
      { ...local, resolve: rebinding },
    );
    // Assess
    expect(response.status).toBe(200);
    expect(lookups).toBe(1);
    expect(seen.at(-1)?.headers.host).toBe(`rebind.test:${port}`);
  });

  it('re-checks a redirect: a hop to a name resolving to the metadata address is refused', async () => {
    // Prepare
    routes.set('/to-metadata', (_, response) =>
      response.writeHead(302, { location: 'https://metadata.example/latest/meta-data/' }).end(),
    );
    const resolve: Resolver = async (host) =>
      host === 'metadata.example'
        ? [{ address: '169.254.169.254', family: 4 }]
        : resolvingTo('127.0.0.1')(host);
    // Act
    const error = await refusal(
      guardedFetch({ method: 'GET', url: `${base}/to-metadata` }, { ...local, resolve }),
    );
    // Assess
    expect(error.rule).toBe('address');
    expect(error.context).toMatchObject({ host: 'metadata.example', hop: 1 });
  });

  it('refuses a redirect to 127.0.0.1 that leaves the channel’s pinned host', async () => {
    // Prepare
    const port = (server.address() as AddressInfo).port;
    routes.set('/to-runtime-api', (_, response) =>
      response.writeHead(307, { location: 'http://127.0.0.1:9001/2018-06-01/runtime/invocation/next' }).end(),
    );
    // Act
    const error = await refusal(
      guardedFetch(
        { method: 'GET', url: `http://localhost:${port}/to-runtime-api` },
        { ...local, hosts: ['localhost'] },
      ),
    );
    // Assess
    expect(error.rule).toBe('host-not-allowed');
    expect(error.context).toMatchObject({ host: '127.0.0.1', hop: 1 });
  });

  it('never turns a POST into a GET: a 302 or 303 answer to a publish is refused, not followed', async () => {
    // Prepare
    routes.set('/see-other', (_, response) => response.writeHead(303, { location: `${base}/ok` }).end());
    routes.set('/found', (_, response) => response.writeHead(302, { location: `${base}/ok` }).end());
    const before = seen.length;
    // Act
    const seeOther = await refusal(
      guardedFetch({ method: 'POST', url: `${base}/see-other`, body: '{}' }, local),
    );
    const found = await refusal(guardedFetch({ method: 'POST', url: `${base}/found`, body: '{}' }, local));
    // Assess
    expect([seeOther.rule, found.rule]).toEqual(['redirect-method', 'redirect-method']);
    expect(seen.slice(before).map((r) => r.path)).toEqual(['/see-other', '/found']);
  });

  it('follows a 307 with the same method and body, and stops after three redirects', async () => {
    // Prepare
    routes.set('/echo', (request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => response.writeHead(200).end(`${request.method} ${body}`));
    });
    routes.set('/moved', (_, response) => response.writeHead(307, { location: '/echo' }).end());
    routes.set('/loop', (_, response) => response.writeHead(307, { location: '/loop' }).end());
    // Act
    const moved = await guardedFetch({ method: 'POST', url: `${base}/moved`, body: 'signed' }, local);
    const loop = await refusal(guardedFetch({ method: 'GET', url: `${base}/loop` }, local));
    // Assess
    expect(moved.text).toBe('POST signed');
    expect(loop.rule).toBe('redirect-limit');
    expect(loop.context.hop).toBe(3);
  });

  it('drops the credentials on a redirect to another origin', async () => {
    // Prepare
    const port = (server.address() as AddressInfo).port;
    routes.set('/elsewhere', (_, response) =>
      response.writeHead(307, { location: `http://localhost:${port}/ok` }).end(),
    );
    // Act
    await guardedFetch(
      { method: 'GET', url: `${base}/elsewhere`, headers: { authorization: 'Bearer secret-token' } },
      local,
    );
    // Assess
    expect(seen.at(-2)?.headers.authorization).toBe('Bearer secret-token');
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('aborts an answer larger than the cap while it streams', async () => {
    // Prepare: no content-length, so only counting the stream can stop it.
    let written = 0;
    routes.set('/huge', (_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (written < 50 * 1024 * 1024 && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return response.once('drain', pump);
        }
        response.end();
      };
      pump();
    });
    // Act
    const error = await refusal(
      guardedFetch({ method: 'GET', url: `${base}/huge` }, { ...local, maxResponseBytes: 256 * 1024 }),
    );
    // Assess
    expect(error.rule).toBe('response-too-large');
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses an answer whose declared length is over the cap without reading it', async () => {
    // Prepare
    routes.set('/declared', (_, response) =>
      response.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).write('x'),
    );
    // Act
    const error = await refusal(
      guardedFetch({ method: 'GET', url: `${base}/declared` }, { ...local, maxResponseBytes: 1024 }),
    );
    // Assess
    expect(error.rule).toBe('response-too-large');
  });

  it('ends a call whose body trickles in past the time limit', async () => {
    // Prepare: headers at once, then a byte now and then, never the end.
    routes.set('/slow', (_, response) => {
      response.writeHead(200);
      const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write('.')), 20);
      response.on('close', () => clearInterval(timer));
    });
    // Act
    const error = await refusal(
      guardedFetch({ method: 'GET', url: `${base}/slow` }, { ...local, timeoutMs: 300 }),
    );
    // Assess
    expect(error.rule).toBe('timeout');
  });

  it('allows http and loopback only in the local profile, and never the metadata address there', async () => {
    // Act
    const response = await guardedFetch({ method: 'GET', url: `${base}/ok` }, local);
    const metadata = await refusal(guardedFetch({ method: 'GET', url: 'http://169.254.169.254/' }, local));
    const privateHost = await refusal(
      guardedFetch(
        { method: 'GET', url: 'https://intranet.example/' },
        { ...local, resolve: resolvingTo('10.1.1.1') },
      ),
    );
    // Assess
    expect(JSON.parse(response.text)).toEqual({ ok: true });
    expect(metadata.rule).toBe('address');
    expect(privateHost.rule).toBe('address');
  });
});

describe('platform calls through the guard', () => {
  const dialect = { platform: 'Webhook', channel: 'chat', errorMessage: () => undefined };

  it('never takes a redirected answer for a publish: a 302 to another resource fails permanently and ambiguously', async () => {
    // Prepare: the redirect target answers with JSON that would look like a publish record.
    routes.set('/hook-302', (_, response) =>
      response.writeHead(302, { location: `${base}/record-lookalike` }).end(),
    );
    routes.set('/record-lookalike', (_, response) =>
      response.writeHead(200).end('{"id":"not-ours","url":"https://attacker.example/p/1"}'),
    );
    // Act
    const failure = await callPlatform(
      dialect,
      { method: 'POST', url: `${base}/hook-302`, json: {}, operation: 'publish' },
      { egress: local },
    ).catch((error: unknown) => error);
    // Assess
    expect(failure).toBeInstanceOf(ChannelFailure);
    expect(failure).toMatchObject({
      kind: 'permanent',
      ambiguous: true,
      context: { rule: 'redirect-method' },
    });
    expect(seen.at(-1)?.path).toBe('/hook-302');
  });

  it('refuses a webhook at the metadata address before sending anything, and says it need not be looked up', async () => {
    // Act
    const failure = await callPlatform(
      dialect,
      { method: 'POST', url: 'https://169.254.169.254/latest/api/token', json: {}, operation: 'publish' },
      { egress: deployed },
    ).catch((error: unknown) => error);
    // Assess
    expect(failure).toMatchObject({ kind: 'permanent', ambiguous: false, context: { rule: 'address' } });
    expect((failure as Error).message).toContain('refused by the egress guard');
  });

  it('refuses a host outside the channel’s pinned hosts', async () => {
    // Act
    const failure = await callPlatform(
      dialect,
      { method: 'GET', url: `${base}/ok`, operation: 'metrics' },
      { egress: local, hosts: ['api.x.com'] },
    ).catch((error: unknown) => error);
    // Assess
    expect(failure).toMatchObject({ kind: 'permanent', context: { rule: 'host-not-allowed' } });
  });
});
