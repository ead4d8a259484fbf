/**
 * `node:http` as Brandflow's Lambda bundles import it: the same module object, without the
 * 15 to 20 ms an ESM import of it adds to every cold start.
 *
 * Node builds an ESM namespace for a built-in by reading every export of it, and `node:http`
 * has getters (`WebSocket`, `CloseEvent`, `MessageEvent`) that load Node's bundled fetch and
 * WebSocket implementation when read. Middy's `STATUS_CODES`, the guarded HTTP client and the
 * SDK's HTTP handler all import `node:http`, so every handler paid for a WebSocket it never
 * opens. The bundler aliases `node:http` to this module (infra/constructs/bundle-options.ts),
 * which takes the module through `process.getBuiltinModule`, the way `require` does, where
 * no getter runs until read. The local run and the tests import `node:http` itself.
 *
 * @example
 * ```ts
 * import http, { STATUS_CODES } from 'node:http'; // in a bundle: this module
 * STATUS_CODES[404]; // 'Not Found'
 * http.request === request; // true: one module object
 * ```
 */
const http = process.getBuiltinModule('node:http');

export default http;

/*
 * Every public export of `node:http` that is no getter, as bindings read once: an import of a
 * name missing here fails the build, not a cold start.
 */
export const {
  METHODS,
  STATUS_CODES,
  Agent,
  ClientRequest,
  IncomingMessage,
  OutgoingMessage,
  Server,
  ServerResponse,
  createServer,
  validateHeaderName,
  validateHeaderValue,
  get,
  request,
  setMaxIdleHTTPParsers,
} = http;
