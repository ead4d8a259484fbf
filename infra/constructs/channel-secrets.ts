import { ArnFormat, RemovalPolicy, SecretValue, Stack, Tags, Validations } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';
import { DEFAULT_CHANNEL_SECRET_PREFIX } from '../../functions/channels/core/credentials.js';
import { type AccountBinding, bindingTags } from '../../functions/domain/account-binding.js';

export interface ChannelSecretsProps {
  /** Connected accounts (the `account` of a brand's channel) and their bindings: one secret each. */
  accounts: readonly AccountBinding[];
  /** @default 'brandflow/channels/' */
  prefix?: string;
  /** Encrypts every channel secret (an operator connecting an account later uses it too). */
  key: kms.IKey;
}

const accountPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * One Secrets Manager secret per connected social account, named `<prefix><account>` and
 * tagged with its binding (brand, platform, destination) that the functions check before
 * using it. The stack creates each with an empty JSON object; the operator sets its value
 * (docs/channels.md) and the channel functions write refreshed OAuth tokens back.
 *
 * @example
 * ```ts
 * const secrets = new ChannelSecrets(this, 'ChannelSecrets', { accounts: [{ account: 'acme-x', brandId: 'acme', platform: 'x' }], key });
 * secrets.grant(publishFunction, 'read-write');
 * ```
 */
export class ChannelSecrets extends Construct {
  readonly prefix: string;
  readonly secrets: secretsmanager.Secret[];
  readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: ChannelSecretsProps) {
    super(scope, id);
    this.prefix = props.prefix ?? DEFAULT_CHANNEL_SECRET_PREFIX;
    this.key = props.key;
    this.secrets = props.accounts.map((binding) => {
      const { account } = binding;
      if (!accountPattern.test(account)) {
        throw new RangeError(`channel account "${account}": 1-64 characters of A-Z a-z 0-9 _ -`);
      }
      const secret = new secretsmanager.Secret(this, account, {
        secretName: `${this.prefix}${account}`,
        description: `Brandflow channel credentials of ${account} (set by the operator; refreshed tokens written back)`,
        // A placeholder, not a credential: the operator puts the real value after deploying.
        secretStringValue: SecretValue.unsafePlainText('{}'),
        removalPolicy: RemovalPolicy.RETAIN,
        encryptionKey: props.key,
      });
      for (const tag of bindingTags(binding)) Tags.of(secret).add(tag.Key, tag.Value);
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Holds third-party OAuth tokens: the platforms rotate them through their refresh flow, which the channel functions run and write back; Secrets Manager rotation cannot.',
      });
      return secret;
    });
  }

  /**
   * Describe (`describe`: the binding tags, never a value), read (`read`), or read and write
   * back refreshed tokens (`read-write`) every channel secret under the prefix: the accounts
   * created here and those an operator adds later without redeploying. Reading also describes,
   * since every credential load checks the binding; no grantee may change the tags.
   */
  grant(grantee: IGrantable, mode: 'describe' | 'read' | 'read-write'): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          'secretsmanager:DescribeSecret',
          ...(mode === 'describe' ? [] : ['secretsmanager:GetSecretValue']),
          ...(mode === 'read-write' ? ['secretsmanager:PutSecretValue'] : []),
        ],
        resources: [
          stack.formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `${this.prefix}*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    // Reading decrypts; writing a refreshed token back encrypts a new version; describing needs no key.
    if (mode !== 'describe') {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt', ...(mode === 'read-write' ? ['kms:GenerateDataKey'] : [])],
          resources: [this.key.keyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.${stack.urlSuffix}` },
          },
        }),
      );
    }
    Validations.of(grantee.grantPrincipal as unknown as IConstruct).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${this.prefix}*]`,
      reason: `Channel secrets are named ${this.prefix}<account> and accounts can be connected after deploy; the wildcard covers that prefix only.`,
    });
  }
}
