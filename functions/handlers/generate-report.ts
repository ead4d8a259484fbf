import { generateReportSchema } from '../contract/inbound.js';
import { schemaProblems } from '../contract/problems.js';
import { type InputProblem, InvalidInputError } from '../domain/errors.js';
import { SCHEDULER_SOURCE } from '../domain/report-schedules.js';
import { inboundHandler } from '../middleware/inbound-handler.js';
import { type EventBridgeEnvelope, scheduledReportDetail } from '../middleware/schemas.js';
import { generateReport, generateScheduledReport } from '../reports/generate.js';

export type GenerateReportResult =
  | { status: 'generated'; brandId: string; period: string; objects: Record<string, string> }
  | { status: 'rejected'; errors: InputProblem[] };

/**
 * Handles `Generate Report`: builds and stores the brand's report for the period and emits
 * `Report Ready`. An unknown brand, a malformed period or one that has not started is
 * rejected naming the field and the rule, with nothing written. A brand's report schedule
 * (functions/reports/schedules.ts) invokes it directly, naming a cadence instead of a period:
 * the report then covers the week or month before the firing.
 *
 * @example
 * ```ts
 * await onGenerateReport({ 'detail-type': 'Generate Report', detail: { brandId: 'acme', period: '2026-W48', requestedBy: { id: 'u-1' } } });
 * ```
 */
export async function onGenerateReport(event: EventBridgeEnvelope): Promise<GenerateReportResult> {
  const scheduled = event.source === SCHEDULER_SOURCE;
  const parsed = (scheduled ? scheduledReportDetail : generateReportSchema).safeParse(event.detail);
  if (!parsed.success) return { status: 'rejected', errors: schemaProblems(parsed.error) };
  try {
    const { index } =
      'cadence' in parsed.data
        ? await generateScheduledReport(parsed.data)
        : await generateReport({
            brandId: parsed.data.brandId,
            period: parsed.data.period,
            trigger: 'event',
          });
    return { status: 'generated', brandId: index.brandId, period: index.period, objects: index.objects };
  } catch (error) {
    if (error instanceof InvalidInputError) return { status: 'rejected', errors: error.problems };
    throw error;
  }
}

export const handler = inboundHandler('generate-report', onGenerateReport);
