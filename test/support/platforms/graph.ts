import { type FakeAnswer, type FakeRequest, nextId, startFakePlatform } from './fake-platform.js';
import { fetchMedia } from './media-fetch.js';

export const GRAPH_TOKEN = 'graph-token';
/** The follower count the fake Graph API reports for the Page. */
export const FACEBOOK_FOLLOWERS = 5200;
/** The follower count the fake Graph API reports for the Instagram account. */
export const INSTAGRAM_FOLLOWERS = 7300;
/** The follower count the fake Threads insights report for the account. */
export const THREADS_FOLLOWERS = 2600;

const oauthError = {
  error: {
    message: 'Error validating access token: Session has expired',
    type: 'OAuthException',
    code: 190,
    error_subcode: 463,
    fbtrace_id: 'A1',
  },
};

const tokenOf = (r: FakeRequest) => String(r.query.get('access_token') ?? r.body.access_token ?? '');
const authorized = (r: FakeRequest, answer: () => FakeAnswer): FakeAnswer =>
  tokenOf(r) === GRAPH_TOKEN ? answer() : { status: 400, body: oauthError };

const invalidMetric = {
  error: { message: '(#100) The value must be a valid insights metric', type: 'OAuthException', code: 100 },
};

/**
 * Facebook Pages Graph API: /{page}/feed, /photos, /videos, /published_posts, insights.
 * Insights answer the metrics of today's Graph; `retired` names are refused as Graph
 * refuses a retired metric (`post_impressions` was, on 2025-11-15).
 */
export async function startFakeFacebook(
  pageId: string,
  /**
   * `listLagMs`: a post appears in the page's list only this long after it was created;
   * `videoProcessingReads`: status reads a fetched video stays `processing`.
   */
  options: { retired?: string[]; listLagMs?: number; videoProcessingReads?: number } = {},
) {
  const listLagMs = options.listLagMs ?? 0;
  /** Photos by id: the bytes Facebook fetched, whether published, their alt text. */
  const photos = new Map<string, { fetched?: Buffer; published: boolean; altText?: string }>();
  /** Videos by id: processing until ready (then posted) or in error. */
  const videos = new Map<
    string,
    {
      status: 'processing' | 'ready' | 'error';
      description: string;
      readsLeft: number;
      fetched?: Buffer;
      error?: string;
      fetching: Promise<void>;
    }
  >();
  let nextVideoFailure: string | undefined;
  const facebookInsights: Record<string, unknown> = {
    post_media_view: 500,
    post_total_media_view_unique: 320,
    post_clicks: 17,
    post_reactions_by_type_total: { like: 10, love: 3 },
    post_video_views: 40,
  };
  for (const name of options.retired ?? []) delete facebookInsights[name];
  const posts: {
    id: string;
    message: string;
    created_time: string;
    permalink_url: string;
    /** Photo ids attached, in order; the video of a video post. */
    attachments?: string[];
  }[] = [];
  const create = (message: string, attachments?: string[]): FakeAnswer => {
    const id = `${pageId}_${nextId()}`;
    posts.push({
      id,
      message,
      created_time: new Date().toISOString(),
      permalink_url: `https://www.facebook.com/${id}`,
      ...(attachments ? { attachments } : {}),
    });
    return { status: 200, body: { id } };
  };
  const invalidImage = graphError('(#324) Missing or invalid image file', 324);
  const server = await startFakePlatform([
    {
      method: 'POST',
      path: new RegExp(`^/${pageId}/feed$`),
      kind: 'publish',
      handle: (r) =>
        authorized(r, () => {
          const attached = Object.keys(r.body)
            .filter((name) => /^attached_media\[\d+\]$/.test(name))
            .sort((a, b) => Number(a.match(/\d+/)?.[0]) - Number(b.match(/\d+/)?.[0]))
            .map((name) => String((JSON.parse(String(r.body[name])) as { media_fbid?: string }).media_fbid));
          if (attached.some((id) => photos.get(id)?.published !== false)) {
            return graphError('(#100) attached_media must name unpublished photos of this Page', 100);
          }
          for (const id of attached) (photos.get(id) as { published: boolean }).published = true;
          return create(String(r.body.message ?? ''), attached.length ? attached : undefined);
        }),
    },
    {
      method: 'POST',
      path: new RegExp(`^/${pageId}/photos$`),
      kind: 'publish',
      handle: async (r) => {
        if (tokenOf(r) !== GRAPH_TOKEN) return { status: 400, body: oauthError };
        let fetched: Buffer | undefined;
        if (r.body.url !== undefined) {
          const media = await fetchMedia(String(r.body.url));
          if (!media.ok || (media.bytes && media.kind !== 'image')) return invalidImage;
          fetched = media.bytes;
        }
        const altText = r.body.alt_text_custom === undefined ? undefined : String(r.body.alt_text_custom);
        if (r.body.published === 'false') {
          const id = nextId();
          photos.set(id, { fetched, published: false, altText });
          return { status: 200, body: { id } };
        }
        const answer = create(String(r.body.caption ?? ''));
        const postId = (answer.body as { id: string }).id;
        const id = postId.split('_')[1] as string;
        photos.set(id, { fetched, published: true, altText });
        const created = posts.find((post) => post.id === postId);
        if (created) created.attachments = [id];
        return { status: 200, body: { id, post_id: postId } };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^/${pageId}/videos$`),
      kind: 'publish',
      handle: (r) =>
        authorized(r, () => {
          const id = nextId();
          const video = {
            status: 'processing' as 'processing' | 'ready' | 'error',
            description: String(r.body.description ?? ''),
            readsLeft: options.videoProcessingReads ?? 1,
            error: nextVideoFailure,
            fetched: undefined as Buffer | undefined,
            fetching: fetchMedia(String(r.body.file_url ?? '')).then((media) => {
              if (!media.ok || (media.bytes && media.kind !== 'video'))
                video.error = 'The video file could not be downloaded';
              else video.fetched = media.bytes;
            }),
          };
          nextVideoFailure = undefined;
          videos.set(id, video);
          return { status: 200, body: { id } };
        }),
    },
    {
      method: 'GET',
      path: new RegExp(`^/${pageId}/published_posts$`),
      kind: 'lookup',
      handle: (r) =>
        authorized(r, () => ({
          status: 200,
          body: {
            data: posts.filter((p) => Date.parse(p.created_time) <= Date.now() - listLagMs).reverse(),
          },
        })),
    },
    {
      method: 'GET',
      path: /^\/([\d_]+)\/insights$/,
      kind: 'metrics',
      handle: (r) =>
        authorized(r, () => {
          const asked = (r.query.get('metric') ?? '').split(',');
          // Graph refuses the whole request when one name is retired or unknown.
          if (asked.some((name) => !(name in facebookInsights))) {
            return { status: 400, body: invalidMetric };
          }
          return {
            status: 200,
            body: {
              data: asked.map((name) => ({
                name,
                period: 'lifetime',
                values: [{ value: facebookInsights[name] }],
              })),
            },
          };
        }),
    },
    {
      method: 'GET',
      path: /^\/([\d_]+)$/,
      kind: 'metrics',
      handle: async (r, m) => {
        const video = videos.get(String(m[1]));
        if (video && tokenOf(r) === GRAPH_TOKEN) {
          await video.fetching;
          if (video.status === 'processing') {
            if (video.readsLeft > 0) video.readsLeft -= 1;
            else if (video.error) video.status = 'error';
            else {
              video.status = 'ready';
              create(video.description, [String(m[1])]);
            }
          }
          return {
            status: 200,
            body: {
              id: m[1],
              status: {
                video_status: video.status,
                processing_phase: {
                  status:
                    video.status === 'error'
                      ? 'error'
                      : video.status === 'ready'
                        ? 'complete'
                        : 'in_progress',
                  ...(video.status === 'error' ? { errors: [{ code: 1363008, message: video.error }] } : {}),
                },
              },
            },
          };
        }
        return authorized(r, () =>
          m[1] === pageId && r.query.get('fields') === 'followers_count'
            ? { status: 200, body: { id: pageId, followers_count: FACEBOOK_FOLLOWERS } }
            : {
                status: 200,
                body: { id: m[1], comments: { data: [], summary: { total_count: 6 } }, shares: { count: 2 } },
              },
        );
      },
    },
  ]);
  return {
    server,
    posts,
    photos,
    videos,
    /** The next video's processing ends in error with this message. */
    failNextVideo: (reason = 'The video could not be processed') => {
      nextVideoFailure = reason;
    },
  };
}

/** A media container as the fake holds it. */
export interface FakeContainer {
  text: string;
  published?: string;
  status: string;
  /** Scripted statuses, one per status read (the last one stays); empty when the fake decides. */
  script: string[];
  /** Why it failed: Threads' `error_message`, Instagram's `status`. */
  reason?: string;
  mediaType: string;
  carouselItem: boolean;
  children: string[];
  altText?: string;
  /** The bytes fetched from its media URL (the twin's S3 server). */
  fetched?: Buffer;
  /** Settles when the video has been fetched. */
  fetching?: Promise<void>;
  /** Status reads still answered IN_PROGRESS once fetched. */
  readsLeft: number;
  /** Processing ends in ERROR with this reason. */
  failWith?: string;
}

const graphError = (message: string, code: number, subcode?: number): FakeAnswer => ({
  status: 400,
  body: { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}) } },
});

/**
 * Instagram or Threads: containers (`/{user}/media` or `/{user}/threads`), then publish
 * (`media_publish` or `threads_publish`); a container publishes once; media listed with
 * permalinks; insights; long-lived token refresh. Media as Meta takes it: an image is fetched
 * from its URL when its container is made (a failed download refuses the container), a video
 * is fetched and processed while its container reports IN_PROGRESS (`videoProcessingReads`
 * status reads), then FINISHED or ERROR; a carousel takes 2 to 10 (Threads 20) FINISHED item
 * containers.
 */
export async function startFakeContainers(
  platform: 'instagram' | 'threads',
  userId: string,
  options: { videoProcessingReads?: number } = {},
) {
  const container = platform === 'instagram' ? 'media' : 'threads';
  const publishPath = platform === 'instagram' ? 'media_publish' : 'threads_publish';
  const textField = platform === 'instagram' ? 'caption' : 'text';
  const maxChildren = platform === 'instagram' ? 10 : 20;
  const containers = new Map<string, FakeContainer>();
  /** The statuses the next container reports, one per status read; the last one stays. */
  let nextScript: string[] = [];
  /** The next video's processing fails with this reason. */
  let nextVideoFailure: string | undefined;
  const media: { id: string; permalink: string; timestamp: string; [field: string]: string }[] = [];

  /** The container `form` asks for, or the error Meta answers. */
  async function makeContainer(form: Record<string, unknown>): Promise<FakeContainer | FakeAnswer> {
    const field = (name: string) => (form[name] === undefined ? undefined : String(form[name]));
    const imageUrl = field('image_url');
    const videoUrl = field('video_url');
    const carouselItem = field('is_carousel_item') === 'true';
    const mediaType = field('media_type') ?? (imageUrl ? 'IMAGE' : platform === 'threads' ? '' : 'IMAGE');
    const held: FakeContainer = {
      text: field(textField) ?? '',
      status: 'FINISHED',
      script: [],
      mediaType,
      carouselItem,
      children: [],
      altText: field('alt_text'),
      readsLeft: 0,
    };
    if (mediaType === 'CAROUSEL') {
      held.children = (field('children') ?? '').split(',').filter(Boolean);
      const unusable = held.children.filter((id) => {
        const child = containers.get(id);
        return !child?.carouselItem || child.status !== 'FINISHED';
      });
      if (held.children.length < 2 || held.children.length > maxChildren || unusable.length > 0) {
        return graphError(
          `(#100) children must be 2 to ${maxChildren} finished carousel items; not usable: ${unusable.join(',')}`,
          100,
        );
      }
      return held;
    }
    if (platform === 'threads' && !['TEXT', 'IMAGE', 'VIDEO'].includes(mediaType)) {
      return graphError('(#100) media_type must be TEXT, IMAGE, VIDEO or CAROUSEL', 100);
    }
    if (platform === 'instagram' && !imageUrl && !videoUrl) {
      return graphError('Only photo or video can be accepted as media type.', 9004, 2207052);
    }
    if (
      platform === 'instagram' &&
      videoUrl &&
      mediaType !== 'REELS' &&
      !(carouselItem && mediaType === 'VIDEO')
    ) {
      return graphError('The VIDEO media type is no longer supported: use REELS', 100);
    }
    if ((mediaType === 'IMAGE' && !imageUrl) || (['VIDEO', 'REELS'].includes(mediaType) && !videoUrl)) {
      return graphError(`(#100) ${mediaType} needs its media URL`, 100);
    }
    if (imageUrl) {
      const fetched = await fetchMedia(imageUrl);
      if (!fetched.ok || (fetched.bytes && fetched.kind !== 'image')) {
        return graphError(
          "Media download has failed. The media URI doesn't meet our requirements.",
          9004,
          2207052,
        );
      }
      held.fetched = fetched.bytes;
    }
    if (videoUrl) {
      held.fetching = fetchMedia(videoUrl).then((fetched) => {
        if (!fetched.ok || (fetched.bytes && fetched.kind !== 'video')) {
          held.failWith = 'FAILED_DOWNLOADING_VIDEO';
          held.readsLeft = 0;
        }
        if (fetched.ok) held.fetched = fetched.bytes;
      });
      if (videoUrl.includes('127.0.0.1')) {
        held.status = 'IN_PROGRESS';
        held.readsLeft = options.videoProcessingReads ?? 1;
        held.failWith = nextVideoFailure;
        nextVideoFailure = undefined;
      }
    }
    return held;
  }

  /** Reads a container's status as Meta reports it: scripted, or as its processing goes. */
  async function currentStatus(held: FakeContainer): Promise<void> {
    if (held.published) return;
    await held.fetching;
    if (held.script.length > 0) {
      held.status = held.script[0] as string;
      if (held.script.length > 1) held.script.shift();
    } else if (held.status === 'IN_PROGRESS') {
      if (held.readsLeft > 0) held.readsLeft -= 1;
      else if (held.failWith) {
        held.status = 'ERROR';
        held.reason = held.failWith;
      } else held.status = 'FINISHED';
    }
  }

  const server = await startFakePlatform([
    {
      method: 'POST',
      path: new RegExp(`^/v\\d+\\.\\d+/${userId}/${container}$`),
      kind: 'container',
      handle: async (r) => {
        if (tokenOf(r) !== GRAPH_TOKEN) return { status: 400, body: oauthError };
        const made = await makeContainer(r.body);
        if ('status' in made && typeof made.status === 'number') return made as FakeAnswer;
        const held = made as FakeContainer;
        if (nextScript.length) {
          held.script = nextScript;
          held.status = nextScript[0] as string;
          nextScript = [];
        }
        const id = nextId();
        containers.set(id, held);
        return { status: 200, body: { id } };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^/v\\d+\\.\\d+/${userId}/${publishPath}$`),
      kind: 'publish',
      handle: (r) =>
        authorized(r, () => {
          const held = containers.get(String(r.body.creation_id));
          if (!held)
            return {
              status: 400,
              body: { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100 } },
            };
          if (held.status !== 'FINISHED' && !held.published)
            return {
              status: 400,
              body: {
                error: {
                  message: 'The media is not ready for publishing, please wait for a moment',
                  type: 'OAuthException',
                  code: 9007,
                  error_subcode: 2207027,
                },
              },
            };
          if (held.published)
            return {
              status: 400,
              body: {
                error: {
                  message: 'The media has already been published',
                  type: 'OAuthException',
                  code: 9007,
                },
              },
            };
          const id = nextId();
          held.published = id;
          held.status = 'PUBLISHED';
          media.push({
            id,
            [textField]: held.text,
            media_type: held.mediaType,
            ...(held.children.length ? { children: held.children.join(',') } : {}),
            permalink: `https://www.${platform}.example/p/${id}`,
            timestamp: new Date().toISOString().replace('Z', '+0000'),
          });
          return { status: 200, body: { id } };
        }),
    },
    {
      method: 'GET',
      path: new RegExp(`^/v\\d+\\.\\d+/${userId}/${container}$`),
      kind: 'lookup',
      handle: (r) => authorized(r, () => ({ status: 200, body: { data: [...media].reverse() } })),
    },
    {
      method: 'GET',
      path: new RegExp(`^/v\\d+\\.\\d+/${userId}/threads_insights$`),
      kind: 'lookup',
      handle: (r) =>
        authorized(r, () =>
          platform === 'threads' && r.query.get('metric') === 'followers_count'
            ? {
                status: 200,
                body: {
                  data: [
                    { name: 'followers_count', period: 'day', total_value: { value: THREADS_FOLLOWERS } },
                  ],
                },
              }
            : { status: 400, body: { error: { message: 'Unsupported get request', code: 100 } } },
        ),
    },
    {
      method: 'GET',
      path: /^\/v\d+\.\d+\/(\d+)\/insights$/,
      kind: 'metrics',
      handle: (r) =>
        authorized(r, () => ({
          status: 200,
          body: {
            data: (r.query.get('metric') ?? '')
              .split(',')
              .map((name, index) => ({ name, period: 'lifetime', values: [{ value: 10 * (index + 1) }] })),
          },
        })),
    },
    {
      method: 'GET',
      path: /^\/v\d+\.\d+\/(\d+)$/,
      kind: 'lookup',
      handle: async (r, m) => {
        if (tokenOf(r) !== GRAPH_TOKEN) return { status: 400, body: oauthError };
        if (platform === 'instagram' && m[1] === userId && r.query.get('fields') === 'followers_count')
          return { status: 200, body: { id: userId, followers_count: INSTAGRAM_FOLLOWERS } };
        const found = media.find((item) => item.id === m[1]);
        if (found) return { status: 200, body: found };
        const held = containers.get(String(m[1]));
        if (!held) return { status: 400, body: { error: { message: 'Unsupported get request', code: 100 } } };
        await currentStatus(held);
        // Instagram names the state `status_code` (and a sentence in `status`); Threads `status`.
        return {
          status: 200,
          body:
            platform === 'instagram'
              ? {
                  id: m[1],
                  status_code: held.status,
                  ...(held.reason ? { status: `Error: ${held.reason}` } : {}),
                }
              : { id: m[1], status: held.status, ...(held.reason ? { error_message: held.reason } : {}) },
        };
      },
    },
    {
      method: 'GET',
      path: /^\/refresh_access_token$/,
      kind: 'auth',
      handle: (r) =>
        tokenOf(r) === 'expiring-token'
          ? { status: 200, body: { access_token: GRAPH_TOKEN, token_type: 'bearer', expires_in: 5_184_000 } }
          : { status: 400, body: oauthError },
    },
  ]);
  return {
    server,
    posts: media,
    base: `${server.url}/v1.0`,
    /** Containers created, published or not. */
    containers,
    /** The next container reports these statuses, one per status read (e.g. IN_PROGRESS twice, then FINISHED). */
    scriptNextContainer: (...statuses: string[]) => {
      nextScript = statuses;
    },
    /** The next video fetched processes into ERROR with this reason (Threads' `error_message`). */
    failNextVideo: (reason = 'FAILED_PROCESSING_VIDEO') => {
      nextVideoFailure = reason;
    },
  };
}
