/**
 * The local run's clock: real time plus an offset that only moves forward.
 *
 * On AWS a post scheduled for tomorrow waits until tomorrow, and the handler that runs after
 * the wait reads a clock that says "tomorrow". Locally the wait lasts a few hundred
 * milliseconds, so the clock jumps to the wait's target when the next task of that execution
 * starts: handlers comparing `scheduledAt` with now see the same answer they would see on
 * AWS, and a post rescheduled to a later time during the wait is still seen as rescheduled.
 *
 * The handlers read time through `Date` like they do in Lambda, so the clock is installed on
 * the global `Date` for as long as a local run is up (one per process).
 */

const RealDate = Date;
let offsetMs = 0;
let installs = 0;

/**
 * Wall-clock time in epoch milliseconds, whatever the local clock says: for what lives in real
 * time beside the workflow, like the tokens people hold.
 */
export function realNow(): number {
  return RealDate.now();
}

/** Current local time in epoch milliseconds. */
export function localNow(): number {
  return RealDate.now() + offsetMs;
}

/**
 * Moves the local clock forward so that it reads at least `epochMs`; never moves it back.
 *
 * @example
 * ```ts
 * advanceLocalClockTo(Date.parse('2030-01-01T09:00:00Z'));
 * new Date().toISOString(); // '2030-01-01T09:00:00.0..Z' or later
 * ```
 */
export function advanceLocalClockTo(epochMs: number): void {
  const behind = epochMs - localNow();
  if (!Number.isFinite(behind) || behind <= 0) return;
  offsetMs += behind;
  for (const listener of [...listeners]) listener();
}

const listeners = new Set<() => void>();

/**
 * Calls `listener` each time the local clock jumps forward (real time passing is not a jump),
 * until the returned function is called: for what must happen at a time the jump passed.
 *
 * @example
 * ```ts
 * const stop = onLocalClockAdvance(() => fireWhatIsDue());
 * ```
 */
export function onLocalClockAdvance(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * How far the local clock runs ahead of real time, in milliseconds: what the waits and the
 * review timeouts of the executions so far have jumped.
 */
export function localClockAheadMs(): number {
  return offsetMs;
}

/**
 * Brings the local clock back to real time. Only for a moment when no execution runs (the
 * twin after its demo): an execution's handlers must never see time go back, but a client
 * arriving after the demo must not inherit the demo's days of jumps either, or a post
 * scheduled "one hour from now" by the wall clock would already lie in the past.
 *
 * @example
 * ```ts
 * await runDemo(out, { brandflow, onEvent });
 * resetLocalClock(); // Date.now() is the wall clock again
 * ```
 */
export function resetLocalClock(): void {
  offsetMs = 0;
}

/** Where the twin's AWS endpoint answers `GET` with its clock ({@link TwinClock}). */
export const TWIN_CLOCK_PATH = '/brandflow/clock';

/** What `GET /brandflow/clock` answers: the time the twin's handlers read, and the wall clock. */
export interface TwinClock {
  /** The local clock, RFC 3339 UTC: what a post's `scheduledAt` is compared with. */
  now: string;
  /** The wall clock, RFC 3339 UTC. */
  realNow: string;
  /** How far `now` runs ahead of `realNow`, in whole seconds. */
  aheadSeconds: number;
}

/**
 * The twin's clock as its clients see it.
 *
 * @example
 * ```ts
 * readTwinClock(); // { now: '2030-01-04T09:00:00.000Z', realNow: '2030-01-01T09:00:00.000Z', aheadSeconds: 259200 }
 * ```
 */
export function readTwinClock(): TwinClock {
  const real = RealDate.now();
  return {
    now: new RealDate(real + offsetMs).toISOString(),
    realNow: new RealDate(real).toISOString(),
    aheadSeconds: Math.floor(offsetMs / 1000),
  };
}

const LocalDate = new Proxy(RealDate, {
  construct(target, args, newTarget) {
    return args.length === 0
      ? Reflect.construct(target, [localNow()], newTarget)
      : Reflect.construct(target, args, newTarget);
  },
  apply() {
    return new RealDate(localNow()).toString();
  },
  get(target, property, receiver) {
    return property === 'now' ? localNow : Reflect.get(target, property, receiver);
  },
});

/**
 * Makes `Date` read the local clock until the returned function is called. Nested installs
 * share one clock; the real `Date` comes back with the last uninstall.
 *
 * @example
 * ```ts
 * const uninstall = installLocalClock();
 * try { await runDemo(); } finally { uninstall(); }
 * ```
 */
export function installLocalClock(): () => void {
  installs += 1;
  globalThis.Date = LocalDate;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    installs -= 1;
    if (installs === 0) {
      globalThis.Date = RealDate;
      offsetMs = 0;
    }
  };
}
