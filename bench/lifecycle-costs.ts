import type { ChannelConfig } from '../functions/domain/brand.js';
import { awsPrices } from './aws-prices.js';
import { type CostPerThousand, costPerThousandPosts, type UsagePerPost } from './cost-model.js';
import type { BenchBrandflow, PostPlan } from './local-harness.js';
import { countSecretsManagerCalls } from './secrets-counter.js';

/** Memory every Brandflow function is configured with (infra/constructs/handler-function.ts). */
export const LAMBDA_MEMORY_MB = 256;

/** A representative lifecycle: its posts, and the metric rounds the stack is deployed with. */
export interface Lifecycle {
  name: string;
  metricsHours: number[];
  plan: PostPlan;
}

const channels = (count: number, flaky = false): (Partial<ChannelConfig> & { id: string })[] =>
  ['social', 'micro', 'video']
    .slice(0, count)
    .map((id, index) =>
      flaky && index === 0 ? { id, failure: { kind: 'transient' as const, times: 1 } } : { id },
    );
/** The metric rounds of the six-round lifecycles, in hours after publishing. */
export const SIX_ROUNDS = [1, 6, 24, 48, 72, 168];

export const FULL_LIFECYCLE = '3 channels, 1 review stage, 6 metric rounds';

/** Replies each post receives per channel in the feedback lifecycle (sandbox `simulatedReplies`). */
export const REPLIES_PER_CHANNEL = 2;
/** The full lifecycle with feedback collection on: every round reads the replies too. */
export const FEEDBACK_LIFECYCLE = `${FULL_LIFECYCLE}, feedback on (${REPLIES_PER_CHANNEL} replies a channel)`;

export const lifecycles: Lifecycle[] = [
  { name: FULL_LIFECYCLE, metricsHours: SIX_ROUNDS, plan: { channels: channels(3), decision: 'approve' } },
  {
    name: FEEDBACK_LIFECYCLE,
    metricsHours: SIX_ROUNDS,
    plan: {
      channels: channels(3).map((c) => ({ ...c, settings: { simulatedReplies: REPLIES_PER_CHANNEL } })),
      decision: 'approve',
    },
  },
  {
    name: '3 channels, 1 review stage, 0 metric rounds',
    metricsHours: [],
    plan: { channels: channels(3), decision: 'approve' },
  },
  {
    name: '1 channel, 1 review stage, 6 metric rounds',
    metricsHours: SIX_ROUNDS,
    plan: { channels: channels(1), decision: 'approve' },
  },
  {
    name: '1 channel, 1 review stage, 0 metric rounds',
    metricsHours: [],
    plan: { channels: channels(1), decision: 'approve' },
  },
  {
    name: '3 channels, 2 review stages, 6 metric rounds',
    metricsHours: SIX_ROUNDS,
    plan: { channels: channels(3), decision: 'approve', reviewStages: 2 },
  },
  {
    name: '3 channels, 6 rounds, one transient publish retry',
    metricsHours: SIX_ROUNDS,
    plan: { channels: channels(3, true), decision: 'approve' },
  },
  {
    name: 'rejected in review (1 channel)',
    metricsHours: SIX_ROUNDS,
    plan: { channels: channels(1), decision: 'reject' },
  },
  {
    name: 'blocked by policy (1 channel)',
    metricsHours: SIX_ROUNDS,
    plan: { channels: channels(1), decision: 'approve', text: 'A guaranteed cure for Monday mornings.' },
  },
];

export interface LifecycleResult {
  name: string;
  posts: number;
  outcome: string;
  usage: UsagePerPost;
  cost: CostPerThousand;
  /** Invocations per function role, per post. */
  invocationsByRole: Record<string, number>;
  /** DynamoDB calls per post. */
  dynamoCalls: number;
  /** Every handler duration of the run, per function role (ms). */
  durationsByRole: Record<string, number[]>;
}

/**
 * Runs `postsPerLifecycle` posts of each lifecycle, one lifecycle at a time so every counter's
 * change belongs to it, and prices what one post used.
 */
export async function measureLifecycleCosts(bench: BenchBrandflow, postsPerLifecycle: number) {
  const secrets = await countSecretsManagerCalls();
  const results: LifecycleResult[] = [];
  const deployedHours = process.env.METRICS_SCHEDULE_HOURS;
  for (const lifecycle of lifecycles) {
    process.env.METRICS_SCHEDULE_HOURS = lifecycle.metricsHours.join(',');
    const brandId = await bench.seedBrand(lifecycle.plan);
    // Start counting after the brand exists: seeding is not part of a post's cost.
    bench.capacity.reset();
    bench.handlers.reset();
    const eventsBefore = bench.runtime.events.length;
    const scheduleRunsBefore = bench.runtime.scheduleRuns.length;
    const secretsBefore = secrets.count();
    const frontDoorBefore = bench.frontDoor.calls;

    const names = await bench.submitBatch(lifecycle.plan, brandId, postsPerLifecycle);
    const executions = await bench.settle(names);

    const capacity = bench.capacity.snapshot();
    const timings = bench.handlers.snapshot();
    const events = bench.runtime.events.slice(eventsBefore);
    const n = postsPerLifecycle;
    const functions = bench.runtime.template.functions;
    const invocationsByRole: Record<string, number> = {};
    const durationsByRole: Record<string, number[]> = {};
    let invocations = 0;
    let billedMs = 0;
    let inboundInvocations = 0;
    for (const [logicalId, timing] of timings) {
      const role = functions[logicalId]?.role ?? logicalId;
      invocationsByRole[role] = timing.invocations / n;
      durationsByRole[role] = timing.durationsMs;
      invocations += timing.invocations;
      billedMs += timing.durationsMs.reduce((sum, ms) => sum + Math.max(1, Math.ceil(ms)), 0);
      // Inbound handlers are named after their detail-type ('Submit Post'); task roles are camelCase.
      if (/ /.test(role)) inboundInvocations += timing.invocations;
    }
    const usage: UsagePerPost = {
      stateTransitions: executions.reduce((sum, e) => sum + e.stateTransitions, 0) / n,
      lambdaInvocations: invocations / n,
      lambdaBilledMs: billedMs / n,
      lambdaMemoryMb: LAMBDA_MEMORY_MB,
      readUnits: capacity.readUnits / n,
      writeUnits: capacity.writeUnits / n,
      busEvents: events.length / n,
      secretsManagerCalls: (secrets.count() - secretsBefore) / n,
      apiRequests: (bench.frontDoor.calls - frontDoorBefore) / n,
      // Scheduler bills each schedule that delivers to its target, whatever the handler then does.
      scheduledInvocations:
        bench.runtime.scheduleRuns.slice(scheduleRunsBefore).filter((run) => run.attempts > 0).length / n,
      traceRoots:
        (executions.length + inboundInvocations + (bench.runtime.scheduleRuns.length - scheduleRunsBefore)) /
        n,
      historyEvents: executions.reduce((sum, e) => sum + e.history.length, 0) / n,
    };
    const outcomes = [...new Set(executions.map((e) => `${e.status} at ${e.statesEntered.at(-1)}`))];
    results.push({
      name: lifecycle.name,
      posts: n,
      outcome: outcomes.join('; '),
      usage,
      cost: costPerThousandPosts(usage, awsPrices),
      invocationsByRole,
      dynamoCalls: capacity.calls / n,
      durationsByRole,
    });
  }
  // RecordPublication reads the rounds on every call, so the runtime's value goes back for what follows.
  if (deployedHours === undefined) delete process.env.METRICS_SCHEDULE_HOURS;
  else process.env.METRICS_SCHEDULE_HOURS = deployedHours;
  return results;
}
