import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Sends an allowed request on to the service behind a guard and pipes its answer back as it
 * is; a connection failure is answered 502 with `failure(message)` in the service's own format.
 *
 * @example
 * ```ts
 * passThrough({ upstream, agent, method: 'POST', path: '/', headers, payload }, response, (m) => [type, body(m)]);
 * ```
 */
export function passThrough(
  call: {
    upstream: URL;
    agent: Agent;
    method: string | undefined;
    path: string | undefined;
    headers: IncomingHttpHeaders;
    payload: Buffer;
  },
  response: ServerResponse,
  failure: (message: string) => [contentType: string, body: string],
  /** Rewrites the upstream answer's headers before they are sent on. */
  answerHeaders: (headers: IncomingHttpHeaders) => IncomingHttpHeaders = (headers) => headers,
): void {
  const outbound = httpRequest(
    {
      agent: call.agent,
      host: call.upstream.hostname,
      port: call.upstream.port,
      method: call.method,
      path: call.path,
      headers: call.headers,
    },
    (answer) => {
      // The answer's Date is the twin's clock, which the caller signed with: the SDK takes a
      // Date far from its own clock for skew, and retries every refused call to correct it.
      response.writeHead(answer.statusCode ?? 502, {
        ...answerHeaders(answer.headers),
        date: new Date().toUTCString(),
      });
      answer.pipe(response);
    },
  );
  outbound.on('error', (cause) => {
    const [contentType, body] = failure(cause.message);
    if (!response.headersSent) response.writeHead(502, { 'content-type': contentType });
    response.end(body);
  });
  outbound.end(call.payload);
}

/** A guard's HTTP proxy on 127.0.0.1. */
export interface GuardProxy {
  /** `http://127.0.0.1:<port>`: what the handlers' endpoint variable points at. */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Listens on a free port of 127.0.0.1 and hands each request to `handle` with the service
 * behind (`target`) and a keep-alive agent for it; neither the server nor idle SDK sockets
 * keep the process alive.
 *
 * @example
 * ```ts
 * const proxy = await startGuardProxy('http://127.0.0.1:8000', (exchange) => check(exchange));
 * ```
 */
export async function startGuardProxy(
  target: string,
  handle: (exchange: GuardExchange) => Promise<void>,
): Promise<GuardProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((request, response) => {
    void handle({ request, response, upstream, agent });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  server.unref();
  server.on('connection', (socket) => socket.unref());
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One request a guard proxy received, with the service behind it and the agent that reaches it. */
export interface GuardExchange {
  request: IncomingMessage;
  response: ServerResponse;
  upstream: URL;
  agent: Agent;
}

/**
 * A request's whole body, as the guard must see it before deciding.
 *
 * @example
 * ```ts
 * const body = JSON.parse((await readPayload(request)).toString('utf8'));
 * ```
 */
export async function readPayload(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
