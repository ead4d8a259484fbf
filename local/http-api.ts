import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiRouteKey, ApiRoutes } from '../functions/contract/api-routes.js';
import { UnauthenticatedError } from '../functions/domain/errors.js';
import { createTokenVerifier, type TokenVerifier } from '../functions/identity/token-verifier.js';
import type { HttpApiEvent, HttpApiResult } from '../functions/middleware/api-handler.js';
import { LocalAws, type LocalFunction } from './core/template.js';
import type { LambdaHost } from './lambda-host.js';

/** API Gateway's own limit on a request body (10 MB). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A running local front door. */
export interface LocalHttpApi {
  /** `http://127.0.0.1:<port>`: the API's base URL, like the deployed `ApiUrl`. */
  url: string;
  close(): Promise<void>;
}

interface Route {
  key: ApiRouteKey;
  method: string;
  pattern: RegExp;
  names: string[];
  functionLogicalId: string;
}

/**
 * Serves the stack's HTTP API on 127.0.0.1 as API Gateway does: each route of the template's
 * functions (their `brandflow:role` is the route key) runs behind a JWT authorizer emulated with
 * the same verification module, against the local issuer's key set. A refused token gets API
 * Gateway's answer (401, `{"message":"Unauthorized"}`, the reason in `www-authenticate`); an
 * accepted one reaches the function as a payload 2.0 event whose
 * `requestContext.authorizer.jwt.claims` are strings, a list flattened to `[a b]`.
 *
 * @example
 * ```ts
 * const api = await startLocalHttpApi(template.functions, host, { issuer: issuer.issuer, audience: [LOCAL_AUDIENCE], jwks: issuer.jwksUrl });
 * ```
 */
export async function startLocalHttpApi(
  functions: Record<string, LocalFunction>,
  host: LambdaHost,
  authorizer: Parameters<typeof createTokenVerifier>[0],
  options: { port?: number } = {},
): Promise<LocalHttpApi> {
  const verify: TokenVerifier = createTokenVerifier(authorizer);
  const routes = Object.values(functions)
    .filter((fn) => fn.role in ApiRoutes)
    .map((fn) => routeOf(fn.role as ApiRouteKey, fn.logicalId));

  const server = createServer((request, response) => {
    serve(request, response).catch(() => reply(response, 500, { message: 'Internal Server Error' }));
  });
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const matched = match(routes, request.method ?? 'GET', url.pathname);
    if (!matched) return reply(response, 404, { message: 'Not Found' });
    const body = await readBody(request);
    if (body === undefined) return reply(response, 413, { message: 'Request Entity Too Large' });
    let claims: Record<string, unknown>;
    try {
      claims = (await verify(header(request, 'authorization'))).claims;
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      const description = error.message.replace(/"/g, "'");
      return reply(
        response,
        401,
        { message: 'Unauthorized' },
        {
          'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${description}"`,
        },
      );
    }
    const event: HttpApiEvent = {
      version: '2.0',
      routeKey: matched.route.key,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers: Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, [value].flat().join(',')]),
      ),
      queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
      pathParameters: Object.keys(matched.parameters).length ? matched.parameters : undefined,
      body: body.length ? body.toString('utf8') : undefined,
      isBase64Encoded: false,
      requestContext: {
        accountId: LocalAws.accountId,
        apiId: 'local',
        requestId: randomUUID(),
        routeKey: matched.route.key,
        http: { method: request.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
        authorizer: { jwt: { claims: asGatewayClaims(claims), scopes: null } },
      },
    };
    let result: HttpApiResult;
    try {
      result = (await host.invoke(matched.route.functionLogicalId, event)) as HttpApiResult;
    } catch {
      return reply(response, 500, { message: 'Internal Server Error' });
    }
    response.writeHead(result.statusCode, result.headers);
    response.end(result.body);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function routeOf(key: ApiRouteKey, functionLogicalId: string): Route {
  const [method, path] = key.split(' ') as [string, string];
  const names: string[] = [];
  const source = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { key, method, pattern: new RegExp(`^${source}$`), names, functionLogicalId };
}

function match(routes: Route[], method: string, path: string) {
  for (const route of routes) {
    const found = route.method === method ? route.pattern.exec(path) : null;
    if (!found) continue;
    const parameters = Object.fromEntries(
      route.names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]),
    );
    return { route, parameters };
  }
  return undefined;
}

/** Claims as API Gateway hands them to the integration: every value a string, a list as `[a b]`. */
function asGatewayClaims(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'string'
          ? value
          : JSON.stringify(value),
    ]),
  );
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
