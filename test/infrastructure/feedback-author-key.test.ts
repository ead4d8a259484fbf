import { describe, expect, it } from 'vitest';
import { FEEDBACK_AUTHOR_KEY_ENV } from '../../functions/aws/feedback-author-key.js';
import { synthesizeBrandflow } from './synthesized.js';

describe('the feedback author key in the stack', () => {
  it('is a secret the stack generates, retained, encrypted with the application key', () => {
    // Act
    const { template } = synthesizeBrandflow();

    // Assess
    const [secret, ...others] = Object.values(template.findResources('AWS::SecretsManager::Secret')).filter(
      (candidate) => String(candidate.Properties.Name).endsWith('/feedback-author-key'),
    );
    expect(others).toEqual([]);
    expect(secret?.Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    expect(secret?.Properties.SecretString).toBeUndefined();
    expect(secret?.Properties.KmsKeyId).toBeDefined();
    expect(secret?.DeletionPolicy).toBe('Retain');
  });

  it('is read only by the functions that record feedback, with GetSecretValue on that secret alone', () => {
    // Prepare
    const { template } = synthesizeBrandflow();
    const [secretId] = Object.keys(template.findResources('AWS::SecretsManager::Secret')).filter((id) =>
      id.startsWith('FeedbackAuthorKey'),
    );

    // Act
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const readers = policies.filter((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]).some(
        (statement) => JSON.stringify(statement.Resource) === JSON.stringify({ Ref: secretId }),
      ),
    );
    const told = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
      ([, fn]) => fn.Properties.Environment?.Variables?.[FEEDBACK_AUTHOR_KEY_ENV] !== undefined,
    );

    // Assess
    expect(readers.map((policy) => JSON.stringify(policy.Properties.Roles)).sort()).toEqual([
      expect.stringMatching(/CollectMetrics/),
      expect.stringMatching(/FeedbackReceived/),
    ]);
    for (const policy of readers) {
      const statement = (
        policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]
      ).find((s) => JSON.stringify(s.Resource) === JSON.stringify({ Ref: secretId }));
      expect(statement?.Action).toBe('secretsmanager:GetSecretValue');
    }
    expect(told.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^CollectMetrics/),
      expect.stringMatching(/^FeedbackReceived/),
    ]);
  });
});
