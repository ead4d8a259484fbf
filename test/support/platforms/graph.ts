import { type FakeAnswer, type FakeRequest, nextId, startFakePlatform } from './fake-platform.js';

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
  /** `listLagMs`: a post appears in the page's list only this long after it was created. */
  options: { retired?: string[]; listLagMs?: number } = {},
) {
  const listLagMs = options.listLagMs ?? 0;
  const facebookInsights: Record<string, unknown> = {
    post_media_view: 500,
    post_total_media_view_unique: 320,
    post_clicks: 17,
    post_reactions_by_type_total: { like: 10, love: 3 },
    post_video_views: 40,
  };
  for (const name of options.retired ?? []) delete facebookInsights[name];
  const posts: { id: string; message: string; created_time: string; permalink_url: string }[] = [];
  const create = (message: string): FakeAnswer => {
    const id = `${pageId}_${nextId()}`;
    posts.push({
      id,
      message,
      created_time: new Date().toISOString(),
      permalink_url: `https://www.facebook.com/${id}`,
    });
    return { status: 200, body: { id } };
  };
  const server = await startFakePlatform([
    {
      method: 'POST',
      path: new RegExp(`^/${pageId}/feed$`),
      kind: 'publish',
      handle: (r) => authorized(r, () => create(String(r.body.message ?? ''))),
    },
    {
      method: 'POST',
      path: new RegExp(`^/${pageId}/photos$`),
      kind: 'publish',
      handle: (r) =>
        authorized(r, () => {
          const answer = create(String(r.body.caption ?? ''));
          const id = (answer.body as { id: string }).id;
          return { status: 200, body: { id: id.split('_')[1], post_id: id } };
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
      handle: (r, m) =>
        authorized(r, () =>
          m[1] === pageId && r.query.get('fields') === 'followers_count'
            ? { status: 200, body: { id: pageId, followers_count: FACEBOOK_FOLLOWERS } }
            : {
                status: 200,
                body: { id: m[1], comments: { data: [], summary: { total_count: 6 } }, shares: { count: 2 } },
              },
        ),
    },
  ]);
  return { server, posts };
}

/**
 * Instagram or Threads: containers (`/{user}/media` or `/{user}/threads`), then publish
 * (`media_publish` or `threads_publish`); a container publishes once; media listed with
 * permalinks; insights; long-lived token refresh.
 */
export async function startFakeContainers(platform: 'instagram' | 'threads', userId: string) {
  const container = platform === 'instagram' ? 'media' : 'threads';
  const publishPath = platform === 'instagram' ? 'media_publish' : 'threads_publish';
  const textField = platform === 'instagram' ? 'caption' : 'text';
  const containers = new Map<
    string,
    { text: string; published?: string; status: string; script: string[] }
  >();
  /** The statuses the next container reports, one per status read; the last one stays. */
  let nextScript: string[] = [];
  const media: { id: string; permalink: string; timestamp: string; [field: string]: string }[] = [];
  const server = await startFakePlatform([
    {
      method: 'POST',
      path: new RegExp(`^/v\\d+\\.\\d+/${userId}/${container}$`),
      kind: 'container',
      handle: (r) =>
        authorized(r, () => {
          if (platform === 'instagram' && !r.body.image_url && !r.body.video_url) {
            return {
              status: 400,
              body: {
                error: {
                  message: 'Only photo or video can be accepted as media type.',
                  type: 'OAuthException',
                  code: 9004,
                  error_subcode: 2207052,
                },
              },
            };
          }
          const id = nextId();
          const script = nextScript.length ? nextScript : ['FINISHED'];
          nextScript = [];
          containers.set(id, { text: String(r.body[textField] ?? ''), status: script[0] as string, script });
          return { status: 200, body: { id } };
        }),
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
      handle: (r, m) =>
        authorized(r, () => {
          if (platform === 'instagram' && m[1] === userId && r.query.get('fields') === 'followers_count')
            return { status: 200, body: { id: userId, followers_count: INSTAGRAM_FOLLOWERS } };
          const found = media.find((item) => item.id === m[1]);
          if (found) return { status: 200, body: found };
          const held = containers.get(String(m[1]));
          if (held && !held.published) {
            held.status = held.script[0] as string;
            if (held.script.length > 1) held.script.shift();
          }
          return held
            ? { status: 200, body: { id: m[1], status_code: held.status } }
            : { status: 400, body: { error: { message: 'Unsupported get request', code: 100 } } };
        }),
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
  };
}
