import { randomUUID } from 'node:crypto';
import { dynamo } from '../functions/aws/dynamodb.js';
import { awsClientConfig } from '../functions/aws/run-scope.js';
import type { ChannelConfig } from '../functions/domain/brand.js';
import { toUtc } from '../functions/domain/time.js';
import { putBrand, putMembership } from '../functions/persistence/index.js';
import {
  type LocalBrandflow,
  type LocalRuntimeEvent,
  type LocalSpeed,
  startLocalBrandflow,
} from '../local/runtime.js';
import { meterConsumedCapacity } from './capacity-meter.js';
import { timeHandlers } from './handler-timer.js';

/** The person who writes every bench post (an editor of each bench brand). */
const AUTHOR = 'author-1';

/** One post to run through the lifecycle, and what its reviewer answers. */
export interface PostPlan {
  channels: (Partial<ChannelConfig> & { id: string })[];
  decision: 'approve' | 'reject';
  /** Text containing the brand's banned term is blocked by policy. */
  text?: string;
  /** Review stages in the brand's chain, one approver each; one when omitted. */
  reviewStages?: number;
}

/** A state event as the harness saw it, stamped with performance.now(). */
export interface StampedStateEvent {
  at: number;
  type: string;
  executionName: string;
  stateName: string;
  stateType: string;
}

/**
 * A local Brandflow instrumented for measurement: consumed DynamoDB capacity, handler timings,
 * state events with monotonic timestamps, and a reviewer that answers every review request.
 */
export async function startBenchBrandflow(speed: Partial<LocalSpeed>) {
  const decisions = new Map<string, 'approve' | 'reject'>();
  const stateEvents: StampedStateEvent[] = [];
  let runtime: LocalBrandflow | undefined;
  const pendingDecisions = new Set<Promise<unknown>>();
  // Decisions wait while a batch is being submitted: an approved post's Wait moves the shared local
  // clock forward, and a submission handled after that jump would find its scheduled time passed.
  let heldDecisions: (() => void)[] | undefined;

  const onEvent = (event: LocalRuntimeEvent) => {
    if (event.type.startsWith('state-') && 'stateType' in event) {
      stateEvents.push({
        at: performance.now(),
        type: event.type,
        executionName: event.executionName,
        stateName: event.stateName,
        stateType: event.stateType,
      });
    }
    if (event.type === 'event-put' && event.event['detail-type'] === 'Review Requested' && runtime) {
      const { postId, revision, stageNumber, contentHash } = event.event.detail as {
        postId: string;
        revision: number;
        stageNumber?: number;
        contentHash: string;
      };
      const decision = decisions.get(postId);
      if (!decision) return;
      // One person approves one stage: stage N's approver is reviewer-N.
      const send = () =>
        sendDecision(postId, revision, decision, `reviewer-${stageNumber ?? 1}`, contentHash);
      if (heldDecisions) heldDecisions.push(send);
      else send();
    }
  };

  /** Calls people made to the front door (submissions and decisions), for the cost of the API. */
  const frontDoor = { calls: 0 };
  /** Decides as the reviewer through the front door, with a token the local issuer signed. */
  const sendDecision = (
    postId: string,
    revision: number,
    decision: 'approve' | 'reject',
    reviewer: string,
    contentHash: string,
  ) => {
    const twin = runtime;
    if (!twin) return;
    frontDoor.calls += 1;
    const sent = twin.issuer
      .issue(reviewer)
      .then((token) =>
        fetch(`${twin.apiEndpoint}/posts/${postId}/decisions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            revision,
            decision,
            contentHash,
            ...(decision === 'reject' ? { comment: 'Off brand for this campaign.' } : {}),
          }),
        }),
      )
      .then((response) => response.arrayBuffer())
      .catch(() => undefined)
      .finally(() => pendingDecisions.delete(sent));
    pendingDecisions.add(sent);
  };

  runtime = await startLocalBrandflow({
    tableName: `brandflow-bench-${randomUUID().slice(0, 8)}`,
    speed,
    onEvent,
  });
  const brandflow = runtime;
  // The handlers' client: the one of this run's scope.
  const capacity = brandflow.scope.run(() =>
    meterConsumedCapacity(dynamo.current(), awsClientConfig('DYNAMODB')),
  );
  const handlers = await timeHandlers(brandflow.template.functions);
  const records = brandflow.scope.bind({ putBrand, putMembership });

  /** Seeds a brand with the plan's channels and review stages and returns its id. */
  async function seedBrand(plan: Pick<PostPlan, 'channels' | 'reviewStages'>): Promise<string> {
    const brandId = `brand-${randomUUID().slice(0, 8)}`;
    const stages = Array.from({ length: plan.reviewStages ?? 1 }, (_, i) => ({
      name: `stage-${i + 1}`,
      approvers: [`reviewer-${i + 1}`],
    }));
    await records.putBrand({
      brandId,
      name: 'Bench Roasters',
      channels: plan.channels.map((c) => ({ adapter: 'sandbox', maxLength: 500, ...c })),
      bannedTerms: ['guaranteed cure'],
      reviewChain: { stages },
    });
    const members = [
      ...stages.map((stage) => [stage.approvers[0] as string, 'reviewer'] as const),
      [AUTHOR, 'editor'] as const,
    ];
    for (const [memberId, role] of members) {
      await records.putMembership({
        brandId,
        memberId,
        roles: [role],
        updatedBy: 'bench',
        updatedAt: new Date().toISOString(),
      });
    }
    return brandId;
  }

  /** Submits one post as its author through the front door; returns the execution name it will run under. */
  async function submit(plan: PostPlan, brandId: string): Promise<string> {
    const postId = `bench-${randomUUID().slice(0, 12)}`;
    decisions.set(postId, plan.decision);
    const text = plan.text ?? 'Our spring blend is back in every shop this week.';
    const scheduledAt = toUtc(Date.now() + 3_600_000);
    frontDoor.calls += 1;
    const response = await fetch(`${brandflow.apiEndpoint}/posts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await brandflow.issuer.issue(AUTHOR)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        postId,
        revision: 1,
        brandId,
        contentType: 'text',
        content: Object.fromEntries(plan.channels.map((c) => [c.id, { text }])),
        scheduledAt,
        timeZone: 'Europe/Paris',
      }),
    });
    if (!response.ok) throw new Error(`the front door refused a submission: ${await response.text()}`);
    return `${postId}-r1`;
  }

  /**
   * Submits `count` posts at once and returns their execution names once every one of them
   * awaits review or has ended; only then do the reviewers answer.
   */
  async function submitBatch(plan: PostPlan, brandId: string, count: number): Promise<string[]> {
    heldDecisions = [];
    try {
      const names = await Promise.all(Array.from({ length: count }, () => submit(plan, brandId)));
      const deadline = performance.now() + 120_000;
      const ready = (name: string) => {
        const execution = brandflow.executions.get(name);
        return (
          execution && (execution.status !== 'RUNNING' || execution.statesEntered.includes('AwaitReview'))
        );
      };
      while (!names.every(ready)) {
        if (performance.now() > deadline) throw new Error('posts of the batch never reached review');
        await new Promise((done) => setTimeout(done, 10));
      }
      return names;
    } finally {
      const held = heldDecisions ?? [];
      heldDecisions = undefined;
      for (const send of held) send();
    }
  }

  /** Waits until every named execution has closed and no decision is still being sent. */
  async function settle(executionNames: string[], timeoutMs = 120_000) {
    const closed = await Promise.all(
      executionNames.map((name) => brandflow.waitForExecution(name, timeoutMs)),
    );
    while (pendingDecisions.size > 0) await Promise.allSettled([...pendingDecisions]);
    // Deliveries of the last outbound events finish after the execution closes.
    await new Promise((done) => setTimeout(done, 150));
    return closed;
  }

  return {
    runtime: brandflow,
    capacity,
    handlers,
    stateEvents,
    frontDoor,
    seedBrand,
    submit,
    submitBatch,
    settle,
  };
}

export type BenchBrandflow = Awaited<ReturnType<typeof startBenchBrandflow>>;
