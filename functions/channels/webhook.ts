import { createHmac } from 'node:crypto';
import type { ChannelConfig } from '../domain/brand.js';
import { toUtc } from '../domain/time.js';
import type { ChannelAdapter, PublishedPost, PublishRequest } from './core/channel-adapter.js';
import { refuseInvalid } from './core/content-checks.js';
import { callPlatform, type PlatformDialect } from './core/http.js';
import { normalizedMetrics } from './platform-metrics.js';
import { type AdapterDeps, requireCredential } from './platform-session.js';

/**
 * The signature a receiver checks: `v1=` and the hex HMAC-SHA256, keyed by the account's
 * `signingSecret`, of `<timestamp>.<body>`.
 *
 * @example
 * ```ts
 * const expected = webhookSignature(secret, request.headers['x-brandflow-timestamp'], rawBody);
 * ```
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * A signed JSON POST to a configured URL (chat tools, in-house systems). Every attempt
 * carries the same `Idempotency-Key` and body `idempotencyKey`: the receiver keeps the first
 * and answers repeats with it (the contract in docs/channels.md). A receiver may answer
 * `{ "id", "url" }`; metrics are not available from a webhook.
 *
 * @example
 * ```ts
 * const adapter = createWebhookAdapter({ id: 'chat', adapter: 'webhook', account: 'acme-chat', maxLength: 4000, settings: { url: 'https://hooks.acme.example/brandflow' } }, deps);
 * ```
 */
export function createWebhookAdapter(channel: ChannelConfig, deps: AdapterDeps): ChannelAdapter {
  const url = channel.settings?.url ?? '';
  const account = channel.account ?? channel.id;
  const dialect: PlatformDialect = {
    platform: 'Webhook',
    channel: channel.id,
    errorMessage: (body) =>
      typeof body === 'string' ? body.slice(0, 200) : (body as { message?: string; error?: string })?.message,
  };
  const adapter: ChannelAdapter = {
    validate: (content) =>
      content.text.trim() || content.link
        ? []
        : [{ field: 'text', rule: 'required', message: 'a webhook post needs text or a link' }],
    async publish(request: PublishRequest): Promise<PublishedPost> {
      refuseInvalid(channel.id, adapter.validate?.(request.content) ?? []);
      const secret = requireCredential(await deps.credentials.load(account), 'signingSecret', account);
      const sentAt = toUtc(Date.now());
      const body = JSON.stringify({
        type: 'brandflow.post.published',
        idempotencyKey: request.idempotencyKey,
        postId: request.postId,
        channel: channel.id,
        text: request.content.text,
        link: request.content.link,
        mediaUrls: request.content.mediaUrls,
        sentAt,
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await callPlatform(
        dialect,
        {
          method: 'POST',
          url,
          headers: {
            'idempotency-key': request.idempotencyKey,
            'x-brandflow-timestamp': timestamp,
            'x-brandflow-signature': webhookSignature(secret, timestamp, body),
          },
          rawJson: body,
          operation: 'publish',
        },
        deps.http,
      );
      const answer = (response.body ?? {}) as { id?: unknown; url?: unknown };
      return {
        externalId: typeof answer.id === 'string' ? answer.id : request.idempotencyKey,
        url: typeof answer.url === 'string' ? answer.url : url,
        publishedAt: sentAt,
      };
    },
    // The receiver answers a repeated key with the first delivery: repeating is the lookup.
    findPublished: async () => undefined,
    fetchMetrics: async () => normalizedMetrics({}, null),
  };
  return adapter;
}
