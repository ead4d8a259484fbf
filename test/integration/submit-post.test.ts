import { describe, expect, it } from 'vitest';
import { StateName, WorkflowError } from '../../workflows/contract.js';
import {
  hoursFromNow,
  newPostId,
  postApproved,
  postInReview,
  submission,
  useHarnessWithBrand,
} from '../support/twin-harness.js';

const harness = useHarnessWithBrand();

async function expectRejected(detail: unknown, field: string, rule: string) {
  // Prepare
  harness.aws.clear();
  const postId = (detail as { postId?: unknown }).postId;
  // Act
  const result = await harness.h.submitPost(detail);
  // Assess
  expect(result.status).toBe('rejected');
  expect(result.status === 'rejected' && result.errors).toContainEqual(
    expect.objectContaining({ field, rule }),
  );
  if (typeof postId === 'string') expect(await harness.db.getPost(postId)).toBeUndefined();
  expect(harness.aws.callsOf('StartExecution')).toHaveLength(0);
  const rejected = harness.aws.events('Post Submission Rejected');
  expect(rejected).toHaveLength(1);
  return rejected[0];
}

/**
 * Revision 2 of the post was accepted, is stored (with `stored`) and runs in a new execution of
 * its own, which has checked it and waits for its review.
 */
async function expectRevisionTwoStarted(
  postId: string,
  result: unknown,
  stored: Record<string, unknown> = {},
) {
  expect(result).toMatchObject({ status: 'submitted', executionName: `${postId}-r2` });
  expect(await harness.db.getPost(postId)).toMatchObject({
    ...stored,
    status: 'in_review',
    reviewRevision: 2,
    executionName: `${postId}-r2`,
  });
  expect(harness.aws.callsOf('StartExecution')).toEqual([expect.objectContaining({ name: `${postId}-r2` })]);
  harness.expectWaitingIn(`${postId}-r2`, StateName.AwaitReview);
}

describe('Submit Post with bad input', () => {
  it.each([
    ['empty text', { content: { x: { text: '  ' } } }, 'content.x.text', 'required'],
    ['missing text', { content: { x: {} } }, 'content.x.text', 'required'],
    ['text that is no string', { content: { x: { text: 42 } } }, 'content.x.text', 'type'],
    ['a date that does not exist', { scheduledAt: '2027-02-30T10:00:00+01:00' }, 'scheduledAt', 'rfc3339'],
    ['hour 24', { scheduledAt: '2031-02-27T24:00:00Z' }, 'scheduledAt', 'rfc3339'],
    [
      'a schedule less than a minute ahead',
      { scheduledAt: new Date(Date.now() + 45_000).toISOString() },
      'scheduledAt',
      'in-future',
    ],
    [
      'a schedule past what one execution can wait for',
      { scheduledAt: hoursFromNow(24 * 340) },
      'scheduledAt',
      'within-one-year',
    ],
    ['a UTC offset for a time zone', { timeZone: '+01:00' }, 'timeZone', 'iana-time-zone'],
    ['a channel id that is no id', { content: { 'x y': { text: 'Hi' } } }, 'content.x y', 'format'],
    [
      'more content than a post item holds',
      {
        content: Object.fromEntries(
          ['x', 'mastodon', 'a', 'b'].map((c) => [c, { text: '春'.repeat(20_000) }]),
        ),
      },
      'content',
      'max',
    ],
    [
      'text over any platform maximum',
      { content: { x: { text: 'a'.repeat(63_207) } } },
      'content.x.text',
      'max',
    ],
    [
      'more media than any platform takes',
      { content: { x: { text: 'Hi', mediaUrls: Array(11).fill('https://aurora.example/a.png') } } },
      'content.x.mediaUrls',
      'max',
    ],
    ['no channel', { content: {} }, 'content', 'min-channels'],
    [
      'a channel the brand does not have',
      { content: { tiktok: { text: 'Hi' } } },
      'content.tiktok',
      'known-channel',
    ],
    [
      'text over the channel limit',
      { content: { x: { text: 'a'.repeat(21) } } },
      'content.x.text',
      'max-length',
    ],
    ['a schedule in the past', { scheduledAt: hoursFromNow(-1) }, 'scheduledAt', 'in-future'],
    [
      'a schedule over a year ahead',
      { scheduledAt: hoursFromNow(24 * 367) },
      'scheduledAt',
      'within-one-year',
    ],
    ['a schedule without offset', { scheduledAt: '2030-01-01T09:00:00' }, 'scheduledAt', 'offset-required'],
    ['a schedule that is no date', { scheduledAt: 'tomorrow' }, 'scheduledAt', 'rfc3339'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone', 'iana-time-zone'],
    ['an unknown brand', { brandId: 'nobody' }, 'brandId', 'known-brand'],
    ['a first revision other than 1', { revision: 2 }, 'revision', 'next-revision'],
    ['a malformed post id', { postId: 'has spaces' }, 'postId', 'format'],
    ['an unknown content type', { contentType: 'hologram' }, 'contentType', 'one-of'],
    [
      'a link that is not https',
      { content: { x: { text: 'Hi', link: 'http://a.example' } } },
      'content.x.link',
      'format',
    ],
  ])('rejects %s, naming the field and rule, and writes nothing', async (_name, overrides, field, rule) => {
    await expectRejected(submission(newPostId(), overrides), field, rule);
  });

  it('counts text length in graphemes, so emoji and accents are one character each', async () => {
    // Prepare
    const twentyGraphemes = '👩‍👩‍👧'.repeat(10) + 'é'.repeat(10);
    // Act
    const result = await harness.h.submitPost(
      submission(newPostId(), { content: { x: { text: twentyGraphemes } } }),
    );
    // Assess
    expect(result.status).toBe('submitted');
  });

  it('reports every failure of one submission together', async () => {
    // Prepare
    const detail = submission(newPostId(), {
      content: { x: { text: '' }, tiktok: { text: 'Hi' } },
      scheduledAt: '2030-01-01T09:00:00',
      timeZone: 'Nowhere/Else',
    });
    // Act
    const result = await harness.h.submitPost(detail);
    // Assess
    expect(result.status === 'rejected' && result.errors.map((e) => e.rule).sort()).toEqual([
      'iana-time-zone',
      'known-channel',
      'offset-required',
      'required',
    ]);
  });

  it('never puts the post text in the rejection event', async () => {
    // Prepare
    const secret = 'Confidential launch text that is far too long for x';
    // Act
    const event = await expectRejected(
      submission(newPostId(), { content: { x: { text: secret } } }),
      'content.x.text',
      'max-length',
    );
    // Assess
    expect(JSON.stringify(event)).not.toContain('Confidential');
  });
});

describe('Submit Post accepted', () => {
  it('stores the post in UTC beside its time zone, logs it and starts one execution named after it', async () => {
    // Prepare
    harness.aws.clear();
    const postId = newPostId();
    const local = new Date(Date.now() + 3 * 3_600_000);
    const offsetIso = `${local.toISOString().slice(0, 19)}+00:00`;
    // Act
    const result = await harness.h.submitPost(submission(postId, { scheduledAt: offsetIso }));
    // Assess
    expect(result).toMatchObject({ status: 'submitted', executionName: `${postId}-r1` });
    const post = await harness.db.getPost(postId);
    // The execution it started has run: the policy passed and the post waits for its review.
    expect(post).toMatchObject({
      status: 'in_review',
      revision: 1,
      timeZone: 'Europe/Paris',
      scheduledAt: `${local.toISOString().slice(0, 19)}Z`,
      executionName: `${postId}-r1`,
    });
    expect(post?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const [submittedEntry, ...workflowEntries] = await harness.db.listLifecycleLog(postId);
    expect(submittedEntry).toMatchObject({ action: 'submitted', actor: { type: 'user', id: 'author-1' } });
    expect(workflowEntries.map((e) => e.actor.type)).not.toContain('user');
    expect(harness.aws.callsOf('StartExecution')).toEqual([
      expect.objectContaining({ name: `${postId}-r1`, input: JSON.stringify({ postId, revision: 1 }) }),
    ]);
    harness.expectWaitingIn(`${postId}-r1`, StateName.AwaitReview);
    const [submitted] = harness.aws.events('Post Submitted');
    expect(submitted).toMatchObject({ source: 'brandflow', busName: harness.twin.env.EVENT_BUS_NAME });
    expect(submitted?.detail).toMatchObject({ postId, revision: 1, brandId: 'acme' });
    expect(JSON.stringify(submitted?.detail)).not.toContain('Spring');
  });

  it('shows the post on the brand calendar at its scheduled time', async () => {
    // Prepare
    const postId = newPostId();
    const at = hoursFromNow(5);
    await harness.h.submitPost(submission(postId, { scheduledAt: at }));
    // Act
    const calendar = await harness.db.listCalendar('acme', hoursFromNow(4.9), hoursFromNow(5.1));
    // Assess
    expect(calendar.map((p) => p.postId)).toEqual([postId]);
  });

  it('writes nothing for a repeated identical submission and starts no second execution', async () => {
    // Prepare
    const postId = newPostId();
    const detail = submission(postId);
    await harness.h.submitPost(detail);
    const logBefore = await harness.db.listLifecycleLog(postId);
    const postBefore = await harness.db.getPost(postId);
    // Act
    const repeat = await harness.h.submitPost(detail);
    // Assess
    expect(repeat.status).toBe('duplicate');
    expect(await harness.db.listLifecycleLog(postId)).toEqual(logBefore);
    expect(await harness.db.getPost(postId)).toEqual(postBefore);
    const starts = harness.aws.callsOf('StartExecution').filter((c) => String(c.name).startsWith(postId));
    // The re-issued start has the same name and input, which Step Functions treats as the same execution.
    expect(new Set(starts.map((c) => `${c.name}|${c.input}`)).size).toBe(1);
    expect([...harness.twin.executions.keys()].filter((name) => name.startsWith(postId))).toEqual([
      `${postId}-r1`,
    ]);
  });

  it('refuses the same revision with other content', async () => {
    // Prepare
    const postId = newPostId();
    await harness.h.submitPost(submission(postId));
    // Act
    const result = await harness.h.submitPost(submission(postId, { content: { x: { text: 'Other' } } }));
    // Assess
    expect(result.status === 'rejected' && result.errors[0]).toMatchObject({
      field: 'revision',
      rule: 'next-revision',
    });
  });
});

describe('Submit Post of a next revision', () => {
  it('edits a post in review: the running execution keeps it and its review is failed with PostEdited', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName, token } = await postInReview(harness, postId);
    harness.aws.clear();
    // Act
    const result = await harness.h.submitPost(
      submission(postId, { revision: 2, content: { x: { text: 'Spring, revised' } } }),
    );
    // Assess
    expect(result).toMatchObject({ status: 'edited', executionName });
    expect(harness.aws.callsOf('SendTaskFailure')).toEqual([
      expect.objectContaining({ taskToken: token, error: WorkflowError.PostEdited }),
    ]);
    // The review of revision 1 ended with PostEdited, and the same execution checked revision 2
    // and asked for its review on a new task.
    expect(harness.historyOf(executionName, 'StateFailed', StateName.AwaitReview)).toEqual([
      expect.objectContaining({ error: WorkflowError.PostEdited }),
    ]);
    expect(harness.twin.executions.get(executionName)?.statesEntered).toEqual([
      StateName.CheckPolicy,
      StateName.AwaitReview,
      StateName.CheckPolicy,
      StateName.AwaitReview,
    ]);
    const post = await harness.db.getPost(postId);
    expect(post).toMatchObject({ revision: 2, status: 'in_review', reviewRevision: 2, executionName });
    expect(post?.reviewTaskToken).toEqual(expect.any(String));
    expect(post?.reviewTaskToken).not.toBe(token);
    expect(harness.aws.callsOf('StartExecution')).toHaveLength(0);
    expect(harness.aws.events('Post Edited')).toHaveLength(1);
  });

  it('gives new content of an approved post a new execution, since the approved one sleeps until its time', async () => {
    // Prepare
    const postId = newPostId();
    await postApproved(harness, postId);
    harness.aws.clear();
    // Act
    const result = await harness.h.submitPost(
      submission(postId, { revision: 2, content: { x: { text: 'Spring, revised' } } }),
    );
    // Assess
    await expectRevisionTwoStarted(postId, result, { revision: 2 });
    harness.expectWaitingIn(`${postId}-r1`, StateName.WaitUntilScheduledTime);
  });

  it('refuses an edit that moves an approved post earlier, naming the field and the rule', async () => {
    // Prepare
    const postId = newPostId();
    await postApproved(harness, postId);
    const before = await harness.db.getPost(postId);
    // Act
    const result = await harness.h.submitPost(
      submission(postId, { revision: 2, scheduledAt: hoursFromNow(1) }),
    );
    // Assess
    expect(result).toMatchObject({
      status: 'rejected',
      errors: [expect.objectContaining({ field: 'scheduledAt', rule: 'not-earlier-once-approved' })],
    });
    expect(await harness.db.getPost(postId)).toMatchObject({
      revision: 1,
      status: 'scheduled',
      scheduledAt: before?.scheduledAt,
    });
  });

  it('starts a new execution for a revision after changes were requested', async () => {
    // Prepare
    const postId = newPostId();
    await postInReview(harness, postId);
    await harness.h.reviewDecision({
      postId,
      revision: 1,
      decision: 'request_changes',
      reviewer: { id: 'reviewer-1' },
      comment: 'Warmer tone, please',
    });
    harness.aws.clear();
    // Act
    const result = await harness.h.submitPost(
      submission(postId, { revision: 2, content: { x: { text: 'Warmer' } } }),
    );
    // Assess
    await expectRevisionTwoStarted(postId, result);
    expect(harness.restingPlace(`${postId}-r1`)).toEqual({
      status: 'SUCCEEDED',
      state: StateName.EndChangesRequested,
    });
  });

  it('refuses a revision that skips one', async () => {
    // Prepare
    const postId = newPostId();
    await harness.h.submitPost(submission(postId));
    // Act
    const result = await harness.h.submitPost(submission(postId, { revision: 3 }));
    // Assess
    expect(result.status === 'rejected' && result.errors[0]).toMatchObject({
      field: 'revision',
      rule: 'next-revision',
    });
  });

  it('refuses a revision of a cancelled post with the reason', async () => {
    // Prepare
    const postId = newPostId();
    await harness.h.submitPost(submission(postId));
    await harness.h.cancelPost({ postId, requestedBy: { id: 'author-1' } });
    // Act
    const result = await harness.h.submitPost(submission(postId, { revision: 2 }));
    // Assess
    expect(result.status === 'rejected' && result.errors[0]).toMatchObject({
      field: 'postId',
      rule: 'editable',
      message: expect.stringContaining('cancelled'),
    });
  });
});
