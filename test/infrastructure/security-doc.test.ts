import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { renderAccessTable } from '../../infra/access-doc.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';
import { synthesizeBrandflow } from './synthesized.js';

const doc = readFileSync(join(REPO_ROOT, 'docs/security.md'), 'utf8');
/** A Markdown table as its cells, whatever the column padding the formatter adds. */
const cells = (markdown: string) =>
  markdown.split('\n').map((line) => line.replace(/\s*\|\s*/g, '|').replace(/-{3,}/g, '---'));
const row = (store: string) => doc.split('\n').find((line) => line.startsWith(`| ${store} `)) ?? '';

describe('docs/security.md', () => {
  it('shows the IAM table the stack grants from', () => {
    // Act
    const table = renderAccessTable();

    // Assess
    expect(cells(doc).join('\n')).toContain(cells(table).join('\n'));
  });

  it('states the retention the template sets for the archive, the dead-letter queues and the log groups', () => {
    // Prepare
    const { template } = synthesizeBrandflow();
    const archive = Object.values(template.findResources('AWS::Events::Archive'))[0];
    const queueSeconds = new Set(
      Object.values(template.findResources('AWS::SQS::Queue')).map(
        (q) => q.Properties.MessageRetentionPeriod,
      ),
    );
    const machineLogs = template.findResources('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: Match.anyValue() },
    });
    const days = new Set(Object.values(machineLogs).map((group) => group.Properties.RetentionInDays));

    // Act
    const archiveRow = row('Bus archive (every event, post text included)');
    const queueRow = row('Dead-letter queues (rule targets, asynchronous invocations, metric rounds)');

    // Assess
    expect(archiveRow).toMatch(new RegExp(`\\|\\s*${archive?.Properties.RetentionDays} days\\s*\\|`));
    expect([...queueSeconds]).toEqual([14 * 24 * 3600]);
    expect(queueRow).toMatch(/\|\s*14 days\s*\|/);
    expect([...days].sort()).toEqual([30, 90]);
    expect(row('Function log groups')).toContain('1 month');
    expect(row('State machine log group')).toContain('3 months');
  });
});
