import { UnsupportedPolicyError } from '../../functions/domain/errors.js';

/** One identity-based policy document, as IAM stores it (intrinsics already resolved). */
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
  [element: string]: unknown;
}

/** A condition key's value in the request context: single-valued, multivalued or a boolean. */
export type ContextValue = string | boolean | readonly string[];

/** What one call asks IAM: the action, the resource ARN and the request context keys. */
export interface AuthorizationRequest {
  /** `service:Action`, e.g. `dynamodb:PutItem`. */
  action: string;
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  resource: string;
  /** Condition keys of the request (`events:detail-type`, `aws:SecureTransport`...). Names are case-insensitive. */
  context?: Record<string, ContextValue | undefined>;
}

/** The outcome, in AWS's words: allowed, or denied explicitly or for want of an allow. */
export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

/**
 * Evaluates identity-based policies of one principal in one account the way AWS documents it
 * ("Policy evaluation logic"): an explicit deny in any statement wins, else an allow in any
 * statement allows, else the request is implicitly denied. Supports Action/NotAction,
 * Resource/NotResource with `*` and `?` wildcards, and the condition operators Brandflow's
 * policies use (String*, Arn*, Bool, Null, their `IfExists` forms and the `ForAllValues:` /
 * `ForAnyValue:` set prefixes). Anything else (another operator, a policy variable, a
 * `Principal` in an identity policy) throws {@link UnsupportedPolicyError}: never allowed by
 * accident.
 *
 * @example
 * ```ts
 * evaluatePolicies(
 *   [{ Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/Books' }] }],
 *   { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/Books' },
 * ); // 'allow'
 * ```
 */
export function evaluatePolicies(
  policies: readonly PolicyDocument[],
  request: AuthorizationRequest,
): Decision {
  const context = normalizeContext(request.context ?? {});
  let allowed = false;
  for (const statement of policies.flatMap((policy) => [policy.Statement].flat())) {
    if (!statementApplies(statement, request, context)) continue;
    if (statement.Effect === 'Deny') return 'explicit-deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function statementApplies(
  statement: PolicyStatement,
  request: AuthorizationRequest,
  context: Map<string, ContextValue>,
): boolean {
  for (const element of Object.keys(statement)) {
    if (!STATEMENT_ELEMENTS.has(element)) {
      throw new UnsupportedPolicyError(`policy element ${element} is not evaluated locally`, {
        context: { element, sid: statement.Sid },
      });
    }
  }
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    throw new UnsupportedPolicyError(`Effect must be Allow or Deny, not ${String(statement.Effect)}`, {
      context: { sid: statement.Sid },
    });
  }
  const actionMatches = (pattern: string) =>
    wildcardMatch(pattern.toLowerCase(), request.action.toLowerCase());
  const resourceMatches = (pattern: string) => arnMatch(pattern, request.resource);
  return (
    element(statement, 'Action', 'NotAction', actionMatches) &&
    element(statement, 'Resource', 'NotResource', resourceMatches) &&
    conditionsHold(statement, context)
  );
}

/** An element and its `Not` form: exactly one is present; the `Not` form matches what the other does not. */
function element(
  statement: PolicyStatement,
  name: 'Action' | 'Resource',
  notName: 'NotAction' | 'NotResource',
  matches: (pattern: string) => boolean,
): boolean {
  const positive = statement[name];
  const negative = statement[notName];
  if ((positive === undefined) === (negative === undefined)) {
    throw new UnsupportedPolicyError(`a statement needs exactly one of ${name} and ${notName}`, {
      context: { sid: statement.Sid },
    });
  }
  const patterns = [positive ?? negative].flat() as string[];
  for (const pattern of patterns) refuseVariables(pattern, statement.Sid);
  const any = patterns.some(matches);
  return positive !== undefined ? any : !any;
}

function conditionsHold(statement: PolicyStatement, context: Map<string, ContextValue>): boolean {
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, raw] of Object.entries(block)) {
      const values = [raw].flat().map((value) => {
        if (typeof value !== 'string' && typeof value !== 'boolean') {
          throw new UnsupportedPolicyError(`condition ${operator} ${key}: values must be strings`, {
            context: { operator, key },
          });
        }
        refuseVariables(String(value), statement.Sid);
        return String(value);
      });
      if (!conditionHolds(operator, values, context.get(key.toLowerCase()))) return false;
    }
  }
  return true;
}

type Comparison = (policyValue: string, requestValue: string) => boolean;

/** Base operators; the negated ones are the same comparison with the answer turned over. */
const COMPARISONS: Record<string, { compare: Comparison; negated: boolean }> = {
  StringEquals: { compare: (p, r) => p === r, negated: false },
  StringNotEquals: { compare: (p, r) => p === r, negated: true },
  StringEqualsIgnoreCase: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: true },
  StringLike: { compare: wildcardMatch, negated: false },
  StringNotLike: { compare: wildcardMatch, negated: true },
  ArnEquals: { compare: arnMatch, negated: false },
  ArnLike: { compare: arnMatch, negated: false },
  ArnNotEquals: { compare: arnMatch, negated: true },
  ArnNotLike: { compare: arnMatch, negated: true },
  Bool: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
};

function conditionHolds(operator: string, policyValues: string[], requestValue: ContextValue | undefined) {
  const [, set, base = '', ifExists] =
    /^(?:(ForAllValues|ForAnyValue):)?(\w+?)(IfExists)?$/.exec(operator) ?? [];
  if (base === 'Null') {
    if (set || ifExists) throw unsupported(operator);
    return policyValues.some((value) => (value.toLowerCase() === 'true') === (requestValue === undefined));
  }
  const comparison = COMPARISONS[base];
  if (!comparison) throw unsupported(operator);
  if (requestValue === undefined) {
    // A missing key: ForAllValues holds vacuously, IfExists and the negated operators hold, the rest fail.
    if (set === 'ForAllValues' || ifExists) return true;
    if (set === 'ForAnyValue') return false;
    return comparison.negated;
  }
  const requestValues = typeof requestValue === 'boolean' ? [String(requestValue)] : [requestValue].flat();
  const matchesAny = (value: string) =>
    policyValues.some((policyValue) => comparison.compare(policyValue, value));
  const holds = (value: string) => (comparison.negated ? !matchesAny(value) : matchesAny(value));
  if (set === 'ForAllValues') return requestValues.every(holds);
  if (set === 'ForAnyValue') return requestValues.some(holds);
  if (requestValues.length !== 1) {
    throw new UnsupportedPolicyError(`${operator} on a multivalued key needs ForAllValues or ForAnyValue`, {
      context: { operator },
    });
  }
  return holds(requestValues[0] as string);
}

function unsupported(operator: string): UnsupportedPolicyError {
  return new UnsupportedPolicyError(`condition operator ${operator} is not evaluated locally`, {
    context: { operator },
  });
}

function refuseVariables(value: string, sid: string | undefined): void {
  if (value.includes('${')) {
    throw new UnsupportedPolicyError(`policy variables are not evaluated locally: ${value}`, {
      context: { sid },
    });
  }
}

function normalizeContext(context: Record<string, ContextValue | undefined>): Map<string, ContextValue> {
  const normalized = new Map<string, ContextValue>();
  for (const [key, value] of Object.entries(context)) {
    if (value !== undefined) normalized.set(key.toLowerCase(), value);
  }
  return normalized;
}

/** `*` matches any run of characters, `?` exactly one; everything else literally. */
function wildcardMatch(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

/**
 * ARN matching: each of the six colon-separated parts is matched on its own, so a wildcard never
 * spans a colon of the first five; the resource part (the sixth) may itself hold colons.
 */
function arnMatch(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const patternParts = arnParts(pattern);
  const arnPartsOf = arnParts(arn);
  if (!patternParts || !arnPartsOf) return wildcardMatch(pattern, arn);
  return patternParts.every((part, i) => wildcardMatch(part, arnPartsOf[i] as string));
}

function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
