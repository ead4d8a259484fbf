import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterFor } from '../../functions/channels/registry.js';
import { GRAPH_TOKEN, startFakeContainers } from '../support/platforms/graph.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';
import { startFakeX } from '../support/platforms/x.js';

let x: Awaited<ReturnType<typeof startFakeX>>;
let threads: Awaited<ReturnType<typeof startFakeContainers>>;
beforeAll(async () => {
  [x, threads] = await Promise.all([startFakeX(), startFakeContainers('threads', '2718')]);
});
afterAll(async () => {
  await Promise.all([x.server.close(), threads.server.close()]);
});

describe('channel credentials', () => {
  it('refreshes an X token about to expire before publishing and writes the new pair back', async () => {
    // Prepare
    const { store: credentialStore, values } = memoryCredentials('acme-x', {
      accessToken: x.tokens.access,
      refreshToken: x.tokens.refresh,
      clientId: 'client-1',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const adapter = await adapterFor(
      { id: 'x', adapter: 'x', account: 'acme-x', maxLength: 280, settings: { baseUrl: x.server.url } },
      { brandId: 'acme' },
      { credentials: credentialStore },
    );
    // Act
    const published = await adapter.publish({
      idempotencyKey: 'p:x:r1',
      postId: 'p',
      content: { text: 'Fresh token' },
    });
    // Assess
    expect(published.externalId).toBeTruthy();
    expect(values.get('acme-x')).toMatchObject({
      accessToken: x.tokens.access,
      refreshToken: x.tokens.refresh,
    });
    expect(Date.parse(values.get('acme-x')?.expiresAt ?? '')).toBeGreaterThan(Date.now() + 3_600_000);
  });

  it('refreshes a Threads long-lived token that expired and writes it back', async () => {
    // Prepare
    const { store: credentialStore, saves } = memoryCredentials('acme-threads', {
      accessToken: 'expiring-token',
      expiresAt: new Date(Date.now() + 1000).toISOString(),
    });
    const adapter = await adapterFor(
      {
        id: 'threads',
        adapter: 'threads',
        account: 'acme-threads',
        maxLength: 500,
        settings: { baseUrl: threads.base, userId: '2718' },
      },
      { brandId: 'acme' },
      { credentials: credentialStore },
    );
    // Act
    await adapter.publish({ idempotencyKey: 'p:threads:r1', postId: 'p', content: { text: 'Long-lived' } });
    // Assess
    expect(saves).toEqual([expect.objectContaining({ accessToken: GRAPH_TOKEN })]);
    expect(threads.posts).toHaveLength(1);
  });

  it('turns a refresh the platform refuses into a reconnect request, publishing nothing', async () => {
    // Prepare
    const { store: credentialStore, saves } = memoryCredentials('acme-x', {
      accessToken: 'old',
      refreshToken: 'wiped',
      clientId: 'client-1',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const adapter = await adapterFor(
      { id: 'x', adapter: 'x', account: 'acme-x', maxLength: 280, settings: { baseUrl: x.server.url } },
      { brandId: 'acme' },
      { credentials: credentialStore },
    );
    const before = x.posts.length;
    // Act
    const failure = await adapter
      .publish({ idempotencyKey: 'q:x:r1', postId: 'q', content: { text: 'Never sent' } })
      .catch((e: unknown) => e);
    // Assess
    expect(failure).toMatchObject({ kind: 'permanent', reconnect: true });
    expect(String((failure as Error).message)).toContain('token refresh for account acme-x failed');
    expect(String((failure as Error).message)).not.toContain('wiped');
    expect(saves).toEqual([]);
    expect(x.posts.length).toBe(before);
  });
});
