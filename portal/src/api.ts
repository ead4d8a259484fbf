import { portalConfig } from './config.js';

/** An RFC 9457 problem as the API answers it. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: { field: string; rule: string; message: string }[];
}

/** A refused or failed call: the API's problem details, shown as they are. */
export class ApiProblem extends Error {
  override name = 'ApiProblem';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

/** Calls the API with the caller's token; JSON in, JSON out, problems thrown as {@link ApiProblem}. */
export async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const { apiUrl } = await portalConfig();
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const problem = (json && typeof json === 'object' ? json : {}) as Problem;
    throw new ApiProblem({ ...problem, status: response.status });
  }
  return json as T;
}
