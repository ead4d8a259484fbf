import { AwsApiError } from '../../functions/domain/errors.js';
import { LocalAws } from '../core/template.js';
import { callingFunction } from './caller.js';
import type { LocalIamEnforcer } from './enforcer.js';
import { type GuardExchange, passThrough, readPayload, startGuardProxy } from './pass-through.js';
import type { AuthorizationRequest } from './policy.js';

/** S3's own denial: a 403 with an XML `AccessDenied` error. */
const S3_ACCESS_DENIED = { type: 'AccessDenied', statusCode: 403 };

const bucketArn = (bucket: string) => `arn:${LocalAws.partition}:s3:::${bucket}`;

/** Bucket subresources (`?versions`, `?tagging`...) a request may name; none but these is mapped. */
const OBJECT_QUERY_KEYS = new Set(['versionId', 'x-id', 'partNumber', 'uploadId', 'uploads']);
const BUCKET_QUERY_KEYS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'marker',
  'x-id',
]);

function unmapped(method: string, path: string): never {
  throw new AwsApiError(
    'InternalFailure',
    `S3 ${method} ${path} has no IAM mapping in the local twin (local/iam/s3-guard.ts): refused`,
    { statusCode: 500, context: { method, path } },
  );
}

/**
 * The IAM actions and resources one path-style S3 request needs, as the S3 user guide lists
 * them: object reads and writes on the object's ARN (a copy also reads its source), listings
 * on the bucket's ARN. A request the mapping does not know fails loudly rather than passing.
 *
 * @example
 * ```ts
 * s3AuthorizationRequests('PUT', '/brandflow-reports/reports/acme/2026-11/report.html', new URLSearchParams(), {});
 * // [{ action: 's3:PutObject', resource: 'arn:aws:s3:::brandflow-reports/reports/acme/2026-11/report.html', ... }]
 * ```
 */
export function s3AuthorizationRequests(
  method: string,
  path: string,
  query: URLSearchParams,
  headers: Record<string, string | string[] | undefined>,
): AuthorizationRequest[] {
  const context = { 'aws:SecureTransport': true, 'aws:RequestedRegion': LocalAws.region };
  const on = (action: string, resource: string): AuthorizationRequest => ({
    action: `s3:${action}`,
    resource,
    context,
  });
  const [, bucket = '', ...rest] = path.split('/');
  const key = rest.map((part) => decodeURIComponent(part)).join('/');
  // A presigned URL's signature parameters (X-Amz-Credential...) and hoisted headers name no subresource.
  const names = [...query.keys()].filter((name) => !/^x-amz-/i.test(name));
  if (!bucket) return method === 'GET' ? [on('ListAllMyBuckets', '*')] : unmapped(method, path);
  if (!key) {
    if (!names.every((name) => BUCKET_QUERY_KEYS.has(name))) unmapped(method, path);
    if (method === 'GET' || method === 'HEAD') return [on('ListBucket', bucketArn(bucket))];
    if (method === 'PUT') return [on('CreateBucket', bucketArn(bucket))];
    if (method === 'DELETE') return [on('DeleteBucket', bucketArn(bucket))];
    return unmapped(method, path);
  }
  if (!names.every((name) => OBJECT_QUERY_KEYS.has(name))) unmapped(method, path);
  const object = `${bucketArn(bucket)}/${key}`;
  const version = query.has('versionId');
  switch (method) {
    case 'GET':
    case 'HEAD':
      return [on(version ? 'GetObjectVersion' : 'GetObject', object)];
    case 'PUT': {
      const requests = [on('PutObject', object)];
      const source = headers['x-amz-copy-source'];
      if (typeof source === 'string') {
        const [sourcePath = ''] = decodeURIComponent(source).split('?');
        requests.push(on('GetObject', bucketArn(sourcePath.replace(/^\//, ''))));
      }
      return requests;
    }
    // Multipart uploads: starting and completing one is PutObject.
    case 'POST':
      return query.has('uploads') || query.has('uploadId')
        ? [on('PutObject', object)]
        : unmapped(method, path);
    case 'DELETE':
      return query.has('uploadId')
        ? [on('AbortMultipartUpload', object)]
        : [on(version ? 'DeleteObjectVersion' : 'DeleteObject', object)];
    default:
      return unmapped(method, path);
  }
}

/** A running guard in front of the local S3 server. */
export interface S3Guard {
  /** `http://127.0.0.1:<port>`: what the handlers' AWS_ENDPOINT_URL_S3 points at. */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Puts an HTTP proxy on 127.0.0.1 in front of the local S3 server that checks every request a
 * function signs against its role's policies ({@link LocalIamEnforcer}) before forwarding it,
 * so a function without the S3 grant its code uses fails locally with `AccessDenied`, as on
 * AWS. A function's request carries its own access key id (local/iam/caller.ts); the proxy
 * hands it on under the twin's key pair, which signed it (SigV4 does not sign the key id), so
 * the server still checks the signature. Requests not signed as a function pass unchanged.
 *
 * @example
 * ```ts
 * const guard = await startS3Guard(s3.endpoint, iam.enforcer, 'local');
 * process.env.AWS_ENDPOINT_URL_S3 = guard.endpoint;
 * ```
 */
export async function startS3Guard(
  target: string,
  enforcer: LocalIamEnforcer,
  signingAccessKeyId: string,
): Promise<S3Guard> {
  return startGuardProxy(target, (exchange) => forward(exchange, enforcer, signingAccessKeyId));
}

async function forward(
  { request, response, upstream, agent }: GuardExchange,
  enforcer: LocalIamEnforcer,
  signingAccessKeyId: string,
) {
  const payload = await readPayload(request);
  const headers = { ...request.headers };
  const authorization = headers.authorization;
  const url = new URL(request.url ?? '/', 'http://local');
  // A presigned URL carries its signer in the query, and may do what that signer's role may, as on
  // AWS; it goes on unchanged (its key id is signed), and the server knows the function's key.
  const presignedBy = url.searchParams.get('X-Amz-Credential');
  try {
    if (presignedBy !== null && callingFunction(`Credential=${presignedBy}`) !== undefined) {
      enforcer.authorize(
        `Credential=${presignedBy}`,
        s3AuthorizationRequests(request.method ?? 'GET', url.pathname, url.searchParams, headers),
        S3_ACCESS_DENIED,
      );
    } else if (callingFunction(authorization) !== undefined) {
      enforcer.authorize(
        authorization,
        s3AuthorizationRequests(request.method ?? 'GET', url.pathname, url.searchParams, headers),
        S3_ACCESS_DENIED,
      );
      headers.authorization = authorization?.replace(
        /Credential=[^/]+\//,
        `Credential=${signingAccessKeyId}/`,
      );
    }
  } catch (error) {
    const denied =
      error instanceof AwsApiError
        ? error
        : new AwsApiError('InternalFailure', error instanceof Error ? error.message : String(error), {
            statusCode: 500,
          });
    response.writeHead(denied.statusCode, { 'content-type': 'application/xml' });
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${denied.type}</Code><Message>${escapeXml(denied.message)}</Message></Error>`,
    );
    return;
  }
  // The Host header is signed: it goes on as the client sent it.
  passThrough(
    { upstream, agent, method: request.method, path: request.url, headers, payload },
    response,
    (message) => [
      'application/xml',
      `<Error><Code>InternalError</Code><Message>local S3: ${escapeXml(message)}</Message></Error>`,
    ],
    // The SDK sets its clock by the answer's Date, which must be the twin's clock, the one
    // the server checks signatures against: some answers reach here stamped with the real time.
    (headers) => ({ ...headers, date: new Date().toUTCString() }),
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
