import { beforeAll, describe, expect, it } from 'vitest';
import { StateName, TaskPayloads } from '../../workflows/contract.js';
import { checkPayloads } from './asl-payloads.js';
import { type AslDefinition, allStates, stateMachineDefinition, synthesizeBrandflow } from './synthesized.js';

let definition: AslDefinition;

beforeAll(() => {
  definition = stateMachineDefinition(synthesizeBrandflow().template);
});

/** A deep copy of the synthesized definition with one state's payload changed. */
function withPayload(
  name: string,
  change: (payload: Record<string, unknown>) => void,
  key: 'Parameters' | 'Payload' = 'Parameters',
): AslDefinition {
  const copy = structuredClone(definition);
  const state = allStates(copy).find(([stateName]) => stateName === name)?.[1];
  if (!state?.Parameters) throw new Error(`no parameters on ${name}`);
  change(key === 'Payload' ? (state.Parameters.Payload as Record<string, unknown>) : state.Parameters);
  return copy;
}

/** A change to a task's payload: it passes `key` read from `path`. */
const passing = (key: string, path: string) => (payload: Record<string, unknown>) => {
  payload[key] = path;
};
/** A change to a task's payload: it no longer passes `key`. */
const leavingOut = (key: string) => (payload: Record<string, unknown>) => {
  delete payload[key];
};

describe('the state machine payloads against the workflow contract', () => {
  it('pass every task exactly the keys its schema knows, read only what the state carries, and feed each next state what it reads', () => {
    // Act
    const problems = checkPayloads(definition);

    // Assess
    expect(problems).toEqual([]);
  });

  it('have a payload schema for every task state of the definition', () => {
    // Act
    const tasks = allStates(definition)
      .filter(([, state]) => state.Type === 'Task')
      .map(([name]) => name);

    // Assess
    expect(tasks.sort()).toEqual(Object.keys(TaskPayloads).sort());
  });

  it.each([
    {
      broken: 'a key the task schema does not know',
      state: StateName.CheckPolicy,
      key: 'Parameters' as const,
      change: passing('channel.$', '$.postId'),
      problem: 'channel is passed, but the schema does not know it',
    },
    {
      broken: 'a required key the definition does not pass',
      state: StateName.AwaitReview,
      key: 'Payload' as const,
      change: leavingOut('revision.$'),
      problem: 'revision is required by the schema, but not passed',
    },
    {
      broken: 'a required key missing inside the channel Map',
      state: StateName.RecordChannelFailure,
      key: 'Parameters' as const,
      change: leavingOut('error.$'),
      problem: 'error is required by the schema, but not passed',
    },
    {
      // RecordPublication reads the outcomes the Map puts at $.channelOutcomes.
      broken: 'a path the previous state does not hand on',
      state: StateName.RecordPublication,
      key: 'Parameters' as const,
      change: passing('channelOutcomes.$', '$.outcomes'),
      problem: 'channelOutcomes reads $.outcomes, which the state does not carry here',
    },
  ])('fail on $broken', ({ state, key, change, problem }) => {
    // Prepare
    const changed = withPayload(state, change, key);

    // Act
    const problems = checkPayloads(changed);

    // Assess
    expect(problems).toContainEqual({ state, problem });
  });

  it('fail when a result no longer reaches the state that reads it', () => {
    // Prepare: AwaitMetricsRounds reads $.metricsRounds from RecordPublication's answer.
    const changed = structuredClone(definition);
    const recordPublication = changed.States[StateName.RecordPublication] as { ResultPath?: string };
    recordPublication.ResultPath = '$.recorded';

    // Act
    const problems = checkPayloads(changed);

    // Assess
    expect(problems).toContainEqual({
      state: StateName.AwaitMetricsRounds,
      problem: 'metricsRounds reads $.metricsRounds, which the state does not carry here',
    });
  });
});
