/**
 * Whether an EventBridge event matches a rule's event pattern.
 *
 * Covers what Brandflow's rules and most integrators use: exact values (any of a list),
 * nested objects, and the `prefix`, `exists` and `anything-but` matchers. An array in the
 * event matches when any of its elements does, as on EventBridge.
 *
 * @example
 * ```ts
 * matchesEventPattern({ 'detail-type': ['Submit Post'] }, { 'detail-type': 'Submit Post', detail: {} }); // true
 * ```
 */
export function matchesEventPattern(
  pattern: Record<string, unknown>,
  event: Record<string, unknown>,
): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event[key];
    if (Array.isArray(expected)) return matchesAny(expected, actual);
    if (expected && typeof expected === 'object') {
      return actual !== null && typeof actual === 'object' && !Array.isArray(actual)
        ? matchesEventPattern(expected as Record<string, unknown>, actual as Record<string, unknown>)
        : false;
    }
    return false;
  });
}

function matchesAny(matchers: unknown[], actual: unknown): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  return matchers.some((matcher) => {
    if (matcher && typeof matcher === 'object') {
      const rule = matcher as Record<string, unknown>;
      if ('exists' in rule) return (actual !== undefined) === rule.exists;
      if ('prefix' in rule)
        return values.some((v) => typeof v === 'string' && v.startsWith(String(rule.prefix)));
      if ('anything-but' in rule) {
        const excluded = ([] as unknown[]).concat(rule['anything-but']);
        return actual !== undefined && values.every((v) => !excluded.includes(v));
      }
      return false;
    }
    return actual !== undefined && values.some((v) => v === matcher);
  });
}
