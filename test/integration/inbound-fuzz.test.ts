import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUT_EVENTS_ENTRY_BYTES, putEventsEntrySize } from '../../functions/aws/event-bridge-limits.js';
import {
  MAX_FIELD_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_PROBLEMS,
  problemRules,
} from '../../functions/contract/problems.js';
import type { InputProblem } from '../../functions/domain/errors.js';
import { LATEST_SCHEDULE_AFTER_START_MS, MIN_LEAD_MS } from '../../functions/domain/submission.js';
import {
  brand,
  type Harness,
  hoursFromNow,
  newPostId,
  postInReview,
  publishedPostWithId,
  startHarnessWithBrand,
  submission,
} from '../support/twin-harness.js';

/*
 * Adversarial input for every inbound command: valid details with one field replaced by
 * something hostile (huge, malformed, of the wrong type, a date that does not exist, an offset
 * for a zone), and arbitrary JSON. Every one is answered, a refusal names field and rule in the
 * one vocabulary, a refusal changes nothing, and every answer fits AWS's limits.
 */

type Handler = (event: unknown) => Promise<unknown>;
type Answer = { status: string; errors?: InputProblem[] };

let harness: Harness;
const handlers: Record<string, Handler> = {};
/** The post in review that Review Decision and Reschedule Post are tried on. */
let inReview: string;
/** Its own post in review for Cancel Post: a valid cancel would leave nothing to reschedule. */
let toCancel: string;
let published: string;

/** DynamoDB's item limit; a record's JSON is an upper bound of its stored size. */
const MAX_ITEM_BYTES = 400 * 1024;

/** The function handling each inbound command: `functions/handlers/<name>.ts`. */
const handlerNames: Record<string, string> = {
  'Submit Post': 'submit-post',
  'Review Decision': 'review-decision',
  'Cancel Post': 'cancel-post',
  'Reschedule Post': 'reschedule-post',
  'Update Brand Profile': 'update-brand-profile',
  'Conversion Recorded': 'conversion-recorded',
};

beforeAll(async () => {
  harness = await startHarnessWithBrand();
  // Each command runs in the twin as its function's role, and ends once its events are on the bus.
  for (const [detailType, name] of Object.entries(handlerNames)) {
    handlers[detailType] = harness.handler(name, detailType);
  }
  inReview = newPostId('fuzz-review');
  await postInReview(harness, inReview);
  toCancel = newPostId('fuzz-cancel');
  await postInReview(harness, toCancel);
  published = newPostId('fuzz-published');
  await publishedPostWithId(harness, published);
});
afterAll(() => harness.aws.close());

const hostile = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constant('x'.repeat(210_000)),
  fc.constant(Array.from({ length: 3_000 }, (_, i) => `c${i}`)),
  fc.constant(
    Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${'y'.repeat(100)}${i}`, { text: 'hi' }])),
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(
    '2027-02-30T10:00:00+01:00',
    '2031-01-01T24:00:00Z',
    '2031-13-01T10:00:00Z',
    new Date(Date.now() + 45_000).toISOString(),
    hoursFromNow(24 * 366),
    '+01:00',
    'UTC+1',
    'Mars/Olympus',
    'Europe/Paris',
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A valid detail with one field (top level or one level down) replaced, removed or added. */
function mutated(base: () => Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(fc.nat(), fc.nat(), fc.constantFrom('replace', 'remove', 'add'), hostile)
    .map(([pick, pickInner, how, value]) => {
      const detail = structuredClone(base());
      const keys = Object.keys(detail);
      const key = keys[pick % keys.length] as string;
      const inner = detail[key];
      const target =
        inner && typeof inner === 'object' && !Array.isArray(inner) && pickInner % 2 === 0
          ? (inner as Record<string, unknown>)
          : detail;
      const targetKeys = Object.keys(target);
      const field =
        target === detail ? key : (targetKeys[pickInner % Math.max(1, targetKeys.length)] ?? 'extra');
      if (how === 'remove') delete target[field];
      else target[how === 'add' ? `extra${'z'.repeat(pick % 300)}` : field] = value;
      return detail;
    });
}

const detailFor = (base: () => Record<string, unknown>) =>
  fc.oneof({ arbitrary: mutated(base), weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 1 });

async function answer(detailType: string, detail: unknown): Promise<Answer> {
  harness.aws.clear();
  const result = (await (handlers[detailType] as Handler)(detail)) as Answer;
  // The forwarder put every event the command caused, and EventBridge took each entry.
  expect(harness.aws.failuresOf('PutEvents')).toEqual([]);
  for (const body of harness.aws.callsOf('PutEvents')) {
    for (const entry of body.Entries as { Source: string; DetailType: string; Detail: string }[]) {
      expect(putEventsEntrySize(entry)).toBeLessThan(MAX_PUT_EVENTS_ENTRY_BYTES);
    }
  }
  return result;
}

/** Step Functions calls that start or move an execution. */
const WORKFLOW_CALLS = ['StartExecution', 'SendTaskSuccess', 'SendTaskFailure', 'StopExecution'];

/** A refusal names each problem's field and rule in the one vocabulary, and moves no execution. */
function expectRefusal(result: Answer): void {
  for (const operation of WORKFLOW_CALLS) expect(harness.aws.callsOf(operation), operation).toEqual([]);
  expect(result.errors?.length).toBeGreaterThan(0);
  expect(result.errors?.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
  for (const problem of result.errors ?? []) {
    expect(problem.field.length).toBeGreaterThan(0);
    expect(problem.field.length).toBeLessThanOrEqual(MAX_FIELD_LENGTH);
    expect(Object.keys(problemRules)).toContain(problem.rule);
    expect(problem.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  }
}

const refusal = (result: Answer) => result.status === 'refused' || result.status === 'rejected';
const runs = { numRuns: 40 };

describe('every inbound command under adversarial input', () => {
  it('Submit Post: accepted only by the documented rules, else refused with field and rule, storing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        detailFor(() => submission(newPostId('fuzz'))),
        async (detail) => {
          const startedAt = Date.now();
          const result = await answer('Submit Post', detail);
          const postId = (detail as { postId?: unknown } | null)?.postId;
          const stored =
            typeof postId === 'string' && postId.length <= 64 ? await harness.db.getPost(postId) : undefined;
          if (refusal(result)) {
            expectRefusal(result);
            expect(stored).toBeUndefined();
          } else {
            expect(result.status).toBe('submitted');
            // Its execution started for real and rests, having run the policy check.
            const { executionName } = result as Answer & { executionName: string };
            expect(harness.twin.executions.get(executionName)?.statesEntered).toContain('CheckPolicy');
            const at = Date.parse(stored?.scheduledAt ?? '');
            expect(at).toBeGreaterThanOrEqual(startedAt + MIN_LEAD_MS - 1000);
            expect(at).toBeLessThanOrEqual(Date.now() + LATEST_SCHEDULE_AFTER_START_MS);
          }
        },
      ),
      runs,
    );
  });

  it.each([
    [
      'Review Decision',
      () => inReview,
      (postId: string) => ({
        postId,
        revision: 1,
        decision: 'reject',
        reviewer: { id: 'reviewer-9' },
        comment: 'no',
      }),
    ],
    [
      'Cancel Post',
      () => toCancel,
      (postId: string) => ({ postId, requestedBy: { id: 'author-1' }, reason: 'moved' }),
    ],
    [
      'Reschedule Post',
      () => inReview,
      (postId: string) => ({ postId, scheduledAt: hoursFromNow(5), requestedBy: { id: 'author-1' } }),
    ],
  ])(
    '%s: answered, a refusal names field and rule and leaves the post as it was',
    async (detailType, target, base) => {
      const postId = target();
      await fc.assert(
        fc.asyncProperty(
          detailFor(() => base(postId)),
          async (detail) => {
            const before = await harness.db.getPost(postId);
            const result = await answer(detailType, detail);
            if (refusal(result)) {
              expectRefusal(result);
              expect(await harness.db.getPost(postId)).toEqual(before);
            }
          },
        ),
        runs,
      );
    },
  );

  it('Update Brand Profile: a refusal names field and rule and saves no version', async () => {
    const base = () => ({ profile: { ...brand, name: 'Acme' }, updatedBy: { id: 'admin-1' } });
    await fc.assert(
      fc.asyncProperty(detailFor(base), async (detail) => {
        const before = await harness.db.getBrand(brand.brandId);
        const result = await answer('Update Brand Profile', detail);
        if (refusal(result)) {
          expectRefusal(result);
          expect(await harness.db.getBrand(brand.brandId)).toEqual(before);
        }
      }),
      runs,
    );
  });

  it('Conversion Recorded: only for a published post, a refusal stores nothing', async () => {
    const base = () => ({
      conversionId: newPostId('order'),
      postId: published,
      channel: 'x',
      kind: 'purchase',
      occurredAt: new Date().toISOString(),
    });
    await fc.assert(
      fc.asyncProperty(detailFor(base), async (detail) => {
        const before = await harness.db.listConversions(published);
        const result = await answer('Conversion Recorded', detail);
        if (refusal(result)) {
          expectRefusal(result);
          expect(await harness.db.listConversions(published)).toEqual(before);
        }
      }),
      runs,
    );
  });

  it('refuses a conversion for a post never published, naming the rule', async () => {
    // Act
    const result = await answer('Conversion Recorded', {
      conversionId: 'order-unpublished',
      postId: inReview,
      channel: 'x',
      kind: 'purchase',
      occurredAt: new Date().toISOString(),
    });
    // Assess
    expect(result).toMatchObject({ status: 'refused', errors: [{ field: 'postId', rule: 'published' }] });
    expect(await harness.db.listConversions(inReview)).toEqual([]);
  });

  it('refuses a brand profile naming one channel twice', async () => {
    // Act
    const result = await answer('Update Brand Profile', {
      profile: { ...brand, channels: [brand.channels[0], brand.channels[0]] },
      updatedBy: { id: 'admin-1' },
    });
    // Assess
    expect(result).toMatchObject({
      status: 'rejected',
      errors: [{ field: 'profile.channels', rule: 'unique-ids' }],
    });
  });

  it('keeps every rejection record within DynamoDB’s item limit', async () => {
    // Act
    const records = await harness.db.listRejectedEvents(new Date().toISOString().slice(0, 10));
    // Assess
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(Buffer.byteLength(JSON.stringify(record))).toBeLessThan(MAX_ITEM_BYTES);
    }
  });
});
