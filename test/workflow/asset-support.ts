import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { dynamo } from '../../functions/aws/dynamodb.js';
import { keys } from '../../functions/persistence/keys.js';
import { tableName } from '../../functions/persistence/table.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { decideReview, putEvent, submitPostDetail, uniqueId, untilReviewRequested } from './support.js';

const ADMIN_GROUP = 'brandflow-admins';

export type Answer = Record<string, unknown> & { errors?: { field: string; rule: string }[] };

/** A request to the front door as `user` (`admin-1` is a Brandflow admin); the status and the JSON body. */
export async function frontDoorCall(
  runtime: LocalBrandflow,
  method: string,
  path: string,
  user: string,
  body?: unknown,
) {
  const token = await runtime.issuer.issue(user, { groups: user === 'admin-1' ? [ADMIN_GROUP] : [] });
  const response = await fetch(`${runtime.apiEndpoint}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

/** Makes `editor-1` an editor of the brand, as its admin would. */
export async function addEditor(runtime: LocalBrandflow, brandId: string) {
  await frontDoorCall(runtime, 'PUT', `/brands/${brandId}/members/editor-1`, 'admin-1', {
    roles: ['editor'],
  });
}

/** Announces, uploads and completes a file as `editor-1`; the completion's answer. */
export async function addAsset(
  runtime: LocalBrandflow,
  brandId: string,
  file: Buffer,
  extra: Record<string, unknown> = {},
) {
  const announced = await frontDoorCall(runtime, 'POST', `/brands/${brandId}/assets`, 'editor-1', {
    bytes: file.length,
    fileName: 'launch.jpg',
    alt: { en: 'A cup of the spring blend on a wooden table' },
    ...extra,
  });
  expect(announced.status).toBe(201);
  const { asset, upload } = announced.body as {
    asset: { assetId: string };
    upload: { url: string; method: string; headers: Record<string, string> };
  };
  const put = await fetch(upload.url, {
    method: upload.method,
    headers: upload.headers,
    body: new Uint8Array(file),
  });
  expect(put.status).toBe(200);
  return frontDoorCall(runtime, 'POST', `/brands/${brandId}/assets/${asset.assetId}/complete`, 'editor-1');
}

/** Adds a file that must be accepted; its asset id. */
export async function readyAsset(runtime: LocalBrandflow, brandId: string, file: Buffer) {
  const completed = await addAsset(runtime, brandId, file);
  expect(completed.status).toBe(200);
  return (completed.body as { assetId: string }).assetId;
}

/** Test-only: ends an asset's rights in the past, as a brand admin shortening its licence would. */
export async function expireAsset(brandId: string, assetId: string) {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.asset(brandId, assetId),
      UpdateExpression: 'SET notAfter = :past',
      ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00Z' },
    }),
  );
}

/**
 * Submits a post naming `assetIds` on its one channel, approves it (after `beforeApproval`)
 * and waits for its execution.
 */
export async function publishWithAssets(
  runtime: LocalBrandflow,
  brandId: string,
  channel: string,
  assetIds: string[],
  beforeApproval?: () => Promise<void>,
) {
  const postId = uniqueId('media-post');
  const detail = submitPostDetail({ postId, brandId, channels: [channel] });
  await putEvent(runtime, 'Submit Post', {
    ...detail,
    contentType: 'image',
    content: { [channel]: { ...detail.content[channel], assets: assetIds } },
  });
  await untilReviewRequested(runtime, postId);
  await beforeApproval?.();
  await decideReview(runtime, postId, 'approve');
  const execution = await runtime.waitForExecution(`${postId}-r1`, 60_000);
  return { postId, execution };
}
