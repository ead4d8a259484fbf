import type { LocalTemplate } from './core/template.js';
import { LocalTemplateError } from './errors.js';

/** Lambda runtime flags, not configuration the handlers read: the local process keeps its own. */
const RUNTIME_ONLY = new Set(['NODE_OPTIONS']);

/**
 * The environment variables of every function, resolved to the local names: the table, the
 * bus and the state machine as the local run calls them. All functions share one process,
 * so a variable two functions set differently cannot be honoured and fails the start.
 *
 * @example
 * ```ts
 * resolveFunctionEnvironment(template, { tableName: 'brandflow' });
 * // { TABLE_NAME: 'brandflow', EVENT_BUS_NAME: 'brandflow', STATE_MACHINE_ARN: 'arn:aws:states:...', METRICS_SCHEDULE_HOURS: '1,24,72' }
 * ```
 */
export function resolveFunctionEnvironment(
  template: LocalTemplate,
  local: { tableName: string },
): Record<string, string> {
  const refs: Record<string, string> = {
    [template.table.logicalId]: local.tableName,
    [template.bus.logicalId]: template.bus.name,
    [template.stateMachine.logicalId]: template.stateMachine.arn,
    ...Object.fromEntries(template.scheduleGroups.map((group) => [group.logicalId, group.name])),
    ...Object.fromEntries(template.buckets.map((bucket) => [bucket.logicalId, bucket.name])),
  };
  const arns: Record<string, string> = {
    ...template.resourceArns,
    [template.bus.logicalId]: template.bus.arn,
    [template.stateMachine.logicalId]: template.stateMachine.arn,
    ...Object.fromEntries(Object.values(template.functions).map((fn) => [fn.logicalId, fn.arn])),
  };
  const env: Record<string, string> = {};
  for (const fn of Object.values(template.functions)) {
    for (const [name, raw] of Object.entries(fn.environment)) {
      if (RUNTIME_ONLY.has(name)) continue;
      const value = resolveValue(raw, refs, arns);
      if (value === undefined) {
        throw new LocalTemplateError(`${fn.logicalId}: cannot resolve ${name} locally`, {
          context: { function: fn.logicalId, variable: name },
        });
      }
      if (env[name] !== undefined && env[name] !== value) {
        throw new LocalTemplateError(
          `${name} differs between functions; the local run shares one environment`,
          {
            context: { variable: name },
          },
        );
      }
      env[name] = value;
    }
  }
  return env;
}

function resolveValue(
  raw: unknown,
  refs: Record<string, string>,
  arns: Record<string, string>,
): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw && typeof raw === 'object') {
    const intrinsic = raw as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    if (intrinsic.Ref) return refs[intrinsic.Ref];
    const getAtt = intrinsic['Fn::GetAtt'];
    if (getAtt?.[1] === 'Arn') return arns[getAtt[0]];
  }
  return undefined;
}
