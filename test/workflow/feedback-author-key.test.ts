import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/aws/dynamodb.js';
import { authorHash } from '../../functions/domain/feedback.js';
import { parseFeedbackId } from '../../functions/persistence/feedback.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { seedBrand, startWorkflowRuntime } from './support.js';

let runtime: LocalBrandflow;
beforeAll(async () => {
  runtime = await startWorkflowRuntime();
});
afterAll(() => runtime?.stop());

describe('the feedback author key in the local run', () => {
  it("hashes an integrator's author with the key the stack generated, read under the recording function's own grant", async () => {
    // Prepare
    const { brandId } = await seedBrand();
    const secretId = runtime.env.FEEDBACK_AUTHOR_KEY_SECRET as string;
    const recorded = runtime.waitForEvent(
      (e) => e['detail-type'] === 'Feedback Recorded' && e.detail.brandId === brandId,
    );

    // Act
    await runtime.putEvents([
      {
        EventBusName: 'brandflow',
        Source: 'my.helpdesk',
        DetailType: 'Feedback Received',
        Detail: JSON.stringify({
          brandId,
          sourceId: 'ticket-77',
          channel: 'email',
          text: 'Where is my parcel?',
          author: 'customer-77@example.com',
          receivedAt: new Date().toISOString(),
        }),
      },
    ]);
    const event = await recorded;

    // Assess
    const client = new SecretsManagerClient({ endpoint: runtime.env.AWS_ENDPOINT_URL_SECRETS_MANAGER });
    const key = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString as string;
    client.destroy();
    expect(key).toHaveLength(64);
    const feedbackKey = parseFeedbackId(String(event.detail.feedbackId))?.key;
    const text = await dynamo.send(
      new GetCommand({
        TableName: runtime.env.TABLE_NAME,
        Key: { pk: `BRAND#${brandId}`, sk: `FEEDBACKTEXT#${feedbackKey}` },
      }),
    );
    expect(text.Item?.authorHash).toBe(authorHash(key, 'email', 'customer-77@example.com'));
    const keyReads = runtime.iamDecisions.filter(
      (d) => d.action === 'secretsmanager:GetSecretValue' && d.resource.endsWith(`:secret:${secretId}`),
    );
    expect(keyReads.length).toBeGreaterThan(0);
    expect(keyReads.every((d) => d.allowed && d.functionLogicalId.startsWith('FeedbackReceived'))).toBe(true);
  });
});
