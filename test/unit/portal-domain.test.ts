import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BrandProfile } from '../../functions/domain/brand.js';
import { brandProfileSchema } from '../../functions/domain/brand.js';
import { channelPreviews } from '../../functions/domain/channel-preview.js';
import type { PostRecord } from '../../functions/domain/post.js';
import { reviewChainSchema, startReview } from '../../functions/domain/review-chain.js';
import { queueEntryFor, reviewQueue } from '../../functions/domain/review-queue.js';
import { contentDiff, textDiff } from '../../functions/domain/revision-diff.js';

const STARTED = '2030-03-01T09:00:00.000Z';
const startedMs = Date.parse(STARTED);

/** A post waiting in its review's first stage, as the chain's own `startReview` builds it. */
function postInReview(chain: unknown, overrides: Partial<PostRecord> = {}): PostRecord {
  const { progress } = startReview(
    reviewChainSchema.parse(chain),
    { contentHash: 'h-1' },
    undefined,
    STARTED,
  );
  return {
    postId: 'spring-launch',
    brandId: 'acme',
    authorId: 'editor-1',
    contentType: 'text',
    content: { x: { text: 'Spring is here' } },
    channels: ['x'],
    scheduledAt: '2030-03-10T09:00:00Z',
    timeZone: 'Europe/Paris',
    status: 'in_review',
    revision: 1,
    contentHash: 'h-1',
    review: progress,
    executionName: 'spring-launch-r1',
    executionRevision: 1,
    createdAt: STARTED,
    updatedAt: STARTED,
    ...overrides,
  };
}

const legalChain = {
  stages: [{ name: 'legal', approvers: ['group:legal', 'lee'] }],
  sla: { reminderAfterMinutes: 60, escalateAfterMinutes: 240 },
};

describe('the review queue', () => {
  it('lists a stage for a named approver with its SLA clock and the hash an approval carries', () => {
    // Prepare
    const post = postInReview(legalChain);

    // Act
    const entry = queueEntryFor(post, { subject: 'lee', groups: [] }, startedMs + 90 * 60_000);

    // Assess
    expect(entry).toMatchObject({
      postId: 'spring-launch',
      stage: 'legal',
      stageNumber: 1,
      stageCount: 1,
      contentHash: 'h-1',
      remindAt: '2030-03-01T10:00:00.000Z',
      escalateAt: '2030-03-01T13:00:00.000Z',
      waitingMinutes: 90,
      escalated: false,
    });
  });

  it('lists a stage for a member of a named group, and not for anyone else', () => {
    // Prepare
    const post = postInReview(legalChain);

    // Act
    const member = queueEntryFor(post, { subject: 'ana', groups: ['legal'] }, startedMs);
    const outsider = queueEntryFor(post, { subject: 'bob', groups: ['brand'] }, startedMs);

    // Assess
    expect(member?.stage).toBe('legal');
    expect(outsider).toBeUndefined();
  });

  it('never shows authors their own post, whatever stage names them', () => {
    // Prepare
    const post = postInReview({ stages: [{ name: 'brand', approvers: ['editor-1'] }] });

    // Act
    const entry = queueEntryFor(post, { subject: 'editor-1', groups: [] }, startedMs);

    // Assess
    expect(entry).toBeUndefined();
  });

  it('drops a post the reviewer already approved and posts no longer in review', () => {
    // Prepare
    const chain = { stages: [{ name: 'brand', approvers: ['lee', 'kim'], mode: 'all' }] };
    const waiting = postInReview(chain);
    const approvedOnce = postInReview(chain, {
      review: {
        ...(waiting.review as NonNullable<PostRecord['review']>),
        approvals: [{ stage: 'brand', reviewerId: 'lee', at: STARTED, contentHash: 'h-1' }],
      },
    });
    const scheduled = postInReview(chain, { status: 'scheduled' });

    // Act
    const queue = reviewQueue([approvedOnce, scheduled], { subject: 'lee', groups: [] }, startedMs);
    const others = reviewQueue([approvedOnce], { subject: 'kim', groups: [] }, startedMs);

    // Assess
    expect(queue).toEqual([]);
    expect(others.map((e) => e.postId)).toEqual(['spring-launch']);
  });

  it('orders the queue longest-waiting first', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 20 }), (minutesAgo) => {
        // Prepare
        const posts = minutesAgo.map((m, i) => {
          const post = postInReview(
            { stages: [{ name: 'brand', approvers: ['lee'] }] },
            { postId: `p-${i}` },
          );
          const review = post.review as NonNullable<PostRecord['review']>;
          return {
            ...post,
            review: { ...review, stageStartedAt: new Date(startedMs - m * 60_000).toISOString() },
          };
        });

        // Act
        const queue = reviewQueue(posts, { subject: 'lee', groups: [] }, startedMs);

        // Assess
        expect(queue).toHaveLength(posts.length);
        const waits = queue.map((e) => e.waitingMinutes);
        expect(waits).toEqual([...waits].sort((a, b) => b - a));
      }),
    );
  });
});

const joined = (parts: { op: string; text: string }[], keep: string) =>
  parts
    .filter((p) => p.op === 'same' || p.op === keep)
    .map((p) => p.text)
    .join('');

describe('the difference between revisions', () => {
  it('rebuilds both texts from its parts, for any texts', () => {
    const words = fc.array(
      fc.constantFrom('spring', 'blend', '春季', 'is', 'back', '👍🏽', ' ', '\n', '  '),
      {
        maxLength: 30,
      },
    );
    fc.assert(
      fc.property(words, words, (a, b) => {
        // Prepare
        const before = a.join('');
        const after = b.join('');

        // Act
        const parts = textDiff(before, after);

        // Assess
        expect(joined(parts, 'remove')).toBe(before);
        expect(joined(parts, 'add')).toBe(after);
        expect(parts.every((p) => p.text.length > 0)).toBe(true);
      }),
    );
  });

  it('marks only the changed word of an edit', () => {
    // Act
    const parts = textDiff('Our spring blend is back', 'Our summer blend is back');

    // Assess
    expect(parts).toEqual([
      { op: 'same', text: 'Our ' },
      { op: 'remove', text: 'spring' },
      { op: 'add', text: 'summer' },
      { op: 'same', text: ' blend is back' },
    ]);
  });

  it('shows a channel added by the new revision as wholly added', () => {
    // Act
    const diff = contentDiff({ x: { text: 'Hi' } }, { x: { text: 'Hi' }, bluesky: { text: 'Hello' } });

    // Assess
    expect(diff).toEqual({ bluesky: [{ op: 'add', text: 'Hello' }], x: [{ op: 'same', text: 'Hi' }] });
  });
});

describe('channel previews', () => {
  it('counts each channel as its platform does and keeps the findings that point into it', () => {
    // Prepare
    const brand: BrandProfile = brandProfileSchema.parse({
      brandId: 'acme',
      name: 'Acme',
      channels: [
        { id: 'x', adapter: 'x', maxLength: 280, account: 'acme-x' },
        { id: 'bsky', adapter: 'bluesky', maxLength: 300, account: 'acme-bsky' },
      ],
    });
    const finding = {
      rule: 'banned-term' as const,
      severity: 'block' as const,
      message: 'banned',
      channel: 'x',
      span: { start: 0, end: 2 },
    };

    // Act
    const previews = channelPreviews({ x: { text: '你好 world' }, bsky: { text: '你好 world' } }, brand, [
      finding,
    ]);

    // Assess
    expect(previews).toEqual([
      expect.objectContaining({
        channel: 'x',
        adapter: 'x',
        length: 10,
        counting: 'x-weighted',
        maxLength: 280,
        findings: [finding],
      }),
      expect.objectContaining({
        channel: 'bsky',
        adapter: 'bluesky',
        length: 8,
        counting: 'graphemes',
        maxLength: 300,
        findings: [],
      }),
    ]);
  });
});
