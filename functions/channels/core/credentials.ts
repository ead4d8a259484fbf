import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';
import { readEnv } from '../../aws/run-scope.js';
import { secretsCache, secretsManager } from '../../aws/secrets-manager.js';
import { ChannelFailure } from './channel-adapter.js';

/**
 * What a connected account's secret holds (a JSON object). Which fields an adapter reads is
 * listed in docs/channels.md; none of them is ever logged.
 */
export interface ChannelCredentials {
  accessToken?: string;
  refreshToken?: string;
  /** RFC 3339: when `accessToken` expires; a refresh runs shortly before. */
  expiresAt?: string;
  clientId?: string;
  clientSecret?: string;
  /** Bluesky: the handle or DID, and an app password. */
  identifier?: string;
  appPassword?: string;
  /** Webhook: the HMAC key. */
  signingSecret?: string;
  [field: string]: string | undefined;
}

/** Where a connected account's credentials are read and written back. */
export interface CredentialStore {
  load(account: string): Promise<ChannelCredentials>;
  save(account: string, credentials: ChannelCredentials): Promise<void>;
}

/** The secret name prefix the stack creates secrets under; `CHANNEL_SECRET_PREFIX` overrides it. */
export const DEFAULT_CHANNEL_SECRET_PREFIX = 'brandflow/channels/';

/**
 * The secret id of a connected account.
 *
 * @example
 * ```ts
 * channelSecretName('acme-x'); // 'brandflow/channels/acme-x'
 * ```
 */
export function channelSecretName(account: string): string {
  return `${readEnv('CHANNEL_SECRET_PREFIX') ?? DEFAULT_CHANNEL_SECRET_PREFIX}${account}`;
}

const cache = secretsCache<{ credentials: ChannelCredentials; until: number }>();

/**
 * Credentials from AWS Secrets Manager, one secret per connected account, cached in the
 * process for `ttlMs` so a warm Lambda reads each secret once in a while, not once per call.
 * A secret that is missing, empty or not JSON is a permanent failure asking for reconnection.
 *
 * @example
 * ```ts
 * const store = secretsManagerCredentials();
 * const { accessToken } = await store.load('acme-x');
 * ```
 */
export function secretsManagerCredentials(options: { ttlMs?: number } = {}): CredentialStore {
  const ttlMs = options.ttlMs ?? 300_000;
  return {
    async load(account) {
      const secretId = channelSecretName(account);
      const cached = cache().get(secretId);
      if (cached && cached.until > Date.now()) return cached.credentials;
      let text: string | undefined;
      try {
        text = (await secretsManager.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) {
          throw missing(account, 'has no secret or no value yet', error);
        }
        // Retrying cannot grant access: the operator must fix the secret or its policy.
        if ((error as { name?: string }).name === 'AccessDeniedException') {
          throw missing(account, 'cannot be read by Brandflow (access denied)', error);
        }
        throw new ChannelFailure(`the credentials of account ${account} could not be read`, {
          kind: 'transient',
          cause: error,
          context: { account },
        });
      }
      const credentials = parseCredentials(account, text);
      cache().set(secretId, { credentials, until: Date.now() + ttlMs });
      return credentials;
    },
    async save(account, credentials) {
      const secretId = channelSecretName(account);
      await secretsManager.send(
        new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(credentials) }),
      );
      cache().set(secretId, { credentials, until: Date.now() + ttlMs });
    },
  };
}

function parseCredentials(account: string, text: string | undefined): ChannelCredentials {
  if (!text) throw missing(account, 'has an empty secret');
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as ChannelCredentials;
  } catch {
    // Reported below without echoing the value.
  }
  throw missing(account, 'has a secret that is not a JSON object');
}

function missing(account: string, what: string, cause?: unknown): ChannelFailure {
  return new ChannelFailure(`account ${account} ${what}: connect the account again`, {
    kind: 'permanent',
    reconnect: true,
    cause,
    context: { account },
  });
}
