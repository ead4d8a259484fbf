import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake platform sees it. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** JSON, form or multipart body, parsed (a multipart body's text fields). */
  body: Record<string, unknown>;
  /** The files of a multipart body, by field name. */
  files: Record<string, { data: Buffer; type: string; name: string }>;
  raw: string;
  /** The body's bytes as sent (a media upload). */
  bytes: Buffer;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a route does; `kind` lets a fault target publishing, lookups or metrics. */
export interface FakeRoute {
  method: string;
  path: RegExp;
  kind: 'publish' | 'container' | 'upload' | 'lookup' | 'metrics' | 'auth' | 'media';
  /** May answer later: a platform that fetches media from a URL answers once it has it. */
  handle(request: FakeRequest, match: RegExpMatchArray): FakeAnswer | Promise<FakeAnswer>;
}

/**
 * A fault for the next matching call: an error answer, a slow answer (the call is handled
 * after the delay), or a lost answer (the call is handled, then the connection is dropped).
 */
export type Fault = (
  | { on: FakeRoute['kind']; type: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | { on: FakeRoute['kind']; type: 'slow'; delayMs: number }
  | { on: FakeRoute['kind']; type: 'lost' }
) & {
  /** Matching calls let through before this one (the third upload of a post: 2). */
  skip?: number;
};

export interface FakePlatform {
  url: string;
  requests: FakeRequest[];
  /** Adds faults, consumed in order by the calls they match. */
  inject(...faults: Fault[]): void;
  /**
   * Resolves once every call received so far has been handled (a slow call after its delay, a
   * lost one before its connection is dropped): what a test waits for instead of a sleep.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a fake platform on 127.0.0.1 (random port) from its routes. Unknown paths answer
 * 404 with `unknown`'s body.
 *
 * @example
 * ```ts
 * const server = await startFakePlatform(routes, () => ({ error: 'Not found' }));
 * ```
 */
export async function startFakePlatform(
  routes: FakeRoute[],
  unknown: () => unknown = () => ({ error: 'not found' }),
): Promise<FakePlatform> {
  const requests: FakeRequest[] = [];
  const faults: Fault[] = [];
  let inFlight = 0;
  const idle: (() => void)[] = [];
  const server = createServer(async (req, res) => {
    inFlight += 1;
    try {
      await respond(req, res);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
    }
  });
  const respond = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const type = String(req.headers['content-type'] ?? '');
    const files: FakeRequest['files'] = {};
    let body: Record<string, unknown> = {};
    if (type.includes('multipart/form-data')) {
      const form = await new Response(Buffer.concat(chunks), {
        headers: { 'content-type': type },
      }).formData();
      // Node's FormData iterates its entries; the project's type library does not declare it.
      for (const [name, value] of form as unknown as Iterable<[string, string | File]>) {
        if (typeof value === 'string') body[name] = value;
        else
          files[name] = { data: Buffer.from(await value.arrayBuffer()), type: value.type, name: value.name };
      }
    } else if (raw && !/^(image|video)\/|octet-stream/.test(type)) {
      body = type.includes('json')
        ? (JSON.parse(raw) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(raw));
    }
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      files,
      raw,
      bytes,
    };
    requests.push(request);
    const send = (answer: FakeAnswer) => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    };
    const route = routes.find((r) => r.method === request.method && r.path.test(request.path));
    const match = route && request.path.match(route.path);
    if (!route || !match) return send({ status: 404, body: unknown() });
    const index = faults.findIndex((f) => f.on === route.kind);
    const waiting = index >= 0 ? faults[index] : undefined;
    let fault: Fault | undefined;
    if (waiting?.skip) waiting.skip -= 1;
    else if (waiting) fault = faults.splice(index, 1)[0];
    if (fault?.type === 'error')
      return send({ status: fault.status, body: fault.body, headers: fault.headers });
    if (fault?.type === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    let answer: FakeAnswer;
    try {
      answer = await route.handle(request, match);
    } catch (error) {
      answer = { status: 500, body: { error: String(error) } };
    }
    if (fault?.type === 'lost') {
      res.socket?.destroy();
      return;
    }
    if (!res.writableEnded && !res.destroyed) send(answer);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject: (...added) => faults.push(...added),
    settled: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The bearer token of a request, or undefined. */
export function bearerOf(request: FakeRequest): string | undefined {
  const header = String(request.headers.authorization ?? '');
  return header.startsWith('Bearer ') ? header.slice(7) : undefined;
}

let sequence = 1000;
/** A fresh numeric id, as platforms hand out. */
export function nextId(): string {
  sequence += 1;
  return String(sequence);
}

/** Runs an answer for a request carrying the right bearer token, or refuses it as the platform does. */
export type Guard = (request: FakeRequest, answer: () => FakeAnswer) => FakeAnswer;

/**
 * A guard that lets through requests with `Authorization: Bearer <token>` and answers any
 * other with `refused` (Mastodon, X and LinkedIn answer 401, each with its own body).
 *
 * @example
 * ```ts
 * const authorized = bearerGuard(MASTODON_TOKEN, { status: 401, body: { error: 'The access token is invalid' } });
 * ```
 */
export function bearerGuard(
  token: string,
  refused: FakeAnswer = { status: 401, body: { error: 'invalid token' } },
): Guard {
  return (request, answer) => (bearerOf(request) === token ? answer() : refused);
}

/**
 * A GET route answering an authorized request 200 with `body(request, match)`: a platform's
 * read of what it holds.
 *
 * @example
 * ```ts
 * readRoute(/^\/rest\/posts$/, 'lookup', authorized, () => ({ elements: posts }));
 * ```
 */
export function readRoute(
  path: RegExp,
  kind: FakeRoute['kind'],
  authorized: Guard,
  body: (request: FakeRequest, match: RegExpMatchArray) => unknown,
): FakeRoute {
  return {
    method: 'GET',
    path,
    kind,
    handle: (request, match) => authorized(request, () => ({ status: 200, body: body(request, match) })),
  };
}
