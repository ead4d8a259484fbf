import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** What key administrators may do: manage the key, never use it on data. */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/** The services through which the account's roles may use the key (their IAM policies say which roles). */
const SERVICES_USING_THE_KEY = ['secretsmanager', 'sqs'] as const;

export interface ApplicationKeyProps {
  /** Principals that administer the key. @default the account (its IAM policies decide who) */
  administrators?: iam.IPrincipal[];
}

/**
 * The customer-managed key of everything Brandflow keeps outside the table: channel secrets,
 * the bus archive, the dead-letter queues and the log groups. Rotated yearly, retained on
 * stack deletion, and its policy separates the two jobs: administrators manage the key but
 * cannot encrypt or decrypt; users (the functions, by their IAM policies) use it only through
 * Secrets Manager and SQS; CloudWatch Logs uses it only for this account's log groups, and
 * EventBridge only for this account's bus.
 *
 * @example
 * ```ts
 * const { key } = new ApplicationKey(this, 'ApplicationKey');
 * new logs.LogGroup(this, 'Logs', { encryptionKey: key });
 * ```
 */
export class ApplicationKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: ApplicationKeyProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const account = new iam.AccountRootPrincipal();
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'KeyAdministration',
          principals: props.administrators ?? [account],
          actions: [...KEY_ADMINISTRATION_ACTIONS],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'KeyUseThroughServices',
          principals: [account],
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: ['*'],
          conditions: {
            StringEquals: {
              'kms:CallerAccount': stack.account,
              'kms:ViaService': SERVICES_USING_THE_KEY.map(
                (service) => `${service}.${stack.region}.${stack.urlSuffix}`,
              ),
            },
          },
        }),
        new iam.PolicyStatement({
          sid: 'CloudWatchLogsForThisAccount',
          principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
          actions: [
            'kms:Encrypt',
            'kms:Decrypt',
            'kms:ReEncryptFrom',
            'kms:ReEncryptTo',
            'kms:GenerateDataKey',
            'kms:DescribeKey',
          ],
          resources: ['*'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
            },
          },
        }),
        new iam.PolicyStatement({
          // Rules put undeliverable events in the encrypted dead-letter queues.
          sid: 'EventBridgeDeadLettersOfThisAccount',
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
      ],
    });
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts Brandflow channel secrets, the bus archive, dead-letter queues and logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy,
    });
  }
}
