import { AwsApiError } from './errors.js';

/**
 * Faults a test injects into the twin, each as AWS would show it: PutEvents answering
 * `InternalFailure`, or the outbox forwarder dying part-way through a batch (some of its
 * PutEvents calls done, the invocation then failing as a crashed process does).
 *
 * @example
 * ```ts
 * brandflow.faults.failPutEvents(3);                   // the next 3 calls from functions fail
 * brandflow.faults.crashForwarder(1, { afterPuts: 1 }); // the next invocation dies after one put
 * ```
 */
export class LocalFaults {
  private putEventsFailures = 0;
  private crashes = 0;
  private crashAfterPuts = 0;
  private putsInInvocation = 0;
  private crashed = false;

  /** The next `times` PutEvents calls made by functions fail with HTTP 500, accepting nothing. */
  failPutEvents(times: number): void {
    this.putEventsFailures = times;
  }

  /** The next `times` forwarder invocations die once `afterPuts` of their PutEvents calls went through. */
  crashForwarder(times: number, options: { afterPuts: number }): void {
    this.crashes = times;
    this.crashAfterPuts = options.afterPuts;
  }

  /** Runs a PutEvents call from a function through the faults. */
  aroundPutEvents<T>(put: () => T): T {
    if (this.crashed) throw new AwsApiError('InternalFailure', 'the caller crashed', { statusCode: 500 });
    if (this.putEventsFailures > 0) {
      this.putEventsFailures -= 1;
      throw new AwsApiError('InternalFailure', 'injected outage', { statusCode: 500 });
    }
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
