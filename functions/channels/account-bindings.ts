import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { isLocalProfile } from '../aws/env.js';
import { secretsCache, secretsManager } from '../aws/secrets-manager.js';
import {
  type AccountBinding,
  type AccountUse,
  accountUseProblems,
  BindingTag,
  bindingFromTags,
  bindingProblems,
  bindingTags,
} from '../domain/account-binding.js';
import { ConfigurationError, type InputProblem, InvalidInputError } from '../domain/errors.js';
import { ChannelFailure } from './core/channel-adapter.js';
import { type CredentialStore, channelSecretName } from './core/credentials.js';

/** Where the bindings of connected accounts are read, and (admin only) recorded. */
export interface AccountBindingStore {
  /** The account's binding; undefined when the account is not connected. */
  find(account: string): Promise<AccountBinding | undefined>;
}

const cache = secretsCache<{ binding: AccountBinding | undefined; until: number }>();

/**
 * Bindings read from the tags of each account's secret (`DescribeSecret`: metadata only,
 * never the value). Only an admin path writes those tags (the stack setting
 * `channelAccounts`, or {@link connectChannelAccount}); the functions that publish cannot.
 * Cached in the process for `ttlMs`, so a disconnection takes effect within that time.
 *
 * @example
 * ```ts
 * const binding = await secretsManagerBindings().find('acme-x');
 * ```
 */
export function secretsManagerBindings(options: { ttlMs?: number } = {}): AccountBindingStore {
  const ttlMs = options.ttlMs ?? 300_000;
  return {
    async find(account) {
      const cached = cache().get(account);
      if (cached && cached.until > Date.now()) return cached.binding;
      let binding: AccountBinding | undefined;
      try {
        const described = await secretsManager.send(
          new DescribeSecretCommand({ SecretId: channelSecretName(account) }),
        );
        binding = bindingFromTags(account, described.Tags ?? []);
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) {
          throw new ChannelFailure(`the binding of account ${account} could not be read`, {
            kind: (error as { name?: string }).name === 'AccessDeniedException' ? 'permanent' : 'transient',
            cause: error,
            context: { account },
          });
        }
      }
      cache().set(account, { binding, until: Date.now() + ttlMs });
      return binding;
    },
  };
}

/**
 * Connects an account: creates its secret (an empty JSON object the admin then fills) with
 * the binding as tags, or re-tags an existing one. The admin path (a future admin API calls
 * this; it needs `secretsmanager:CreateSecret` and `secretsmanager:TagResource` on the
 * channel secrets (and `secretsmanager:UntagResource` to drop a destination), which no
 * publishing function has). Refuses a binding that breaks a rule.
 *
 * @example
 * ```ts
 * await connectChannelAccount({ account: 'acme-x', brandId: 'acme', platform: 'x' });
 * ```
 */
export async function connectChannelAccount(binding: AccountBinding, credentials = '{}'): Promise<void> {
  const problems = bindingProblems(binding, { local: isLocalProfile() });
  if (problems.length) throw new InvalidInputError(problems, { context: { account: binding.account } });
  const name = channelSecretName(binding.account);
  const tags = bindingTags(binding);
  try {
    await secretsManager.send(new CreateSecretCommand({ Name: name, SecretString: credentials, Tags: tags }));
  } catch (error) {
    if (!(error instanceof ResourceExistsException)) throw error;
    await secretsManager.send(new TagResourceCommand({ SecretId: name, Tags: tags }));
    // A rebinding to a platform without destination must not keep the old one.
    if (!binding.destination) {
      await secretsManager.send(
        new UntagResourceCommand({ SecretId: name, TagKeys: [BindingTag.destination] }),
      );
    }
  }
  cache().delete(binding.account);
}

/**
 * Credentials only for the use the account is bound to: every load and save (publish,
 * lookup, metrics, token refresh) first checks that the account is connected for this
 * brand, this platform and this destination, so a profile stored before a binding changed
 * cannot reach another brand's credentials.
 *
 * @example
 * ```ts
 * const credentials = boundCredentials(secretsManagerCredentials(), secretsManagerBindings(), { brandId, ...channel });
 * ```
 */
export function boundCredentials(
  store: CredentialStore,
  bindings: AccountBindingStore,
  use: AccountUse & { id: string },
): CredentialStore {
  const check = async (account: string) => {
    const [problem] = accountUseProblems({ ...use, account }, await bindings.find(account));
    if (problem) {
      throw new ChannelFailure(`channel ${use.id} may not use account ${account}: ${problem.message}`, {
        kind: 'permanent',
        cause: new ConfigurationError(problem.message, {
          context: { field: problem.field, rule: problem.rule },
        }),
        context: { channel: use.id, account, rule: problem.rule },
      });
    }
  };
  return {
    async load(account) {
      await check(account);
      return store.load(account);
    },
    async save(account, credentials) {
      await check(account);
      return store.save(account, credentials);
    },
  };
}

/**
 * The problems of a brand profile's channels against the connected accounts, with the
 * field path of each (`channels.0.account`); outside the local profile, also the sandbox
 * adapter, failure injection and base URLs. Update Brand Profile refuses the profile when
 * there are any.
 *
 * @example
 * ```ts
 * const problems = await channelAccountProblems(profile, secretsManagerBindings());
 * ```
 */
export async function channelAccountProblems(
  profile: {
    brandId: string;
    channels: readonly (Omit<AccountUse, 'brandId'> & {
      settings?: { baseUrl?: string };
      failure?: unknown;
    })[];
  },
  bindings: AccountBindingStore,
  local = isLocalProfile(),
): Promise<InputProblem[]> {
  const problems = await Promise.all(
    profile.channels.map(async (channel, index): Promise<InputProblem[]> => {
      const at = (field: string) => `channels.${index}.${field}`;
      if (channel.failure !== undefined && !local) {
        return [
          {
            field: at('failure'),
            rule: 'local-profile-only',
            message: 'failure injection exists only in the local profile',
          },
        ];
      }
      if (channel.adapter === 'sandbox') {
        return local
          ? []
          : [
              {
                field: at('adapter'),
                rule: 'local-profile-only',
                message: 'the sandbox adapter exists only in the local profile',
              },
            ];
      }
      const own = accountUseProblems(
        { ...channel, brandId: profile.brandId },
        channel.account ? await bindings.find(channel.account) : undefined,
      ).map((problem) => ({ ...problem, field: at(problem.field) }));
      if (channel.settings?.baseUrl !== undefined && !local) {
        own.push({
          field: at('settings.baseUrl'),
          rule: 'local-profile-only',
          message: `the ${channel.adapter} adapter calls its platform's official hosts; a base URL exists only in the local profile`,
        });
      }
      return own;
    }),
  );
  return problems.flat();
}
