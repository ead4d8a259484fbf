import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/aws/dynamodb.js';
import type { BrandProfile } from '../../functions/domain/brand.js';
import type { FeedbackCategory } from '../../functions/domain/feedback.js';
import { getBrand } from '../../functions/persistence/brands.js';
import { parseFeedbackId } from '../../functions/persistence/feedback.js';
import { keys } from '../../functions/persistence/keys.js';
import { tableName } from '../../functions/persistence/table.js';
import { type SeededFeedback, storeFeedback } from '../support/feedback-seed.js';
import { apiCall, seedBrandWithMembers } from './api-client.js';
import { HOUR, uniqueId, useLocalRun } from './support.js';

const runtime = useLocalRun();
let brand: BrandProfile;
let admin: string;
const token = (user: string) => runtime.issuer.issue(user);
const inbox = async (query = '', user = 'editor-1') =>
  apiCall(runtime, 'GET', `/brands/${brand.brandId}/feedback${query}`, await token(user));

interface Item {
  feedbackId: string;
  category: string;
  text?: string;
  sla?: { dueAt: string; overdue: boolean; businessSecondsLeft: number; overdueBusinessSeconds: number };
}
const itemsOf = (answer: { body: Record<string, unknown> }) => answer.body.items as Item[];

let complaintLate: string;
let questionFresh: string;
let praise: string;

beforeAll(async () => {
  const brandId = uniqueId('inbox');
  // Every hour is a working hour here: business time is wall time, so the clock reads plainly.
  admin = await seedBrandWithMembers(
    runtime,
    {
      brandId,
      timeZone: 'Europe/Paris',
      feedback: { workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: 0, end: 24 } },
    },
    { 'editor-1': ['editor'], 'reviewer-1': ['reviewer'], 'viewer-1': ['viewer'] },
  );
  brand = (await getBrand(brandId)) as BrandProfile;
  const written = (
    text: string,
    category: FeedbackCategory,
    agoMs: number,
    more: Partial<SeededFeedback> = {},
  ) => storeFeedback(brand.brandId, { text, category, agoMs, ...more });
  complaintLate = await written('My order arrived broken, I want a refund', 'complaint', 10 * HOUR, {
    slaHours: 4,
  });
  questionFresh = await written('When does the spring blend ship?', 'question', 0, { slaHours: 8 });
  praise = await written('Lovely tea, thank you', 'praise', HOUR);
  await written('Still waiting for my refund, terrible service', 'complaint', 2 * HOUR, { slaHours: 4 });
  // Collected 100 days ago: its text is past the 90 days' retention.
  await written('Is the old blend still sold?', 'question', 101 * 24 * HOUR, {
    slaHours: 8,
    collectedAgoMs: 100 * 24 * HOUR,
  });
});

describe('the feedback inbox at the front door', () => {
  it('answers those who handle feedback, and refuses anyone else with the rule', async () => {
    // Act
    const anonymous = await apiCall(runtime, 'GET', `/brands/${brand.brandId}/feedback`);
    const [viewer, reviewer, stranger, editor, brandAdmin] = await Promise.all([
      inbox('', 'viewer-1'),
      inbox('', 'reviewer-1'),
      inbox('', 'stranger-1'),
      inbox('', 'editor-1'),
      apiCall(runtime, 'GET', `/brands/${brand.brandId}/feedback`, admin),
    ]);

    // Assess
    expect(anonymous.status).toBe(401);
    expect([viewer, reviewer, stranger].map((a) => [a.status, a.body.errors?.[0]?.rule])).toEqual([
      [403, 'role'],
      [403, 'role'],
      [403, 'role'],
    ]);
    expect([editor.status, brandAdmin.status]).toEqual([200, 200]);
    expect(itemsOf(editor)).toHaveLength(5);
  });

  it('shows each open item with its category, rule and SLA clock, most urgent first, and never the author', async () => {
    // Act
    const answer = await inbox();

    // Assess
    const items = itemsOf(answer);
    const dues = items.flatMap((i) => (i.sla ? [i.sla.dueAt] : []));
    expect(dues).toEqual([...dues].sort());
    expect(items.slice(dues.length).map((i) => i.category)).toEqual(['praise']);
    const complaint = items.find((i) => i.feedbackId === complaintLate);
    expect(complaint).toMatchObject({ category: 'complaint', status: 'open', rule: { kind: 'term' } });
    expect(complaint?.sla?.overdue).toBe(true);
    // Due 4 business hours after it was written 10 hours ago: about 6 hours overdue.
    expect(Math.abs((complaint?.sla?.overdueBusinessSeconds ?? 0) - 6 * 3600)).toBeLessThan(120);
    const question = items.find((i) => i.feedbackId === questionFresh);
    expect(question?.sla).toMatchObject({ overdue: false, overdueBusinessSeconds: 0 });
    expect(Math.abs((question?.sla?.businessSecondsLeft ?? 0) - 8 * 3600)).toBeLessThan(120);
    expect(items.find((i) => i.feedbackId === praise)).toMatchObject({
      category: 'praise',
      rule: { kind: 'term' },
    });
    expect(items.find((i) => i.feedbackId === praise)?.sla).toBeUndefined();
    expect(JSON.stringify(answer.body)).not.toMatch(/authorHash|a1b2c3d4/);
  });

  it('leaves out the text once the retention has passed, and keeps the record', async () => {
    // Act
    const items = itemsOf(await inbox('?category=question'));

    // Assess
    expect(items).toHaveLength(2);
    expect(items.filter((i) => i.text === undefined)).toHaveLength(1);
    expect(items.filter((i) => i.text === 'When does the spring blend ship?')).toHaveLength(1);
  });

  it('filters by category and by overdue, and lists closed items only when asked', async () => {
    // Prepare: the late complaint gets its answer
    const key = parseFeedbackId(complaintLate)?.key ?? '';
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.feedback(brand.brandId, key),
        UpdateExpression: 'SET #status = :closed, firstResponseAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed', ':at': new Date().toISOString() },
      }),
    );

    // Act
    const complaints = itemsOf(await inbox('?category=complaint'));
    const overdue = itemsOf(await inbox('?overdue=true'));
    const closed = itemsOf(await inbox('?status=closed'));

    // Assess
    expect(complaints.map((i) => i.text)).toEqual(['Still waiting for my refund, terrible service']);
    expect(overdue.map((i) => i.sla?.overdue)).toEqual(overdue.map(() => true));
    expect(overdue.map((i) => i.feedbackId)).not.toContain(complaintLate);
    expect(overdue.map((i) => i.feedbackId)).not.toContain(questionFresh);
    expect(closed.map((i) => i.feedbackId)).toEqual([complaintLate]);
  });

  it('pages with a cursor, every open item once', async () => {
    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await inbox(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      seen.push(...itemsOf(answer).map((i) => i.feedbackId));
      cursor = answer.body.nextCursor as string | undefined;
      pages += 1;
    } while (cursor && pages < 10);

    // Assess
    const open = itemsOf(await inbox()).map((i) => i.feedbackId);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect([...seen].sort()).toEqual([...open].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a bad query naming the field and the rule', async () => {
    // Act
    const answers = await Promise.all(
      ['?category=rant', '?overdue=yes', '?limit=500', '?cursor=not-a-cursor'].map((q) => inbox(q)),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(answers.map((a) => [a.body.errors?.[0]?.field, a.body.errors?.[0]?.rule])).toEqual([
      ['category', 'one-of'],
      ['overdue', 'one-of'],
      ['limit', 'max'],
      ['cursor', 'format'],
    ]);
  });
});
