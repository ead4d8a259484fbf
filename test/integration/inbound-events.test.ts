import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  envelope,
  type Harness,
  newPostId,
  postInReview,
  publishedPostWithId,
  startHarness,
} from '../support/twin-harness.js';

let harness: Harness;
let cancel: (event: unknown) => Promise<unknown>;
let convert: (event: unknown) => Promise<unknown>;

beforeAll(async () => {
  harness = await startHarness();
  // Invoked in the twin as their roles; the tests build the envelope, so a redelivery keeps its id.
  cancel = harness.handler('cancel-post');
  convert = harness.handler('conversion-recorded');
});
afterAll(() => harness.aws.close());

const today = () => new Date().toISOString().slice(0, 10);

describe('inbound events', () => {
  it('are handled once per event id: a redelivery is answered with the first outcome and changes nothing', async () => {
    // Prepare
    const postId = newPostId('dedup');
    const { executionName } = await postInReview(harness, postId);
    const event = envelope('Cancel Post', { postId, requestedBy: { id: 'author-1' } });
    harness.aws.clear();
    // Act
    const first = await cancel(event);
    const again = await cancel(event);
    // Assess
    expect(first).toMatchObject({ status: 'cancelled' });
    expect(again).toEqual({ status: 'duplicate-event', eventId: event.id, first });
    expect(harness.aws.events('Post Cancelled')).toHaveLength(1);
    // The review heard of it once, and its execution ended as cancelled.
    expect(harness.aws.callsOf('SendTaskFailure')).toHaveLength(1);
    expect(harness.aws.failuresOf('SendTaskFailure')).toEqual([]);
    const execution = harness.twin.executions.get(executionName);
    expect([execution?.status, execution?.statesEntered.at(-1)]).toEqual(['SUCCEEDED', 'EndCancelled']);
  });

  it('that fail validation are recorded for operators and answered with Inbound Event Rejected', async () => {
    // Prepare
    harness.aws.clear();
    const event = envelope('Cancel Post', { postId: 'p-1', correlationId: 'cms-42' });
    // Act
    const result = await cancel(event);
    // Assess
    expect(result).toMatchObject({ status: 'refused' });
    const recorded = (await harness.db.listRejectedEvents(today())).find((r) => r.eventId === event.id);
    expect(recorded).toMatchObject({ detailType: 'Cancel Post', correlationId: 'cms-42' });
    expect(recorded?.errors).toEqual([{ field: 'requestedBy', rule: 'required', message: 'is required' }]);
    const [rejection] = harness.aws.events('Inbound Event Rejected');
    expect(rejection?.detail).toMatchObject({
      eventId: event.id,
      detailType: 'Cancel Post',
      correlationId: 'cms-42',
      schemaVersion: '1',
    });
  });

  it('that break the contract and are delivered again write one rejection record and one Inbound Event Rejected', async () => {
    // Prepare
    harness.aws.clear();
    const event = envelope('Cancel Post', { postId: 'p-2', requestedBy: { id: 'a' }, schemaVersion: '9' });
    // Act
    await cancel(event);
    await cancel(event);
    // Assess
    const records = (await harness.db.listRejectedEvents(today())).filter((r) => r.eventId === event.id);
    expect(records).toHaveLength(1);
    const rejections = harness.aws
      .events('Inbound Event Rejected')
      .filter((e) => e.detail.eventId === event.id);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]?.detail.eventKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it('with an unsupported schema version are refused before the handler runs', async () => {
    // Prepare
    harness.aws.clear();
    const postId = newPostId('version');
    const { executionName } = await postInReview(harness, postId);
    harness.aws.clear();
    // Act
    const result = await cancel(
      envelope('Cancel Post', { postId, requestedBy: { id: 'a' }, schemaVersion: '9' }),
    );
    // Assess
    expect(result).toEqual({
      status: 'rejected',
      errors: [expect.objectContaining({ field: 'schemaVersion', rule: 'supported-version' })],
    });
    expect((await harness.db.getPost(postId))?.status).not.toBe('cancelled');
    expect(harness.aws.events('Inbound Event Rejected')).toHaveLength(1);
    const execution = harness.twin.executions.get(executionName);
    expect([execution?.status, execution?.statesEntered.at(-1)]).toEqual(['RUNNING', 'AwaitReview']);
  });

  it("carry the sender's correlation id onto every event they cause", async () => {
    // Prepare
    const postId = newPostId('corr');
    await postInReview(harness, postId);
    harness.aws.clear();
    // Act
    await cancel(envelope('Cancel Post', { postId, requestedBy: { id: 'a' }, correlationId: 'ticket-77' }));
    // Assess
    expect(harness.aws.events('Post Cancelled')[0]?.detail).toMatchObject({
      correlationId: 'ticket-77',
      schemaVersion: '1',
    });
  });
});

/** A `Conversion Recorded` detail: a purchase on x of 12.50 EUR just now, with `fields` set. */
const purchase = (fields: { conversionId: string; postId: string; value?: unknown }) => ({
  channel: 'x',
  kind: 'purchase',
  value: { amount: 12.5, currency: 'EUR' },
  occurredAt: new Date().toISOString(),
  ...fields,
});

describe('Conversion Recorded', () => {
  it('stores a conversion once per conversion id and answers Conversion Attributed', async () => {
    // Prepare
    const postId = newPostId('conv');
    await publishedPostWithId(harness, postId);
    harness.aws.clear();
    const detail = purchase({ conversionId: `order-${postId}`, postId });
    // Act
    const first = await convert(envelope('Conversion Recorded', detail));
    const repeat = await convert(envelope('Conversion Recorded', detail));
    // Assess
    expect(first).toMatchObject({ status: 'recorded' });
    expect(repeat).toMatchObject({ status: 'repeated' });
    expect(await harness.db.listConversions(postId)).toEqual([
      expect.objectContaining({ conversionId: detail.conversionId, value: detail.value }),
    ]);
    expect(harness.aws.events('Conversion Attributed')).toHaveLength(2);
  });

  it('refuses a currency that is not an ISO code, naming the field', async () => {
    // Act
    const result = await convert(
      envelope(
        'Conversion Recorded',
        purchase({ conversionId: 'c-1', postId: 'p-1', value: { amount: 1, currency: 'euro' } }),
      ),
    );
    // Assess
    expect(result).toMatchObject({
      status: 'rejected',
      errors: [expect.objectContaining({ field: 'value.currency' })],
    });
  });
});
