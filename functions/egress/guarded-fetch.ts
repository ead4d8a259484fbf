import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isLocalProfile } from '../aws/env.js';
import { EgressRefusedError, type EgressRule } from '../domain/errors.js';
import { type AddressClass, classifyAddress } from './addresses.js';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (node:dns `lookup` with `all` by default). */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export interface EgressOptions {
  /**
   * Allow loopback addresses, and plain http to them: the local profile, where fake platform
   * servers listen on 127.0.0.1. @default isLocalProfile()
   */
  allowLoopback?: boolean;
  /** The only hosts the call and each redirect hop may reach (an adapter's official hosts); any when undefined. */
  hosts?: readonly string[];
  /** Tests inject a resolver to make a name resolve to a private address. @default node:dns lookup */
  resolve?: Resolver;
  /** The response body is streamed and the call aborted past this many bytes. @default 2 MiB */
  maxResponseBytes?: number;
  /** The whole call, redirects included, ends after this long. @default 10000 */
  timeoutMs?: number;
  /** Redirects followed, each re-checked. @default 3 */
  maxRedirects?: number;
}

/** An outbound request: the body is already serialized. */
export interface GuardedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Text, or bytes (a media upload). */
  body?: string | Uint8Array;
}

export interface GuardedResponse {
  status: number;
  headers: Headers;
  /** The body as text (UTF-8), at most `maxResponseBytes`. */
  text: string;
  /** Where the answer came from, after redirects. */
  url: string;
}

const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_REDIRECTS = 3;
/** Headers that carry credentials: never sent on to another origin by a redirect. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'x-brandflow-signature'];

// Own agents: a pooled connection was made to an address this module checked, never to one
// another client resolved for the same host.
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

/**
 * The one client every outbound HTTP call goes through. It calls https only; resolves the
 * host and refuses it when any of its addresses is not public (loopback, private, link-local,
 * unique-local, metadata, unspecified, carrier-grade NAT or another special range, or an
 * IPv6 form carrying one of these); connects to the address it checked, so a second DNS
 * answer cannot swap it; follows at most 3 redirects, re-checking each hop, and never one
 * that would turn a POST into a GET (301, 302, 303); drops credential headers on a hop to
 * another origin; streams the body and aborts past the size cap; and ends the whole call at
 * the time limit. The local profile allows loopback addresses (and http to them) only.
 *
 * @example
 * ```ts
 * const response = await guardedFetch(
 *   { method: 'POST', url: 'https://api.x.com/2/tweets', headers, body },
 *   { hosts: ['api.x.com'] },
 * );
 * ```
 */
export async function guardedFetch(
  request: GuardedRequest,
  options: EgressOptions = {},
): Promise<GuardedResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let current: GuardedRequest = { ...request, headers: { ...request.headers } };
  for (let hop = 0; ; hop++) {
    const url = parseUrl(current.url, hop);
    const target = await checkedTarget(url, options, hop);
    const response = await send(url, target, current, {
      remainingMs: deadline - Date.now(),
      timeoutMs,
      maxBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      hop,
    });
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) return response;
    if (hop >= maxRedirects) {
      throw refused('redirect-limit', `more than ${maxRedirects} redirects`, url, hop);
    }
    // 307 and 308 repeat the method and body; the others turn a POST into a GET, which would
    // take another resource's answer for the outcome of a publish.
    if (current.method !== 'GET' && response.status !== 307 && response.status !== 308) {
      throw refused(
        'redirect-method',
        `HTTP ${response.status} would turn the ${current.method} into a GET; not followed`,
        url,
        hop,
      );
    }
    const next = new URL(location, url);
    const headers = { ...current.headers };
    if (next.origin !== url.origin) {
      for (const name of Object.keys(headers)) {
        if (CREDENTIAL_HEADERS.includes(name.toLowerCase())) delete headers[name];
      }
    }
    current = { ...current, url: next.href, headers };
  }
}

function parseUrl(text: string, hop: number): URL {
  if (!URL.canParse(text)) {
    throw new EgressRefusedError('https-only', 'the address is no URL', { context: { hop } });
  }
  return new URL(text);
}

async function checkedTarget(url: URL, options: EgressOptions, hop: number): Promise<ResolvedAddress> {
  const allowLoopback = options.allowLoopback ?? isLocalProfile();
  const plain = url.protocol === 'http:';
  if (url.protocol !== 'https:' && !(plain && allowLoopback)) {
    throw refused('https-only', `${url.protocol} is refused: https only`, url, hop);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (options.hosts && !options.hosts.includes(host)) {
    throw refused('host-not-allowed', `${host} is not one of ${options.hosts.join(', ')}`, url, hop);
  }
  const literal = classifyAddress(host) !== 'invalid';
  let addresses: ResolvedAddress[];
  try {
    addresses = literal
      ? [{ address: host, family: host.includes(':') ? 6 : 4 }]
      : await (options.resolve ?? systemResolver)(host);
  } catch (error) {
    throw refused('unresolvable', `${host} could not be resolved`, url, hop, error);
  }
  if (addresses.length === 0) throw refused('unresolvable', `${host} has no address`, url, hop);
  for (const { address } of addresses) {
    const kind: AddressClass = classifyAddress(address);
    const allowed = kind === 'public' ? !plain : kind === 'loopback' && allowLoopback;
    if (!allowed) {
      const why = kind === 'public' ? 'http is only allowed to loopback' : `${kind} addresses are refused`;
      throw refused('address', `${host} resolves to ${address}: ${why}`, url, hop);
    }
  }
  return addresses[0] as ResolvedAddress;
}

function refused(rule: EgressRule, message: string, url: URL, hop: number, cause?: unknown) {
  return new EgressRefusedError(rule, message, { cause, context: { host: url.hostname, hop } });
}

function send(
  url: URL,
  target: ResolvedAddress,
  request: GuardedRequest,
  limits: { remainingMs: number; timeoutMs: number; maxBytes: number; hop: number },
): Promise<GuardedResponse> {
  const { hop, maxBytes } = limits;
  return new Promise((resolve, reject) => {
    // The connection goes to the checked address whatever DNS answers now.
    const lookup: LookupFunction = (_host, lookupOptions, callback) => {
      if (lookupOptions.all) callback(null, [target]);
      else callback(null, target.address, target.family);
    };
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const protocol = url.protocol as 'http:' | 'https:';
    const client = protocol === 'https:' ? https : http;
    const call = client.request(url, { method: request.method, headers, lookup, agent: agents[protocol] });
    const fail = (error: Error) => {
      clearTimeout(timer);
      call.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(refused('timeout', `no complete answer within ${limits.timeoutMs} ms`, url, hop)),
      Math.max(0, limits.remainingMs),
    );
    const tooLarge = () =>
      refused('response-too-large', `the answer is larger than ${maxBytes} bytes`, url, hop);
    call.on('error', (error) => fail(error));
    call.on('response', (response) => {
      if (Number(response.headers['content-length'] ?? 0) > maxBytes) return fail(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return fail(tooLarge());
        chunks.push(chunk);
      });
      response.on('error', (error) => fail(error));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          headers: toHeaders(response.headers),
          text: Buffer.concat(chunks).toString('utf8'),
          url: url.href,
        });
      });
    });
    call.end(request.body);
  });
}

function toHeaders(incoming: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}
