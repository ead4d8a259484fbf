import { describe, expect, it } from 'vitest';
import { readDeadLetter } from '../../cli/dead-letters.js';

const event = {
  version: '0',
  id: '6f0c1b5e-2a44-4c1e-9d3f-1c2b3a4d5e6f',
  'detail-type': 'Submit Post',
  source: 'com.example.cms',
  account: '111122223333',
  detail: { postId: 'spring-launch' },
};
const functionArn = 'arn:aws:lambda:us-east-1:111122223333:function:brandflow-SubmitPost';

describe('reading a dead letter to hand it back', () => {
  it('keeps the event whole, its id included, and names the function from Lambda’s failure record', () => {
    // Act
    const content = readDeadLetter(
      JSON.stringify({
        requestContext: { functionArn: `${functionArn}:$LATEST`, condition: 'RetriesExhausted' },
        requestPayload: event,
      }),
    );

    // Assess
    expect(content).toMatchObject({ kind: 'event', eventId: event.id, event, functionArn });
  });

  it('names the function from EventBridge’s TARGET_ARN attribute when the body is the event itself', () => {
    // Act
    const content = readDeadLetter(JSON.stringify(event), { TARGET_ARN: { StringValue: functionArn } });

    // Assess
    expect(content).toMatchObject({ kind: 'event', eventId: event.id, event, functionArn });
  });

  it('leaves an outbox stream batch and a metric round for an operator', () => {
    // Act
    const batch = readDeadLetter(JSON.stringify({ DDBStreamBatchInfo: { shardId: 's-1' } }));
    const round = readDeadLetter(JSON.stringify({ postId: 'p-1', round: 2 }));

    // Assess
    expect(batch).toMatchObject({ kind: 'manual', reason: expect.stringMatching(/outbox stream batch/) });
    expect(round).toMatchObject({ kind: 'manual', reason: expect.stringMatching(/metric round/) });
  });
});
