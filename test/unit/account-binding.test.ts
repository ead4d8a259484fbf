import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AccountBindingStore,
  channelAccountProblems,
} from '../../functions/channels/account-bindings.js';
import { ChannelFailure } from '../../functions/channels/core/channel-adapter.js';
import { adapterFor } from '../../functions/channels/registry.js';
import {
  type AccountBinding,
  accountUseProblems,
  bindingFromTags,
  bindingTags,
  channelDestination,
  channelHosts,
  officialHosts,
  parseAccountBinding,
} from '../../functions/domain/account-binding.js';
import { ConfigurationError } from '../../functions/domain/errors.js';
import type { Resolver } from '../../functions/egress/guarded-fetch.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';

const acmeX: AccountBinding = { account: 'acme-x', brandId: 'acme', platform: 'x' };
const bindingsOf = (...bindings: AccountBinding[]): AccountBindingStore => ({
  find: async (account) => bindings.find((b) => b.account === account),
});

afterEach(() => vi.unstubAllEnvs());

describe('account bindings', () => {
  it('allows a channel to use an account only for the brand, platform and destination it is connected with', () => {
    // Prepare
    const social: AccountBinding = {
      account: 'acme-social',
      brandId: 'acme',
      platform: 'mastodon',
      destination: 'https://mastodon.social',
    };
    // Act
    const problems = {
      own: accountUseProblems({ brandId: 'acme', adapter: 'x', account: 'acme-x' }, acmeX),
      otherBrand: accountUseProblems({ brandId: 'evil', adapter: 'x', account: 'acme-x' }, acmeX),
      otherPlatform: accountUseProblems({ brandId: 'acme', adapter: 'linkedin', account: 'acme-x' }, acmeX),
      notConnected: accountUseProblems({ brandId: 'acme', adapter: 'x', account: 'acme-x' }, undefined),
      sameInstance: accountUseProblems(
        {
          brandId: 'acme',
          adapter: 'mastodon',
          account: 'acme-social',
          settings: { instanceUrl: 'https://Mastodon.social/' },
        },
        social,
      ),
      otherInstance: accountUseProblems(
        {
          brandId: 'acme',
          adapter: 'mastodon',
          account: 'acme-social',
          settings: { instanceUrl: 'https://attacker.example' },
        },
        social,
      ),
    };
    // Assess
    expect(problems.own).toEqual([]);
    expect(problems.sameInstance).toEqual([]);
    expect(problems.otherBrand.map((p) => [p.field, p.rule])).toEqual([['account', 'account-brand']]);
    expect(problems.otherPlatform.map((p) => [p.field, p.rule])).toEqual([['account', 'account-platform']]);
    expect(problems.notConnected.map((p) => [p.field, p.rule])).toEqual([['account', 'connected-account']]);
    expect(problems.otherInstance.map((p) => [p.field, p.rule])).toEqual([
      ['settings.instanceUrl', 'account-destination'],
    ]);
  });

  it('gives a channel another destination exactly when its account, host or port changes', () => {
    // Prepare
    const hook = (account: string, url: string) => ({
      adapter: 'webhook' as const,
      account,
      settings: { url },
    });
    // Act
    const base = channelDestination(hook('acme-chat', 'https://hooks.acme.example/a'));
    const samePlace = channelDestination(hook('acme-chat', 'https://HOOKS.acme.example/other-path'));
    const otherAccount = channelDestination(hook('acme-other', 'https://hooks.acme.example/a'));
    const otherHost = channelDestination(hook('acme-chat', 'https://hooks.evil.example/a'));
    const otherPort = channelDestination(hook('acme-chat', 'https://hooks.acme.example:8443/a'));
    // Assess
    expect(base).toBe('webhook acme-chat hooks.acme.example');
    expect(samePlace).toBe(base);
    expect(new Set([base, otherAccount, otherHost, otherPort]).size).toBe(4);
    expect(channelDestination({ adapter: 'x', account: 'acme-x' })).toBe('x acme-x api.x.com');
    expect(
      channelHosts({ adapter: 'mastodon', settings: { instanceUrl: 'https://mastodon.social:443/' } }),
    ).toEqual(['mastodon.social']);
  });

  it('reads back from the secret tags exactly the binding it wrote', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const binding = fc.oneof(
      fc.record({
        account: id,
        brandId: id,
        platform: fc.constantFrom('x', 'linkedin', 'bluesky', 'facebook', 'instagram', 'threads'),
      }),
      fc.record({
        account: id,
        brandId: id,
        platform: fc.constantFrom('mastodon', 'webhook'),
        destination: fc.webUrl({ withQueryParameters: false, withFragments: false }),
      }),
    ) as fc.Arbitrary<AccountBinding>;
    fc.assert(
      fc.property(binding, (written) => {
        // Act
        const read = bindingFromTags(written.account, bindingTags(written));
        // Assess
        expect(read).toEqual(written);
      }),
    );
  });

  it('reads the channelAccounts setting and refuses what a deployed stack must not have, naming the rule', () => {
    // Act
    const parsed = parseAccountBinding('acme-social:acme:mastodon:https://mastodon.social', { local: false });
    const refusals = [
      'acme-x',
      'acme-x:acme:x:https://attacker.example',
      'acme-chat:acme:webhook:http://127.0.0.1:9001/hook',
      'acme-chat:acme:webhook:https://localhost/hook',
      'acme-chat:acme:webhook:https://hooks.example/x?token=1',
      'acme-x:acme:sandbox',
    ].map((entry) => {
      try {
        parseAccountBinding(entry, { local: false });
        return undefined;
      } catch (error) {
        return error as ConfigurationError;
      }
    });
    const local = parseAccountBinding('acme-chat:acme:webhook:http://127.0.0.1:9001/hook', { local: true });
    // Assess
    expect(parsed).toEqual({
      account: 'acme-social',
      brandId: 'acme',
      platform: 'mastodon',
      destination: 'https://mastodon.social',
    });
    expect(refusals.map((e) => e instanceof ConfigurationError && e.context.rule)).toEqual([
      'id',
      'official-hosts',
      'https',
      'public-host',
      'tag-value',
      'platform',
    ]);
    expect(local.destination).toBe('http://127.0.0.1:9001/hook');
  });

  it('outside the local profile, calls only the official host: a base URL in a stored profile is ignored', async () => {
    // Prepare
    vi.stubEnv('BRANDFLOW_RUN_PROFILE', 'deployment');
    const asked: string[] = [];
    const resolve: Resolver = async (host) => {
      asked.push(host);
      throw new Error('no network in this test');
    };
    const { store } = memoryCredentials('acme-x', { accessToken: 'acme-access' });
    const adapter = await adapterFor(
      {
        id: 'x',
        adapter: 'x',
        account: 'acme-x',
        maxLength: 280,
        settings: { baseUrl: 'https://attacker.example' },
      },
      { brandId: 'acme' },
      { credentials: store, bindings: bindingsOf(acmeX), http: { egress: { resolve } } },
    );
    // Act
    const failure = await adapter
      .publish({ idempotencyKey: 'p:x:r1', postId: 'p', content: { text: 'Hello' } })
      .catch((e) => e);
    // Assess
    expect(failure).toBeInstanceOf(ChannelFailure);
    expect(asked).toEqual(['api.x.com']);
  });

  it("re-checks the binding at metrics time: a stored channel using another brand's account reads nothing and calls nobody", async () => {
    // Prepare
    const asked: string[] = [];
    const resolve: Resolver = async (host) => {
      asked.push(host);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const { store } = memoryCredentials('acme-x', { accessToken: 'acme-access' });
    const loads: string[] = [];
    const adapter = await adapterFor(
      { id: 'x', adapter: 'x', account: 'acme-x', maxLength: 280 },
      { brandId: 'evil' },
      {
        credentials: {
          ...store,
          load: (account) => {
            loads.push(account);
            return store.load(account);
          },
        },
        bindings: bindingsOf(acmeX),
        http: { egress: { resolve } },
      },
    );
    // Act
    const failure = await adapter
      .fetchMetrics(
        { externalId: '1', url: 'https://x.com/i/web/status/1', publishedAt: '2026-01-01T00:00:00Z' },
        '2026-01-01T01:00:00Z',
      )
      .catch((error: unknown) => error);
    // Assess
    expect(failure).toMatchObject({
      kind: 'permanent',
      context: { rule: 'account-brand', account: 'acme-x' },
    });
    expect(loads).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('outside the local profile, has no sandbox adapter', async () => {
    // Prepare
    vi.stubEnv('BRANDFLOW_RUN_PROFILE', 'deployment');
    // Act
    const build = adapterFor({ id: 's', adapter: 'sandbox', maxLength: 280 }, { brandId: 'acme' });
    // Assess
    await expect(build).rejects.toThrow('the sandbox adapter exists only in the local profile');
  });

  it('never enables the local profile inside a Lambda function, whatever its variables say', async () => {
    // Prepare
    vi.stubEnv('BRANDFLOW_RUN_PROFILE', 'local');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'Brandflow-PublishToChannel');
    const { isLocalProfile } = await import('../../functions/aws/env.js');
    // Act
    const local = isLocalProfile();
    // Assess
    expect(local).toBe(false);
  });
});

describe('a brand profile outside the local profile', () => {
  it('is refused when it uses the sandbox, failure injection or a base URL, each named by field and rule', async () => {
    // Prepare
    const profile = {
      brandId: 'acme',
      channels: [
        { id: 'demo', adapter: 'sandbox' as const },
        { id: 'flaky', adapter: 'sandbox' as const, failure: { kind: 'transient' } },
        { id: 'x', adapter: 'x' as const, account: 'acme-x', settings: { baseUrl: 'http://127.0.0.1:4000' } },
      ],
    };
    // Act
    const deployed = await channelAccountProblems(profile, bindingsOf(acmeX), false);
    const local = await channelAccountProblems(profile, bindingsOf(acmeX), true);
    // Assess
    expect(deployed.map((p) => [p.field, p.rule])).toEqual([
      ['channels.0.adapter', 'local-profile-only'],
      ['channels.1.failure', 'local-profile-only'],
      ['channels.2.settings.baseUrl', 'local-profile-only'],
    ]);
    expect(local).toEqual([]);
  });
});

describe('docs/security.md', () => {
  it('lists each platform with exactly the official hosts its adapter is pinned to', () => {
    // Prepare
    const text = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    // Act
    const documented = Object.fromEntries(
      [...text.matchAll(/^\| (\w+)\s+\| (`[^|]*`)\s*\|$/gm)].map(([, platform, hosts]) => [
        platform,
        [...(hosts as string).matchAll(/`([^`]+)`/g)].map((m) => m[1]),
      ]),
    );
    // Assess
    expect(documented).toEqual(officialHosts);
  });
});
