import { pageOf } from './aws-paging.js';
import { jumpLocalClock, localNow, onLocalClockAdvance } from './clock.js';
import { LocalAws, type LocalFunction } from './core/template.js';
import type { DeadLetters } from './dead-letters.js';
import { AwsApiError } from './errors.js';
import type { LambdaHost } from './lambda-host.js';
import { nextCronTime } from './scheduler-cron.js';
import { deliverSchedule } from './scheduler-delivery.js';
import { checkName, readCreateSchedule, type ScheduleRequest } from './scheduler-request.js';
import type { LocalSpeed } from './speed.js';
import type { LocalRuntimeEvent, LocalScheduleRun } from './types.js';

export interface LocalSchedulerOptions {
  /** Every function a schedule may target, by logical id (the template's, plus any extra). */
  functions: Record<string, LocalFunction>;
  host: LambdaHost;
  speed: LocalSpeed;
  deadLetters: DeadLetters;
  onEvent: (event: LocalRuntimeEvent) => void;
  /**
   * Schedule groups that exist besides `default` (the template's); when empty, any group
   * name is accepted, as if the stack declared it.
   */
  groups: string[];
}

/** A schedule the twin holds. */
export interface LocalSchedule extends ScheduleRequest {
  arn: string;
  creationDate: Date;
  lastModificationDate: Date;
  /** Set once it has fired: a one-time schedule fires once; a recurring one, its last firing. */
  firedAt?: Date;
}

/** The longest a Node.js timer waits (about 24.8 days); a later firing re-arms after it. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

const DEFAULT_GROUP = 'default';
/** ListSchedules returns at most 100 schedules a page, whatever MaxResults asks. */
const LARGEST_PAGE = 100;

/**
 * Amazon EventBridge Scheduler for one-time (`at()`) and recurring (`cron()`, in a time zone)
 * schedules that invoke Lambda functions, in memory: a restart of the process forgets every
 * schedule.
 *
 * Time is compressed like a Wait state: the earliest pending one-time schedule fires
 * `speed.waitMs` real milliseconds after it became the next one, and the local clock first
 * moves to its time, so the target reads a clock at or after the schedule's time. A schedule
 * whose time the clock has already passed (another post's wait moved it) fires at once.
 * Before the clock moves, the invocations under way end, as hours of real time would let them.
 * A recurring schedule never moves the clock (it would run it forward without end): it fires
 * when the clock reaches its time, by real time or by a jump, then waits for its next time.
 *
 * @example
 * ```ts
 * const scheduler = new LocalScheduler({ functions, host, speed, deadLetters, onEvent, groups: [] });
 * scheduler.create('metrics-p-1', { ScheduleExpression: 'at(2030-05-01T10:00:00)', FlexibleTimeWindow: { Mode: 'OFF' }, Target });
 * await scheduler.stop();
 * ```
 */
export class LocalScheduler {
  /** Final outcomes of firings, in the order they ended. */
  readonly runs: LocalScheduleRun[] = [];
  private readonly schedules = new Map<string, LocalSchedule>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  /** Whether the armed timer moves the clock (a compressed wait) or only fires what is due. */
  private timerAdvances = false;
  /** Set while a compressed wait holds for the firings under way (see `tick`). */
  private settling = false;
  private stopped = false;
  private readonly stopListening: () => void;

  constructor(private readonly options: LocalSchedulerOptions) {
    // A jump of the clock (a compressed wait elsewhere) may make a recurring schedule due.
    this.stopListening = onLocalClockAdvance(() => this.arm());
  }

  /** CreateSchedule: a name taken in the group is a ConflictException, unless it is a retry of the same request. */
  create(name: string, body: Record<string, unknown>): { ScheduleArn: string } {
    const request = readCreateSchedule(name, body);
    this.checkGroup(request.groupName);
    const key = keyOf(request.groupName, name);
    const existing = this.schedules.get(key);
    if (existing) {
      // The SDK resends the same ClientToken when it retries one call: that is not a second schedule.
      if (request.clientToken && existing.clientToken === request.clientToken)
        return { ScheduleArn: existing.arn };
      throw new AwsApiError('ConflictException', `Schedule ${name} already exists.`, {
        statusCode: 409,
        context: { name, groupName: request.groupName },
      });
    }
    const now = new Date();
    const schedule: LocalSchedule = {
      ...request,
      arn: `arn:${LocalAws.partition}:scheduler:${LocalAws.region}:${LocalAws.accountId}:schedule/${request.groupName}/${name}`,
      creationDate: now,
      lastModificationDate: now,
    };
    this.schedules.set(key, schedule);
    this.options.onEvent({ type: 'schedule-created', scheduleArn: schedule.arn, at: scheduleTime(schedule) });
    this.arm();
    return { ScheduleArn: schedule.arn };
  }

  /**
   * UpdateSchedule: replaces every field of an existing schedule (what the request leaves out
   * takes its default, as on AWS); a recurring one's next firing is counted from now.
   */
  update(name: string, body: Record<string, unknown>): { ScheduleArn: string } {
    const request = readCreateSchedule(name, body);
    const existing = this.find(name, request.groupName);
    const updated: LocalSchedule = {
      ...request,
      arn: existing.arn,
      creationDate: existing.creationDate,
      lastModificationDate: new Date(),
    };
    this.schedules.set(keyOf(request.groupName, name), updated);
    this.arm();
    return { ScheduleArn: existing.arn };
  }

  /** GetSchedule. */
  get(name: string, groupName: unknown): LocalSchedule {
    return this.find(name, groupName);
  }

  /** DeleteSchedule: a pending schedule will not fire. */
  delete(name: string, groupName: unknown): void {
    const schedule = this.find(name, groupName);
    this.remove(schedule);
    this.arm();
  }

  /** ListSchedules, by group, name prefix and state, in pages of `maxResults` (at most 100). */
  list(query: {
    group?: string;
    namePrefix?: string;
    state?: string;
    nextToken?: string;
    maxResults?: number;
  }) {
    if (query.group !== undefined) this.checkGroup(checkName('ScheduleGroup', query.group));
    if (query.state !== undefined && query.state !== 'ENABLED' && query.state !== 'DISABLED') {
      throw new AwsApiError('ValidationException', 'State must be one of ENABLED, DISABLED', {
        context: { field: 'State' },
      });
    }
    const all = [...this.schedules.values()]
      .filter((s) => query.group === undefined || s.groupName === query.group)
      .filter((s) => query.namePrefix === undefined || s.name.startsWith(query.namePrefix))
      .filter((s) => query.state === undefined || s.state === query.state)
      .sort((a, b) => keyOf(a.groupName, a.name).localeCompare(keyOf(b.groupName, b.name)));
    const { items, nextToken } = pageOf(all, query.nextToken, query.maxResults, LARGEST_PAGE);
    return { schedules: items, nextToken };
  }

  /** Schedules not yet fired and not deleted, earliest first. */
  pending(): LocalSchedule[] {
    return [...this.schedules.values()]
      .filter((s) => s.state === 'ENABLED' && !s.firedAt)
      .sort((a, b) => a.fireAt - b.fireAt);
  }

  /** Whether a timer is set for a coming firing (false once stopped). */
  get armed(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Cancels the timer, so nothing pending fires any more, and waits for firings in flight to
   * end (a failing one is not retried further and ends as AWS would after its last attempt).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening();
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private find(name: string, groupName: unknown): LocalSchedule {
    const group =
      groupName === undefined || groupName === '' ? DEFAULT_GROUP : checkName('GroupName', groupName);
    checkName('Name', name);
    this.checkGroup(group);
    const schedule = this.schedules.get(keyOf(group, name));
    if (!schedule) {
      throw new AwsApiError('ResourceNotFoundException', `Schedule ${name} does not exist.`, {
        statusCode: 404,
        context: { name, groupName: group },
      });
    }
    return schedule;
  }

  private checkGroup(group: string): void {
    const { groups } = this.options;
    if (group === DEFAULT_GROUP || groups.length === 0 || groups.includes(group)) return;
    throw new AwsApiError('ResourceNotFoundException', `Schedule group ${group} does not exist.`, {
      statusCode: 404,
      context: { groupName: group },
    });
  }

  private remove(schedule: LocalSchedule): void {
    if (this.schedules.get(keyOf(schedule.groupName, schedule.name)) !== schedule) return;
    this.schedules.delete(keyOf(schedule.groupName, schedule.name));
    this.options.onEvent({
      type: 'schedule-deleted',
      scheduleArn: schedule.arn,
      at: new Date().toISOString(),
    });
  }

  /**
   * Sets the timer for the next firing, keeping a compressed wait already under way: a due
   * schedule fires at once; else the next one-time schedule is a compressed wait; else the
   * next recurring one waits in real time (or for a jump of the clock).
   */
  private arm(): void {
    if (this.stopped || this.settling) return;
    const pending = this.pending();
    const [next] = pending;
    if (!next) {
      clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    const due = next.fireAt <= localNow();
    // A compressed wait under way goes on, unless something is due now and would wait behind it.
    if (this.timer && this.timerAdvances && !due) return;
    clearTimeout(this.timer);
    const oneTime = pending.find((schedule) => !schedule.recurrence);
    this.timerAdvances = !due && oneTime !== undefined;
    const delay = due
      ? 0
      : this.timerAdvances
        ? this.options.speed.waitMs
        : Math.min(next.fireAt - localNow(), LONGEST_TIMER_MS);
    this.timer = setTimeout(() => this.tick(), delay);
  }

  /** The wait is over: the clock reads the next schedule's time, and every due schedule fires. */
  private tick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    if (!this.timerAdvances) {
      this.fireDue();
      return;
    }
    // On AWS the clock would move hours, not milliseconds: what the earlier firings started has
    // ended (and scheduled what it had to, such as a rate-limit retry) before a later schedule
    // fires. A firing between its retries holds no handler, so the scheduler waits for its own;
    // the clock's gate waits for every handler's invocation (clock.ts).
    this.settling = true;
    void Promise.allSettled([...this.running])
      .then(() =>
        jumpLocalClock(() =>
          this.stopped ? undefined : this.pending().find((schedule) => !schedule.recurrence)?.fireAt,
        ),
      )
      .then(() => {
        this.settling = false;
        if (!this.stopped) this.fireDue();
      });
  }

  /** Fires every schedule the clock has reached, then sets the timer for the next one. */
  private fireDue(): void {
    const now = localNow();
    for (const schedule of this.pending()) {
      if (schedule.fireAt > now) break;
      this.fire(schedule);
    }
    this.arm();
  }

  private fire(pending: LocalSchedule): void {
    // A recurring schedule's firing is a snapshot at its scheduled time; the schedule moves on.
    const schedule = pending.recurrence ? { ...pending } : pending;
    schedule.firedAt = new Date();
    if (pending.recurrence) {
      const next = nextCronTime(pending.recurrence, pending.fireAt);
      if (next === undefined) pending.firedAt = schedule.firedAt;
      else pending.fireAt = next;
    }
    this.options.onEvent({
      type: 'schedule-fired',
      scheduleArn: schedule.arn,
      target: schedule.target.Arn,
      at: schedule.firedAt.toISOString(),
    });
    const firing = deliverSchedule(schedule, {
      ...this.options,
      isStopping: () => this.stopped,
      onHandedOver: () => {
        // AWS deletes a completed one-time schedule once it has invoked the target.
        if (schedule.actionAfterCompletion === 'DELETE' && !schedule.recurrence) this.remove(schedule);
      },
    }).then((run) => {
      this.runs.push(run);
      this.options.onEvent({ type: 'schedule-completed', run });
    });
    this.running.add(firing);
    void firing.finally(() => this.running.delete(firing));
  }
}

function keyOf(group: string, name: string): string {
  return `${group}/${name}`;
}

function scheduleTime(schedule: LocalSchedule): string {
  return new Date(schedule.fireAt).toISOString();
}
