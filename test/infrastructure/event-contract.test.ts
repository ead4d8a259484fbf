import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { contractEvents } from '../../functions/contract/catalog.js';
import { buildApp } from '../../infra/build-app.js';
import { synthesizeBrandflow } from './synthesized.js';

describe('the event contract in the stack', () => {
  it('publishes a JSON Schema per event to the brandflow-events registry and archives the bus for replay', () => {
    // Act
    const { template } = synthesizeBrandflow();
    // Assess
    template.hasResourceProperties('AWS::EventSchemas::Registry', { RegistryName: 'brandflow-events' });
    const schemas = template.findResources('AWS::EventSchemas::Schema');
    expect(Object.keys(schemas)).toHaveLength(contractEvents.length);
    template.hasResourceProperties('AWS::EventSchemas::Schema', {
      SchemaName: 'brandflow@SubmitPost',
      Type: 'JSONSchemaDraft4',
    });
    template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['Conversion Recorded'] },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue() })],
    });
  });

  it('lets the integrator accounts given at deploy put inbound events, and archives their events too', () => {
    // Prepare: what `cdk deploy -c integratorAccounts=111122223333` hands the app
    const previous = process.env.CDK_CONTEXT_JSON;
    process.env.CDK_CONTEXT_JSON = JSON.stringify({ integratorAccounts: '111122223333' });
    try {
      // Act
      const { stack } = buildApp({ skipBundling: true });
      const template = Template.fromStack(stack);
      // Assess
      template.hasResourceProperties('AWS::Events::EventBusPolicy', {
        Statement: Match.objectLike({
          Principal: { AWS: { 'Fn::Join': Match.anyValue() } },
          Action: 'events:PutEvents',
        }),
      });
      const archives = Object.values(template.findResources('AWS::Events::Archive'));
      expect(JSON.stringify(archives[0]?.Properties.EventPattern)).toContain('111122223333');
    } finally {
      if (previous === undefined) delete process.env.CDK_CONTEXT_JSON;
      else process.env.CDK_CONTEXT_JSON = previous;
    }
  });
});
