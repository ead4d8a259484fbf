import { AsyncLocalStorage } from 'node:async_hooks';
import { type OffsetSpan, offsetSignedUnder, withOffset } from './clock-history.js';

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
 * the global `Date` for as long as a local run is up; every run of the process shares it.
 *
 * Two rules keep its jumps from being seen where AWS time never jumps:
 * - a jump waits until no handler invocation is running ({@link holdLocalClock},
 *   {@link jumpLocalClock}): a lease a handler took never expires in the middle of its call;
 * - a signed S3 request is judged at the offset it was signed under
 *   ({@link inSignersTimeFrame}): a presigned link lives its seconds of wall time, whatever
 *   the clock did since the link was made.
 */

const RealDate = Date;
let offsetMs = 0;
let installs = 0;
/** Every offset the clock ran at over the last week, by wall time (clock-history.ts). */
let spans: OffsetSpan[] = [{ from: Number.NEGATIVE_INFINITY, offsetMs: 0 }];
/** The offset `Date` reads at inside a request judged in its signer's time frame. */
const signersFrame = new AsyncLocalStorage<number>();

function setOffset(next: number): void {
  if (next === offsetMs) return;
  offsetMs = next;
  spans = withOffset(spans, RealDate.now(), next);
}

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
 * Moves the local clock forward so that it reads at least `epochMs`; never moves it back. At
 * once, handlers running or not: for a test that stands for time passing. The twin's own
 * waits end through {@link jumpLocalClock}.
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
  setOffset(offsetMs + behind);
  for (const listener of [...listeners]) listener();
}

let holds = 0;
const requestedJumps: { target: () => number | undefined; done: () => void }[] = [];

/**
 * Keeps the clock from jumping until the returned function is called (twice is harmless): the
 * Lambda host takes one hold per handler invocation, in every run of the process, since the
 * clock is shared. Never take a hold around code that waits for a jump: it would wait for itself.
 *
 * @example
 * ```ts
 * const release = holdLocalClock();
 * try { await handler(event, context); } finally { release(); }
 * ```
 */
export function holdLocalClock(): () => void {
  holds += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds -= 1;
    if (holds === 0) jumpNow();
  };
}

/**
 * The twin's compressed waits end through here: once no hold is held (at once when none is),
 * the clock moves forward to what `target` answers then (nothing when it answers undefined:
 * the wait was cancelled meanwhile). Jumps requested while a hold is held happen together, to
 * the latest target, which covers the earlier ones. Resolves once the clock has moved.
 *
 * @example
 * ```ts
 * await jumpLocalClock(() => (aborted ? undefined : wakeAt));
 * await invokeTheNextTask(); // reads a clock at or after wakeAt
 * ```
 */
export function jumpLocalClock(target: () => number | undefined): Promise<void> {
  return new Promise((done) => {
    requestedJumps.push({ target, done });
    if (holds === 0) jumpNow();
  });
}

function jumpNow(): void {
  const due = requestedJumps.splice(0);
  // Read every target before moving: the listeners called on a jump may change what is pending.
  const targets = due.map((jump) => jump.target()).filter((at): at is number => at !== undefined);
  if (targets.length > 0) advanceLocalClockTo(Math.max(...targets));
  for (const jump of due) jump.done();
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
  setOffset(0);
}

/**
 * Runs `work` with `Date` reading the wall clock plus the offset in force when `signedAt` (the
 * signer's local-clock time, as in `X-Amz-Date`) was written, so that what `work` checks
 * against the request's date (a presigned link's expiry, a header's skew) counts wall time
 * since signing, as on AWS, even if the clock jumped since. A date no offset explains is judged
 * on the clock as it stands.
 *
 * @example
 * ```ts
 * inSignersTimeFrame(Date.parse('2026-11-30T21:13:25Z'), () => s3Listener(request, response));
 * ```
 */
export function inSignersTimeFrame<T>(signedAt: number, work: () => T): T {
  const offset = offsetSignedUnder(spans, signedAt, RealDate.now());
  return offset === undefined ? work() : signersFrame.run(offset, work);
}

/** What `Date` reads: the local clock, or the signer's time frame inside {@link inSignersTimeFrame}. */
function dateNow(): number {
  return RealDate.now() + (signersFrame.getStore() ?? offsetMs);
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
      ? Reflect.construct(target, [dateNow()], newTarget)
      : Reflect.construct(target, args, newTarget);
  },
  apply() {
    return new RealDate(dateNow()).toString();
  },
  get(target, property, receiver) {
    return property === 'now' ? dateNow : Reflect.get(target, property, receiver);
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
      setOffset(0);
    }
  };
}
