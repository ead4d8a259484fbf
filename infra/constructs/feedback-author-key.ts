import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { FEEDBACK_AUTHOR_KEY_ENV } from '../../functions/aws/feedback-author-key.js';

export interface FeedbackAuthorKeyProps {
  /** Encrypts the secret (the application key). */
  key: kms.IKey;
}

/**
 * The key feedback authors are hashed with (HMAC-SHA256, docs/feedback.md): a secret the
 * stack generates, one per stack, that nobody sets or reads by hand. Only the functions that
 * record feedback read it, with `secretsmanager:GetSecretValue` on this secret alone.
 *
 * @example
 * ```ts
 * const authorKey = new FeedbackAuthorKey(this, 'FeedbackAuthorKey', { key });
 * authorKey.allowReading(collectMetricsFunction);
 * ```
 */
export class FeedbackAuthorKey extends Construct {
  readonly secret: secretsmanager.Secret;
  /** The secret's name: what the functions ask Secrets Manager for. */
  readonly secretName: string;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: FeedbackAuthorKeyProps) {
    super(scope, id);
    this.key = props.key;
    this.secretName = `${Stack.of(this).stackName}/feedback-author-key`;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: this.secretName,
      description: 'Brandflow feedback author key: hashes platform handles in feedback records (generated)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      encryptionKey: props.key,
      // A new key would make every author hash of the records kept so far unmatched.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The feedback author key keys the hashes already stored: rotating it would split one author into two. It never leaves the functions that record feedback.',
    });
  }

  /** What a function that records feedback is told: the secret's name. */
  environment(): Record<string, string> {
    return { [FEEDBACK_AUTHOR_KEY_ENV]: this.secretName };
  }

  /** `secretsmanager:GetSecretValue` on this secret only, and decrypting it through Secrets Manager. */
  allowReading(grantee: IGrantable): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.secretArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.${stack.urlSuffix}` },
        },
      }),
    );
  }
}
