import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWTPayload, SignJWT } from 'jose';
import { realNow } from './clock.js';
import { localLogin, readText } from './openid-login.js';

/** The audience the local issuer's tokens carry and the local front door accepts. */
export const LOCAL_AUDIENCE = 'brandflow-local';
/** The claim the local issuer puts a person's groups in (Cognito's name, so the same setting works). */
export const LOCAL_GROUPS_CLAIM = 'cognito:groups';
/** Lifetime of a local token, in real time: the local clock's jumps with compressed waits do not age it. */
const TOKEN_LIFETIME_SECONDS = 3600;
const USER_PATTERN = /^[A-Za-z0-9._@:-]{1,128}$/;

/** A running local OpenID issuer. */
export interface LocalOpenIdIssuer {
  /** The `iss` of its tokens, `http://127.0.0.1:<port>`. */
  issuer: string;
  /** Its key set URL (`jwks_uri`). */
  jwksUrl: URL;
  /** The public keys, as served at `jwks_uri`. */
  jwks: JSONWebKeySet;
  /** Signs a token for `subject`, as the token endpoint does; `claims` override the defaults (tests craft bad tokens so). */
  issue(subject: string, options?: { groups?: string[]; claims?: JWTPayload }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A minimal OpenID issuer for the local twin only: its own RSA signing key, discovery at
 * `/.well-known/openid-configuration`, the key set at `/.well-known/jwks.json`, and a token
 * endpoint (`POST /token` with `{ "as": "<user>", "groups": [...] }`) that signs a token for
 * whoever asks. Nothing guards it: it stands in for a company's identity provider on a
 * developer's machine and is never deployed.
 *
 * @example
 * ```ts
 * const issuer = await startLocalOpenIdIssuer({ port: 4021 });
 * const token = await issuer.issue('brand-manager-1', { groups: ['acme-reviewers'] });
 * await issuer.close();
 * ```
 */
export async function startLocalOpenIdIssuer(options: { port?: number } = {}): Promise<LocalOpenIdIssuer> {
  const kid = `local-${randomUUID().slice(0, 8)}`;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  let issuer = '';

  const issue: LocalOpenIdIssuer['issue'] = async (subject, { groups = [], claims = {} } = {}) => {
    const now = Math.floor(realNow() / 1000);
    return new SignJWT({
      sub: subject,
      [LOCAL_GROUPS_CLAIM]: groups,
      token_use: 'access',
      iss: issuer,
      aud: LOCAL_AUDIENCE,
      iat: now,
      nbf: now,
      exp: now + TOKEN_LIFETIME_SECONDS,
      jti: randomUUID(),
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .sign(privateKey);
  };

  const login = localLogin((user, groups) => issue(user, { groups }), TOKEN_LIFETIME_SECONDS);
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, { error: 'server_error', error_description: String(error) });
    });
  });
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', issuer);
    const path = url.pathname;
    if (await login.authorize(request, response, url)) return;
    if (request.method === 'GET' && path === '/.well-known/openid-configuration') {
      return send(response, 200, {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        token_endpoint: `${issuer}/token`,
        authorization_endpoint: `${issuer}/authorize`,
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256'],
        subject_types_supported: ['public'],
        response_types_supported: ['code', 'token'],
        grant_types_supported: ['authorization_code', 'urn:brandflow:local-login'],
      });
    }
    if (request.method === 'GET' && path === '/.well-known/jwks.json') return send(response, 200, jwks);
    if (request.method === 'POST' && path === '/token' && isForm(request)) {
      const answer = await login.exchange(new URLSearchParams(await readText(request)));
      return send(response, answer.status, answer.body);
    }
    if (request.method === 'POST' && path === '/token') {
      const body = await readJson(request);
      const user = body?.as;
      const groups = body?.groups ?? [];
      if (typeof user !== 'string' || !USER_PATTERN.test(user)) {
        return send(response, 400, {
          error: 'invalid_request',
          error_description: 'as: a user id of 1-128 letters, digits or ._@:- is required',
        });
      }
      if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string' || !USER_PATTERN.test(g))) {
        return send(response, 400, {
          error: 'invalid_request',
          error_description: 'groups: a list of group names',
        });
      }
      return send(response, 200, {
        access_token: await issue(user, { groups: groups as string[] }),
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_SECONDS,
      });
    }
    send(response, 404, { error: 'not_found' });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: new URL(`${issuer}/.well-known/jwks.json`),
    jwks,
    issue,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  // Any local page may read discovery and exchange a code (the review portal does, from its own origin).
  response.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
  });
  response.end(JSON.stringify(body));
}

const isForm = (request: IncomingMessage) =>
  (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse((await readText(request)) || '{}');
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
