import { channelPreviews } from '../domain/channel-preview.js';
import { BrandAction } from '../domain/permissions.js';
import type { ChannelContent } from '../domain/post.js';
import { contentDiff } from '../domain/revision-diff.js';
import { requirePermission } from '../identity/access.js';
import { existingPost } from '../identity/front-door.js';
import { decisionsOf, visibleLog, visiblePost } from '../identity/visible-records.js';
import { apiHandler } from '../middleware/api-handler.js';
import { getBrand, listLifecycleLog, listMetricSnapshots, listPublishRecords } from '../persistence/index.js';

/**
 * `GET /posts/{postId}/story`: what a reviewer or editor reads of one post: per-channel
 * previews with the platform's count and the policy findings, the difference from the
 * previous revision, every decision, the lifecycle log, publish records and metric rounds.
 */
export const handler = apiHandler('api-get-post-story', async ({ caller, path }) => {
  const post = await existingPost(path.postId);
  const access = await requirePermission(caller, post.brandId, BrandAction.ReadPosts);
  const [log, brand, publishRecords, metrics] = await Promise.all([
    listLifecycleLog(post.postId),
    getBrand(post.brandId),
    listPublishRecords(post.postId),
    listMetricSnapshots(post.postId),
  ]);
  // The last revision change that kept the earlier content in the log.
  const change = log.filter((entry) => entry.details?.previousContent !== undefined).at(-1) as
    | {
        revision: number;
        details: { previousRevision?: number; previousContent: Record<string, ChannelContent> };
      }
    | undefined;
  const findings = post.policyRevision === post.revision ? (post.policy?.findings ?? []) : [];
  return {
    status: 200,
    body: {
      post: visiblePost(post),
      roles: access.roles,
      previews: channelPreviews(post.content, brand, findings),
      policy: post.policy && post.policyRevision === post.revision ? post.policy : undefined,
      diff:
        change && change.revision === post.revision
          ? {
              fromRevision: change.details.previousRevision,
              channels: contentDiff(change.details.previousContent, post.content),
            }
          : undefined,
      decisions: decisionsOf(log),
      log: visibleLog(log),
      publishRecords: publishRecords.map(({ leaseOwner: _o, leaseExpiresAt: _e, ...record }) => record),
      metrics,
    },
  };
});
