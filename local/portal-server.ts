import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { buildPortal, type PortalBuild, writePortalConfig } from '../portal/build.js';
import { portalSecurityHeaders } from '../portal/security-headers.js';
import { readText } from './openid-login.js';

/** The client id the portal names at the local issuer. */
export const LOCAL_PORTAL_CLIENT_ID = 'brandflow-portal';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/** A running local portal. */
export interface LocalPortal {
  /** Open this in a browser: `http://127.0.0.1:<port>/`. */
  url: string;
  build: PortalBuild;
  close(): Promise<void>;
}

/**
 * Builds the review portal and serves it on loopback with the headers CloudFront sends, and
 * `/api/*` passed to the local front door, so the page calls its own origin as it would
 * call the API on AWS. Local twin only.
 *
 * @example
 * ```ts
 * const portal = await startLocalPortal({ apiEndpoint, issuer: issuer.issuer, brands: ['aurora-tea'], port: 4022 });
 * ```
 */
export async function startLocalPortal(options: {
  apiEndpoint: string;
  issuer: string;
  brands?: string[];
  port?: number;
  dir?: string;
}): Promise<LocalPortal> {
  const build = buildPortal(options.dir);
  writePortalConfig(build.dir, {
    apiUrl: '/api',
    issuer: options.issuer,
    clientId: LOCAL_PORTAL_CLIENT_ID,
    brands: options.brands ?? [],
  });
  const headers = portalSecurityHeaders({ connect: [options.issuer] });
  const serveFile = async (path: string, response: ServerResponse) => {
    const file = normalize(join(build.dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(build.dir)) return send(response, 404, 'text/plain', 'not found');
    try {
      const body = await readFile(file);
      send(response, 200, TYPES[extname(file)] ?? 'application/octet-stream', body);
    } catch {
      send(response, 404, 'text/plain', 'not found');
    }
  };
  const send = (response: ServerResponse, status: number, type: string, body: string | Buffer) => {
    response.writeHead(status, { ...headers, 'content-type': type, 'cache-control': 'no-store' });
    response.end(body);
  };
  const proxy = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await readText(request);
    const answer = await fetch(`${options.apiEndpoint}${path}`, {
      method: request.method,
      headers: {
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        ...(request.headers['content-type'] ? { 'content-type': request.headers['content-type'] } : {}),
      },
      body,
    });
    send(
      response,
      answer.status,
      answer.headers.get('content-type') ?? 'application/json',
      Buffer.from(await answer.arrayBuffer()),
    );
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const work = url.pathname.startsWith('/api/')
      ? proxy(request, response, `${url.pathname.slice(4)}${url.search}`)
      : serveFile(decodeURIComponent(url.pathname), response);
    work.catch((error: unknown) => send(response, 502, 'text/plain', `portal: ${String(error)}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    build,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
