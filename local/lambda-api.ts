import type { LocalFunction } from './core/template.js';
import { AwsApiError } from './errors.js';
import type { LambdaHost } from './lambda-host.js';

/** An answer written as it is: status, headers and body (Lambda's Invoke answers with the function's payload). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Serves one request whose answer is not a JSON document of the endpoint's own; undefined for another path. */
export type RawRoute = (
  method: string,
  url: URL,
  body: Record<string, unknown>,
  headers: Record<string, string | string[] | undefined>,
) => Promise<RawAnswer | undefined>;

/** Lambda's Invoke path; its group is the function's name or ARN, URL-encoded. */
export const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * Lambda's Invoke (`POST /2015-03-31/functions/{FunctionName}/invocations`) on the template's
 * functions, for an operator who hands a dead-lettered event back to its function
 * (`brandflow redrive`). The function is named by name, ARN or either with `:$LATEST`; the
 * event reaches the handler as sent, its `id` included, and the handler runs as its role.
 * A handler's error answers 200 with `X-Amz-Function-Error: Unhandled`, as Lambda does. Only
 * `RequestResponse` is served: the twin keeps no asynchronous invocation queue for it.
 *
 * @example
 * ```ts
 * const route = lambdaInvokeRoute(template.functions, host);
 * await route('POST', new URL('/2015-03-31/functions/SubmitPostFn/invocations', base), event, {});
 * ```
 */
export function lambdaInvokeRoute(functions: Record<string, LocalFunction>, host: LambdaHost): RawRoute {
  return async (method, url, body, headers) => {
    const match = INVOKE_PATH.exec(url.pathname);
    if (!match?.[1] || method !== 'POST') return undefined;
    const named = decodeURIComponent(match[1]).replace(/:\$LATEST$/, '');
    const fn = Object.values(functions).find(
      (candidate) => candidate.logicalId === named || candidate.arn === named,
    );
    if (!fn) {
      throw new AwsApiError('ResourceNotFoundException', `Function not found: ${named}`, { statusCode: 404 });
    }
    const type = String(headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type !== 'RequestResponse') {
      throw new AwsApiError(
        'InvalidParameterValueException',
        `The local twin invokes functions with RequestResponse only, not ${type}`,
      );
    }
    const answer = { 'x-amz-executed-version': '$LATEST' };
    try {
      const result = await host.invoke(fn.logicalId, body);
      return { status: 200, headers: answer, body: result === undefined ? 'null' : JSON.stringify(result) };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return {
        status: 200,
        headers: { ...answer, 'x-amz-function-error': 'Unhandled' },
        body: JSON.stringify({ errorType: failure.name, errorMessage: failure.message, trace: [] }),
      };
    }
  };
}
