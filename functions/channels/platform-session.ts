import type { ChannelConfig } from '../domain/brand.js';
import type { AccountBindingStore } from './account-bindings.js';
import { ChannelFailure } from './core/channel-adapter.js';
import type { ChannelCredentials, CredentialStore } from './core/credentials.js';
import { callPlatform, type HttpOptions, type PlatformDialect, type PlatformRequest } from './core/http.js';

/*
 * How an adapter talks to its platform as one account: what it is built with, the token it
 * sends and refreshes, and the base URL it calls.
 */

/** What every platform adapter is built with: where credentials live and how to call out. */
export interface AdapterDeps {
  credentials: CredentialStore;
  http?: HttpOptions;
  /** Where account bindings are read; every credential use is checked against them when set. */
  bindings?: AccountBindingStore;
}

/** Refreshes an expiring OAuth token; returns the fields to write back into the secret. */
export type TokenRefresher = (credentials: ChannelCredentials) => Promise<Partial<ChannelCredentials>>;

/** Refresh this long before the token's stated expiry. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * A platform session for one channel: loads the account's token, refreshes it shortly
 * before it expires (and once after a 401), writes the refreshed token back, and turns a
 * refresh that fails into a permanent failure asking for reconnection.
 *
 * @example
 * ```ts
 * const session = tokenSession(channel, deps, dialect, refreshX);
 * const { body } = await session.call((credentials) => ({ method: 'GET', url, headers: bearer(session.token(credentials)), operation: 'metrics' }));
 * ```
 */
export function tokenSession(
  channel: ChannelConfig,
  deps: AdapterDeps,
  dialect: PlatformDialect,
  refresher?: TokenRefresher,
) {
  const account = channel.account ?? channel.id;
  const refresh = async (credentials: ChannelCredentials): Promise<ChannelCredentials> => {
    if (!refresher) return credentials;
    let changes: Partial<ChannelCredentials>;
    try {
      changes = await refresher(credentials);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unknown error';
      throw new ChannelFailure(`${dialect.platform} token refresh for account ${account} failed: ${reason}`, {
        kind: 'permanent',
        reconnect: true,
        cause: error,
        context: { channel: channel.id, account },
      });
    }
    const updated = { ...credentials, ...changes } as ChannelCredentials;
    await deps.credentials.save(account, updated);
    return updated;
  };
  const current = async (): Promise<ChannelCredentials> => {
    const credentials = await deps.credentials.load(account);
    const expiresAt = credentials.expiresAt ? Date.parse(credentials.expiresAt) : Number.NaN;
    if (refresher && !Number.isNaN(expiresAt) && expiresAt - Date.now() < REFRESH_MARGIN_MS) {
      return refresh(credentials);
    }
    return credentials;
  };
  return {
    account,
    /** The access token every call carries; its absence asks for reconnection. */
    token: (credentials: ChannelCredentials) => requireCredential(credentials, 'accessToken', account),
    /** Calls with the current token; after a 401, refreshes once and calls again (the 401 means nothing was done). */
    async call(build: (credentials: ChannelCredentials) => PlatformRequest) {
      const credentials = await current();
      try {
        return await callPlatform(dialect, build(credentials), deps.http);
      } catch (error) {
        if (!(error instanceof ChannelFailure && error.reconnect && refresher && credentials.refreshToken)) {
          throw error;
        }
        return callPlatform(dialect, build(await refresh(credentials)), deps.http);
      }
    },
  };
}

/**
 * A credential field the adapter cannot work without.
 *
 * @example
 * ```ts
 * const token = requireCredential(credentials, 'accessToken', 'acme-x');
 * ```
 */
export function requireCredential(credentials: ChannelCredentials, field: string, account: string): string {
  const value = credentials[field];
  if (!value) {
    throw new ChannelFailure(`account ${account} has no ${field} in its secret: connect the account again`, {
      kind: 'permanent',
      reconnect: true,
      context: { account, field },
    });
  }
  return value;
}

/** `Authorization: Bearer` header. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The fields to write back from an OAuth 2 token answer.
 *
 * @example
 * ```ts
 * oauthTokens({ access_token: 'a', refresh_token: 'r', expires_in: 7200 });
 * ```
 */
export function oauthTokens(body: unknown): {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
} {
  const answer = body as { access_token?: string; refresh_token?: string; expires_in?: number };
  if (!answer?.access_token) throw new Error('the token answer has no access_token');
  return {
    accessToken: answer.access_token,
    ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
    ...(answer.expires_in
      ? { expiresAt: new Date(Date.now() + answer.expires_in * 1000).toISOString() }
      : {}),
  };
}

/** The base URL with no trailing slash. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}
