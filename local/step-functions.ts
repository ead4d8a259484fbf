import { type RunOptions, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { jumpLocalClock, localNow } from './clock.js';
import { LocalAws, type LocalTask, type LocalTemplate, walkStates } from './core/template.js';
import { AwsApiError } from './errors.js';
import { type AwsHistoryEvent, awsHistory } from './execution-history.js';
import { readPath } from './json-path.js';
import { asLambdaFailure, type LambdaHost } from './lambda-host.js';
import { compressedTimeoutMs, type LocalSpeed } from './speed.js';
import { TaskTokens } from './task-tokens.js';
import type { ExecutionStatus, HistoryEvent, LocalExecution, LocalRuntimeEvent } from './types.js';

type Overrides = NonNullable<RunOptions['overrides']>;
type StateRecord = Record<string, unknown>;

/** The engine reads `$$.Task.Token` from a fixed context; each callback task swaps in its own token. */
const TOKEN_PLACEHOLDER = 'local-task-token-placeholder';
/** Characters AWS refuses in execution names (control characters are checked apart). */
const FORBIDDEN_IN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;

/** AWS execution names: 1-80 characters, no whitespace, no control character, none of the above. */
function isExecutionName(name: string): boolean {
  const control = [...name].some((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
  return name.length >= 1 && name.length <= 80 && !control && !FORBIDDEN_IN_NAME.test(name);
}

interface ExecutionRecord extends LocalExecution {
  inputText: string;
  abort(): void;
  closed: Promise<void>;
  /** Local-clock time the last Wait state of this execution waits for. */
  wakeAt?: number;
  /** The state where the execution waits (a Wait state, or a callback task for its token); undefined while it moves. */
  waitingAt?: string;
  /** Set by StopExecution (or a stopping run): no task may start after it. */
  aborted?: boolean;
}

export interface LocalStepFunctionsOptions {
  template: LocalTemplate;
  /** The definition the engine runs (the synthesized one, adapted). */
  definition: StateMachineDefinition;
  host: LambdaHost;
  speed: LocalSpeed;
  onEvent: (event: LocalRuntimeEvent) => void;
}

/**
 * Step Functions for one state machine, in-process: executions run on aws-local-stepfunctions
 * and every Task state runs its function's handler through the {@link LambdaHost}.
 */
export class LocalStepFunctions {
  readonly executions = new Map<string, ExecutionRecord>();
  readonly tokens = new TaskTokens();
  private readonly machine: StateMachine;
  private readonly states = new Map<string, StateRecord>();

  constructor(private readonly options: LocalStepFunctionsOptions) {
    // The engine's validator writes defaults (QueryLanguage) into the object it is given.
    this.machine = new StateMachine(structuredClone(options.definition), {
      validationOptions: { checkArn: true, checkPaths: true },
    });
    for (const [name, state] of walkStates(options.definition)) this.states.set(name, state);
  }

  get stateMachineArn(): string {
    return this.options.template.stateMachine.arn;
  }

  /**
   * StartExecution. Same name and same input while running returns the running execution;
   * any other reuse of a name is ExecutionAlreadyExists, as on AWS.
   */
  startExecution(request: { stateMachineArn?: unknown; name?: unknown; input?: unknown }): LocalExecution {
    const { stateMachine } = this.options.template;
    if (request.stateMachineArn !== stateMachine.arn) {
      throw new AwsApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${String(request.stateMachineArn)}'`,
      );
    }
    const name = typeof request.name === 'string' ? request.name : crypto.randomUUID();
    if (!isExecutionName(name)) throw new AwsApiError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = typeof request.input === 'string' ? request.input : '{}';
    let input: unknown;
    try {
      input = JSON.parse(inputText);
    } catch {
      throw new AwsApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not JSON');
    }
    const existing = this.executions.get(name);
    if (existing) {
      if (existing.status === 'RUNNING' && canonical(existing.input) === canonical(input)) return existing;
      throw new AwsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
    }
    return this.run(name, input, inputText);
  }

  describeExecution(executionArn: unknown): LocalExecution {
    // Names hold no colon, so the ARN's last part is the name the execution is kept under.
    const prefix = this.executionArnPrefix;
    const name =
      typeof executionArn === 'string' && executionArn.startsWith(prefix)
        ? executionArn.slice(prefix.length)
        : undefined;
    const execution = name === undefined ? undefined : this.executions.get(name);
    if (!execution)
      throw new AwsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(executionArn)}'`);
    return execution;
  }

  /** GetExecutionHistory's events, in AWS's shape (see execution-history.ts). */
  history(executionArn: unknown): AwsHistoryEvent[] {
    const execution = this.describeExecution(executionArn);
    return awsHistory(execution, this.roleArn, (stateName) => {
      const task = this.options.template.tasks[stateName];
      if (!task) return undefined;
      if (task.integration === 'waitForTaskToken') return 'invoke.waitForTaskToken';
      return task.integration === 'invoke' ? 'invoke' : task.functionLogicalId;
    });
  }

  /** DescribeStateMachine's answer for the one machine this twin runs. */
  describeStateMachine(stateMachineArn: unknown) {
    const { stateMachine } = this.options.template;
    if (stateMachineArn !== stateMachine.arn) {
      throw new AwsApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${String(stateMachineArn)}'`,
      );
    }
    return {
      stateMachineArn: stateMachine.arn,
      name: stateMachine.name,
      status: 'ACTIVE',
      definition: JSON.stringify(this.options.template.definition),
      roleArn: this.roleArn,
      type: 'STANDARD',
      creationDate: this.createdAt.getTime() / 1000,
    };
  }

  private readonly createdAt = new Date();

  private get executionArnPrefix(): string {
    return `arn:${LocalAws.partition}:states:${LocalAws.region}:${LocalAws.accountId}:execution:${this.options.template.stateMachine.name}:`;
  }

  private get roleArn(): string {
    return `arn:${LocalAws.partition}:iam::${LocalAws.accountId}:role/${this.options.template.stateMachine.name}-role`;
  }

  /** StopExecution: the execution ends ABORTED and its callback tasks stop waiting. */
  stopExecution(executionArn: unknown): LocalExecution {
    const execution = this.describeExecution(executionArn) as ExecutionRecord;
    if (execution.status === 'RUNNING') execution.abort();
    return execution;
  }

  /** Aborts every running execution and waits until each has closed. */
  async stopAll(): Promise<void> {
    const running = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    for (const execution of running) execution.abort();
    await Promise.all(running.map((e) => e.closed));
  }

  private run(name: string, input: unknown, inputText: string): ExecutionRecord {
    const { stateMachine } = this.options.template;
    const executionArn = `${this.executionArnPrefix}${name}`;
    const startDate = new Date();
    const record = {
      name,
      executionArn,
      input,
      inputText,
      status: 'RUNNING',
      startDate,
      history: [],
      statesEntered: [],
      stateTransitions: 0,
    } as unknown as ExecutionRecord;
    this.executions.set(name, record);
    const execution = this.machine.run(input as never, {
      noThrowOnAbort: true,
      overrides: this.overridesFor(record),
      context: {
        Execution: {
          Id: executionArn,
          Name: name,
          Input: input as never,
          StartTime: startDate.toISOString(),
        },
        StateMachine: { Id: stateMachine.arn, Name: stateMachine.name },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    record.abort = () => {
      record.aborted = true;
      this.tokens.abandon(new Error('ExecutionAborted'), executionArn);
      execution.abort();
    };
    this.options.onEvent({ type: 'execution-started', executionName: name, input });
    const recorded = this.record(record, execution.eventLogs);
    record.closed = Promise.allSettled([execution.result, recorded]).then(() => this.close(record));
    return record;
  }

  private async record(record: ExecutionRecord, events: AsyncGenerator<unknown>): Promise<void> {
    for await (const raw of events) {
      const event = toHistoryEvent(raw as Record<string, unknown>);
      record.history.push(event);
      if (event.type === 'StateEntered' || event.type === 'StateRetried') record.stateTransitions += 1;
      if (event.type === 'StateEntered' && event.stateName) {
        record.statesEntered.push(event.stateName);
        this.noteWaitTarget(record, event);
      }
      const live = liveType[event.type];
      if (live && event.stateName) {
        this.options.onEvent({
          type: live,
          executionName: record.name,
          stateName: event.stateName,
          stateType: event.stateType ?? '',
          mapIndex: event.mapIndex,
          error: event.error,
        });
      }
    }
  }

  private close(record: ExecutionRecord): void {
    const last = [...record.history]
      .reverse()
      .find((e) => e.type.startsWith('Execution') && e.type !== 'ExecutionStarted');
    const status: ExecutionStatus =
      last?.type === 'ExecutionSucceeded'
        ? 'SUCCEEDED'
        : last?.type === 'ExecutionFailed'
          ? 'FAILED'
          : last?.type === 'ExecutionTimeout'
            ? 'TIMED_OUT'
            : 'ABORTED';
    record.status = status;
    record.stopDate = new Date();
    if (status === 'SUCCEEDED') record.output = last?.output;
    if (status === 'FAILED') {
      record.error = last?.error;
      record.cause = typeof last?.cause === 'string' ? last.cause : JSON.stringify(last?.cause ?? '');
    }
    this.tokens.abandon(new Error('ExecutionClosed'), record.executionArn);
    this.options.onEvent({
      type: 'execution-closed',
      executionName: record.name,
      status,
      stateTransitions: record.stateTransitions,
      error: record.error,
    });
  }

  /** A Wait state was entered: remember the time AWS would wake it at (see clock.ts). */
  private noteWaitTarget(record: ExecutionRecord, event: HistoryEvent): void {
    const state = this.states.get(event.stateName ?? '');
    if (state?.Type !== 'Wait') return;
    const enteredAt = event.timestamp;
    let target: number | undefined;
    if (typeof state.Seconds === 'number') target = enteredAt + state.Seconds * 1000;
    else if (typeof state.Timestamp === 'string') target = Date.parse(state.Timestamp);
    else if (typeof state.SecondsPath === 'string') {
      target = enteredAt + Number(readPath(event.input, state.SecondsPath)) * 1000;
    } else if (typeof state.TimestampPath === 'string') {
      target = Date.parse(String(readPath(event.input, state.TimestampPath)));
    }
    if (target !== undefined && Number.isFinite(target)) record.wakeAt = Math.max(record.wakeAt ?? 0, target);
    this.noteWaiting(record, event.stateName ?? '');
  }

  private noteWaiting(record: ExecutionRecord, stateName: string | undefined): void {
    record.waitingAt = stateName;
    if (stateName) this.options.onEvent({ type: 'execution-waiting', executionName: record.name, stateName });
  }

  /**
   * Whether every running execution waits (in a Wait state, or for a task token once the task's
   * handler has returned) instead of moving: what a test that drives handlers itself waits for.
   */
  allWaiting(): boolean {
    return [...this.executions.values()].every(
      (e) => e.status !== 'RUNNING' || (e as ExecutionRecord).waitingAt !== undefined,
    );
  }

  private overridesFor(record: ExecutionRecord): Overrides {
    const { speed } = this.options;
    const taskResourceLocalHandlers: NonNullable<Overrides['taskResourceLocalHandlers']> = {};
    for (const [stateName, task] of Object.entries(this.options.template.tasks)) {
      taskResourceLocalHandlers[stateName] = (input) => this.runTask(record, stateName, task, input) as never;
    }
    // Getters: the engine reads an override when the state runs, so speed changes apply at once.
    const waitTimeOverrides = {};
    const retryIntervalOverrides = {};
    for (const [name, state] of this.states) {
      if (state.Type === 'Wait')
        Object.defineProperty(waitTimeOverrides, name, { get: () => speed.waitMs, enumerable: true });
      if (Array.isArray(state.Retry)) {
        Object.defineProperty(retryIntervalOverrides, name, { get: () => speed.retryMs, enumerable: true });
      }
    }
    return { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides };
  }

  private async runTask(
    record: ExecutionRecord,
    stateName: string,
    task: LocalTask,
    input: unknown,
  ): Promise<unknown> {
    this.noteWaiting(record, undefined);
    // The previous Wait is over: the task after it reads the time AWS would show, once the
    // handlers under way (of any execution) have ended, as hours of AWS time would let them.
    if (record.wakeAt !== undefined) {
      await jumpLocalClock(() => (record.aborted ? undefined : record.wakeAt));
      record.wakeAt = undefined;
    }
    // Stopped while the clock waited: a stopped execution starts no more tasks.
    if (record.aborted) throw new Error('ExecutionAborted');
    const { host } = this.options;
    const invoke = async (event: unknown) => {
      try {
        return await host.invoke(task.functionLogicalId, event);
      } catch (error) {
        throw asLambdaFailure(error);
      }
    };
    if (task.integration === 'direct') return invoke(input);
    const payload = (input as { Payload?: unknown } | null)?.Payload ?? null;
    if (task.integration === 'invoke') {
      return { ExecutedVersion: '$LATEST', Payload: await invoke(payload), StatusCode: 200 };
    }
    return this.runCallbackTask(record, stateName, payload, input, invoke);
  }

  private async runCallbackTask(
    record: ExecutionRecord,
    stateName: string,
    payload: unknown,
    input: unknown,
    invoke: (event: unknown) => Promise<unknown>,
  ): Promise<unknown> {
    const { token, answer } = this.tokens.issue(record.executionArn);
    const state = this.states.get(stateName) ?? {};
    const timeoutSeconds =
      typeof state.TimeoutSeconds === 'number'
        ? state.TimeoutSeconds
        : typeof state.TimeoutSecondsPath === 'string'
          ? Number(readPath(input, state.TimeoutSecondsPath))
          : undefined;
    const event = replaceValue(payload, TOKEN_PLACEHOLDER, token);
    if (typeof state.TimeoutSecondsPath === 'string') keepEngineTimerInRange(input, state.TimeoutSecondsPath);
    let timer: NodeJS.Timeout | undefined;
    if (timeoutSeconds !== undefined && Number.isFinite(timeoutSeconds)) {
      const startedAt = localNow();
      timer = setTimeout(
        () => {
          // The review window is over on AWS's clock too: handlers after the timeout see it so.
          // Unless the task was answered while the handlers under way ended.
          const end = startedAt + timeoutSeconds * 1000;
          void jumpLocalClock(() => (this.tokens.isPending(token) ? end : undefined)).then(() => {
            const timeout = new Error('');
            timeout.name = 'States.Timeout';
            this.tokens.expire(token, timeout);
          });
        },
        compressedTimeoutMs(timeoutSeconds, this.options.speed),
      );
    }
    try {
      await invoke(event);
      this.noteWaiting(record, stateName);
      return await answer;
    } catch (error) {
      this.tokens.discard(token);
      throw error;
    } finally {
      record.waitingAt = undefined;
      clearTimeout(timer);
    }
  }
}

/** Node's timers take at most 2^31-1 ms (24.8 days) and fire at once beyond it. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * Right after calling a Task override, the engine arms its own real-time timer from the
 * timeout its `TimeoutSecondsPath` reads in this very object. A review window longer than
 * 24.8 days would overflow that timer and time the task out at once, so the value is capped
 * here, synchronously, before the engine reads it. The compressed timer decides the timeout;
 * the handler already received the uncapped payload.
 */
function keepEngineTimerInRange(input: unknown, path: string): void {
  const match = /^\$\.Payload\.([A-Za-z0-9_]+)$/.exec(path);
  const payload = (input as { Payload?: Record<string, unknown> } | null)?.Payload;
  const field = match?.[1];
  if (!field || !payload || typeof payload[field] !== 'number') return;
  payload[field] = Math.min(payload[field] as number, MAX_TIMER_SECONDS);
}

const liveType: Record<string, Extract<LocalRuntimeEvent, { stateName: string }>['type'] | undefined> = {
  StateEntered: 'state-entered',
  StateExited: 'state-exited',
  StateFailed: 'state-failed',
  StateRetried: 'state-retried',
  StateCaught: 'state-caught',
};

function toHistoryEvent(raw: Record<string, unknown>): HistoryEvent {
  const state = (raw.state ?? raw.parentState) as
    | { name?: string; type?: string; input?: unknown; output?: unknown }
    | undefined;
  return {
    type: String(raw.type),
    timestamp: Number(raw.timestamp),
    stateName: state?.name,
    stateType: state?.type,
    mapIndex: typeof raw.index === 'number' ? raw.index : undefined,
    input: state?.input ?? raw.input,
    output: state?.output ?? raw.output,
    error: typeof raw.Error === 'string' ? raw.Error : undefined,
    cause: raw.Cause,
  };
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function replaceValue(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceValue(v, from, to));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceValue(v, from, to)]));
  }
  return value;
}
