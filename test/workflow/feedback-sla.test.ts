import { describe, expect, it } from 'vitest';
import { putBrand } from '../../functions/persistence/brands.js';
import { putEvent, uniqueId, useLocalRun } from './support.js';

const runtime = useLocalRun();

describe('the SLA checks of a feedback item in the local twin', () => {
  it('remind, then escalate an unanswered complaint on its own schedules, each once', async () => {
    // Prepare
    const brandId = uniqueId('sla');
    await putBrand({
      brandId,
      name: 'Aurora Tea',
      timeZone: 'Europe/Paris',
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    });
    const sourceId = uniqueId('ticket');
    const about = (type: string) => (e: { 'detail-type': string; detail: Record<string, unknown> }) =>
      e['detail-type'] === type && e.detail.brandId === brandId;
    const reminded = runtime.waitForEvent(about('Feedback Response Due'));
    const escalated = runtime.waitForEvent(about('Feedback Escalated'));

    // Act: the twin's Scheduler fires the item's two schedules, its clock moving forward to each
    await putEvent(runtime, 'Feedback Received', {
      brandId,
      sourceId,
      channel: 'email',
      text: 'My order arrived broken, I want a refund',
      receivedAt: new Date().toISOString(),
    });
    const [reminder, escalation] = await Promise.all([reminded, escalated]);

    // Assess
    expect(reminder.detail).toMatchObject({ category: 'complaint', businessSecondsLeft: expect.any(Number) });
    expect(reminder.detail.businessSecondsLeft).toBeLessThanOrEqual(3600);
    expect(escalation.detail.feedbackId).toBe(reminder.detail.feedbackId);
    expect(Date.parse(String(escalation.detail.escalatedAt))).toBeGreaterThanOrEqual(
      Date.parse(String(escalation.detail.dueAt)),
    );
    const sent = runtime.events.filter(
      (e) => about('Feedback Escalated')(e) || about('Feedback Response Due')(e),
    );
    expect(sent).toHaveLength(2);
  });
});
