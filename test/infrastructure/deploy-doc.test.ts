import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { synthesizeBrandflow } from './synthesized.js';

const { template } = synthesizeBrandflow();

describe('the docs, against the synthesized template', () => {
  it('counts in docs/deploy.md the inbound rules and Lambda functions the template deploys', () => {
    // Prepare
    const doc = readFileSync('docs/deploy.md', 'utf8');

    // Act
    const rules = Object.keys(template.findResources('AWS::Events::Rule')).length;
    // CDK's own function that copies the review portal's files is named apart in the doc.
    const functions = Object.keys(template.findResources('AWS::Lambda::Function')).filter(
      (id) => !id.startsWith('CustomCDKBucketDeployment'),
    ).length;

    // Assess
    expect(doc, 'rules on the bus').toContain(`bus with ${rules} inbound rules`);
    expect(doc, 'Lambda functions').toContain(`${functions}\nLambda functions`);
    expect(doc, 'functions the synth bundles').toContain(`bundles the ${functions}\n  functions`);
  });

  it('names the bus archive in docs/events.md as the template does', () => {
    // Prepare
    const doc = readFileSync('docs/events.md', 'utf8');

    // Act
    const names = Object.values(template.findResources('AWS::Events::Archive')).map(
      (archive) => archive.Properties.ArchiveName as string,
    );

    // Assess
    expect(names).toHaveLength(1);
    expect(doc).toContain(`archive (\`${names[0]}\``);
  });
});
