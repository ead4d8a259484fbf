import { bearerOf, type FakeAnswer, type FakeRequest, nextId, startFakePlatform } from './fake-platform.js';

export const LINKEDIN_TOKEN = 'linkedin-token';

/**
 * LinkedIn Posts API: `POST /rest/posts` answers 201 with the URN in `x-restli-id`, a
 * repeated commentary 422 `DUPLICATE_POST`; errors are `{ message, status, serviceErrorCode }`.
 */
export async function startFakeLinkedIn(
  options: {
    /** A post appears in the organization's list only this long after it was created: the list lags. */
    listLagMs?: number;
  } = {},
) {
  const { listLagMs = 0 } = options;
  const posts: { id: string; author: string; commentary: string; createdAt: number }[] = [];
  const authorized = (request: FakeRequest, answer: () => FakeAnswer): FakeAnswer => {
    if (bearerOf(request) !== LINKEDIN_TOKEN) {
      return {
        status: 401,
        body: {
          status: 401,
          serviceErrorCode: 65600,
          code: 'INVALID_ACCESS_TOKEN',
          message: 'Invalid access token',
        },
      };
    }
    if (!request.headers['linkedin-version']) {
      return {
        status: 400,
        body: { status: 400, code: 'VERSION_MISSING', message: 'A version must be present' },
      };
    }
    return answer();
  };
  const server = await startFakePlatform([
    {
      method: 'POST',
      path: /^\/rest\/posts$/,
      kind: 'publish',
      handle: (r) =>
        authorized(r, () => {
          const commentary = String(r.body.commentary ?? '');
          if (posts.some((p) => p.commentary === commentary)) {
            return {
              status: 422,
              body: {
                status: 422,
                message: 'ERROR :: /commentary :: DUPLICATE_POST :: Content is a duplicate',
              },
            };
          }
          const id = `urn:li:share:${nextId()}`;
          posts.push({ id, author: String(r.body.author), commentary, createdAt: Date.now() });
          return { status: 201, headers: { 'x-restli-id': id } };
        }),
    },
    {
      method: 'GET',
      path: /^\/rest\/posts$/,
      kind: 'lookup',
      handle: (r) =>
        authorized(r, () => ({
          status: 200,
          body: {
            elements: posts.filter((p) => p.createdAt <= Date.now() - listLagMs).reverse(),
            paging: { start: 0, count: 20 },
          },
        })),
    },
    {
      method: 'GET',
      path: /^\/rest\/organizationalEntityShareStatistics$/,
      kind: 'metrics',
      handle: (r) =>
        authorized(r, () => ({
          status: 200,
          body: {
            elements: [
              {
                organizationalEntity: r.query.get('organizationalEntity'),
                totalShareStatistics: {
                  impressionCount: 900,
                  uniqueImpressionsCount: 600,
                  clickCount: 30,
                  likeCount: 21,
                  commentCount: 4,
                  shareCount: 5,
                  engagement: 0.066,
                },
              },
            ],
          },
        })),
    },
  ]);
  return { server, posts };
}
