import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake platform sees it. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** JSON or form body, parsed. */
  body: Record<string, unknown>;
  raw: string;
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
  kind: 'publish' | 'container' | 'lookup' | 'metrics' | 'auth';
  handle(request: FakeRequest, match: RegExpMatchArray): FakeAnswer;
}

/**
 * A fault for the next matching call: an error answer, a slow answer (the call is handled
 * after the delay), or a lost answer (the call is handled, then the connection is dropped).
 */
export type Fault =
  | { on: FakeRoute['kind']; type: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | { on: FakeRoute['kind']; type: 'slow'; delayMs: number }
  | { on: FakeRoute['kind']; type: 'lost' };

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
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const type = String(req.headers['content-type'] ?? '');
    const body = !raw
      ? {}
      : type.includes('json')
        ? (JSON.parse(raw) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(raw));
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      raw,
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
    const fault = index >= 0 ? faults.splice(index, 1)[0] : undefined;
    if (fault?.type === 'error')
      return send({ status: fault.status, body: fault.body, headers: fault.headers });
    if (fault?.type === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    let answer: FakeAnswer;
    try {
      answer = route.handle(request, match);
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
