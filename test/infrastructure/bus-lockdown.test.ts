import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HUMAN_DECISION_EVENTS, InboundEvent } from '../../functions/domain/events.js';
import { synthesizeBrandflow } from './synthesized.js';

type Statement = {
  Sid?: string;
  Effect: string;
  Principal: unknown;
  Action: string;
  Condition?: Record<string, Record<string, unknown>>;
};

let template: Template;
let statements: Statement[];

beforeAll(() => {
  const previous = process.env.CDK_CONTEXT_JSON;
  process.env.CDK_CONTEXT_JSON = JSON.stringify({
    integratorAccounts: '111122223333',
    integratorBrands: '111122223333:acme,111122223333:globex',
  });
  try {
    template = synthesizeBrandflow().template;
  } finally {
    if (previous === undefined) delete process.env.CDK_CONTEXT_JSON;
    else process.env.CDK_CONTEXT_JSON = previous;
  }
  statements = Object.values(template.findResources('AWS::Events::EventBusPolicy')).map(
    (policy) => policy.Properties.Statement as Statement,
  );
});

describe('the bus resource policy', () => {
  it('denies PutEvents with source brandflow to every principal but the role of the outbox forwarder', () => {
    // Prepare
    const functionRoles = Object.values(template.findResources('AWS::Lambda::Function'))
      .filter((fn) => fn.Metadata?.['brandflow:role'] === 'forwardEvents')
      .map((fn) => (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);

    // Act
    const deny = statements.find((s) => s.Effect === 'Deny');
    const principals = deny?.Condition?.ArnNotEquals?.['aws:PrincipalArn'] as
      | { 'Fn::GetAtt': [string, string] }[]
      | undefined;
    const allowed = (principals ?? []).map((arn) => arn['Fn::GetAtt'][0]).sort();

    // Assess
    expect(deny).toMatchObject({
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Condition: { StringEquals: { 'events:source': 'brandflow' } },
    });
    expect(functionRoles).toHaveLength(1);
    expect(allowed).toEqual(functionRoles);
  });

  it('lets an integrator account put the integrator events only: no review decisions, no profile updates', () => {
    // Act
    const integrator = statements.find(
      (s) => s.Effect === 'Allow' && s.Sid?.includes('IntegratorPutsInbound'),
    );
    const detailTypes = integrator?.Condition?.['ForAllValues:StringEquals']?.['events:detail-type'];

    // Assess
    expect(detailTypes).toEqual([
      InboundEvent.SubmitPost,
      InboundEvent.CancelPost,
      InboundEvent.ReschedulePost,
      InboundEvent.RetryPost,
      InboundEvent.ConversionRecorded,
      InboundEvent.FeedbackReceived,
      InboundEvent.GenerateReport,
    ]);
  });
});

describe('the inbound rules', () => {
  const patterns = () =>
    Object.values(template.findResources('AWS::Events::Rule'))
      .map((rule) => rule.Properties.EventPattern as Record<string, unknown[]>)
      .filter((pattern) => (Object.values(InboundEvent) as unknown[]).includes(pattern['detail-type']?.[0]));

  it('match the source and the account as well as the detail type, never Brandflow as a sender', () => {
    // Act
    const inbound = patterns();

    // Assess
    expect(inbound).toHaveLength(Object.values(InboundEvent).length);
    for (const pattern of inbound) {
      expect(pattern.source).toEqual([{ 'anything-but': ['brandflow'] }]);
      expect(pattern.account?.length).toBeGreaterThan(0);
    }
  });

  it('take human decisions from the stack account only, integrator events from the integrator accounts too', () => {
    // Act
    const accountsByType = Object.fromEntries(
      patterns().map((pattern) => [String(pattern['detail-type']?.[0]), JSON.stringify(pattern.account)]),
    );

    // Assess
    for (const [detailType, accounts] of Object.entries(accountsByType)) {
      const human = HUMAN_DECISION_EVENTS.some((h) => h === detailType);
      expect(accounts.includes('111122223333'), detailType).toBe(!human);
      expect(accounts, detailType).toContain('AWS::AccountId');
    }
  });
});

describe('the integrator accounts', () => {
  it('are bound to the brands the deploy names, in every inbound handler', () => {
    // Act
    const settings = Object.values(template.findResources('AWS::Lambda::Function'))
      .filter((fn) => (Object.values(InboundEvent) as unknown[]).includes(fn.Metadata?.['brandflow:role']))
      .map(
        (fn) =>
          (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.INTEGRATOR_BRANDS,
      );

    // Assess
    expect(settings).toEqual(Object.values(InboundEvent).map(() => '111122223333:acme,111122223333:globex'));
  });
});
