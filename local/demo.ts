import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { sandboxMediaOf } from '../functions/channels/sandbox.js';
import { LocalServiceError } from '../functions/domain/errors.js';
import { addDemoImage, DEMO_IMAGE } from './demo-image.js';
import { generateDemoReport } from './demo-report.js';
import { DEMO_REVIEWER, type DemoPost, demoBrand, demoMembers, demoPosts } from './demo-scenario.js';
import { type LiveRow, LiveView, renderTable } from './live-view.js';
import {
  type LocalBrandflow,
  type LocalBusEvent,
  type LocalRuntimeEvent,
  startLocalBrandflow,
} from './runtime.js';

const DATA_DIR = '.brandflow';
const SCHEDULE_AHEAD_MS = 10 * 60_000;
const INTEGRATOR_SOURCE = 'demo.cms';

/**
 * The main job on a fresh machine: a brand and four posts run through the synthesized state
 * machine with the real handlers and DynamoDB Local, shown live, then summarized.
 *
 * @example
 * ```ts
 * await runDemo();
 * ```
 */
export async function runDemo(
  out: NodeJS.WriteStream = process.stdout,
  shared?: { brandflow: LocalBrandflow; onEvent: (listener: (event: LocalRuntimeEvent) => void) => void },
): Promise<void> {
  const started = performance.now();
  const rows = new Map<string, LiveRow>();
  const view = new LiveView(out);
  const showProgress = (event: LocalRuntimeEvent) => {
    let state: string;
    if (event.type === 'state-entered') state = event.stateName;
    else if (event.type === 'execution-closed') state = `done (${event.status})`;
    else return;
    const row = rows.get(event.executionName.replace(/-r\d+$/, ''));
    if (!row) return;
    row.state = state;
    view.update([...rows.values()]);
  };
  // Served (`npm start`), the caller owns the runtime and the console; alone, the demo does.
  if (!shared) out.write('Brandflow local run: synthesizing the stack and starting DynamoDB Local...\n');
  const restoreConsole = shared ? () => undefined : sendHandlerLogsTo(join(DATA_DIR, 'handlers.log'));
  const brandflow =
    shared?.brandflow ?? (await startLocalBrandflow({ dataDir: DATA_DIR, onEvent: showProgress }));
  shared?.onEvent(showProgress);
  // Alone, an interrupted demo still stops DynamoDB Local (a child Java process) before exiting.
  let stopping = false;
  const interrupted = (signal: NodeJS.Signals) => {
    stopping = true;
    out.write(`\n${signal}: stopping DynamoDB Local and the local runtime...\n`);
    void brandflow.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  if (!shared) {
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
  }
  try {
    // Brandflow's own reads and writes, in the run's scope: its table, through its endpoints.
    const records = brandflow.scope.bind(await import('../functions/persistence/index.js'));
    await records.putBrand(demoBrand);
    for (const membership of demoMembers) {
      await records.putMembership({
        ...membership,
        updatedBy: 'deploy',
        updatedAt: new Date().toISOString(),
      });
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    // The author adds a picture to the library, as `npx brandflow assets add` does; the launch post carries it.
    const image = await addDemoImage(brandflow, demoBrand.brandId, 'author-1', `harvest-${stamp}`);
    out.write(
      `Image ${DEMO_IMAGE.fileName} added to the asset library as ${image.assetId} (${image.media.type} ${image.media.width}x${image.media.height}, metadata stripped, alt text "${DEMO_IMAGE.alt}").\n`,
    );
    const posts = demoPosts(
      stamp,
      new Date(Date.now() + SCHEDULE_AHEAD_MS).toISOString().replace('Z', '+00:00'),
      image.assetId,
    );
    out.write(
      `Brand ${demoBrand.name}: ${posts.length} posts submitted by their author through the front door.\n\n`,
    );
    for (const post of posts) {
      rows.set(post.submission.postId, {
        postId: post.submission.postId,
        story: post.story,
        state: 'submitted',
        status: '',
      });
    }
    view.update([...rows.values()]);

    await Promise.all(posts.map((post) => runPost(brandflow, post, rows, view)));
    view.close();

    const summary = [];
    for (const post of posts) {
      const postId = post.submission.postId;
      const stored = await records.getPost(postId);
      const published = await records.listPublishRecords(postId);
      const snapshots = await records.listMetricSnapshots(postId);
      const latest = new Map(snapshots.map((s) => [s.channel, s]));
      const impressions = [...latest.values()].reduce((sum, s) => sum + s.metrics.impressions, 0);
      const likes = [...latest.values()].reduce((sum, s) => sum + s.metrics.likes, 0);
      const execution = brandflow.executions.get(stored?.executionName ?? '');
      summary.push([
        postId,
        stored?.status ?? 'not stored',
        published.map((p) => `${p.channel}:${p.status}`).join(' ') || '-',
        snapshots.length
          ? `${impressions} impressions, ${likes} likes (round ${stored?.lastMetricsRound})`
          : '-',
        String(execution?.stateTransitions ?? '-'),
      ]);
    }
    const forged = posts.find((p) => p.forgedFirst?.answer)?.forgedFirst;
    if (forged) {
      out.write(
        `\nA forged approval (the author's token, naming ${DEMO_REVIEWER} as reviewer) was refused: ${forged.answer}\n`,
      );
      out.write(
        `The same approval put on the bus by ${INTEGRATOR_SOURCE}, a source no brand admin trusts, was refused: ${forged.onBus}\n`,
      );
    }
    out.write('\nSummary\n');
    out.write(
      `${renderTable(['post', 'final status', 'channels', 'latest metrics', 'state transitions'], summary).join('\n')}\n`,
    );
    const imageReport = brandflow.scope.run(() =>
      imageLines(posts[0]?.submission.postId ?? '', image.assetId),
    );
    for (const line of await imageReport) out.write(line);
    const publishedAt = Date.parse(posts[0]?.submission.scheduledAt ?? new Date().toISOString());
    const report = await generateDemoReport(brandflow, demoBrand.brandId, 'UTC', DATA_DIR, publishedAt);
    out.write(
      `\nReport ${report.period} of ${demoBrand.name} stored (Generate Report, then Report Ready): open ${report.htmlFile}\n`,
    );
    const eventsFile = join(DATA_DIR, 'events.jsonl');
    out.write(`
Done in ${((performance.now() - started) / 1000).toFixed(1)} s.
Where the data is:
  ${join(DATA_DIR, 'dynamodb')}   DynamoDB Local's database (posts, lifecycle logs, publish records, metrics), kept between runs
  ${eventsFile}   every event put on the bus, one JSON object a line
  ${join(DATA_DIR, 'handlers.log')}   what the handlers logged (in AWS: their CloudWatch log groups)
  ${report.htmlFile}   the brand's monthly report (also as Markdown and CSV in the local S3 bucket)
What to try next:
  npm start                the local AWS twin: the SDKs, the AWS CLI and npx brandflow work against it
  npx brandflow show ${summary[0]?.[0] ?? '<postId>'}   a post with its lifecycle log, publish records and metrics (with npm start running)
  npm test                 unit, infrastructure, workflow, integration and CLI tests
  npx cdk synth            the CloudFormation template this run executed
  grep '"Post Published"' ${eventsFile}
  edit local/demo-scenario.ts to change the brand, the posts or the channels' failures
`);
  } catch (error) {
    // Posts cut short by the stop fail on the way out; the exit code already says why.
    if (stopping) return new Promise<void>(() => undefined);
    throw error;
  } finally {
    if (!shared) {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await brandflow.stop();
    }
    restoreConsole();
  }
}

/** What each channel received of the demo's image with the post that carries it. */
async function imageLines(postId: string, assetId: string): Promise<string[]> {
  const records = await import('../functions/persistence/index.js');
  const lines = [];
  for (const record of await records.listPublishRecords(postId)) {
    if (record.status !== 'published') continue;
    for (const media of await sandboxMediaOf(record.channel, record.idempotencyKey)) {
      if (media.assetId !== assetId) continue;
      lines.push(
        `${postId} on ${record.channel} was published with its image: ${media.type} ${media.width}x${media.height}, ${media.bytes} bytes, alt text "${media.alt ?? ''}".\n`,
      );
    }
  }
  return lines;
}

/**
 * In Lambda, handler logs go to CloudWatch Logs; here they go to a file, so they neither mix
 * with the live view nor are lost. Returns the function that puts the console back.
 */
export function sendHandlerLogsTo(file: string): () => void {
  mkdirSync(DATA_DIR, { recursive: true });
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const original = Object.fromEntries(methods.map((m) => [m, console[m]]));
  for (const method of methods) {
    console[method] = (...args: unknown[]) =>
      appendFileSync(file, `${new Date().toISOString()} ${format(...args)}\n`);
  }
  return () => Object.assign(console, original);
}

/** A call to the twin's front door with a token the local issuer signed for `person`. */
async function asPerson(brandflow: LocalBrandflow, person: string, path: string, body: unknown) {
  const token = await brandflow.issuer.issue(person);
  const response = await fetch(`${brandflow.apiEndpoint}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Submits one post as its author, and answers its review as the reviewer when it is asked for. */
async function runPost(
  brandflow: LocalBrandflow,
  post: DemoPost,
  rows: Map<string, LiveRow>,
  view: LiveView,
): Promise<void> {
  const { postId, revision } = post.submission;
  const forThisPost = (type: string) => (event: LocalBusEvent) =>
    event['detail-type'] === type && event.detail.postId === postId;
  // The author submits through the front door, as the person the token names.
  const submitted = await asPerson(brandflow, post.submission.author.id, '/posts', post.submission);
  if (submitted.status !== 200)
    throw new Error(`the demo's submission was refused: ${JSON.stringify(submitted.body)}`);
  if (post.decision) {
    const requested = await brandflow.waitForEvent(forThisPost('Review Requested'));
    const decision = { revision, contentHash: requested.detail.contentHash, ...post.decision };
    if (post.forgedFirst) {
      // The author tries to approve in the reviewer's name: the front door takes the actor from the token.
      const forged = await asPerson(brandflow, post.submission.author.id, `/posts/${postId}/decisions`, {
        ...decision,
        decision: 'approve',
        reviewer: { id: DEMO_REVIEWER },
      });
      post.forgedFirst.answer = `${forged.status} ${String(forged.body.detail ?? forged.body.message)}`;
      // The same approval put on the bus by a system no brand admin trusts as a decision source.
      const put = await brandflow.putEvents([
        {
          EventBusName: brandflow.env.EVENT_BUS_NAME,
          Source: INTEGRATOR_SOURCE,
          DetailType: 'Review Decision',
          Detail: JSON.stringify({
            ...decision,
            postId,
            decision: 'approve',
            reviewer: { id: DEMO_REVIEWER },
          }),
        },
      ]);
      const eventId = put.Entries?.[0]?.EventId;
      const rejected = await brandflow.waitForEvent(
        (e) => e['detail-type'] === 'Inbound Event Rejected' && e.detail.eventId === eventId,
      );
      const [why] = rejected.detail.errors as { rule: string }[];
      post.forgedFirst.onBus = `Inbound Event Rejected (rule ${why?.rule})`;
    }
    // The reviewer decides through the front door, as the person the token names.
    const answer = await asPerson(brandflow, DEMO_REVIEWER, `/posts/${postId}/decisions`, decision);
    if (answer.status !== 200)
      throw new LocalServiceError(`the demo's decision was refused: ${JSON.stringify(answer.body)}`);
  }
  const execution = await brandflow.waitForExecution(`${postId}-r${revision}`, 60_000);
  const records = brandflow.scope.bind(await import('../functions/persistence/index.js'));
  const row = rows.get(postId);
  if (row) {
    row.state = `done (${execution.status})`;
    row.status = (await records.getPost(postId))?.status ?? '';
    view.update([...rows.values()]);
  }
}
