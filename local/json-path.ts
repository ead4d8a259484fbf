/**
 * Reads a simple reference path (`$.a.b`, `$.items[0].at`): the form CDK writes for
 * `TimestampPath`, `SecondsPath` and `TimeoutSecondsPath`. Anything else reads as undefined.
 *
 * @example
 * ```ts
 * readPath({ Payload: { reviewTimeoutSeconds: 60 } }, '$.Payload.reviewTimeoutSeconds'); // 60
 * ```
 */
export function readPath(value: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined;
  const steps = path.slice(1).match(/\.[^.[\]]+|\[\d+\]/g) ?? [];
  if (steps.join('') !== path.slice(1)) return undefined;
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step.slice(1);
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
