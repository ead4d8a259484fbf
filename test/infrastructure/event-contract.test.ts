import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { contractEvents } from '../../functions/contract/catalog.js';
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
});
