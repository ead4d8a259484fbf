import { describe, expect, it } from 'vitest';
import { getPost, listLifecycleLog, listMetricSnapshots } from '../../functions/persistence/index.js';
import { StateName } from '../../workflows/contract.js';
import { publishApproved, seedBrand, uniqueId, untilEvent, useLocalRun } from './support.js';

const runtime = useLocalRun();

/** Submits and approves a post on the brand's channels; returns the closed execution. */
async function publishAndWait(brand: { brandId: string; channels: string[] }, timeoutMs = 30_000) {
  const postId = uniqueId('metrics');
  const execution = await publishApproved(runtime, { postId, ...brand }, timeoutMs);
  return { postId, execution };
}

const roundActions = async (postId: string) =>
  (await listLifecycleLog(postId))
    .filter((e) => e.action.startsWith('metrics_'))
    .map((e) => `${e.action}#${String(e.details?.round ?? '')}`);

describe('metric rounds on EventBridge Scheduler, run locally', () => {
  it('collects every round on three channels while the execution waits in one state, then completes the post', async () => {
    // Prepare
    const brand = await seedBrand([{ id: 'x' }, { id: 'bluesky' }, { id: 'mastodon' }]);

    // Act
    const { postId, execution } = await publishAndWait(brand);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered.slice(-3)).toEqual([
      StateName.RecordPublication,
      StateName.AwaitMetricsRounds,
      StateName.CompleteLifecycle,
    ]);
    const snapshots = (await listMetricSnapshots(postId)).map((s) => `${s.channel}#${s.round}`).sort();
    expect(snapshots).toEqual(['bluesky', 'mastodon', 'x'].flatMap((c) => [1, 2, 3].map((r) => `${c}#${r}`)));
    const post = await getPost(postId);
    expect(post).toMatchObject({ status: 'completed', allMetricsRoundsCollected: true, lastMetricsRound: 3 });
    const runs = runtime.scheduleRuns.filter((run) => run.name.startsWith(`${postId}-r1-`));
    const rounds = runs.filter((run) => /-round\d+$/.test(run.name));
    expect(rounds.map((run) => run.status)).toEqual(['invoked', 'invoked', 'invoked']);
    const completed = await untilEvent(runtime, postId, 'Post Completed');
    expect(completed.detail).toMatchObject({ roundsCollected: 3, allMetricsRoundsCollected: true });
  });

  it('collects feedback on its own at the early hours between the rounds, recording no extra round', async () => {
    // Prepare
    const brand = await seedBrand([{ id: 'x' }]);

    // Act
    const { postId, execution } = await publishAndWait(brand);

    // Assess: the default rounds at 1, 24 and 72 h; feedback-only runs at the other early hours
    expect(execution.status).toBe('SUCCEEDED');
    const early = runtime.scheduleRuns
      .filter((run) => run.name.startsWith(`${postId}-r1-`) && /-feedback\d+h$/.test(run.name))
      .map((run) => `${run.name.replace(/^.*-feedback/, '')}:${run.status}`);
    expect(early.sort()).toEqual(
      [2, 3, 4, 5, 6, 12, 18, 30, 36, 42, 48].map((hour) => `${hour}h:invoked`).sort(),
    );
    expect((await listMetricSnapshots(postId)).map((s) => s.round)).toEqual([1, 2, 3]);
    expect(await roundActions(postId)).toEqual([
      'metrics_rounds_scheduled#',
      'metrics_collected#1',
      'metrics_collected#2',
      'metrics_collected#3',
    ]);
  });

  it('schedules no round for a post no channel published, and completes it at once', async () => {
    // Prepare
    const brand = await seedBrand([{ id: 'x', failure: { kind: 'permanent' } }]);

    // Act
    const { postId, execution } = await publishAndWait(brand);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered.slice(-2)).toEqual([
      StateName.AwaitMetricsRounds,
      StateName.CompleteLifecycle,
    ]);
    expect(runtime.scheduleRuns.filter((run) => run.name.startsWith(`${postId}-r1-`))).toEqual([]);
    expect(await getPost(postId)).toMatchObject({
      status: 'publish_failed',
      allMetricsRoundsCollected: true,
    });
  });

  it('records a round a channel refuses for good and still completes after the last round, not all collected', async () => {
    // Prepare
    const brand = await seedBrand([
      { id: 'x' },
      { id: 'bluesky', failure: { kind: 'permanent', on: 'metrics' } },
    ]);

    // Act
    const { postId, execution } = await publishAndWait(brand);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered.at(-1)).toBe(StateName.CompleteLifecycle);
    expect(await roundActions(postId)).toEqual([
      'metrics_rounds_scheduled#',
      'metrics_round_failed#1',
      'metrics_round_failed#2',
      'metrics_round_failed#3',
    ]);
    // The healthy channel's readings are kept even though its rounds count as failed.
    expect((await listMetricSnapshots(postId)).map((s) => `${s.channel}#${s.round}`).sort()).toEqual([
      'x#1',
      'x#2',
      'x#3',
    ]);
    expect(await getPost(postId)).toMatchObject({ status: 'completed', allMetricsRoundsCollected: false });
  });

  it('ends the wait by its timeout when a round is lost, and completes the post with the rounds it has', async () => {
    // Prepare: every metrics read fails for a moment, past Lambda's retries: the rounds go to the dead-letter queue
    const brand = await seedBrand([{ id: 'x', failure: { kind: 'transient', on: 'metrics' } }]);
    const previous = runtime.speed.timeoutMaxMs;
    runtime.speed.timeoutMaxMs = 4000;

    // Act
    const { postId, execution } = await publishAndWait(brand).finally(() => {
      runtime.speed.timeoutMaxMs = previous;
    });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stateName: StateName.AwaitMetricsRounds, error: 'States.Timeout' }),
      ]),
    );
    expect(execution.statesEntered.at(-1)).toBe(StateName.CompleteLifecycle);
    const lost = runtime.deadLetters.filter((letter) => letter.body.includes(postId));
    expect(lost.length).toBeGreaterThanOrEqual(1);
    const post = await getPost(postId);
    expect(post).toMatchObject({ status: 'completed', allMetricsRoundsCollected: false });
    const completion = (await listLifecycleLog(postId)).find((e) => e.action === 'completed');
    expect(completion?.details).toMatchObject({ roundsCollected: 0, metricsError: 'States.Timeout' });
  });
});
