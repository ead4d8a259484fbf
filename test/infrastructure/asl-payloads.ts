import type * as z from 'zod/mini';
import { executionInput, lambdaErrorCause, TaskPayloads } from '../../workflows/contract.js';
import type { AslDefinition, AslState } from './synthesized.js';

/**
 * What the state holds at a point of an execution, as far as the payload check needs it: an
 * object's fields (and whether each may be absent), an array's items, a scalar, or `any` where
 * the definition cannot say (a union, an error Cause's parsed JSON beyond its known fields).
 */
export type Shape =
  | { kind: 'object'; fields: Record<string, { shape: Shape; optional: boolean }> }
  | { kind: 'array'; item: Shape }
  | { kind: 'value' }
  | { kind: 'any' };

const ANY: Shape = { kind: 'any' };
const VALUE: Shape = { kind: 'value' };

interface ZodDef {
  type: string;
  shape?: Record<string, { _zod: { def: ZodDef } }>;
  innerType?: { _zod: { def: ZodDef } };
  element?: { _zod: { def: ZodDef } };
}

/** The shape a zod schema describes (objects, arrays, optionals; a union is `any`). */
export function shapeOf(schema: z.ZodMiniType): Shape {
  return shapeOfDef((schema as unknown as { _zod: { def: ZodDef } })._zod.def);
}

function shapeOfDef(def: ZodDef): Shape {
  if (def.type === 'object' && def.shape) {
    const fields: Record<string, { shape: Shape; optional: boolean }> = {};
    for (const [key, field] of Object.entries(def.shape)) {
      const fieldDef = field._zod.def;
      fields[key] =
        fieldDef.type === 'optional' && fieldDef.innerType
          ? { shape: shapeOfDef(fieldDef.innerType._zod.def), optional: true }
          : { shape: shapeOfDef(fieldDef), optional: false };
    }
    return { kind: 'object', fields };
  }
  if (def.type === 'array' && def.element) return { kind: 'array', item: shapeOfDef(def.element._zod.def) };
  if (def.type === 'optional' && def.innerType) return shapeOfDef(def.innerType._zod.def);
  if (['union', 'unknown', 'any', 'record'].includes(def.type)) return ANY;
  return VALUE;
}

/** One payload problem: the state, and what is wrong with what it passes or reads. */
export interface PayloadProblem {
  state: string;
  problem: string;
}

type Context = { item?: Shape };

/** Reads a reference path (`$.a.b`, `$$.Execution.Name`) or intrinsic against the state's shape. */
function resolve(expression: string, shape: Shape, context: Context): Shape | string {
  if (expression.startsWith('States.StringToJson(')) {
    const inner = resolve(expression.slice('States.StringToJson('.length, -1), shape, context);
    return typeof inner === 'string' ? inner : shapeOf(lambdaErrorCause);
  }
  if (expression.startsWith('States.MathAdd(')) {
    const [path] = expression.slice('States.MathAdd('.length, -1).split(',');
    const inner = resolve((path ?? '').trim(), shape, context);
    return typeof inner === 'string' ? inner : VALUE;
  }
  if (expression.startsWith('States.')) return `uses ${expression}, which the check does not know`;
  if (expression === '$$.Map.Item.Value') return context.item ?? 'reads $$.Map.Item.Value outside a Map';
  if (
    ['$$.Execution.Name', '$$.Task.Token', '$$.Execution.Id', '$$.State.EnteredTime'].includes(expression)
  ) {
    return VALUE;
  }
  if (expression === '$') return shape;
  if (!expression.startsWith('$.')) return `reads ${expression}, which is not a path of the state`;
  let current = shape;
  for (const key of expression.slice(2).split('.')) {
    if (current.kind === 'any') return ANY;
    if (current.kind !== 'object') return `reads ${expression}, but ${key}'s parent is not an object`;
    const field = current.fields[key];
    if (!field) return `reads ${expression}, which the state does not carry here`;
    current = field.shape;
  }
  return current;
}

/** Builds the shape a Parameters / ItemSelector template makes, noting every unreadable path. */
function build(template: Record<string, unknown>, shape: Shape, context: Context, problems: string[]): Shape {
  const fields: Record<string, { shape: Shape; optional: boolean }> = {};
  for (const [rawKey, value] of Object.entries(template)) {
    if (rawKey.endsWith('.$')) {
      const resolved = resolve(String(value), shape, context);
      if (typeof resolved === 'string') problems.push(`${rawKey.slice(0, -2)} ${resolved}`);
      fields[rawKey.slice(0, -2)] = { shape: typeof resolved === 'string' ? ANY : resolved, optional: false };
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      fields[rawKey] = {
        shape: build(value as Record<string, unknown>, shape, context, problems),
        optional: false,
      };
    } else {
      fields[rawKey] = { shape: VALUE, optional: false };
    }
  }
  return { kind: 'object', fields };
}

/** Whether a value of shape `given` fits where `wanted` is expected (required fields, kinds). */
function fits(given: Shape, wanted: Shape, at: string, problems: string[]): void {
  if (given.kind === 'any' || wanted.kind === 'any') return;
  if (given.kind !== wanted.kind) {
    problems.push(
      `${at} is ${given.kind === 'value' ? 'a scalar' : `an ${given.kind}`}, the schema wants ${wanted.kind === 'value' ? 'a scalar' : `an ${wanted.kind}`}`,
    );
    return;
  }
  if (given.kind === 'array' && wanted.kind === 'array') fits(given.item, wanted.item, `${at}[]`, problems);
  if (given.kind === 'object' && wanted.kind === 'object') {
    for (const [key, field] of Object.entries(given.fields)) {
      const expected = wanted.fields[key];
      if (!expected) problems.push(`${at}${key} is passed, but the schema does not know it`);
      else fits(field.shape, expected.shape, `${at}${key}.`, problems);
    }
    for (const [key, field] of Object.entries(wanted.fields)) {
      if (!field.optional && !given.fields[key])
        problems.push(`${at}${key} is required by the schema, but not passed`);
      else if (!field.optional && given.fields[key]?.optional) {
        problems.push(`${at}${key} is required by the schema, but may be absent here`);
      }
    }
  }
}

/** The state after a result lands at `resultPath` (`undefined`: replaces it; `null`: discarded). */
function place(input: Shape, result: Shape, resultPath: string | null | undefined): Shape {
  if (resultPath === null) return input;
  if (resultPath === undefined || resultPath === '$') return result;
  const keys = resultPath.slice(2).split('.');
  const set = (shape: Shape, [key, ...rest]: string[]): Shape => {
    const fields = shape.kind === 'object' ? { ...shape.fields } : {};
    fields[key as string] = {
      shape: rest.length === 0 ? result : set(fields[key as string]?.shape ?? ANY, rest),
      optional: false,
    };
    return { kind: 'object', fields };
  };
  return set(input, keys);
}

const caughtShape: Shape = {
  kind: 'object',
  fields: { Error: { shape: VALUE, optional: false }, Cause: { shape: VALUE, optional: true } },
};

/** The payload a Task hands its function: the Parameters, or the `Payload` of a lambda:invoke integration. */
function payloadOf(state: AslState): Record<string, unknown> {
  const parameters = state.Parameters ?? {};
  return state.Resource?.includes(':states:::lambda:invoke')
    ? ((parameters.Payload as Record<string, unknown>) ?? {})
    : parameters;
}

type AslStateWithPaths = AslState & { ResultPath?: string | null; ResultSelector?: Record<string, unknown> };

/**
 * Walks every path of a definition from its start with the execution's input, and checks each
 * Task's payload against its schema in `TaskPayloads` (a key the schema does not know, a
 * required key not passed, a path the state does not carry there), each Wait's and Map's
 * paths, and what the results feed the next state. Returns every problem found.
 *
 * @example
 * ```ts
 * expect(checkPayloads(stateMachineDefinition(template))).toEqual([]);
 * ```
 */
export function checkPayloads(definition: AslDefinition): PayloadProblem[] {
  const problems = new Map<string, PayloadProblem>();
  const report = (state: string, found: string[]) => {
    for (const problem of found) problems.set(`${state}\n${problem}`, { state, problem });
  };
  walk(definition, shapeOf(executionInput), {}, report);
  return [...problems.values()];
}

/** Runs one definition (or a Map's item processor) and answers the shapes it can end with. */
function walk(
  definition: AslDefinition,
  start: Shape,
  context: Context,
  report: (state: string, found: string[]) => void,
): Shape[] {
  const seen = new Set<string>();
  const endings: Shape[] = [];
  const queue: [string, Shape][] = [[definition.StartAt, start]];
  const goTo = (next: string | undefined, shape: Shape, end: boolean | undefined) => {
    if (next) queue.push([next, shape]);
    else if (end) endings.push(shape);
  };
  while (queue.length > 0) {
    const [name, shape] = queue.shift() as [string, Shape];
    const key = `${name}\n${JSON.stringify(shape)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const state = definition.States[name] as AslStateWithPaths | undefined;
    if (!state) {
      report(name, ['is a transition target but not a state']);
      continue;
    }
    const found: string[] = [];
    for (const handler of state.Catch ?? []) {
      queue.push([handler.Next, place(shape, caughtShape, handler.ResultPath)]);
    }
    if (state.Type === 'Task') {
      const contract = (TaskPayloads as Record<string, { input: z.ZodMiniType; output: z.ZodMiniType }>)[
        name
      ];
      if (!contract) {
        found.push('has no payload schema in TaskPayloads (workflows/contract.ts)');
        report(name, found);
        continue;
      }
      const payload = build(payloadOf(state), shape, context, found);
      fits(payload, shapeOf(contract.input), '', found);
      let result = shapeOf(contract.output);
      if (state.ResultSelector) result = build(state.ResultSelector, result, context, found);
      goTo(state.Next, place(shape, result, state.ResultPath), state.End || !state.Next);
    } else if (state.Type === 'Pass') {
      const result = state.Parameters ? build(state.Parameters, shape, context, found) : shape;
      goTo(state.Next, place(shape, result, state.ResultPath), state.End);
    } else if (state.Type === 'Wait') {
      if (state.TimestampPath) {
        const at = resolve(state.TimestampPath, shape, context);
        if (typeof at === 'string') found.push(`TimestampPath ${at}`);
        else if (at.kind !== 'value' && at.kind !== 'any') found.push('TimestampPath is not a scalar');
      }
      goTo(state.Next, shape, state.End);
    } else if (state.Type === 'Map') {
      const items = resolve(state.ItemsPath ?? '$', shape, context);
      if (typeof items === 'string') found.push(`ItemsPath ${items}`);
      const item = typeof items !== 'string' && items.kind === 'array' ? items.item : ANY;
      const itemShape = state.ItemSelector ? build(state.ItemSelector, shape, { item }, found) : item;
      const outcomes = state.ItemProcessor
        ? walk(state.ItemProcessor, itemShape, {}, (inner, innerFound) => report(inner, innerFound))
        : [ANY];
      const distinct = [...new Set(outcomes.map((o) => JSON.stringify(o)))];
      const each = distinct.length === 1 ? (outcomes[0] as Shape) : ANY;
      goTo(state.Next, place(shape, { kind: 'array', item: each }, state.ResultPath), state.End);
    } else if (state.Type === 'Fail') {
      const causePath = (state as { CausePath?: string }).CausePath;
      if (causePath) {
        const cause = resolve(causePath, shape, context);
        if (typeof cause === 'string') found.push(`CausePath ${cause}`);
      }
    } else if (state.Type !== 'Succeed') {
      found.push(`is a ${state.Type} state, which the check does not follow`);
    }
    report(name, found);
  }
  return endings;
}
