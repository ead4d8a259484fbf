import { type Agent, request as httpRequest, type IncomingHttpHeaders, type ServerResponse } from 'node:http';

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
      response.writeHead(answer.statusCode ?? 502, answerHeaders(answer.headers));
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
