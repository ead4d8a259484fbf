import type { LocalBrandflow } from '../../local/runtime.js';

/** An answer of the front door: its status and JSON body. */
export interface ApiCallAnswer {
  status: number;
  type: string | null;
  /** The `WWW-Authenticate` challenge of a 401, empty otherwise. */
  challenge: string;
  body: Record<string, unknown> & { errors?: { field: string; rule: string }[] };
}

/** A request to the local front door, with a bearer token when given. */
export async function apiCall(
  runtime: LocalBrandflow,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<ApiCallAnswer> {
  const response = await fetch(`${runtime.apiEndpoint}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    challenge: response.headers.get('www-authenticate') ?? '',
    body: (await response.json()) as ApiCallAnswer['body'],
  };
}
