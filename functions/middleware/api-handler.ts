import middy from '@middy/core';
import { withCorrelation } from '../aws/correlation.js';
import { readEnv } from '../aws/run-scope.js';
import {
  BrandflowError,
  ConcurrentChangeError,
  ConflictError,
  ForbiddenError,
  type InputProblem,
  InvalidInputError,
  NotFoundError,
  type ProblemRule,
  type RuleRefusal,
  UnauthenticatedError,
} from '../domain/errors.js';
import { type Caller, callerFromClaims } from '../identity/claims.js';
import { withProvenance } from '../persistence/provenance.js';
import { logErrors } from './log-errors.js';

/** The part of an API Gateway HTTP API event (payload format 2.0) the API functions read. */
export interface HttpApiEvent {
  version?: string;
  routeKey: string;
  rawPath?: string;
  headers?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  rawQueryString?: string;
  requestContext?: {
    accountId?: string;
    apiId?: string;
    routeKey?: string;
    http?: { method?: string; path?: string; protocol?: string; sourceIp?: string };
    requestId?: string;
    authorizer?: { jwt?: { claims?: Record<string, unknown>; scopes?: string[] | null } };
  };
}

/** What an API function answers (payload format 2.0). */
export interface HttpApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** A request as a route's wiring sees it: the verified caller, path and query values, the JSON body. */
export interface ApiRequest {
  caller: Caller;
  path: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
}

/** A successful answer. */
export interface ApiAnswer {
  status: 200 | 201 | 202;
  body: unknown;
}

/**
 * An RFC 9457 problem: `type` names the kind, `errors` each field and rule when input broke
 * some. Never quotes post text.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: InputProblem[];
}

const PROBLEM_TYPES = {
  400: ['invalid-input', 'The request breaks a rule'],
  401: ['unauthenticated', 'No verified identity'],
  403: ['forbidden', 'Not allowed for this caller'],
  404: ['not-found', 'No such record'],
  409: ['conflict', 'The request no longer fits the record'],
  500: ['internal', 'Brandflow failed to handle the request'],
} as const;

/**
 * A problem-details answer.
 *
 * @example
 * ```ts
 * problem(403, 'the reviewer wrote the post and cannot review it', [{ field: 'reviewer', rule: 'author-not-reviewer', message: '...' }]);
 * ```
 */
export function problem(
  status: keyof typeof PROBLEM_TYPES,
  detail: string,
  errors?: InputProblem[],
): HttpApiResult {
  const [kind, title] = PROBLEM_TYPES[status];
  const body: Problem = {
    type: `urn:brandflow:problem:${kind}`,
    title,
    status,
    detail,
    ...(errors ? { errors } : {}),
  };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** The problem for an error a use case raised; `undefined` for a fault (answered 500 and logged). */
export function problemFor(error: unknown): HttpApiResult | undefined {
  // Every refusal names at least one field and rule, from the one vocabulary.
  const one = (field: string, rule: ProblemRule, message: string) => [{ field, rule, message }];
  const named = (refusal: RuleRefusal, field: string) => one(field, refusal.rule, refusal.message);
  if (error instanceof InvalidInputError) return problem(400, error.message, error.problems);
  if (error instanceof UnauthenticatedError)
    return problem(401, error.message, named(error, 'Authorization'));
  if (error instanceof ForbiddenError) return problem(403, error.message, named(error, '(caller)'));
  if (error instanceof NotFoundError)
    return problem(404, error.message, one('(record)', 'known-record', error.message));
  if (error instanceof ConflictError) return problem(409, error.message, named(error, '(record)'));
  if (error instanceof ConcurrentChangeError) {
    return problem(409, error.message, one('(record)', 'concurrent-change', error.message));
  }
  return undefined;
}

/** Claim names from the function's environment (stack settings). */
const claimSettings = () => ({
  subjectClaim: readEnv('IDENTITY_SUBJECT_CLAIM') || undefined,
  groupsClaim: readEnv('IDENTITY_GROUPS_CLAIM') || undefined,
});

function jsonBody(event: HttpApiEvent): Record<string, unknown> {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError([
      { field: '(body)', rule: 'json', message: 'the body must be a JSON object' },
    ]);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError([
      { field: '(body)', rule: 'json-object', message: 'the body must be a JSON object' },
    ]);
  }
  return value as Record<string, unknown>;
}

const defined = (values: Record<string, string | undefined> | undefined) =>
  Object.fromEntries(Object.entries(values ?? {}).filter((e): e is [string, string] => e[1] !== undefined));

/**
 * The Lambda entry of an API route: the caller from the claims API Gateway's JWT authorizer
 * verified (never from the body), the JSON body, and every error answered as problem details.
 * Each lifecycle entry the route writes records the token's issuer and subject.
 *
 * @example
 * ```ts
 * export const handler = apiHandler('api-cancel-post', async ({ caller, path }) => ({ status: 200, body: await cancel(path.postId, caller) }));
 * ```
 */
export function apiHandler(name: string, run: (request: ApiRequest) => Promise<ApiAnswer>) {
  const log = logErrors(name);
  return middy<HttpApiEvent, HttpApiResult>().handler(async (event, context) => {
    try {
      const caller = callerFromClaims(event.requestContext?.authorizer?.jwt?.claims, claimSettings());
      const request: ApiRequest = {
        caller,
        path: defined(event.pathParameters),
        query: defined(event.queryStringParameters),
        body: jsonBody(event),
      };
      const answer = await withProvenance(
        { via: 'api', issuer: caller.issuer, subject: caller.subject },
        () => withCorrelation(event.requestContext?.requestId ?? context.awsRequestId, () => run(request)),
      );
      return {
        statusCode: answer.status,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        body: JSON.stringify(answer.body),
      };
    } catch (error) {
      const answer = problemFor(error);
      if (answer) return answer;
      await log.onError?.({
        error: error instanceof Error ? error : new BrandflowError(String(error)),
      } as never);
      return problem(500, 'Brandflow failed to handle the request; it is logged without its body');
    }
  });
}
