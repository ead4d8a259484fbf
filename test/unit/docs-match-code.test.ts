import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type * as z from 'zod/mini';
import { contractEvents } from '../../functions/contract/catalog.js';
import * as inboundSchemas from '../../functions/contract/inbound.js';
import { type OutboundDetailType, outboundSchemas } from '../../functions/contract/outbound.js';
import { schemaProblems } from '../../functions/contract/problems.js';
import type { InputProblem } from '../../functions/domain/errors.js';
import { LIFECYCLE_ACTIONS } from '../../functions/domain/lifecycle-actions.js';
import { checkSchedule, timeZoneProblem, validateSubmission } from '../../functions/domain/submission.js';
import { parseBrandProfile } from '../../functions/persistence/brands.js';
import { demoBrand } from '../../local/demo-scenario.js';

type Parse = (detail: unknown, now: number) => InputProblem[];

const schemaOnly =
  (schema: z.ZodMiniType): Parse =>
  (detail) => {
    const parsed = schema.safeParse(detail);
    return parsed.success ? [] : schemaProblems(parsed.error);
  };

/** As reschedule-post.ts and retry-post.ts check the new time after the schema. */
const withSchedule =
  (schema: z.ZodMiniType): Parse =>
  (detail, now) => {
    const problems = schemaOnly(schema)(detail, now);
    if (problems.length) return problems;
    const { scheduledAt, timeZone } = detail as { scheduledAt: string; timeZone?: string };
    const time = checkSchedule(scheduledAt, now);
    const zone = timeZone === undefined ? undefined : timeZoneProblem(timeZone);
    return [...('problem' in time ? [time.problem] : []), ...(zone ? [zone] : [])];
  };

/** The brand the events' examples speak of: the one the `Update Brand Profile` example saves. */
const exampleProfile = contractEvents.find((e) => e.detailType === 'Update Brand Profile')?.example?.profile;

/** What each inbound handler runs over a detail before it touches the table. */
const handlerParse: Record<string, Parse> = {
  'Submit Post': (detail, now) => {
    const result = validateSubmission({
      detail,
      brand: parseBrandProfile(exampleProfile),
      existing: undefined,
      now,
    });
    return result.ok ? [] : result.errors;
  },
  'Review Decision': schemaOnly(inboundSchemas.reviewDecisionSchema),
  'Cancel Post': schemaOnly(inboundSchemas.cancelPostSchema),
  'Reschedule Post': withSchedule(inboundSchemas.reschedulePostSchema),
  'Retry Post': withSchedule(inboundSchemas.retryPostSchema),
  'Update Brand Profile': (detail, now) => {
    const problems = schemaOnly(inboundSchemas.updateBrandProfileSchema)(detail, now);
    if (problems.length) return problems;
    parseBrandProfile((detail as { profile: unknown }).profile);
    return [];
  },
  'Conversion Recorded': schemaOnly(inboundSchemas.conversionRecordedSchema),
  'Generate Report': schemaOnly(inboundSchemas.generateReportSchema),
  'Feedback Received': schemaOnly(inboundSchemas.feedbackReceivedSchema),
};

/** Runs a documented shell line as written, with `aws events put-events --entries` printing its argument. */
function entriesOf(command: string): { DetailType: string; Detail: string }[] {
  const printed = execFileSync(
    'bash',
    ['-c', command.replace('aws events put-events --entries', "printf '%s'")],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(printed);
}

const eventsDoc = readFileSync('docs/events.md', 'utf8');
const commands = eventsDoc.split('\n').filter((line) => line.startsWith('aws events put-events --entries'));

describe('the example events of docs/events.md', () => {
  it('gives a command for every event of the contract', () => {
    // Act
    const documented = commands.flatMap(entriesOf).map((entry) => entry.DetailType);

    // Assess
    expect(documented.sort()).toEqual(contractEvents.map((e) => e.detailType).sort());
  });

  it.each(commands.map((command) => [entriesOf(command)[0]?.DetailType, command] as const))(
    "puts a %s that its handler's own parse accepts, run today as written",
    (detailType, command) => {
      // Prepare
      const inbound = handlerParse[detailType ?? ''];
      const outbound = outboundSchemas[detailType as OutboundDetailType];

      // Act
      const entries = entriesOf(command);
      const detail = JSON.parse(entries[0]?.Detail ?? '{}');
      const problems = inbound ? inbound(detail, Date.now()) : schemaOnly(outbound)(detail, Date.now());

      // Assess
      expect(inbound ?? outbound).toBeDefined();
      expect(problems).toEqual([]);
    },
  );
});

describe("the README's post file", () => {
  it("is accepted for the demo's brand right after npm start, written as the README says", () => {
    // Prepare
    const readme = readFileSync('README.md', 'utf8');
    const block = /```sh\n(cat > spring-launch\.yaml <<EOF\n[\s\S]*?\nEOF)\n/.exec(readme)?.[1];
    const folder = mkdtempSync(join(tmpdir(), 'brandflow-readme-'));

    // Act
    let detail: unknown;
    try {
      execFileSync('bash', ['-c', block ?? 'false'], { cwd: folder });
      detail = parseYaml(readFileSync(join(folder, 'spring-launch.yaml'), 'utf8'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const result = validateSubmission({
      detail,
      brand: parseBrandProfile(demoBrand),
      existing: undefined,
      now: Date.now(),
    });

    // Assess
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});

describe('the lifecycle log table of docs/data-model.md', () => {
  it('names every action the code writes, and no other', () => {
    // Prepare
    const doc = readFileSync('docs/data-model.md', 'utf8');
    const table = doc.slice(doc.indexOf('| `action`'), doc.indexOf('### The outbox'));

    // Act
    const documented = table
      .split('\n')
      .slice(2)
      .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1]));

    // Assess
    expect(documented.sort()).toEqual([...LIFECYCLE_ACTIONS].sort());
  });
});
