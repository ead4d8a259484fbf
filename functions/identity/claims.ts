import { UnauthenticatedError } from '../domain/errors.js';

/** The verified caller, as the use cases see it. */
export interface Caller {
  /** The token's `iss`. */
  issuer: string;
  /** The person: the token's subject claim (`sub` unless configured). */
  subject: string;
  /** Group names from the groups claim; empty without one. */
  groups: string[];
}

/** Which claims name the person and their groups (stack settings; environment of the API functions). */
export interface ClaimSettings {
  /** @default 'sub' */
  subjectClaim?: string;
  /** @default 'cognito:groups' */
  groupsClaim?: string;
}

/** The groups claim a Cognito user pool puts in its tokens, and the default. */
export const DEFAULT_GROUPS_CLAIM = 'cognito:groups';

/**
 * The caller named by claims an authorizer already verified. API Gateway hands claims to the
 * function as strings, a list flattened to `[a b]`; a list as such is accepted too.
 *
 * @example
 * ```ts
 * callerFromClaims({ iss: 'https://idp', sub: 'ana', 'cognito:groups': '[legal brand]' }); // { issuer, subject: 'ana', groups: ['legal', 'brand'] }
 * ```
 */
export function callerFromClaims(
  claims: Record<string, unknown> | undefined,
  settings: ClaimSettings = {},
): Caller {
  const subjectClaim = settings.subjectClaim ?? 'sub';
  const subject = claims?.[subjectClaim];
  const issuer = claims?.iss;
  if (typeof subject !== 'string' || subject.length === 0 || typeof issuer !== 'string') {
    throw new UnauthenticatedError('subject', `the verified token carries no ${subjectClaim} or iss claim`);
  }
  return { issuer, subject, groups: groupList(claims?.[settings.groupsClaim ?? DEFAULT_GROUPS_CLAIM]) };
}

function groupList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string' && g.length > 0);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}
