import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { ChannelConfig } from '../domain/brand.js';
import { simulatedReplies } from '../domain/feedback.js';
import { simulatedMetrics } from '../domain/metrics.js';
import { toUtc } from '../domain/time.js';
import { keys } from '../persistence/keys.js';
import { isConditionFailure, tableName } from '../persistence/table.js';
import type { MediaAttachment } from './core/attachment.js';
import {
  type ChannelAdapter,
  ChannelFailure,
  type PublishedPost,
  type PublishRequest,
} from './core/channel-adapter.js';

/** Where sandbox posts appear to live. */
export const SANDBOX_BASE_URL = 'https://sandbox.brandflow.local';

/**
 * A deterministic stand-in social network whose posts live in the Brandflow table
 * (pk `SANDBOX#<channelId>`). Publishing is keyed by the idempotency key, so a repeat returns
 * the earlier post; the channel's `failure` setting makes it fail on purpose.
 *
 * @example
 * ```ts
 * const adapter = createSandboxAdapter({ id: 'x', adapter: 'sandbox', maxLength: 280 });
 * const post = await adapter.publish({ idempotencyKey: 'p1:x:r1', postId: 'p1', content: { text: 'Hello' } });
 * ```
 */
export function createSandboxAdapter(channel: ChannelConfig): ChannelAdapter {
  const failIfConfigured = async (operation: 'publish' | 'metrics', key: string) => {
    const failure = channel.failure;
    if (!failure || (failure.on ?? 'publish') !== operation) return;
    const context = { channel: channel.id, operation };
    if (failure.kind === 'permanent') {
      throw new ChannelFailure(`sandbox channel ${channel.id} refuses every ${operation}`, {
        retryable: false,
        context,
      });
    }
    const attempt = await countAttempt(channel.id, operation, key);
    if (failure.times === undefined || attempt <= failure.times) {
      throw new ChannelFailure(`sandbox channel ${channel.id} is unavailable (attempt ${attempt})`, {
        retryable: true,
        context: { ...context, attempt },
      });
    }
  };

  return {
    async publish(request: PublishRequest): Promise<PublishedPost> {
      await failIfConfigured('publish', request.idempotencyKey);
      const externalId = createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 16);
      const post: PublishedPost = {
        externalId,
        url: `${SANDBOX_BASE_URL}/${channel.id}/${externalId}`,
        publishedAt: toUtc(Date.now()),
      };
      try {
        await dynamo.send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...keys.sandboxPost(channel.id, request.idempotencyKey),
              ...post,
              postId: request.postId,
              content: request.content,
              // What a platform would have received: each file read, as an upload reads it.
              ...(request.media?.length ? { media: await receivedMedia(request.media) } : {}),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return post;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const earlier = await this.findPublished(request);
        if (!earlier) throw error;
        return earlier;
      }
    },

    async findPublished({ idempotencyKey }: PublishRequest): Promise<PublishedPost | undefined> {
      const { Item } = await dynamo.send(
        new GetCommand({
          TableName: tableName(),
          Key: keys.sandboxPost(channel.id, idempotencyKey),
          ConsistentRead: true,
        }),
      );
      if (!Item) return undefined;
      return { externalId: Item.externalId, url: Item.url, publishedAt: Item.publishedAt };
    },

    async fetchMetrics(published: PublishedPost, at: string) {
      await failIfConfigured('metrics', `${published.externalId}:${at}`);
      return simulatedMetrics(`${channel.id}:${published.externalId}`, published.publishedAt, at);
    },

    async fetchFeedback(published: PublishedPost) {
      const count = channel.settings?.simulatedReplies ?? 0;
      return simulatedReplies(published.externalId, published.publishedAt, toUtc(Date.now()), count);
    },
  };
}

/** Counts attempts in DynamoDB so failure control holds across Lambda instances. */
async function countAttempt(channelId: string, operation: string, key: string): Promise<number> {
  const { Attributes } = await dynamo.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.sandboxAttempts(channelId, operation, key),
      UpdateExpression: 'ADD attempts :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.attempts ?? 1);
}

/** One file as the sandbox received it. */
export interface SandboxMedia {
  assetId: string;
  type: string;
  width: number;
  height: number;
  bytes: number;
  alt?: string;
  variant?: string;
}

/**
 * The files a sandbox channel received with the publication of `idempotencyKey`: what a
 * platform would show under the post (the demo prints them).
 *
 * @example
 * ```ts
 * await sandboxMediaOf('sandbox-social', record.idempotencyKey); // [{ assetId: 'a-1', type: 'image/png', ... }]
 * ```
 */
export async function sandboxMediaOf(channelId: string, idempotencyKey: string): Promise<SandboxMedia[]> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: keys.sandboxPost(channelId, idempotencyKey) }),
  );
  return (Item?.media as SandboxMedia[] | undefined) ?? [];
}

/** The files of a post as the sandbox received them: each read whole, described, never kept. */
async function receivedMedia(media: readonly MediaAttachment[]): Promise<SandboxMedia[]> {
  return Promise.all(
    media.map(async ({ assetId, type, width, height, alt, variant, read }) => ({
      assetId,
      type,
      width,
      height,
      bytes: (await read()).length,
      ...(alt === undefined ? {} : { alt }),
      ...(variant === undefined ? {} : { variant }),
    })),
  );
}
