import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { brand, type Harness, newPostId, startHarness, submission } from './harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  await harness.db.putBrand(brand);
});
afterAll(() => harness.aws.close());

it('logs a routed outcome at info level by error name and ids, never the post text', async () => {
  // Prepare
  const postId = newPostId();
  const submitted = await harness.h.submitPost(
    submission(postId, { content: { x: { text: 'Private, cheap' } } }),
  );
  const executionName = submitted.status === 'submitted' ? submitted.executionName : '';
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'info').mockImplementation((line: string) => lines.push(line));
  // Act
  await harness.h.checkPolicy({ postId, executionName }).catch(() => undefined);
  spy.mockRestore();
  // Assess
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
    level: 'info',
    handler: 'check-policy',
    error: 'PolicyBlocked',
  });
  expect(lines[0]).not.toContain('Private');
});
