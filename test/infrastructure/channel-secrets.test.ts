import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { BrandflowStack } from '../../infra/brandflow-stack.js';
import { buildApp } from '../../infra/build-app.js';

describe('channel credentials in the stack', () => {
  it('creates one secret per connected account that only the publishing, metrics and reply-sending functions may read and write', () => {
    // Prepare
    const { app } = buildApp({ skipBundling: true });
    const accounts = new BrandflowStack(app, 'WithAccounts', {
      channelAccounts: ['acme-x:acme:x', 'acme-li:acme:linkedin'],
    });
    // Act
    const template = Template.fromStack(accounts);
    const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(accounts);
    // Assess
    const channelSecrets = Object.values(template.findResources('AWS::SecretsManager::Secret')).filter(
      (secret) => String(secret.Properties.Name).startsWith('brandflow/channels/'),
    );
    expect(channelSecrets).toHaveLength(2);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'brandflow/channels/acme-x' });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes('secretsmanager:PutSecretValue'),
    );
    const roles = policies.flatMap((policy) => JSON.stringify(policy.Properties.Roles));
    expect(roles).toHaveLength(3);
    expect(roles.join()).toMatch(/PublishToChannel/);
    expect(roles.join()).toMatch(/CollectMetrics/);
    expect(roles.join()).toMatch(/SendFeedbackReply/);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    const functions = template.findResources('AWS::Lambda::Function');
    const prefixed = Object.entries(functions).filter(
      ([, fn]) => fn.Properties.Environment?.Variables?.CHANNEL_SECRET_PREFIX === 'brandflow/channels/',
    );
    // Update Brand Profile (the event and the front door's route) reads only the bindings (tags)
    // to refuse an account of another brand.
    expect(prefixed.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^CollectMetrics/),
      expect.stringMatching(/^PeopleApiapimoderatefeedback/),
      expect.stringMatching(/^PeopleApiapiupdatebrandprofile/),
      expect.stringMatching(/^PublishToChannel/),
      expect.stringMatching(/^SendFeedbackReply/),
      expect.stringMatching(/^UpdateBrandProfile/),
    ]);
  });

  it('lets the publishing, metrics, reply-sending and moderation functions read accounts connected after deploy, under the prefix only', () => {
    // Prepare
    const { app } = buildApp({ skipBundling: true });
    const stack = new BrandflowStack(app, 'NoAccounts', {});
    // Act
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    );
    // Assess
    // The feedback author key is a secret of its own (test/infrastructure/feedback-author-key.test.ts).
    const secretStatements = statements.filter(
      (s) =>
        JSON.stringify(s.Action).includes('secretsmanager:') &&
        !JSON.stringify(s.Resource).includes('FeedbackAuthorKey'),
    );
    expect(secretStatements).toHaveLength(6);
    for (const statement of secretStatements) {
      expect(JSON.stringify(statement.Resource)).toContain(':secret:brandflow/channels/*');
    }
    const readers = secretStatements.filter((s) => JSON.stringify(s.Action).includes('GetSecretValue'));
    // Publishing, metrics, the reply sender and moderation (which hides with the credentials, never refreshing them).
    expect(readers).toHaveLength(4);
    expect(
      readers.filter((s) => !JSON.stringify(s.Action).includes('PutSecretValue')),
      'moderation reads credentials without writing them back',
    ).toHaveLength(1);
    // Update Brand Profile, as an event and at the front door, reads the bindings only: never a credential.
    expect(secretStatements.filter((s) => s.Action === 'secretsmanager:DescribeSecret')).toHaveLength(2);
  });

  it('records each account binding in its secret tags, which the functions read but cannot change', () => {
    // Prepare
    const { app } = buildApp({ skipBundling: true });
    const stack = new BrandflowStack(app, 'Bound', {
      channelAccounts: ['acme-social:acme:mastodon:https://mastodon.social', 'acme-x:acme:x'],
    });
    // Act
    const template = Template.fromStack(stack);
    // Assess
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'brandflow/channels/acme-social',
      Tags: [
        { Key: 'brandflow:brand', Value: 'acme' },
        { Key: 'brandflow:destination', Value: 'https://mastodon.social' },
        { Key: 'brandflow:platform', Value: 'mastodon' },
      ],
    });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toMatch(
      /secretsmanager:(TagResource|UntagResource|CreateSecret)/,
    );
  });

  it.each([
    ['acme-x', 'id'],
    ['acme-x:acme:x:https://attacker.example', 'official-hosts'],
    ['acme-chat:acme:webhook:http://127.0.0.1:9001/hook', 'https'],
    ['acme-chat:acme:webhook:https://localhost:2773/hook', 'public-host'],
    ['acme-social:acme:mastodon', 'required'],
  ])('refuses at synth, for deployment, the channelAccounts entry %s (%s)', (entry, rule) => {
    // Prepare
    const { app } = buildApp({ skipBundling: true });
    // Act
    const build = () => new BrandflowStack(app, 'Refused', { channelAccounts: [entry] });
    // Assess
    expect(build).toThrow(`(${rule})`);
  });

  it('builds the local profile only for the local run: a template that cannot deploy, and a deployed one without it', () => {
    // Prepare
    const { app } = buildApp({ skipBundling: true });
    const { stack } = buildApp({ skipBundling: true });
    // Act
    const deployed = Template.fromStack(stack);
    const local = Template.fromStack(
      new BrandflowStack(app, 'Local', {
        localProfile: true,
        channelAccounts: ['acme-chat:acme:webhook:http://127.0.0.1:9001/hook'],
      }),
    );
    // Assess
    const variables = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function')).map(
        (fn) => fn.Properties.Environment.Variables.BRANDFLOW_RUN_PROFILE,
      );
    expect(new Set(variables(local))).toEqual(new Set(['local']));
    expect(new Set(variables(deployed))).toEqual(new Set([undefined]));
    const localProfileRules = (template: Template) =>
      Object.entries((template.toJSON().Rules ?? {}) as Record<string, { Assertions: { Assert: unknown }[] }>)
        .filter(([id]) => id.startsWith('LocalProfile'))
        .map(([, rule]) => rule.Assertions[0]?.Assert);
    expect(localProfileRules(local)).toEqual([{ 'Fn::Equals': ['local-profile', 'deployment'] }]);
    expect(localProfileRules(deployed)).toEqual([]);
  });
});
