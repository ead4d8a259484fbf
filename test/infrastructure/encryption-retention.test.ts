import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BrandflowStack } from '../../infra/brandflow-stack.js';
import { buildApp } from '../../infra/build-app.js';
import { KEY_ADMINISTRATION_ACTIONS } from '../../infra/constructs/application-key.js';

type Statement = {
  Sid?: string;
  Action: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};

let template: Template;
let keyId: string;
let keyStatements: Statement[];

beforeAll(() => {
  const { app } = buildApp({ skipBundling: true });
  template = Template.fromStack(
    new BrandflowStack(app, 'WithAccounts', { channelAccounts: ['acme-x:acme:x'] }),
  );
  const keys = template.findResources('AWS::KMS::Key', {
    Properties: { Description: Match.stringLikeRegexp('channel secrets') },
  });
  [keyId = ''] = Object.keys(keys);
  keyStatements =
    (keys[keyId]?.Properties.KeyPolicy as { Statement: Statement[] } | undefined)?.Statement ?? [];
});

const sid = (name: string) => keyStatements.find((s) => s.Sid === name);
const keyArn = () => ({ 'Fn::GetAtt': [keyId, 'Arn'] });

describe("Brandflow's customer-managed key", () => {
  it('rotates and outlives the stack', () => {
    // Assess
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('channel secrets') },
      DeletionPolicy: 'Retain',
    });
  });

  it('lets administrators manage the key but never encrypt or decrypt with it', () => {
    // Act
    const administration = [sid('KeyAdministration')?.Action].flat();

    // Assess
    expect(administration.sort()).toEqual([...KEY_ADMINISTRATION_ACTIONS].sort());
    expect(administration.filter((a) => /Encrypt|Decrypt|GenerateDataKey|\*/.test(String(a)))).toEqual([]);
  });

  it('lets the account use it only through Secrets Manager and SQS', () => {
    // Act
    const use = sid('KeyUseThroughServices');

    // Assess
    expect(JSON.stringify(use?.Condition?.StringEquals?.['kms:ViaService'])).toMatch(
      /secretsmanager\..*sqs\./,
    );
    expect(use?.Condition?.StringEquals?.['kms:CallerAccount']).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('lets CloudWatch Logs use it only for log groups of this account (encryption context)', () => {
    // Act
    const logsStatement = sid('CloudWatchLogsForThisAccount');

    // Assess
    expect(JSON.stringify(logsStatement?.Condition?.ArnLike)).toContain('kms:EncryptionContext:aws:logs:arn');
  });
});

describe('what the key encrypts', () => {
  it('encrypts every channel secret', () => {
    // Assess
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: keyArn() });
  });

  it('encrypts the bus archive', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Archive', { KmsKeyIdentifier: keyArn(), RetentionDays: 90 });
  });

  it('encrypts every log group and keeps none forever', () => {
    // Act
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));

    // Assess
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      expect(group.Properties.KmsKeyId).toEqual(keyArn());
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });
});

describe('the table', () => {
  it('is protected against deletion', () => {
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });
});
