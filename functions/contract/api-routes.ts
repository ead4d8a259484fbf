/**
 * The front door's routes (API Gateway HTTP API route keys) and the handler file behind each.
 * The stack, the local twin and the CLI all read this table, so a route exists everywhere or
 * nowhere.
 */
export const ApiRoutes = {
  'POST /posts': 'api-submit-post',
  'POST /posts/{postId}/decisions': 'api-decide-review',
  'POST /posts/{postId}/cancel': 'api-cancel-post',
  'POST /posts/{postId}/reschedule': 'api-reschedule-post',
  'GET /posts/{postId}': 'api-get-post',
  'GET /brands/{brandId}/calendar': 'api-get-calendar',
  'PUT /brands/{brandId}/profile': 'api-update-brand-profile',
  'PUT /brands/{brandId}/members/{memberId}': 'api-put-membership',
  // What the review portal reads (docs/portal.md).
  'GET /posts/{postId}/story': 'api-get-post-story',
  'GET /brands/{brandId}': 'api-get-brand',
  'GET /brands/{brandId}/reviews': 'api-get-review-queue',
  'GET /brands/{brandId}/rejections': 'api-get-rejections',
  'GET /brands/{brandId}/reports/latest': 'api-get-latest-report',
  'POST /brands/{brandId}/assets': 'api-add-asset',
  'POST /brands/{brandId}/assets/{assetId}/complete': 'api-complete-asset',
  'GET /brands/{brandId}/assets': 'api-list-assets',
  // The feedback inbox (docs/feedback.md).
  'GET /brands/{brandId}/feedback': 'api-list-feedback',
  // Replying to feedback (docs/feedback.md).
  'POST /feedback/{feedbackId}/replies': 'api-reply-feedback',
  'POST /feedback/{feedbackId}/replies/decisions': 'api-decide-feedback-reply',
  // Hiding or marking spam (docs/feedback.md).
  'POST /feedback/{feedbackId}/moderation': 'api-moderate-feedback',
} as const;
export type ApiRouteKey = keyof typeof ApiRoutes;

/** The `source` the front door's calls carry into the use cases (never put on the bus). */
export const API_SOURCE = 'brandflow.api';

/**
 * The concrete path of a route: `routePath('GET /posts/{postId}', { postId: 'p-1' })` is `/posts/p-1`.
 *
 * @example
 * ```ts
 * routePath('POST /posts/{postId}/decisions', { postId: 'spring-launch' }); // '/posts/spring-launch/decisions'
 * ```
 */
export function routePath(route: ApiRouteKey, values: Record<string, string> = {}): string {
  const path = route.slice(route.indexOf(' ') + 1);
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}
