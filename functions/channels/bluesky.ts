import { createHash } from 'node:crypto';
import type { ChannelConfig } from '../domain/brand.js';
import type { InputProblem } from '../domain/errors.js';
import { followerCount } from '../domain/kpis.js';
import type { ChannelContent } from '../domain/post.js';
import {
  type ChannelAdapter,
  ChannelFailure,
  type PublishedPost,
  type PublishRequest,
} from './core/channel-adapter.js';
import {
  composeText,
  graphemeLength,
  mediaLinksRefused,
  refuseInvalid,
  tooLong,
} from './core/content-checks.js';
import { callPlatform, firstErrorField, type PlatformDialect, type PlatformRequest } from './core/http.js';
import { blueskyFeedback } from './feedback/readers.js';
import { type BlueskyRecordRead, blueskyReply, blueskyReplyKey } from './feedback/replies.js';
import { blueskyMediaEmbed } from './media/bluesky-media.js';
import { normalizedMetrics, num, sumProvided } from './platform-metrics.js';
import { type AdapterDeps, bearer, requireCredential, trimBase } from './platform-session.js';

export const BLUESKY_MAX_GRAPHEMES = 300;
export const BLUESKY_MAX_BYTES = 3000;
const POST_COLLECTION = 'app.bsky.feed.post';
const S32 = '234567abcdefghijklmnopqrstuvwxyz';
/** The record field naming the publication that wrote it; AT Protocol records keep fields their lexicon does not define. */
const TAG_FIELD = 'brandflowPublication';

interface Session {
  accessJwt: string;
  did: string;
  handle: string;
}
const sessions = new Map<string, Session>();

/** How many record keys a publication may try when an earlier one is another post's record. */
const RECORD_KEY_CANDIDATES = 4;

/**
 * The record key of a publication: a valid TID (the PDS refuses other keys for posts) whose
 * time is the scheduled second and whose microseconds and clock id come from the idempotency
 * key, so every attempt writes the same record and a repeat collides instead of posting twice.
 * Two posts of one second share a key once in about a billion pairs; `candidate` then gives the
 * next key to try, and the record itself says whose it is ({@link publicationTag}).
 *
 * @example
 * ```ts
 * recordKeyFor({ idempotencyKey: 'p1:bsky:r1', postId: 'p1', content: { text: 'Hi' }, scheduledAt: '2030-01-01T00:00:00Z' });
 * ```
 */
export function recordKeyFor(request: PublishRequest, candidate = 0): string {
  const digest = createHash('sha256').update(`${request.idempotencyKey}#${candidate}`).digest();
  const scheduled = request.scheduledAt ? Date.parse(request.scheduledAt) : Number.NaN;
  const seconds = Number.isFinite(scheduled) ? Math.floor(scheduled / 1000) : digest.readUIntBE(0, 4);
  const micros = BigInt(seconds) * 1_000_000n + BigInt(digest.readUInt32BE(6) % 1_000_000);
  const clockId = BigInt(digest.readUInt16BE(10) % 1024);
  const encode = (value: bigint, width: number) => {
    let out = '';
    for (let v = value; v > 0n; v /= 32n) out = S32[Number(v % 32n)] + out;
    return out.padStart(width, '2');
  };
  return `${encode(micros, 11)}${encode(clockId, 2)}`;
}

/**
 * What a post record carries to say which publication wrote it: a digest of the idempotency
 * key (the key names the post, which has no place on a public record).
 *
 * @example
 * ```ts
 * publicationTag({ idempotencyKey: 'p1:bsky:r1', postId: 'p1', content: { text: 'Hi' } }); // 16 hex digits
 * ```
 */
export function publicationTag(request: PublishRequest): string {
  return createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 16);
}

/**
 * Bluesky through the AT Protocol (`com.atproto.repo.createRecord` with a deterministic
 * record key). After any failure the record is looked up by its key before concluding, since
 * a PDS answers a repeated key with a 500, not a conflict; the record's publication tag tells
 * this post's record from another post's that took the key.
 *
 * @example
 * ```ts
 * const adapter = createBlueskyAdapter({ id: 'bsky', adapter: 'bluesky', account: 'acme-bsky', maxLength: 300 }, deps);
 * ```
 */
export function createBlueskyAdapter(channel: ChannelConfig, deps: AdapterDeps): ChannelAdapter {
  const base = trimBase(channel.settings?.baseUrl ?? 'https://bsky.social');
  const account = channel.account ?? channel.id;
  const dialect: PlatformDialect = {
    platform: 'Bluesky',
    channel: channel.id,
    errorMessage: (body) => firstErrorField(body, 'message', 'error'),
    isAuthFailure: (status, body) =>
      status === 400 && ['ExpiredToken', 'InvalidToken'].includes((body as { error?: string })?.error ?? ''),
  };
  const xrpc = (method: string) => `${base}/xrpc/${method}`;

  const login = async (): Promise<Session> => {
    const credentials = await deps.credentials.load(account);
    const { body } = await callPlatform(
      { ...dialect, isAuthFailure: (status) => status === 401 || status === 400 },
      {
        method: 'POST',
        url: xrpc('com.atproto.server.createSession'),
        json: {
          identifier: requireCredential(credentials, 'identifier', account),
          password: requireCredential(credentials, 'appPassword', account),
        },
        operation: 'sign-in',
      },
      deps.http,
    );
    const session = body as Session;
    sessions.set(account, session);
    return session;
  };
  /** Calls with the cached session; an expired one is replaced once. */
  const call = async (build: (session: Session) => PlatformRequest) => {
    const session = sessions.get(account) ?? (await login());
    try {
      return await callPlatform(dialect, build(session), deps.http);
    } catch (error) {
      if (!(error instanceof ChannelFailure && error.reconnect)) throw error;
      return callPlatform(dialect, build(await login()), deps.http);
    }
  };
  const toPublished = (session: Session, rkey: string, createdAt: string): PublishedPost => ({
    externalId: `at://${session.did}/${POST_COLLECTION}/${rkey}`,
    url: `https://bsky.app/profile/${session.handle}/post/${rkey}`,
    publishedAt: createdAt,
  });
  /** The post record at `rkey` and the publication tag it carries; undefined when the key is free. */
  const readRecord = async (rkey: string): Promise<{ post: PublishedPost; tag?: unknown } | undefined> => {
    try {
      const { body } = await call((session) => ({
        method: 'GET',
        url: `${xrpc('com.atproto.repo.getRecord')}?${new URLSearchParams({ repo: session.did, collection: POST_COLLECTION, rkey })}`,
        operation: 'lookup',
      }));
      const record = body as { uri: string; value?: Record<string, unknown> };
      const session = sessions.get(account) as Session;
      const createdAt =
        typeof record.value?.createdAt === 'string' ? record.value.createdAt : new Date().toISOString();
      return {
        post: { ...toPublished(session, rkey, createdAt), externalId: record.uri },
        tag: record.value?.[TAG_FIELD],
      };
    } catch (error) {
      if (error instanceof ChannelFailure && error.context.status === 400) return undefined;
      throw error;
    }
  };

  /**
   * Writes a post record at the request's deterministic key, tagged with its publication, and
   * after any failure lets the record at that key decide (see the adapter's comment).
   */
  const createTagged = async (request: PublishRequest, fields: Record<string, unknown>) => {
    const createdAt = new Date().toISOString();
    const tag = publicationTag(request);
    for (let candidate = 0; ; candidate += 1) {
      const rkey = recordKeyFor(request, candidate);
      try {
        const { body } = await call((session) => ({
          method: 'POST',
          url: xrpc('com.atproto.repo.createRecord'),
          headers: bearer(session.accessJwt),
          json: {
            repo: session.did,
            collection: POST_COLLECTION,
            rkey,
            record: { $type: POST_COLLECTION, ...fields, createdAt, [TAG_FIELD]: tag },
          },
          operation: 'publish',
        }));
        const session = sessions.get(account) as Session;
        const uri = (body as { uri: string }).uri;
        return { ...toPublished(session, rkey, createdAt), externalId: uri };
      } catch (error) {
        if (error instanceof ChannelFailure && (error.kind === 'rate_limited' || error.reconnect))
          throw error;
        // A taken key answers 500, and a lost answer may hide a success: the record decides.
        const found = await readRecord(rkey).catch(() => undefined);
        if (found?.tag === tag) return found.post;
        // Another post's record holds this key: the next candidate is this publication's.
        if (!found || candidate + 1 >= RECORD_KEY_CANDIDATES) throw error;
      }
    }
  };
  const findTagged = async (request: PublishRequest): Promise<PublishedPost | undefined> => {
    const tag = publicationTag(request);
    for (let candidate = 0; candidate < RECORD_KEY_CANDIDATES; candidate += 1) {
      const found = await readRecord(recordKeyFor(request, candidate));
      // Publishing tries the keys in order: past a free key, no later one was used.
      if (!found) return undefined;
      if (found.tag === tag) return found.post;
    }
    return undefined;
  };
  /** A record of any repository by its at:// URI, with its cid (a reply's strong refs). */
  const readRef: BlueskyRecordRead = async (uri) => {
    const [, , repo, collection, rkey] = uri.split('/');
    const { body } = await call((session) => ({
      method: 'GET',
      url: `${xrpc('com.atproto.repo.getRecord')}?${new URLSearchParams({ repo: repo ?? '', collection: collection ?? '', rkey: rkey ?? '' })}`,
      headers: bearer(session.accessJwt),
      operation: 'lookup',
    }));
    return body as { uri: string; cid: string; value?: Record<string, unknown> };
  };

  const adapter: ChannelAdapter = {
    validate(content: ChannelContent): InputProblem[] {
      const text = composeText(content);
      const problems = tooLong('Bluesky', BLUESKY_MAX_GRAPHEMES, graphemeLength(text));
      if (Buffer.byteLength(text) > BLUESKY_MAX_BYTES) {
        problems.push({
          field: 'text',
          rule: 'max-bytes',
          message: `Bluesky allows ${BLUESKY_MAX_BYTES} bytes`,
        });
      }
      problems.push(
        ...mediaLinksRefused(
          content,
          'Bluesky takes images as uploaded blobs, not as links: remove mediaUrls or put the link in the text',
        ),
      );
      return problems;
    },

    async publish(request: PublishRequest): Promise<PublishedPost> {
      refuseInvalid(channel.id, adapter.validate?.(request.content) ?? []);
      const text = composeText(request.content);
      const embed = await blueskyMediaEmbed(request.media, call, xrpc);
      return createTagged(request, { text, facets: linkFacets(text), ...(embed ? { embed } : {}) });
    },

    findPublished: (request: PublishRequest) => findTagged(request),
    async fetchFollowers() {
      const { body } = await call((session) => ({
        method: 'GET',
        url: `${xrpc('app.bsky.actor.getProfile')}?${new URLSearchParams({ actor: session.did })}`,
        headers: bearer(session.accessJwt),
        operation: 'followers',
      }));
      return followerCount((body as { followersCount?: unknown }).followersCount);
    },

    async fetchMetrics(published: PublishedPost) {
      const { body } = await call((session) => ({
        method: 'GET',
        url: `${xrpc('app.bsky.feed.getPosts')}?${new URLSearchParams({ uris: published.externalId })}`,
        headers: bearer(session.accessJwt),
        operation: 'metrics',
      }));
      const post = (body as { posts?: Record<string, unknown>[] }).posts?.[0] ?? {};
      return normalizedMetrics(
        {
          likes: num(post.likeCount),
          comments: num(post.replyCount),
          shares: sumProvided(num(post.repostCount), num(post.quoteCount)),
        },
        {
          likeCount: post.likeCount,
          repostCount: post.repostCount,
          replyCount: post.replyCount,
          quoteCount: post.quoteCount,
        },
      );
    },

    fetchFeedback: (published) =>
      blueskyFeedback(
        async (method, params) =>
          (
            await call((session) => ({
              method: 'GET',
              url: `${xrpc(method)}?${new URLSearchParams(params)}`,
              headers: bearer(session.accessJwt),
              operation: 'feedback',
            }))
          ).body,
        published,
      ),
    reply: (request) =>
      blueskyReply(
        (key, fields) => createTagged(key, { ...fields, facets: linkFacets(request.text) }),
        readRef,
        request,
      ),
    findReply: (request) => findTagged(blueskyReplyKey(request)),
  };
  return adapter;
}

/** Link facets (byte ranges) so links in the text are clickable. */
function linkFacets(text: string) {
  const facets = [];
  for (const match of text.matchAll(/https?:\/\/[^\s]+/g)) {
    const byteStart = Buffer.byteLength(text.slice(0, match.index));
    facets.push({
      index: { byteStart, byteEnd: byteStart + Buffer.byteLength(match[0]) },
      features: [{ $type: 'app.bsky.richtext.facet#link', uri: match[0] }],
    });
  }
  return facets.length ? facets : undefined;
}

/** Forgets cached sessions (tests starting over). */
export function clearBlueskySessions(): void {
  sessions.clear();
}
