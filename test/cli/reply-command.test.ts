import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFeedbackRecord, getReply } from '../../functions/persistence/feedback-replies.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { runCli, twinCliEnv } from '../support/cli-run.js';
import { startFakeReplies } from '../support/platforms/replies.js';
import { publishedFeedback } from '../workflow/reply-seed.js';
import { startWorkflowRuntime, untilEvent } from '../workflow/support.js';

let runtime: LocalBrandflow;
let fake: Awaited<ReturnType<typeof startFakeReplies>>;
let folder: string;

beforeAll(async () => {
  runtime = await startWorkflowRuntime({ waitMs: 50 });
  fake = await startFakeReplies();
  folder = await mkdtemp(join(tmpdir(), 'brandflow-cli-reply-'));
});
afterAll(async () => {
  await runtime?.stop();
  await fake?.server.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const brandflow = (...argv: string[]) =>
  runCli(argv, twinCliEnv(runtime, String(process.env.TABLE_NAME), join(folder, 'token')));

describe('brandflow reply', () => {
  it("answers a question as the token's person and says the reply is on its way", async () => {
    // Prepare
    const { postId, feedbackId } = await publishedFeedback(fake.server.url, 'Where can I buy it?');
    await brandflow('login', '--as', 'editor-1');
    const replied = untilEvent(runtime, postId, 'Feedback Replied');

    // Act
    const answer = await brandflow('reply', feedbackId, 'In every Acme store from Monday.');
    await replied;

    // Assess
    expect(answer.code, answer.stderr).toBe(0);
    expect(answer.stdout).toContain(`Reply to ${feedbackId}: approved`);
    expect((await getReply(feedbackId))?.requestedBy).toBe('editor-1');
    expect(await getFeedbackRecord(feedbackId)).toMatchObject({ status: 'closed' });
  });

  it('refuses a reply over the platform limit naming the field and the rule, and sends nothing', async () => {
    // Prepare
    const { feedbackId } = await publishedFeedback(fake.server.url, 'Where can I buy it?');
    await brandflow('login', '--as', 'editor-1');

    // Act
    const answer = await brandflow('reply', feedbackId, 'a'.repeat(501));

    // Assess
    expect(answer.code).not.toBe(0);
    expect(answer.stderr).toContain('text');
    expect(answer.stderr).toContain('max-length');
    expect(await getReply(feedbackId)).toBeUndefined();
  });
});
