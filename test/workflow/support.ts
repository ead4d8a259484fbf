import { randomUUID } from 'node:crypto';
import { connectChannelAccount } from '../../functions/channels/account-bindings.js';
import type { ChannelCredentials } from '../../functions/channels/core/credentials.js';
import type { AccountBinding } from '../../functions/domain/account-binding.js';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import { getPost, putBrand, putMembership } from '../../functions/persistence/index.js';
import { DEFAULT_EVENT_BUS_NAME } from '../../infra/brandflow-stack.js';
import { LocalAws } from '../../local/core/template.js';
import {
  type LocalBrandflow,
  type LocalSpeed,
  type StartLocalBrandflowOptions,
  startLocalBrandflow,
} from '../../local/runtime.js';
import { useBeforeAll } from '../support/file-fixture.js';
import { HOUR, inFuture, uniqueId } from '../support/fixtures.js';
import { actAsClientOf } from '../support/run-client.js';

const INTEGRATOR = 'com.example.cms';

/**
 * A brand admin trusts the tests' integrator (the stack's own account, source
 * `com.example.cms`) as a decision source for `brandId`: `reviewer` lets it put Review
 * Decision, `brand-admin` Update Brand Profile. People decide through the front door.
 */
export function trustIntegrator(brandId: string, roles: ('reviewer' | 'brand-admin')[] = ['reviewer']) {
  return putMembership({
    brandId,
    memberId: `source:${LocalAws.accountId}:${INTEGRATOR}`,
    roles,
    updatedBy: 'admin-1',
    updatedAt: new Date().toISOString(),
  });
}

/**
 * One local Brandflow for a test file, on the DynamoDB Local the global setup started, with
 * a table of its own; the file acts as its client ({@link actAsClientOf}).
 */
export async function startWorkflowRuntime(
  speed: Partial<LocalSpeed> = {},
  options: Pick<StartLocalBrandflowOptions, 'template'> = {},
): Promise<LocalBrandflow> {
  return actAsClientOf(
    await startLocalBrandflow({
      dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
      tableName: `brandflow-workflow-${randomUUID()}`,
      speed,
      ...options,
    }),
  );
}

/**
 * The file's local run: started before its tests, stopped after them (`startWorkflowRuntime`).
 *
 * @example
 * ```ts
 * const runtime = useLocalRun({ waitMs: 50 });
 * it('publishes', async () => { await submitPost(runtime, draft); });
 * ```
 */
export const useLocalRun = (
  speed: Partial<LocalSpeed> = {},
  options: Pick<StartLocalBrandflowOptions, 'template'> = {},
): LocalBrandflow =>
  useBeforeAll(
    () => startWorkflowRuntime(speed, options),
    (runtime) => runtime.stop(),
  );

export { HOUR, inFuture, uniqueId } from '../support/fixtures.js';
export { actAsClientOf };

/**
 * Seeds a brand whose channels are sandbox adapters, some of them told to fail; `reviewer-1`
 * reviews, through the trusted integrator.
 */
export async function seedBrand(
  channels: (Partial<ChannelConfig> & { id: string })[] = [{ id: 'x' }, { id: 'bluesky' }],
  reviewers: string[] = ['reviewer-1'],
) {
  const brandId = uniqueId('brand');
  await putBrand({
    brandId,
    name: 'Acme Coffee',
    channels: channels.map((c) => ({ adapter: 'sandbox', maxLength: 280, ...c })),
    bannedTerms: ['guaranteed cure'],
    reviewers,
  });
  await trustIntegrator(brandId);
  return { brandId, channels: channels.map((c) => c.id) };
}

export interface PostDraft {
  postId: string;
  revision?: number;
  brandId: string;
  channels: string[];
  text?: string;
  scheduledAt?: string;
}

/** The `Submit Post` detail an integrator sends. */
export function submitPostDetail(draft: PostDraft) {
  const text = draft.text ?? 'Our spring blend is back in every shop this week.';
  return {
    postId: draft.postId,
    revision: draft.revision ?? 1,
    brandId: draft.brandId,
    author: { id: 'author-1' },
    contentType: 'text',
    content: Object.fromEntries(draft.channels.map((channel) => [channel, { text }])),
    scheduledAt: draft.scheduledAt ?? inFuture(HOUR),
    timeZone: 'Europe/Paris',
  };
}

/** Puts one inbound event as an integrator; returns its event id. */
export async function putEvent(runtime: LocalBrandflow, detailType: string, detail: object): Promise<string> {
  const result = await runtime.putEvents([
    {
      EventBusName: DEFAULT_EVENT_BUS_NAME,
      Source: INTEGRATOR,
      DetailType: detailType,
      Detail: JSON.stringify(detail),
    },
  ]);
  const eventId = result.Entries?.[0]?.EventId;
  if (result.FailedEntryCount || !eventId) throw new Error(`PutEvents refused ${detailType}`);
  return eventId;
}

export const submitPost = (runtime: LocalBrandflow, draft: PostDraft) =>
  putEvent(runtime, 'Submit Post', submitPostDetail(draft));

/** `reviewer-1`'s decision, as the trusted integrator puts it; an approval names the content it saw. */
export const decideReview = async (
  runtime: LocalBrandflow,
  postId: string,
  decision: 'approve' | 'reject' | 'request_changes',
  revision = 1,
) =>
  putEvent(runtime, 'Review Decision', {
    postId,
    revision,
    decision,
    reviewer: { id: 'reviewer-1' },
    ...(decision === 'approve'
      ? { contentHash: (await getPost(postId))?.contentHash }
      : { comment: 'Please align the tone with the brand voice.' }),
  });

export const cancelPost = (runtime: LocalBrandflow, postId: string) =>
  putEvent(runtime, 'Cancel Post', { postId, requestedBy: { id: 'editor-1' } });

/**
 * Submits a post, approves it once its review is requested, and returns its execution once
 * closed.
 */
export async function publishApproved(runtime: LocalBrandflow, draft: PostDraft, timeoutMs?: number) {
  const revision = draft.revision ?? 1;
  await submitPost(runtime, draft);
  await untilReviewRequested(runtime, draft.postId, revision);
  await decideReview(runtime, draft.postId, 'approve', revision);
  return runtime.waitForExecution(`${draft.postId}-r${revision}`, timeoutMs);
}

/**
 * Connects an account through the admin path: its secret, holding `credentials`, tagged with
 * the binding to one brand and platform (and destination for Mastodon and webhooks).
 */
export async function connectAccount(binding: AccountBinding, credentials: ChannelCredentials) {
  await connectChannelAccount(binding, JSON.stringify(credentials));
}

/**
 * Seeds a brand whose one channel runs through a real adapter, its account (a fresh name)
 * connected with `credentials` as an operator would. Returns the brand and the channel.
 */
export async function seedConnectedBrand(
  channel: Omit<ChannelConfig, 'account'>,
  credentials: ChannelCredentials,
) {
  const account = uniqueId(channel.adapter);
  const brandId = uniqueId('brand');
  const destination =
    channel.adapter === 'mastodon'
      ? channel.settings?.instanceUrl
      : channel.adapter === 'webhook'
        ? channel.settings?.url
        : undefined;
  const platform = channel.adapter as AccountBinding['platform'];
  await connectAccount({ account, brandId, platform, destination }, credentials);
  const connected: ChannelConfig = { ...channel, account };
  await putBrand({
    brandId,
    name: 'Acme Coffee',
    bannedTerms: [],
    channels: [connected],
    reviewers: ['reviewer-1', 'reviewer-2'],
  });
  await trustIntegrator(brandId);
  return { brandId, channel: connected };
}

/** Waits until the post's execution asks for review (the review task holds a token). */
export async function untilReviewRequested(runtime: LocalBrandflow, postId: string, revision = 1) {
  await runtime.waitForEvent(
    (e) =>
      e['detail-type'] === 'Review Requested' && e.detail.postId === postId && e.detail.revision === revision,
  );
}

/** Waits for an outbound event about a post: handlers may emit after the execution closed. */
export function untilEvent(runtime: LocalBrandflow, postId: string, detailType: string) {
  return runtime.waitForEvent(
    (e) => e.origin === 'handler' && e['detail-type'] === detailType && e.detail.postId === postId,
    5000,
  );
}

/** Outbound detail-types about one post, in the order they were put. */
export function eventsAbout(runtime: LocalBrandflow, postId: string): string[] {
  return runtime.events
    .filter((e) => e.origin === 'handler' && e.detail.postId === postId)
    .map((e) => e['detail-type']);
}

/** Executions started for one post (names are `<postId>-r<revision>`). */
export function executionsOf(runtime: LocalBrandflow, postId: string) {
  return [...runtime.executions.values()].filter((e) => e.name.startsWith(`${postId}-r`));
}
