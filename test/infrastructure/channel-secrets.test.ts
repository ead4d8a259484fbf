import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { BrandflowStack } from '../../infra/brandflow-stack.js';
import { buildApp } from '../../infra/build-app.js';

describe('channel credentials in the stack', () => {
  it('creates one secret per connected account that only the publishing and metrics functions may read and write', () => {
    // Prepare
    const { app } = buildApp({ skipBundling: true });
    const accounts = new BrandflowStack(app, 'WithAccounts', { channelAccounts: ['acme-x', 'acme-li'] });
    // Act
    const template = Template.fromStack(accounts);
    const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(accounts);
    // Assess
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'brandflow/channels/acme-x' });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes('secretsmanager:PutSecretValue'),
    );
    const roles = policies.flatMap((policy) => JSON.stringify(policy.Properties.Roles));
    expect(roles).toHaveLength(2);
    expect(roles.join()).toMatch(/PublishToChannel/);
    expect(roles.join()).toMatch(/CollectMetrics/);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    const functions = template.findResources('AWS::Lambda::Function');
    const prefixed = Object.entries(functions).filter(
      ([, fn]) => fn.Properties.Environment?.Variables?.CHANNEL_SECRET_PREFIX === 'brandflow/channels/',
    );
    expect(prefixed.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^CollectMetrics/),
      expect.stringMatching(/^PublishToChannel/),
    ]);
  });

  it('lets the publishing and metrics functions read accounts connected after deploy, under the prefix only', () => {
    // Prepare
    const { app } = buildApp({ skipBundling: true });
    const stack = new BrandflowStack(app, 'NoAccounts', {});
    // Act
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    );
    // Assess
    const secretStatements = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    expect(secretStatements).toHaveLength(2);
    for (const statement of secretStatements) {
      expect(statement.Action).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']));
      expect(JSON.stringify(statement.Resource)).toContain(':secret:brandflow/channels/*');
    }
  });
});
