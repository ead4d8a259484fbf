import { EgressRefusedError, type EgressRule } from '../../domain/errors.js';
import { type EgressOptions, type GuardedResponse, guardedFetch } from '../../egress/guarded-fetch.js';
import { ChannelFailure } from './channel-adapter.js';

/** How one platform's answers are read: its error body and what it calls auth or rate-limit failures. */
export interface PlatformDialect {
  /** Platform name for messages, e.g. `Mastodon`. */
  platform: string;
  /** The channel id, for error context. */
  channel: string;
  /** The platform's own message from an error body, if any. */
  errorMessage(body: unknown): string | undefined;
  /** Auth failures beyond HTTP 401 (e.g. Graph API code 190). */
  isAuthFailure?(status: number, body: unknown): boolean;
  /** Rate limits beyond HTTP 429 (e.g. Graph API codes 4, 17, 32, 613). */
  isRateLimit?(status: number, body: unknown): boolean;
  /** Failures the platform marks as temporary beyond 5xx (e.g. Graph API `is_transient`). */
  isTransient?(status: number, body: unknown): boolean;
}

/**
 * The first of `fields` an error body sets, for a {@link PlatformDialect.errorMessage} whose
 * platform puts its message in one of a few top-level fields: none for a body that is not an object.
 *
 * @example
 * ```ts
 * errorMessage: (body) => firstErrorField(body, 'message', 'error'),
 * ```
 */
export function firstErrorField(body: unknown, ...fields: string[]): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  for (const field of fields) {
    const value = (body as Record<string, unknown>)[field];
    if (value !== undefined && value !== null) return value as string;
  }
  return undefined;
}

export interface PlatformRequest {
  /** PUT only sends media bytes to an upload URL: repeating it stores the same bytes again. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as JSON exactly as given (a signed body). */
  rawJson?: string;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as bytes of their media type (a media upload). */
  bytes?: { data: Uint8Array; contentType: string };
  /** What the call does, for messages: `publish`, `lookup`, `metrics`, `refresh`. */
  operation: string;
}

export interface PlatformResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface HttpOptions {
  /** Give up waiting for an answer after this long. @default 10000 */
  timeoutMs?: number;
  /** The only hosts the call (and any redirect) may reach: the channel's official or bound hosts. */
  hosts?: readonly string[];
  /** Egress guard settings beyond the defaults (tests inject a resolver or a smaller size cap). */
  egress?: Omit<EgressOptions, 'timeoutMs' | 'hosts'>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Refusals that come after the request reached the receiver: a POST may have been accepted. */
const afterSending: readonly EgressRule[] = ['response-too-large', 'redirect-method', 'redirect-limit'];
const MAX_MESSAGE = 300;

/**
 * One call to a platform API through the egress guard ({@link guardedFetch}), with a timeout,
 * and every failure mapped to a {@link ChannelFailure}: a call the guard refuses is
 * `permanent` (an answer cut short, or a redirect refused after the request went out, is
 * also `ambiguous` for a POST); 429 and the platform's rate-limit codes are `rate_limited` with the
 * wait the platform names; 401 and its auth codes are `permanent` with `reconnect`; 5xx,
 * timeouts and network errors are `transient`, and `ambiguous` for a POST (it may have been
 * accepted); other 4xx are `permanent` with the platform's own message.
 *
 * @example
 * ```ts
 * const { body } = await callPlatform(dialect, { method: 'GET', url, operation: 'metrics' });
 * ```
 */
export async function callPlatform(
  dialect: PlatformDialect,
  request: PlatformRequest,
  options: HttpOptions = {},
): Promise<PlatformResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const context = { channel: dialect.channel, platform: dialect.platform, operation: request.operation };
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | Uint8Array | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.rawJson !== undefined) {
    headers['content-type'] = 'application/json';
    body = request.rawJson;
  } else if (request.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  } else if (request.bytes) {
    headers['content-type'] = request.bytes.contentType;
    body = request.bytes.data;
  }
  const sending = request.method === 'POST';
  let response: GuardedResponse;
  try {
    response = await guardedFetch(
      { method: request.method, url: request.url, headers, body },
      { ...options.egress, hosts: options.hosts, timeoutMs },
    );
  } catch (error) {
    if (error instanceof EgressRefusedError && error.rule !== 'timeout' && error.rule !== 'unresolvable') {
      throw new ChannelFailure(
        `${dialect.platform} ${request.operation} call refused by the egress guard: ${error.message}`,
        {
          kind: 'permanent',
          ambiguous: sending && (afterSending.includes(error.rule) || Number(error.context.hop) > 0),
          cause: error,
          context: { ...context, rule: error.rule },
        },
      );
    }
    const timedOut = error instanceof EgressRefusedError && error.rule === 'timeout';
    const unsent = error instanceof EgressRefusedError && error.rule === 'unresolvable' && !error.context.hop;
    throw new ChannelFailure(
      timedOut
        ? `${dialect.platform} did not answer the ${request.operation} call within ${timeoutMs} ms`
        : `${dialect.platform} could not be reached for the ${request.operation} call`,
      { kind: 'transient', ambiguous: sending && !unsent, cause: error, context },
    );
  }
  const parsed = parseJson(response.text);
  const status = response.status;
  if (status >= 200 && status < 300) return { status, headers: response.headers, body: parsed };

  const platformMessage = (dialect.errorMessage(parsed) ?? `HTTP ${status}`).slice(0, MAX_MESSAGE);
  const message = `${dialect.platform} refused the ${request.operation} call (HTTP ${status}): ${platformMessage}`;
  const failureContext = { ...context, status };
  if (status === 429 || dialect.isRateLimit?.(status, parsed)) {
    const retryAfterSeconds = waitNamedBy(response.headers, Date.now());
    throw new ChannelFailure(message, {
      kind: 'rate_limited',
      retryAfterSeconds,
      context: { ...failureContext, retryAfterSeconds },
    });
  }
  if (status === 401 || dialect.isAuthFailure?.(status, parsed)) {
    throw new ChannelFailure(message, { kind: 'permanent', reconnect: true, context: failureContext });
  }
  if (status >= 500 || status === 408 || dialect.isTransient?.(status, parsed)) {
    throw new ChannelFailure(message, { kind: 'transient', ambiguous: sending, context: failureContext });
  }
  throw new ChannelFailure(message, { kind: 'permanent', context: failureContext });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The wait, in whole seconds, a rate-limited answer names: `Retry-After` (seconds or an
 * HTTP date), the reset headers (`x-rate-limit-reset` of X and `ratelimit-reset` of Bluesky
 * in epoch seconds, `x-ratelimit-reset` of Mastodon as a date) or the Graph API's
 * `x-business-use-case-usage` estimate (minutes). Undefined when none is given.
 *
 * @example
 * ```ts
 * waitNamedBy(new Headers({ 'retry-after': '120' }), Date.now()); // 120
 * ```
 */
export function waitNamedBy(headers: Headers, now: number): number | undefined {
  const untilTime = (ms: number) => Math.max(0, Math.ceil((ms - now) / 1000));
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return untilTime(at);
  }
  for (const name of ['x-rate-limit-reset', 'ratelimit-reset', 'x-ratelimit-reset']) {
    const value = headers.get(name)?.trim();
    if (!value) continue;
    if (/^\d+$/.test(value)) {
      const number = Number(value);
      // Epoch seconds are large; a small number is already a delta in seconds.
      return number > 1_000_000_000 ? untilTime(number * 1000) : number;
    }
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return untilTime(at);
  }
  const usage = headers.get('x-business-use-case-usage');
  if (usage) {
    const minutes = graphRegainMinutes(usage);
    if (minutes !== undefined) return minutes * 60;
  }
  return undefined;
}

function graphRegainMinutes(usage: string): number | undefined {
  try {
    const parsed = JSON.parse(usage) as Record<string, { estimated_time_to_regain_access?: number }[]>;
    const minutes = Object.values(parsed)
      .flat()
      .map((entry) => entry.estimated_time_to_regain_access ?? 0);
    return minutes.length ? Math.max(...minutes) : undefined;
  } catch {
    return undefined;
  }
}
