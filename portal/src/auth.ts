import { type PortalConfig, portalConfig } from './config.js';

/**
 * Login with the deployment's OpenID provider: authorization code with PKCE (RFC 7636, S256).
 * The token lives in this tab's session storage only; the API verifies it on every call.
 */
const KEYS = { token: 'brandflow.token', verifier: 'brandflow.pkce', state: 'brandflow.state' } as const;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

async function discovery(config: PortalConfig): Promise<Discovery> {
  const response = await fetch(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`openid-configuration: HTTP ${response.status}`);
  return (await response.json()) as Discovery;
}

/** Where the provider sends the browser back: this page, without query or fragment. */
const redirectUri = () => `${location.origin}${location.pathname}`;

/** Sends the browser to the provider's login, with a fresh PKCE verifier and state. */
export async function signIn(): Promise<void> {
  const config = await portalConfig();
  const { authorization_endpoint } = await discovery(config);
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(KEYS.verifier, verifier);
  sessionStorage.setItem(KEYS.state, state);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope ?? 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(url.toString());
}

/**
 * Finishes a login the provider sent back (`?code=&state=`): the code and the verifier buy a
 * token. Returns the token, or the one this tab already holds.
 */
export async function completeSignIn(): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return sessionStorage.getItem(KEYS.token) ?? undefined;
  const verifier = sessionStorage.getItem(KEYS.verifier);
  const expected = sessionStorage.getItem(KEYS.state);
  sessionStorage.removeItem(KEYS.verifier);
  sessionStorage.removeItem(KEYS.state);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!verifier || params.get('state') !== expected)
    throw new Error('the login answer does not match this tab');
  const config = await portalConfig();
  const { token_endpoint } = await discovery(config);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`token endpoint: HTTP ${response.status}`);
  const { access_token } = (await response.json()) as { access_token?: string };
  if (!access_token) throw new Error('token endpoint: no access_token');
  sessionStorage.setItem(KEYS.token, access_token);
  return access_token;
}

/** Forgets the token. */
export function signOut(): void {
  sessionStorage.removeItem(KEYS.token);
}

/**
 * The subject a token names, for display and per-user settings only: the API verifies the
 * token itself and never trusts the portal's reading of it.
 */
export function subjectOf(token: string): string {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: string; username?: string };
    return claims.username ?? claims.sub ?? '';
  } catch {
    return '';
  }
}
