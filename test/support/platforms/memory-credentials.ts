import type { ChannelCredentials, CredentialStore } from '../../../functions/channels/core/credentials.js';

/**
 * A credential store in memory holding one account, as Secrets Manager would: each load
 * returns a copy, and every save is kept in `saves` so a test can see what was written back.
 *
 * @example
 * ```ts
 * const { store, values } = memoryCredentials('acme-x', { accessToken: 'a' });
 * createXAdapter(channel, { credentials: store });
 * ```
 */
export function memoryCredentials(account: string, credentials: ChannelCredentials) {
  const values = new Map<string, ChannelCredentials>([[account, credentials]]);
  const saves: ChannelCredentials[] = [];
  const store: CredentialStore = {
    load: async (name) => ({ ...(values.get(name) ?? {}) }),
    save: async (name, value) => {
      saves.push(value);
      values.set(name, value);
    },
  };
  return { store, values, saves };
}
