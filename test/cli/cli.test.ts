import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import { grantRole } from '../support/brand-fixtures.js';
import { runCli, twinCliEnv } from '../support/cli-run.js';
import { actAsClientOf, HOUR, inFuture, seedBrand, uniqueId } from '../workflow/support.js';

let runtime: LocalBrandflow;
let tableName: string;
let folder: string;
let brandId: string;
const DAY = 24 * HOUR;

beforeAll(async () => {
  tableName = `brandflow-cli-${randomUUID()}`;
  // The twin on free ports (its AWS endpoint), beside the DynamoDB Local of the global setup.
  runtime = actAsClientOf(
    await startLocalBrandflow({ dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, tableName }),
  );
  // Decisions go through the front door, which needs a stage that names its reviewers.
  ({ brandId } = await seedBrand(undefined, ['brand-manager-1', 'reviewer-2']));
  await memberOf(brandId, 'author-1', 'editor');
  folder = await mkdtemp(join(tmpdir(), 'brandflow-cli-'));
});

afterAll(async () => {
  await runtime?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** What a user's shell would hold to point the CLI at this twin. */
const twinEnv = () => twinCliEnv(runtime, tableName, join(folder, 'token'));

/** Runs one command line in this process, as the bin does, capturing its output. */
const brandflow = (...argv: string[]) => runCli(argv, twinEnv());

/** Gives a person a role for the brand, as its admin would. */
const memberOf = (brand: string, person: string, role: 'reviewer' | 'editor' = 'reviewer') =>
  grantRole(brand, person, role);

/** `--token` with a token the local issuer signed for `person`. */
const as = async (person: string) => ['--token', await runtime.issuer.issue(person)];

async function postFile(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

const postYaml = (postId: string, scheduledAt = inFuture(HOUR)) => `# A post as a marketing team writes it
postId: ${postId}
revision: 1
brandId: ${brandId}
author:
  id: author-1
contentType: text
content:
  x:
    text: Our spring blend is back in every shop this week.
  bluesky:
    text: Our spring blend is back in every shop this week.
scheduledAt: ${scheduledAt}
timeZone: Europe/Paris
`;

describe('brandflow CLI against the local twin', () => {
  it('lists the calendar, reschedules and cancels a post, and refuses to retry it', async () => {
    // Prepare: far ahead, as the twin's clock jumps over the waits of other tests' executions.
    const postId = uniqueId('cli-cal');
    const scheduledAt = inFuture(100 * DAY);
    await brandflow(
      'submit',
      await postFile(`${postId}.yaml`, postYaml(postId, scheduledAt)),
      '--wait',
      ...(await as('author-1')),
    );
    const later = inFuture(200 * DAY);

    // Act
    const from = new Date(Date.parse(scheduledAt) - HOUR).toISOString();
    const to = new Date(Date.parse(scheduledAt) + HOUR).toISOString();
    const calendar = await brandflow('calendar', brandId, '--from', from, '--to', to, '--json');
    const rescheduled = await brandflow('reschedule', postId, later, '--json', ...(await as('author-1')));
    const cancelled = await brandflow(
      'cancel',
      postId,
      '--reason',
      'campaign moved',
      ...(await as('author-1')),
    );
    const shown = await brandflow('show', postId, '--json');
    const retried = await brandflow('retry', postId, later, '--by', 'editor-1', '--wait');
    // The refusal's event goes out after the answer: it belongs to this test, not the next.
    await runtime.waitForEvent(
      (e) =>
        e['detail-type'] === 'Inbound Event Rejected' &&
        e.detail.detailType === 'Retry Post' &&
        e.detail.postId === postId,
    );

    // Assess
    expect(`${retried.stdout}${retried.stderr}`).toContain(
      'only a failed post can be retried: it is cancelled',
    );
    expect(JSON.parse(calendar.stdout).posts.map((p: { postId: string }) => p.postId)).toContain(postId);
    expect(rescheduled.code, rescheduled.stdout).toBe(0);
    expect(JSON.parse(rescheduled.stdout).outcome.status).toBe('rescheduled');
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toContain('cancelled');
    expect(JSON.parse(shown.stdout).post.status).toBe('cancelled');
  });

  it("refuses a decision in another person's name, with a bad token, or without one", async () => {
    // Prepare
    const postId = uniqueId('cli-forged');
    await brandflow(
      'submit',
      await postFile(`${postId}.yaml`, postYaml(postId)),
      '--wait',
      ...(await as('author-1')),
    );
    await memberOf(brandId, 'reviewer-2');
    await brandflow('login', '--as', 'reviewer-2');

    // Act
    const forged = await brandflow('decide', postId, 'approve', '--reviewer', 'brand-manager-1');
    const badToken = await brandflow('decide', postId, 'approve', '--token', 'not-a-token');
    const noToken = await brandflow('decide', postId, 'approve', '--token', '');
    const shown = await brandflow('show', postId, '--json');

    // Assess
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(
      /403: .*the actor is the verified token's subject \(rule: actor-from-token\)/,
    );
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/401: Unauthorized: the token is not a compact JWS/);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/--token: acting needs a token/);
    expect(JSON.parse(shown.stdout).post.status).toBe('in_review');
  });

  it('submits a YAML post, shows it, approves it and shows its execution as a timeline', async () => {
    // Prepare
    const postId = uniqueId('cli-post');
    const file = await postFile(`${postId}.yaml`, postYaml(postId));

    // Act
    const submitted = await brandflow('submit', file, '--wait', '--json', ...(await as('author-1')));
    const shown = await brandflow('show', postId, '--json');
    await memberOf(brandId, 'brand-manager-1');
    const login = await brandflow('login', '--as', 'brand-manager-1');
    const decided = await brandflow('decide', postId, 'approve', '--wait', '--json');
    const history = await brandflow('history', `${postId}-r1`);
    const historyJson = await brandflow('history', `${postId}-r1`, '--json');

    // Assess
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(JSON.parse(submitted.stdout).post.status).toBe('in_review');
    const post = JSON.parse(shown.stdout);
    expect(post.post).toMatchObject({ postId, brandId, revision: 1 });
    expect(post.post).not.toHaveProperty('reviewTaskToken');
    expect(post.log.map((entry: { action: string }) => entry.action)).toContain('submitted');
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('Logged in to the local twin as brand-manager-1');
    expect(decided.code, decided.stdout).toBe(0);
    const shownAfter = await brandflow('show', postId, '--json');
    expect(shownAfter.stdout).toContain('review_decided');
    expect(shownAfter.stdout).not.toContain('taskToken');
    expect(JSON.parse(decided.stdout).post.status).not.toBe('in_review');
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/CheckPolicy\s+entered \(Task\)/);
    expect(history.stdout).toMatch(/AwaitReview\s+.*task succeeded/);
    const timeline = JSON.parse(historyJson.stdout).timeline as { type: string; state?: string }[];
    expect(timeline[0]?.type).toBe('ExecutionStarted');
    expect(timeline.some((e) => e.state === 'AwaitReview' && e.type === 'TaskStateEntered')).toBe(true);
  });

  it('refuses a post file naming each broken field and rule, and sends nothing', async () => {
    // Prepare
    const postId = uniqueId('cli-bad');
    const yaml = postYaml(postId)
      .replace('revision: 1', 'revision: 0')
      .replace(/scheduledAt: .*/, 'scheduledAt: 2030-05-01T09:00:00')
      .replace('timeZone: Europe/Paris', 'timeZone: Mars/Olympus');
    const file = await postFile(`${postId}.yaml`, yaml);
    const eventsBefore = runtime.events.length;

    // Act
    const text = await brandflow('submit', file);
    const json = await brandflow('submit', file, '--json');

    // Assess
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('revision: Too small: expected number to be >=1 (rule: min)');
    expect(text.stderr).toContain('(rule: offset)');
    expect(text.stderr).toContain(
      'timeZone: must be an IANA time zone such as Europe/Paris (rule: iana-time-zone)',
    );
    const problems = JSON.parse(json.stdout).error.problems as { field: string; rule: string }[];
    expect(problems.map((p) => `${p.field}:${p.rule}`).sort()).toEqual(
      ['revision:min', 'scheduledAt:offset', 'timeZone:iana-time-zone'].sort(),
    );
    // Other tests' posts may still be publishing: only this post's events count.
    expect(runtime.events.slice(eventsBefore).filter((e) => e.detail.postId === postId)).toEqual([]);
  });

  it('names the file and the line of a YAML syntax error', async () => {
    // Prepare
    const file = await postFile('broken.yaml', 'postId: a\ncontent: [unclosed\n');

    // Act
    const result = await brandflow('submit', file, '--json');

    // Assess
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.problems[0]).toMatchObject({ field: 'file', rule: 'yaml-syntax' });
  });

  it('reports a submission Brandflow refuses with the field and rule its handler gave', async () => {
    // Prepare: a text longer than the brand's x channel allows is refused by the Submit Post use case;
    // the file names no author: the author is the token's person.
    const postId = uniqueId('cli-too-long');
    const file = await postFile(
      `${postId}.json`,
      JSON.stringify({
        postId,
        revision: 1,
        brandId,
        contentType: 'text',
        content: { x: { text: 'Spring. '.repeat(50) } },
        scheduledAt: inFuture(HOUR),
        timeZone: 'UTC',
      }),
    );

    // Act
    const result = await brandflow('submit', file, '--wait', '--json', ...(await as('author-1')));

    // Assess
    expect(result.code).toBe(2);
    const problems = JSON.parse(result.stdout).error.problems as { field: string; rule: string }[];
    expect(problems).toContainEqual(expect.objectContaining({ rule: 'max-length' }));
  });

  it("refuses a post file naming an author other than the token's person, and stores nothing", async () => {
    // Prepare
    const postId = uniqueId('cli-other-author');
    const file = await postFile(`${postId}.yaml`, postYaml(postId));
    await memberOf(brandId, 'editor-2', 'editor');

    // Act: editor-2 sends a file naming author-1
    const result = await brandflow('submit', file, ...(await as('editor-2')));
    const shown = await brandflow('show', postId, '--json');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/403: .*\(rule: actor-from-token\)/);
    expect(shown.code).not.toBe(0);
  });

  it('saves a brand profile for its admin and refuses an editor, naming the rule', async () => {
    // Prepare
    const file = await postFile(
      `profile-${brandId}.yaml`,
      `brandId: ${brandId}
name: Acme Coffee
channels:
  - { id: x, adapter: sandbox, maxLength: 280 }
  - { id: bluesky, adapter: sandbox, maxLength: 280 }
reviewers: [brand-manager-1, reviewer-2]
`,
    );

    // Act
    const byEditor = await brandflow('profile', file, ...(await as('author-1')));
    const admin = await runtime.issuer.issue('admin-1', { groups: ['brandflow-admins'] });
    const byAdmin = await brandflow('profile', file, '--token', admin, '--json');

    // Assess
    expect(byEditor.code).toBe(1);
    expect(byEditor.stderr).toMatch(/403: .*\(rule: role\)/);
    expect(byAdmin.code, byAdmin.stdout).toBe(0);
    expect(JSON.parse(byAdmin.stdout).outcome).toMatchObject({ status: 'updated', brandId });
  });

  it('runs as the npm bin in its own process: help, and executions as JSON', async () => {
    // Prepare
    const run = promisify(execFile);
    const env = { ...process.env, ...twinEnv() };

    // Act
    const help = await run(process.execPath, ['cli/bin.mjs', '--help'], { env });
    const listed = await run(process.execPath, ['cli/bin.mjs', 'executions', '--json'], { env });

    // Assess
    expect(help.stdout).toContain('Usage: brandflow <command>');
    const { executions } = JSON.parse(listed.stdout) as { executions: { name: string }[] };
    expect(executions.length).toBeGreaterThan(0);
    expect(executions.every((e) => /-r\d+$/.test(e.name))).toBe(true);
  });
});
