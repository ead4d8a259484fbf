import { Lazy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ReportScheduleEnv } from '../../functions/aws/env.js';
import { ScheduledInvocations } from './scheduled-invocations.js';

/**
 * What EventBridge Scheduler needs for every brand's weekly and monthly report
 * (functions/reports/schedules.ts): a group of their own, a role that may invoke
 * GenerateReport only, and a dead-letter queue. The functions that set a brand's profile
 * create and update the schedules.
 *
 * @example
 * ```ts
 * const reportSchedules = new ReportScheduling(this, 'ReportSchedules', key);
 * reportSchedules.allowScheduling(updateBrandProfileFn);
 * reportSchedules.allowInvoking(generateReportFn);
 * ```
 */
export class ReportScheduling extends ScheduledInvocations {
  private target: lambda.IFunction | undefined;

  /** `key` encrypts the dead-letter queue. */
  constructor(scope: Construct, id: string, key: kms.IKey) {
    super(scope, id, {
      key,
      groupSuffix: 'reports',
      what: 'the report schedules',
      roleDescription: 'Lets the report schedules invoke GenerateReport',
      actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule'],
    });
  }

  /** Lets `fn` keep brands' report schedules, and gives it their settings. */
  override allowScheduling(fn: lambda.Function): void {
    super.allowScheduling(fn);
    fn.addEnvironment(ReportScheduleEnv.group, this.group.scheduleGroupName);
    fn.addEnvironment(ReportScheduleEnv.roleArn, this.role.roleArn);
    fn.addEnvironment(ReportScheduleEnv.deadLetterQueueArn, this.deadLetterQueue.queueArn);
    // GenerateReport may be made after the functions that schedule it.
    fn.addEnvironment(
      ReportScheduleEnv.generateReportArn,
      Lazy.string({ produce: () => this.target?.functionArn }),
    );
  }

  /**
   * The function every report schedule invokes: GenerateReport. Lambda's retries of a failed
   * report end in the dead-letter queue of its `Generate Report` intake, which already owns
   * the function's asynchronous settings.
   */
  override allowInvoking(target: lambda.IFunction): void {
    super.allowInvoking(target);
    this.target = target;
  }
}
