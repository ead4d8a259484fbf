import { putReportSchedule } from '../aws/scheduler.js';
import { InboundEvent } from '../domain/events.js';
import {
  type ReportCadence,
  reportCadences,
  reportScheduleExpressions,
  reportScheduleName,
  SCHEDULER_SOURCE,
} from '../domain/report-schedules.js';

/**
 * The payload a report schedule hands GenerateReport: an EventBridge-shaped envelope whose
 * detail names the brand and cadence; Scheduler fills in the firing's scheduled time and id.
 *
 * @example
 * ```ts
 * JSON.parse(scheduledReportInput('acme', 'week')).detail.scheduledAt; // '<aws.scheduler.scheduled-time>'
 * ```
 */
export function scheduledReportInput(brandId: string, cadence: ReportCadence): string {
  return JSON.stringify({
    id: '<aws.scheduler.execution-id>',
    source: SCHEDULER_SOURCE,
    'detail-type': InboundEvent.GenerateReport,
    detail: { brandId, cadence, scheduledAt: '<aws.scheduler.scheduled-time>' },
  });
}

/**
 * Keeps a brand's weekly and monthly report schedules in step with its profile: created the
 * first time, replaced (same names) when the profile is set again, so a new time zone moves
 * them and a repeated call changes nothing.
 *
 * @example
 * ```ts
 * await keepReportSchedules({ brandId: 'acme', timeZone: 'Europe/Paris' });
 * ```
 */
export async function keepReportSchedules(brand: { brandId: string; timeZone: string }): Promise<void> {
  for (const cadence of reportCadences) {
    await putReportSchedule({
      name: reportScheduleName(brand.brandId, cadence),
      expression: reportScheduleExpressions[cadence],
      timeZone: brand.timeZone,
      description: `The ${cadence === 'week' ? 'weekly' : 'monthly'} analysis report of ${brand.brandId}`,
      input: scheduledReportInput(brand.brandId, cadence),
    });
  }
}
