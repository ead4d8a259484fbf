import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { realNow } from './clock.js';

/** How long an authorization code may wait for its exchange, in real milliseconds. */
const CODE_LIFETIME_MS = 60_000;
const USER_PATTERN = /^[A-Za-z0-9._@:-]{1,128}$/;

interface PendingCode {
  user: string;
  groups: string[];
  clientId: string;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
}

/** The request of `/authorize`, checked. */
interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
}

/**
 * The local issuer's login for browsers: `GET /authorize` (authorization code with PKCE,
 * S256 only) shows a login page where a developer types any user id and groups, `POST
 * /authorize` redirects back with a one-time code, and the token endpoint exchanges it
 * (`grant_type=authorization_code` with the `code_verifier`). Redirects go to loopback
 * addresses only. Local twin only: nothing checks a password.
 */
export function localLogin(
  issue: (user: string, groups: string[]) => Promise<string>,
  lifetimeSeconds: number,
) {
  const codes = new Map<string, PendingCode>();

  const authorizeRequest = (params: URLSearchParams): AuthorizeRequest | string => {
    if (params.get('response_type') !== 'code') return 'response_type must be code';
    const clientId = params.get('client_id') ?? '';
    if (!clientId) return 'client_id is required';
    const redirectUri = params.get('redirect_uri') ?? '';
    let host = '';
    try {
      host = new URL(redirectUri).hostname;
    } catch {
      return 'redirect_uri must be a URL';
    }
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) return 'redirect_uri must be a loopback address';
    if (params.get('code_challenge_method') !== 'S256') return 'code_challenge_method must be S256';
    const challenge = params.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return 'code_challenge must be a base64url SHA-256';
    return { clientId, redirectUri, challenge, state: params.get('state') ?? '' };
  };

  /** Answers `/authorize`; false for any other path. */
  const authorize = async (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<boolean> => {
    if (url.pathname !== '/authorize') return false;
    const params =
      request.method === 'POST' ? new URLSearchParams(await readText(request)) : url.searchParams;
    const checked = authorizeRequest(params);
    if (typeof checked === 'string') {
      sendHtml(response, 400, page('Login refused', `<p role="alert">${escapeHtml(checked)}</p>`));
      return true;
    }
    if (request.method === 'GET') {
      sendHtml(response, 200, loginPage(params));
      return true;
    }
    const user = params.get('user') ?? '';
    const groups = (params.get('groups') ?? '').split(/[\s,]+/).filter(Boolean);
    if (!USER_PATTERN.test(user) || groups.some((g) => !USER_PATTERN.test(g))) {
      sendHtml(response, 400, loginPage(params, 'User id and groups: 1-128 letters, digits or ._@:-'));
      return true;
    }
    const code = randomUUID();
    codes.set(code, { user, groups, ...checked, expiresAt: realNow() + CODE_LIFETIME_MS });
    const back = new URL(checked.redirectUri);
    back.searchParams.set('code', code);
    if (checked.state) back.searchParams.set('state', checked.state);
    response.writeHead(302, { location: back.toString(), 'cache-control': 'no-store' });
    response.end();
    return true;
  };

  /** The token answer for an authorization code, or the OAuth error that refuses it. */
  const exchange = async (
    form: URLSearchParams,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const refuse = (description: string) => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: description },
    });
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    codes.delete(code);
    if (!pending || pending.expiresAt < realNow()) return refuse('the code is unknown, used or expired');
    if (form.get('redirect_uri') !== pending.redirectUri || form.get('client_id') !== pending.clientId) {
      return refuse('redirect_uri and client_id must be those of the authorization request');
    }
    const verifier = form.get('code_verifier') ?? '';
    const digest = createHash('sha256').update(verifier).digest('base64url');
    if (digest !== pending.challenge) return refuse('code_verifier does not match the code_challenge');
    return {
      status: 200,
      body: {
        access_token: await issue(pending.user, pending.groups),
        token_type: 'Bearer',
        expires_in: lifetimeSeconds,
      },
    };
  };

  return { authorize, exchange };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(params: URLSearchParams, problem?: string): string {
  const hidden = [
    'response_type',
    'client_id',
    'redirect_uri',
    'code_challenge',
    'code_challenge_method',
    'state',
  ]
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
    .join('');
  return page(
    'Sign in to Brandflow (local)',
    `${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ''}
<p>The local twin's identity provider: any user id signs in. The demo's reviewer is <code>brand-manager-1</code>, its author <code>author-1</code>.</p>
<form method="post" action="/authorize">${hidden}
<p><label for="user">User id</label><br><input id="user" name="user" required autocomplete="username" value="${escapeHtml(params.get('user') ?? '')}"></p>
<p><label for="groups">Groups (comma-separated, optional)</label><br><input id="groups" name="groups" value="${escapeHtml(params.get('groups') ?? '')}"></p>
<p><button type="submit">Sign in</button></p>
</form>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'none'; form-action 'self' http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'",
  });
  response.end(html);
}

/** A request's body as text. */
export async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
