import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { type TokenRule, UnauthenticatedError } from '../domain/errors.js';

/**
 * The signing algorithms an API Gateway HTTP API JWT authorizer accepts (RSA only). Symmetric
 * algorithms are never allowed: an `HS256` token signed with the issuer's public key, or an
 * unsigned `alg: none` token, is refused before any key is looked at.
 */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;

/** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

export interface TokenVerifierSettings {
  /** The `iss` every token must carry, exactly. */
  issuer: string;
  /** Accepted `aud` values; a token without `aud` must carry one of them as `client_id` (as Cognito access tokens do). */
  audience: readonly string[];
  /** The issuer's key set: its `jwks_uri`, or the keys themselves. */
  jwks: URL | JSONWebKeySet;
  /** @default ASYMMETRIC_ALGORITHMS */
  algorithms?: readonly string[];
  /** @default DEFAULT_CLOCK_TOLERANCE_SECONDS */
  clockToleranceSeconds?: number;
  /** The claim naming the person. @default 'sub' */
  subjectClaim?: string;
  /** The time tokens are checked against, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** A token that passed every check, and its claims. */
export interface VerifiedToken {
  issuer: string;
  subject: string;
  claims: JWTPayload;
}

/** Verifies the `Authorization` header value (`Bearer <jwt>` or the bare token). */
export type TokenVerifier = (authorization: string | undefined) => Promise<VerifiedToken>;

/**
 * A verifier with the checks an API Gateway JWT authorizer makes: a `kid` naming a key of the
 * issuer's set, an allowed asymmetric algorithm and a valid signature, then `iss`, `aud` (or
 * `client_id`), `exp`, `nbf` and `iat` with a small clock tolerance. Built on `jose`; the
 * remote key set is fetched once and cached.
 *
 * @example
 * ```ts
 * const verify = createTokenVerifier({
 *   issuer: 'https://login.example.com',
 *   audience: ['brandflow'],
 *   jwks: new URL('https://login.example.com/.well-known/jwks.json'),
 * });
 * const { subject } = await verify(request.headers.authorization);
 * ```
 */
export function createTokenVerifier(settings: TokenVerifierSettings): TokenVerifier {
  const keys =
    settings.jwks instanceof URL ? createRemoteJWKSet(settings.jwks) : createLocalJWKSet(settings.jwks);
  const algorithms = [...(settings.algorithms ?? ASYMMETRIC_ALGORITHMS)];
  const tolerance = settings.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const subjectClaim = settings.subjectClaim ?? 'sub';
  const clock = settings.now ?? Date.now;

  return async (authorization) => {
    const token = bearerToken(authorization);
    const header = (() => {
      try {
        return decodeProtectedHeader(token);
      } catch (cause) {
        throw refused('malformed', 'the token is not a compact JWS', cause);
      }
    })();
    if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) {
      throw refused(
        'algorithm-allowed',
        `the algorithm ${String(header.alg)} is not one of ${algorithms.join(', ')}`,
      );
    }
    if (typeof header.kid !== 'string') throw refused('key-known', 'the token header names no key (kid)');

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms,
        issuer: settings.issuer,
        clockTolerance: tolerance,
        currentDate: new Date(clock()),
        requiredClaims: ['exp'],
      }));
    } catch (cause) {
      throw joseRefusal(cause);
    }
    const now = Math.floor(clock() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now + tolerance) {
      throw refused('issued-in-future', 'the token was issued in the future (iat)');
    }
    if (!audienceMatches(payload, settings.audience)) {
      throw refused('audience', 'the token is not for this API (aud / client_id)');
    }
    const subject = payload[subjectClaim];
    if (typeof subject !== 'string' || subject.length === 0) {
      throw refused('subject', `the token carries no ${subjectClaim} claim`);
    }
    return { issuer: settings.issuer, subject, claims: payload };
  };
}

function bearerToken(authorization: string | undefined): string {
  const value = authorization?.trim() ?? '';
  const token = value.replace(/^bearer(\s+|$)/i, '');
  if (!token) throw refused('required', 'no bearer token in the Authorization header');
  return token;
}

function audienceMatches(payload: JWTPayload, accepted: readonly string[]): boolean {
  if (payload.aud !== undefined) {
    const given = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return given.some((aud) => accepted.includes(aud));
  }
  return typeof payload.client_id === 'string' && accepted.includes(payload.client_id);
}

function refused(rule: TokenRule, message: string, cause?: unknown): UnauthenticatedError {
  return new UnauthenticatedError(rule, message, { cause });
}

function joseRefusal(cause: unknown): UnauthenticatedError {
  if (cause instanceof errors.JWTExpired) return refused('expired', 'the token has expired', cause);
  if (cause instanceof errors.JWTClaimValidationFailed) {
    if (cause.claim === 'nbf') return refused('not-yet-valid', 'the token is not valid yet (nbf)', cause);
    if (cause.claim === 'iss') return refused('issuer', 'the token comes from another issuer (iss)', cause);
    if (cause.claim === 'exp') return refused('expired', 'the token carries no expiry (exp)', cause);
    return refused('malformed', `the token's ${cause.claim} claim is invalid`, cause);
  }
  if (cause instanceof errors.JOSEAlgNotAllowed) {
    return refused('algorithm-allowed', 'the token is signed with an algorithm that is not allowed', cause);
  }
  if (cause instanceof errors.JWSSignatureVerificationFailed) {
    return refused('signature', 'the token signature does not verify', cause);
  }
  if (cause instanceof errors.JWKSNoMatchingKey || cause instanceof errors.JWKSMultipleMatchingKeys) {
    return refused('key-known', "the token's key is not in the issuer's key set", cause);
  }
  return refused('malformed', 'the token cannot be verified', cause);
}
