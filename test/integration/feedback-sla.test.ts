import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../functions/aws/event-bus.js';
import type { BrandProfile } from '../../functions/domain/brand.js';
import { type FeedbackTwin, startFeedbackTwin } from '../support/feedback-twin.js';

type Sla = typeof import('../../functions/use-cases/feedback-sla.js');
type Record = typeof import('../../functions/use-cases/record-feedback.js');
type Brands = typeof import('../../functions/persistence/brands.js');
type Keys = typeof import('../../functions/persistence/keys.js');
type Feedback = typeof import('../../functions/persistence/feedback.js');
let sla: Sla;
let record: Record;
let brands: Brands;
let keys: Keys['keys'];
let feedback: Feedback;
let counter = 0;
let twin: FeedbackTwin;

beforeAll(async () => {
  twin = await startFeedbackTwin();
  [sla, record, brands, { keys }, feedback] = await Promise.all([
    import('../../functions/use-cases/feedback-sla.js'),
    import('../../functions/use-cases/record-feedback.js'),
    import('../../functions/persistence/brands.js'),
    import('../../functions/persistence/keys.js'),
    import('../../functions/persistence/feedback.js'),
  ]);
});
afterAll(async () => {
  await twin?.stop();
});

const at = (iso: string) => Date.parse(iso);

/** A Paris brand working 9-18 on weekdays, with these holidays, and one complaint written at `writtenAt`. */
async function complaintOf(writtenAt: string, holidays: string[] = []) {
  counter += 1;
  const brand: BrandProfile = await brands.putBrand({
    brandId: `sla-${counter}-${Date.now()}`,
    name: 'Aurora Tea',
    timeZone: 'Europe/Paris',
    channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    feedback: { holidays },
  });
  await record.recordFeedback(
    { postId: 'sla-post', revision: 1, brandId: brand.brandId },
    brand,
    'x',
    { platformId: `c-${counter}`, createdAt: writtenAt, text: 'My order arrived broken, I want a refund' },
    'platform',
    at(writtenAt),
  );
  const feedbackId = feedback.feedbackIdOf(brand.brandId, 'x', `c-${counter}`);
  const key = feedback.parseFeedbackId(feedbackId)?.key ?? '';
  return { brand, feedbackId, key };
}

async function itemOf(key: { pk: string; sk: string }) {
  return (await twin.documents.send(new GetCommand({ TableName: twin.table, Key: key }))).Item;
}

/** The events an SLA check wrote to its own outbox item. */
async function sentEvents(brandId: string, key: string, marker: 'reminderSentAt' | 'escalatedAt') {
  const { outboxKeyOf } = await import('../../functions/persistence/outbox.js');
  const item = await itemOf(outboxKeyOf(`${marker}.${brandId}.${key}`));
  return (item?.outbox ?? []) as StoredEvent[];
}

describe('Feedback Response Due and Feedback Escalated', () => {
  it('are scheduled when an item is recorded: once, at the reminder point and at dueAt, invoking the check', async () => {
    // Act: a Friday 17:00 complaint in Paris, due Monday 12:00 (10:00 UTC); then the same item again
    const { feedbackId, brand } = await complaintOf('2026-03-27T16:00:00Z');
    await record.recordFeedback(
      { postId: 'sla-post', revision: 1, brandId: brand.brandId },
      brand,
      'x',
      { platformId: `c-${counter}`, createdAt: '2026-03-27T16:00:00Z', text: 'My order arrived broken' },
      'platform',
      at('2026-03-27T16:05:00Z'),
    );

    // Assess
    const created = twin.schedulesOf(feedbackId);
    expect(created.map((s) => [s.scheduleExpression, JSON.parse(String(s.target.Input))])).toEqual([
      ['at(2026-03-30T09:00:00)', { feedbackId, check: 'reminder' }],
      ['at(2026-03-30T10:00:00)', { feedbackId, check: 'escalation' }],
    ]);
    expect(created.map((s) => s.target.Arn)).toEqual([
      process.env.FEEDBACK_CHECK_FUNCTION_ARN,
      process.env.FEEDBACK_CHECK_FUNCTION_ARN,
    ]);
    expect(created.every((s) => s.actionAfterCompletion === 'DELETE' && s.name.length <= 64)).toBe(true);
  });

  it('remind at three quarters of the target and escalate at dueAt, across a weekend and the DST change', async () => {
    // Prepare: Friday 27 March 2026, 17:00 in Paris; 4 business hours: due Monday 12:00 (10:00 UTC).
    const { brand, feedbackId, key } = await complaintOf('2026-03-27T16:00:00Z');

    // Act
    const sunday = await sla.checkFeedbackSla(feedbackId, 'reminder', at('2026-03-29T20:00:00Z'));
    const monday11 = await sla.checkFeedbackSla(feedbackId, 'reminder', at('2026-03-30T09:00:00Z'));
    const earlyEscalation = await sla.checkFeedbackSla(feedbackId, 'escalation', at('2026-03-30T09:59:59Z'));
    const noon = await sla.checkFeedbackSla(feedbackId, 'escalation', at('2026-03-30T10:00:00Z'));

    // Assess
    expect([sunday, monday11, earlyEscalation, noon]).toEqual(['not-yet', 'sent', 'not-yet', 'sent']);
    const [reminder] = await sentEvents(brand.brandId, key, 'reminderSentAt');
    expect(reminder?.detailType).toBe('Feedback Response Due');
    expect(reminder?.detail).toMatchObject({
      feedbackId,
      category: 'complaint',
      dueAt: '2026-03-30T10:00:00Z',
      businessSecondsLeft: 3600,
    });
    const [escalated] = await sentEvents(brand.brandId, key, 'escalatedAt');
    expect(escalated?.detailType).toBe('Feedback Escalated');
    expect(await itemOf(keys.feedback(brand.brandId, key))).toMatchObject({
      status: 'open',
      reminderSentAt: '2026-03-30T09:00:00Z',
      escalatedAt: '2026-03-30T10:00:00Z',
    });
  });

  it('skip a holiday: a complaint of Friday evening before Easter Monday is due on Tuesday', async () => {
    // Prepare: Friday 3 April 2026 17:00 in Paris; Monday 6 April is a holiday.
    const { feedbackId } = await complaintOf('2026-04-03T15:00:00Z', ['2026-04-06']);

    // Act
    const monday = await sla.checkFeedbackSla(feedbackId, 'escalation', at('2026-04-06T15:00:00Z'));
    const tuesday11 = await sla.checkFeedbackSla(feedbackId, 'reminder', at('2026-04-07T09:00:00Z'));
    const tuesdayNoon = await sla.checkFeedbackSla(feedbackId, 'escalation', at('2026-04-07T10:00:00Z'));

    // Assess
    expect([monday, tuesday11, tuesdayNoon]).toEqual(['not-yet', 'sent', 'sent']);
  });

  it('send each event once when the check is delivered several times at once', async () => {
    // Prepare
    const { brand, feedbackId, key } = await complaintOf('2026-03-27T16:00:00Z');
    const late = at('2026-03-30T11:00:00Z');

    // Act
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map(() => sla.checkFeedbackSla(feedbackId, 'escalation', late)),
    );
    const again = await sla.checkFeedbackSla(feedbackId, 'escalation', late + 60_000);

    // Assess
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'sent')).toEqual(['already-sent', 'already-sent', 'already-sent']);
    expect(again).toBe('already-sent');
    expect(await sentEvents(brand.brandId, key, 'escalatedAt')).toHaveLength(1);
    expect((await itemOf(keys.feedback(brand.brandId, key)))?.escalatedAt).toBe('2026-03-30T11:00:00Z');
  });

  it('send the escalation on a repeat when an attempt stopped after marking the record, even once closed', async () => {
    // Prepare
    const { brand, feedbackId, key } = await complaintOf('2026-03-27T16:00:00Z');
    const { setSlaMarker } = await import('../../functions/persistence/feedback-sla.js');
    await setSlaMarker(brand.brandId, key, 'escalatedAt', '2026-03-30T11:00:00Z');
    await twin.documents.send(
      new UpdateCommand({
        TableName: twin.table,
        Key: keys.feedback(brand.brandId, key),
        UpdateExpression: 'SET #status = :closed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed' },
      }),
    );

    // Act
    const outcomes = [
      await sla.checkFeedbackSla(feedbackId, 'escalation', at('2026-03-30T11:05:00Z')),
      await sla.checkFeedbackSla(feedbackId, 'escalation', at('2026-03-30T11:10:00Z')),
    ];

    // Assess
    expect(outcomes).toEqual(['already-sent', 'already-sent']);
    const events = await sentEvents(brand.brandId, key, 'escalatedAt');
    expect(events.map((e) => [e.detailType, e.detail.escalatedAt])).toEqual([
      ['Feedback Escalated', '2026-03-30T11:00:00Z'],
    ]);
  });

  it('send nothing for an item closed by a reply, nor a reminder once it is overdue', async () => {
    // Prepare
    const closed = await complaintOf('2026-03-27T16:00:00Z');
    await twin.documents.send(
      new UpdateCommand({
        TableName: twin.table,
        Key: keys.feedback(closed.brand.brandId, closed.key),
        UpdateExpression: 'SET #status = :closed, firstResponseAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed', ':at': '2026-03-30T08:00:00Z' },
      }),
    );
    const late = await complaintOf('2026-03-27T16:00:00Z');

    // Act
    const outcomes = await Promise.all([
      sla.checkFeedbackSla(closed.feedbackId, 'reminder', at('2026-03-30T09:30:00Z')),
      sla.checkFeedbackSla(closed.feedbackId, 'escalation', at('2026-03-30T10:30:00Z')),
      sla.checkFeedbackSla(late.feedbackId, 'reminder', at('2026-03-30T10:30:00Z')),
      sla.checkFeedbackSla(
        'no-such-brand.0123456789abcdef01234567',
        'escalation',
        at('2026-03-30T10:30:00Z'),
      ),
    ]);

    // Assess
    expect(outcomes).toEqual(['closed', 'closed', 'past-due', 'unknown']);
    expect(await sentEvents(closed.brand.brandId, closed.key, 'escalatedAt')).toEqual([]);
    expect(await sentEvents(late.brand.brandId, late.key, 'reminderSentAt')).toEqual([]);
  });
});
