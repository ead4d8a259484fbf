import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { LocalHandlerError } from '../../functions/domain/errors.js';

/** Access key ids the local run hands a function: the prefix, then the function's logical id. */
const FUNCTION_KEY_PREFIX = 'ASIALOCAL';

/** The access key id of the function whose invocation is running. */
const current = new AsyncLocalStorage<string>();
let installed = false;

/**
 * Runs `work` (a handler invocation) with the credentials of `functionLogicalId`'s role: every
 * AWS SDK call it makes, through whichever client, is signed with an access key id naming the
 * function, as Lambda gives each function its own role session. Outside such a run the SDK
 * signs with the process's own (admin) credentials.
 *
 * @example
 * ```ts
 * installFunctionCredentials();
 * await runAsFunction('SubmitPostFunction1A2B3C4D', () => handler(event, context));
 * ```
 */
export function runAsFunction<T>(functionLogicalId: string, work: () => T): T {
  return current.run(`${FUNCTION_KEY_PREFIX}${functionLogicalId}`, work);
}

/**
 * The access key id the running work signs with: the function's under {@link runAsFunction},
 * else `fallback` (the admin's). For a request built by hand rather than through an SDK client.
 *
 * @example
 * ```ts
 * const header = `AWS4-HMAC-SHA256 Credential=${signingAccessKeyId('local')}/20260101/us-east-1/dynamodb/aws4_request, ...`;
 * ```
 */
export function signingAccessKeyId(fallback: string): string {
  return current.getStore() ?? fallback;
}

/**
 * The function a request was signed for, from its `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=<access key id>/<date>/...`); undefined for the admin.
 *
 * @example
 * ```ts
 * callingFunction('AWS4-HMAC-SHA256 Credential=ASIALOCALSubmitPostFn/20261130/us-east-1/dynamodb/aws4_request, ...');
 * // 'SubmitPostFn'
 * ```
 */
export function callingFunction(authorization: string | undefined): string | undefined {
  const accessKeyId = /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
  return accessKeyId !== undefined && isFunctionAccessKey(accessKeyId)
    ? accessKeyId.slice(FUNCTION_KEY_PREFIX.length)
    : undefined;
}

type Send = (this: unknown, command: unknown, ...rest: unknown[]) => unknown;
interface MiddlewareStackLike {
  addRelativeTo(middleware: unknown, options: Record<string, unknown>): void;
}

/**
 * Makes every AWS SDK client of this process sign with the running function's credentials
 * (see {@link runAsFunction}). Handlers share one client per service across functions, so the
 * identity is chosen per call: a middleware on each command, right after signing, puts the
 * function's access key id in the `Authorization` header (the SDK's signer takes credentials
 * from the client, not per call; the key id is not part of a header signature). A presigned
 * URL is signed with the function's key id from the start, since there it is signed. Idempotent.
 */
export function installFunctionCredentials(): void {
  if (installed) return;
  // Every SDK v3 client extends the same smithy Client, whose prototype owns `send`.
  const clientPrototype = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: Send };
  const send = clientPrototype.send;
  if (typeof send !== 'function') {
    throw new LocalHandlerError('the AWS SDK client has no send method to sign per function');
  }
  clientPrototype.send = function sendAsCaller(this: unknown, command: unknown, ...rest: unknown[]) {
    const accessKeyId = current.getStore();
    const stack = (command as { middlewareStack?: MiddlewareStackLike } | undefined)?.middlewareStack;
    if (accessKeyId && stack) {
      stack.addRelativeTo(
        (next: (args: unknown) => Promise<unknown>) =>
          (args: { request?: { headers?: Record<string, string> } }) => {
            const headers = args.request?.headers;
            if (!headers?.authorization) {
              throw new LocalHandlerError(
                'the AWS SDK sent an unsigned request: cannot sign it as the function',
              );
            }
            headers.authorization = headers.authorization.replace(
              /Credential=[^/]+\//,
              `Credential=${accessKeyId}/`,
            );
            return next(args);
          },
        {
          relation: 'after',
          toMiddleware: 'httpSigningMiddleware',
          name: 'localFunctionCredentials',
          override: true,
        },
      );
    }
    return send.call(this, command, ...rest);
  };
  // A presigned URL is not sent but handed out: it names its signer in `X-Amz-Credential`, which
  // is itself signed, so the function's key id goes in before signing, not after.
  const presign = SignatureV4.prototype.presign;
  SignatureV4.prototype.presign = function presignAsCaller(this: SignatureV4, ...args) {
    const accessKeyId = current.getStore();
    if (!accessKeyId) return presign.apply(this, args);
    const own = (this as unknown as { credentialProvider: () => Promise<Record<string, unknown>> })
      .credentialProvider;
    const signer = Object.create(this, {
      credentialProvider: { value: async () => ({ ...(await own()), accessKeyId }) },
    }) as SignatureV4;
    return presign.apply(signer, args);
  };
  installed = true;
}

/**
 * Whether an access key id is one the local run hands a function ({@link runAsFunction}): the
 * local S3 server accepts those with the twin's secret, as S3 accepts a role session's keys.
 *
 * @example
 * ```ts
 * isFunctionAccessKey('ASIALOCALApiGetLatestReportFn'); // true
 * ```
 */
export const isFunctionAccessKey = (accessKeyId: string): boolean =>
  accessKeyId.startsWith(FUNCTION_KEY_PREFIX);
