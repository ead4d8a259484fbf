import { describe, expect, it } from 'vitest';
import { envelope, newPostId } from '../support/twin-harness.js';
import { useFeedbackReceiver } from './feedback-receiver.js';

const feedback = useFeedbackReceiver();

async function newBrand(): Promise<string> {
  const brandId = newPostId('fbrand');
  await feedback.harness.db.putBrand({
    brandId,
    name: 'Aurora',
    timeZone: 'Asia/Shanghai',
    channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    feedback: { terms: { complaint: ['没收到'] } },
  });
  return brandId;
}

describe('Feedback Received', () => {
  it('records an integrator item once per source id, triaged by the brand lists, and answers Feedback Recorded', async () => {
    // Prepare
    const brandId = await newBrand();
    feedback.harness.aws.clear();
    const detail = {
      brandId,
      sourceId: 'ticket-1',
      channel: 'email',
      text: '我的订单还是没收到',
      author: 'customer-4410',
      receivedAt: '2026-03-05T11:42:00+08:00',
    };

    // Act
    const first = await feedback.receive(envelope('Feedback Received', detail));
    const repeat = await feedback.receive(envelope('Feedback Received', detail));

    // Assess
    const feedbackId = feedback.records.feedbackIdOf(brandId, 'email', 'ticket-1');
    expect(first).toEqual({ status: 'recorded', feedbackId });
    expect(repeat).toEqual({ status: 'repeated', feedbackId });
    expect(await feedback.records.listFeedback(brandId)).toEqual([
      expect.objectContaining({
        source: 'integrator',
        category: 'complaint',
        rule: { kind: 'term', term: '没收到', fromProfile: true },
        // 4 business hours from Thursday 11:42 in Shanghai: 15:42 the same day.
        dueAt: '2026-03-05T07:42:00Z',
      }),
    ]);
    const recorded = feedback.harness.aws.events('Feedback Recorded');
    expect(recorded).toHaveLength(1);
    expect(JSON.stringify(recorded)).not.toContain('customer-4410');
  });

  it('refuses an unknown brand and a post of another brand, naming the field, and records nothing', async () => {
    // Prepare
    const brandId = await newBrand();
    const base = { sourceId: 't-2', channel: 'email', text: 'hello', receivedAt: new Date().toISOString() };

    // Act
    const unknownBrand = await feedback.receive(
      envelope('Feedback Received', { ...base, brandId: 'no-such-brand' }),
    );
    const foreignPost = await feedback.receive(
      envelope('Feedback Received', { ...base, brandId, postId: 'no-such-post' }),
    );

    // Assess
    expect(unknownBrand).toMatchObject({
      status: 'refused',
      errors: [{ field: 'brandId', rule: 'known-brand' }],
    });
    expect(foreignPost).toMatchObject({
      status: 'refused',
      errors: [{ field: 'postId', rule: 'known-post' }],
    });
    expect(await feedback.records.listFeedback(brandId)).toEqual([]);
  });

  it('rejects an empty text with the field and the rule', async () => {
    // Act
    const result = await feedback.receive(
      envelope('Feedback Received', {
        brandId: 'aurora',
        sourceId: 't-3',
        channel: 'email',
        text: '',
        receivedAt: new Date().toISOString(),
      }),
    );

    // Assess
    expect(result).toMatchObject({
      status: 'rejected',
      errors: [expect.objectContaining({ field: 'text' })],
    });
  });
});
