import { AwsApiError } from './errors.js';

/**
 * Faults a test injects into the twin, each as AWS would show it: an operation answering
 * `InternalFailure` (an outage of the service), or the outbox forwarder dying part-way through
 * a batch (some of its PutEvents calls done, the invocation then failing as a crashed process
 * does).
 *
 * @example
 * ```ts
 * brandflow.faults.failNext('PutEvents', 3);            // the next 3 calls from functions fail
 * brandflow.faults.crashForwarder(1, { afterPuts: 1 }); // the next invocation dies after one put
 * ```
 */
export class LocalFaults {
  private readonly outages = new Map<string, number>();
  private crashes = 0;
  private crashAfterPuts = 0;
  private putsInInvocation = 0;
  private crashed = false;

  /**
   * The next `times` calls of `operation` (`PutEvents`, `SendTaskFailure`, `CreateSchedule`...)
   * that reach the twin's AWS endpoint, other than an integrator's, fail with HTTP 500
   * `InternalFailure` and change nothing; `0` ends the outage.
   */
  failNext(operation: string, times: number): void {
    this.outages.set(operation, times);
  }

  /** Fails this call of `operation` if an outage of it is under way ({@link failNext}). */
  beforeCall(operation: string): void {
    const left = this.outages.get(operation) ?? 0;
    if (left <= 0) return;
    this.outages.set(operation, left - 1);
    throw new AwsApiError('InternalFailure', 'injected outage', { statusCode: 500 });
  }

  /** The next `times` forwarder invocations die once `afterPuts` of their PutEvents calls went through. */
  crashForwarder(times: number, options: { afterPuts: number }): void {
    this.crashes = times;
    this.crashAfterPuts = options.afterPuts;
  }

  /** Runs a PutEvents call from a function through the faults. */
  aroundPutEvents<T>(put: () => T): T {
    if (this.crashed) throw new AwsApiError('InternalFailure', 'the caller crashed', { statusCode: 500 });
    const result = put();
    this.putsInInvocation += 1;
    if (this.crashes > 0 && this.putsInInvocation >= this.crashAfterPuts) this.crashed = true;
    return result;
  }

  /** Runs one forwarder invocation: a crash injected during it makes it fail like a dead process. */
  async aroundForwarder<T>(invoke: () => Promise<T>): Promise<T> {
    this.putsInInvocation = 0;
    this.crashed = false;
    try {
      const result = await invoke();
      if (this.crashed) {
        this.crashes -= 1;
        const exit = new Error('RequestId: local Error: Runtime exited with error: signal: killed');
        exit.name = 'Runtime.ExitError';
        throw exit;
      }
      return result;
    } finally {
      this.crashed = false;
    }
  }
}
