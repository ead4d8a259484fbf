import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { walkStates } from './core/template.js';

/** One field the local engine needs written differently from the synthesized definition. */
export interface LocalAdaptation {
  state: string;
  field: 'TimeoutSecondsPath';
  synthesized: string;
  local: string;
}

/**
 * The definition the local engine runs: the synthesized one with a single kind of change.
 *
 * AWS evaluates a Task's `TimeoutSecondsPath` against the state's input; aws-local-stepfunctions
 * evaluates it against the output of `Parameters`. A `lambda:invoke.waitForTaskToken` task
 * whose `Payload` carries the same path (AwaitReview's `reviewTimeoutSeconds`) gets the path
 * rewritten to `$.Payload.<field>`, which reads the same number in the local engine.
 * Everything else stays byte-for-byte as synthesized.
 *
 * @example
 * ```ts
 * const { definition, adaptations } = adaptForLocalEngine(template.definition);
 * // adaptations: [{ state: 'AwaitReview', field: 'TimeoutSecondsPath', synthesized: '$.reviewTimeoutSeconds', local: '$.Payload.reviewTimeoutSeconds' }]
 * ```
 */
export function adaptForLocalEngine(synthesized: StateMachineDefinition): {
  definition: StateMachineDefinition;
  adaptations: LocalAdaptation[];
} {
  const definition = structuredClone(synthesized);
  const adaptations: LocalAdaptation[] = [];
  for (const [name, state] of walkStates(definition)) {
    const path = state.TimeoutSecondsPath;
    if (
      state.Type !== 'Task' ||
      typeof path !== 'string' ||
      !String(state.Resource).endsWith('.waitForTaskToken')
    ) {
      continue;
    }
    const payload = (state.Parameters as { Payload?: Record<string, unknown> } | undefined)?.Payload ?? {};
    const field = Object.entries(payload).find(([key, value]) => key.endsWith('.$') && value === path)?.[0];
    if (!field) continue;
    const local = `$.Payload.${field.slice(0, -2)}`;
    state.TimeoutSecondsPath = local;
    adaptations.push({ state: name, field: 'TimeoutSecondsPath', synthesized: path, local });
  }
  return { definition, adaptations };
}
