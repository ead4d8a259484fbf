import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { channelSecretName } from '../../functions/channels/core/credentials.js';
import { bindingFromTags } from '../../functions/domain/account-binding.js';
import { getBrand, listPublishRecords, putBrand } from '../../functions/persistence/index.js';
import { useFakePlatform } from '../support/file-fixture.js';
import { startFakeWebhook } from '../support/platforms/webhook.js';
import { startFakeX } from '../support/platforms/x.js';
import {
  connectAccount,
  decideReview,
  publishApproved,
  putEvent,
  submitPost,
  trustIntegrator,
  uniqueId,
  untilEvent,
  untilReviewRequested,
  useLocalRun,
} from './support.js';

const runtime = useLocalRun({ waitMs: 50 });
const attacker = useFakePlatform(() => startFakeX());
const acmeHook = useFakePlatform(() => startFakeWebhook('whsec-acme'));
const attackerHook = useFakePlatform(() => startFakeWebhook('whsec-acme'));

/** Calls the twin's Secrets Manager as an operator would. */
async function withSecrets<T>(call: (client: SecretsManagerClient) => Promise<T>): Promise<T> {
  const client = new SecretsManagerClient({ endpoint: runtime.env.AWS_ENDPOINT_URL_SECRETS_MANAGER });
  try {
    return await call(client);
  } finally {
    client.destroy();
  }
}

const secretValue = (account: string) =>
  withSecrets(
    async (client) =>
      (await client.send(new GetSecretValueCommand({ SecretId: channelSecretName(account) }))).SecretString,
  );

/**
 * Acme's webhook account, bound to acme's receiver, and a brand (acme itself, or another)
 * whose stored profile points that account at the attacker's receiver.
 */
async function webhookPointedAway({ sameBrand }: { sameBrand: boolean }) {
  const account = uniqueId('acme-chat');
  const acme = uniqueId('acme');
  const user = sameBrand ? acme : uniqueId('evil');
  await connectAccount(
    { account, brandId: acme, platform: 'webhook', destination: `${acmeHook.server.url}/hook` },
    { signingSecret: 'whsec-acme' },
  );
  const url = `${attackerHook.server.url}/hook`;
  await putBrand({
    brandId: user,
    name: 'Brand',
    bannedTerms: [],
    reviewers: ['reviewer-1'],
    channels: [{ id: 'chat', adapter: 'webhook', account, maxLength: 4000, settings: { url } }],
  });
  await trustIntegrator(user);
  return { postId: uniqueId('post'), user };
}

describe('connected accounts bound to one brand and platform', () => {
  it("never sends acme's X tokens for brand evil, even from a profile stored before the binding rule", async () => {
    // Prepare: acme's X account, and an evil profile written straight to the table (no update check).
    const account = uniqueId('acme-x');
    const acme = uniqueId('acme');
    const evil = uniqueId('evil');
    const credentials = {
      accessToken: 'acme-access',
      refreshToken: 'acme-refresh',
      clientId: 'acme-client',
      clientSecret: 'acme-client-secret',
    };
    await connectAccount({ account, brandId: acme, platform: 'x' }, credentials);
    await putBrand({
      brandId: evil,
      name: 'Evil',
      bannedTerms: [],
      reviewers: ['reviewer-1'],
      channels: [
        { id: 'x', adapter: 'x', account, maxLength: 280, settings: { baseUrl: attacker.server.url } },
      ],
    });
    await trustIntegrator(evil);
    const postId = uniqueId('post');
    // Act
    const execution = await publishApproved(runtime, { postId, brandId: evil, channels: ['x'] }, 30_000);
    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(attacker.server.requests).toHaveLength(0);
    const [record] = await listPublishRecords(postId);
    expect(record).toMatchObject({ channel: 'x', status: 'failed' });
    expect(record?.lastError).toContain(
      `may not use account ${account}: account ${account} is connected for another brand`,
    );
    expect(JSON.parse((await secretValue(account)) ?? '{}')).toEqual(credentials);
  });

  it("refuses a webhook channel pointed at another brand's account: nothing is signed or sent", async () => {
    // Prepare
    const { postId, user } = await webhookPointedAway({ sameBrand: false });
    // Act
    await publishApproved(runtime, { postId, brandId: user, channels: ['chat'] }, 30_000);
    // Assess
    expect(attackerHook.server.requests).toHaveLength(0);
    expect(acmeHook.server.requests).toHaveLength(0);
    expect((await listPublishRecords(postId))[0]?.lastError).toContain('is connected for another brand');
  });

  it("refuses acme's own webhook account pointed at a URL other than the bound one", async () => {
    // Prepare
    const { postId, user } = await webhookPointedAway({ sameBrand: true });
    // Act
    await publishApproved(runtime, { postId, brandId: user, channels: ['chat'] }, 30_000);
    // Assess
    expect(attackerHook.server.requests).toHaveLength(0);
    expect((await listPublishRecords(postId))[0]?.lastError).toContain(
      'settings.url must be the destination account',
    );
  });

  it('refuses at Update Brand Profile a channel using an account not connected for the brand, naming field and rule', async () => {
    // Prepare
    const account = uniqueId('acme-x');
    const acme = uniqueId('acme');
    const evil = uniqueId('evil');
    await connectAccount({ account, brandId: acme, platform: 'x' }, { accessToken: 'acme-access' });
    await trustIntegrator(evil, ['brand-admin']);
    const profile = {
      brandId: evil,
      name: 'Evil',
      channels: [
        { id: 'x', adapter: 'x', account, maxLength: 280 },
        { id: 'bsky', adapter: 'bluesky', account: uniqueId('never-connected'), maxLength: 300 },
      ],
    };
    // Act
    await putEvent(runtime, 'Update Brand Profile', { profile, updatedBy: { id: 'admin-1' } });
    const rejected = await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Brand Profile Rejected' && e.detail.brandId === evil,
    );
    // Assess
    expect(rejected.detail.errors).toEqual([
      expect.objectContaining({ field: 'profile.channels.0.account', rule: 'account-brand' }),
      expect.objectContaining({ field: 'profile.channels.1.account', rule: 'connected-account' }),
    ]);
    expect(await getBrand(evil)).toBeUndefined();
  });

  it('saves a profile whose channels use accounts connected for its brand and platform', async () => {
    // Prepare
    const account = uniqueId('acme-x');
    const acme = uniqueId('acme');
    await connectAccount({ account, brandId: acme, platform: 'x' }, { accessToken: 'acme-access' });
    await trustIntegrator(acme, ['brand-admin']);
    // Act
    await putEvent(runtime, 'Update Brand Profile', {
      profile: {
        brandId: acme,
        name: 'Acme',
        channels: [{ id: 'x', adapter: 'x', account, maxLength: 280 }],
      },
      updatedBy: { id: 'admin-1' },
    });
    await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Brand Profile Updated' && e.detail.brandId === acme,
    );
    // Assess
    expect((await getBrand(acme))?.channels[0]).toMatchObject({ account, adapter: 'x' });
  });

  it('refuses to publish on a channel whose account changed after approval, naming both destinations', async () => {
    // Prepare: approved for one of acme's webhook accounts, then switched to another.
    const acme = uniqueId('acme');
    const approvedAccount = uniqueId('acme-chat');
    const laterAccount = uniqueId('acme-other');
    const url = (fake: typeof acmeHook) => `${fake.server.url}/hook`;
    await connectAccount(
      { account: approvedAccount, brandId: acme, platform: 'webhook', destination: url(acmeHook) },
      { signingSecret: 'whsec-acme' },
    );
    await connectAccount(
      { account: laterAccount, brandId: acme, platform: 'webhook', destination: url(attackerHook) },
      { signingSecret: 'whsec-acme' },
    );
    /** Acme's profile with its one webhook channel on `account`, posting to `hook`. */
    const putAcme = async (account: string, hook: typeof acmeHook) => {
      const channel = {
        id: 'chat',
        adapter: 'webhook' as const,
        account,
        maxLength: 4000,
        settings: { url: url(hook) },
      };
      await putBrand({
        brandId: acme,
        name: 'Acme',
        bannedTerms: [],
        reviewers: ['reviewer-1'],
        channels: [channel],
      });
      await trustIntegrator(acme);
    };
    await putAcme(approvedAccount, acmeHook);
    const postId = uniqueId('post');
    const before = { acme: acmeHook.server.requests.length, later: attackerHook.server.requests.length };
    runtime.speed.waitMs = 2000;
    // Act
    try {
      await submitPost(runtime, { postId, brandId: acme, channels: ['chat'] });
      await untilReviewRequested(runtime, postId);
      await decideReview(runtime, postId, 'approve');
      await runtime.waitForState(`${postId}-r1`, 'WaitUntilScheduledTime');
      await putAcme(laterAccount, attackerHook);
    } finally {
      runtime.speed.waitMs = 50;
    }
    await runtime.waitForExecution(`${postId}-r1`, 30_000);
    // Assess
    const [record] = await listPublishRecords(postId);
    expect(record).toMatchObject({ channel: 'chat', status: 'failed' });
    expect(record?.lastError).toContain("the channel's destination changed since approval");
    expect(record?.lastError).toContain(`webhook ${approvedAccount}`);
    expect(record?.lastError).toContain(`webhook ${laterAccount}`);
    expect(acmeHook.server.requests.length).toBe(before.acme);
    expect(attackerHook.server.requests.length).toBe(before.later);
    await untilEvent(runtime, postId, 'Channel Publish Failed');
  });

  it('rebinds an account on a second connect, keeping no destination from the first', async () => {
    // Prepare
    const account = uniqueId('moved');
    const brandId = uniqueId('acme');
    await connectAccount(
      { account, brandId, platform: 'webhook', destination: `${acmeHook.server.url}/hook` },
      { signingSecret: 'whsec-acme' },
    );
    // Act
    await connectAccount({ account, brandId, platform: 'x' }, { accessToken: 'ignored-on-rebind' });
    // Assess
    const described = await withSecrets((client) =>
      client.send(new DescribeSecretCommand({ SecretId: channelSecretName(account) })),
    );
    expect(bindingFromTags(account, described.Tags ?? [])).toEqual({ account, brandId, platform: 'x' });
    expect(JSON.parse((await secretValue(account)) ?? '{}')).toEqual({ signingSecret: 'whsec-acme' });
  });
});
