/**
 * Whether an EventBridge event matches a rule's event pattern, with EventBridge's semantics:
 * a list of values matches when any does; an array in the event matches when any element
 * does; nested objects match field by field; `$or` takes alternatives. Matchers: exact
 * values (strings, numbers, booleans, `null`), `prefix`, `suffix` (each also with
 * `equals-ignore-case`), `equals-ignore-case`, `anything-but` (values, or `prefix` /
 * `suffix`), `numeric` (`=`, `<`, `<=`, `>`, `>=`, ranges), `exists`, and `wildcard`.
 *
 * @example
 * ```ts
 * matchesEventPattern({ 'detail-type': ['Submit Post'] }, { 'detail-type': 'Submit Post', detail: {} }); // true
 * matchesEventPattern({ detail: { revision: [{ numeric: ['>', 1] }] } }, { detail: { revision: 2 } }); // true
 * ```
 */
export function matchesEventPattern(
  pattern: Record<string, unknown>,
  event: Record<string, unknown>,
): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or' && Array.isArray(expected)) {
      return expected.some((alternative) =>
        matchesEventPattern(alternative as Record<string, unknown>, event),
      );
    }
    const actual = event[key];
    if (Array.isArray(expected)) return matchesField(expected, actual);
    if (expected && typeof expected === 'object') {
      return actual !== null && typeof actual === 'object' && !Array.isArray(actual)
        ? matchesEventPattern(expected as Record<string, unknown>, actual as Record<string, unknown>)
        : false;
    }
    return false;
  });
}

function matchesField(matchers: unknown[], actual: unknown): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  return matchers.some((matcher) => {
    if (matcher !== null && typeof matcher === 'object') {
      const rule = matcher as Record<string, unknown>;
      // exists: false matches a missing field only; exists: true any present leaf value.
      if ('exists' in rule) return rule.exists === true ? actual !== undefined : actual === undefined;
      if (actual === undefined) return false;
      return values.some((value) => matchesRule(rule, value));
    }
    return actual !== undefined && values.some((value) => value === matcher);
  });
}

function matchesRule(rule: Record<string, unknown>, value: unknown): boolean {
  if ('prefix' in rule) return affix(rule.prefix, value, (v, a) => v.startsWith(a));
  if ('suffix' in rule) return affix(rule.suffix, value, (v, a) => v.endsWith(a));
  if ('equals-ignore-case' in rule) {
    return (
      typeof value === 'string' && value.toLowerCase() === String(rule['equals-ignore-case']).toLowerCase()
    );
  }
  if ('wildcard' in rule) return typeof value === 'string' && wildcard(String(rule.wildcard)).test(value);
  if ('numeric' in rule) return typeof value === 'number' && numeric(rule.numeric as unknown[], value);
  if ('anything-but' in rule) return !matchesAnythingBut(rule['anything-but'], value);
  return false;
}

/** `{ prefix: 'a' }` or `{ prefix: { 'equals-ignore-case': 'a' } }`, and the same for suffix. */
function affix(spec: unknown, value: unknown, test: (value: string, affix: string) => boolean): boolean {
  if (typeof value !== 'string') return false;
  if (spec && typeof spec === 'object' && 'equals-ignore-case' in spec) {
    const affixText = String((spec as Record<string, unknown>)['equals-ignore-case']).toLowerCase();
    return test(value.toLowerCase(), affixText);
  }
  return test(value, String(spec));
}

/** Whether the value is among what `anything-but` excludes. */
function matchesAnythingBut(excluded: unknown, value: unknown): boolean {
  if (excluded && typeof excluded === 'object' && !Array.isArray(excluded)) {
    return matchesRule(excluded as Record<string, unknown>, value);
  }
  return ([] as unknown[]).concat(excluded).includes(value);
}

function numeric(conditions: unknown[], value: number): boolean {
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const operator = conditions[i];
    const bound = Number(conditions[i + 1]);
    const holds =
      operator === '='
        ? value === bound
        : operator === '<'
          ? value < bound
          : operator === '<='
            ? value <= bound
            : operator === '>'
              ? value > bound
              : operator === '>='
                ? value >= bound
                : false;
    if (!holds) return false;
  }
  return conditions.length >= 2;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}
