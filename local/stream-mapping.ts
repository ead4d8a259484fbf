import { randomUUID } from 'node:crypto';
import type { LocalStreamSource } from './core/stream-template.js';
import { localQueueArn } from './core/template.js';
import type { DeadLetters } from './dead-letters.js';
import { matchesEventPattern } from './event-pattern.js';
import type { LambdaHost } from './lambda-host.js';
import type { LambdaStreamRecord, TableStreamReader } from './table-stream.js';

export interface LocalStreamMappingOptions {
  source: LocalStreamSource;
  reader: TableStreamReader;
  host: LambdaHost;
  functionArn: string;
  deadLetters: DeadLetters;
  /** Real milliseconds between polls of an idle stream, 10 by default (Lambda polls about four times a second). */
  pollMs?: number;
  /** Real milliseconds before the first retry of a failed batch; doubles after each failure. */
  retryMs?: number;
  /** Told of every invocation's outcome (tests, live view). Must not throw. */
  onBatch?: (outcome: { records: number; failed: boolean; error?: string }) => void;
  /**
   * Runs the poller's own calls (DescribeStream, GetShardIterator, GetRecords) as the function's
   * role: Lambda's event source mapping reads the stream with the function's execution role, so
   * a role without the stream grant reads nothing. Without it, the poller reads as the admin.
   */
  asRole?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Real milliseconds between reads of a stream the role may not read: the mapping keeps trying, as Lambda's does. */
const REFUSED_READ_PAUSE_MS = 200;

/**
 * Lambda's event source mapping for a DynamoDB stream, run against DynamoDB Local's stream:
 * batches of up to `batchSize` records in order, records matching no filter skipped, a failed
 * batch retried (from the first failed record with `ReportBatchItemFailures`, halved with
 * `BisectBatchOnFunctionError`) up to `MaximumRetryAttempts`, then described to the on-failure
 * queue (shard and sequence numbers, not the records) and skipped, as Lambda does.
 *
 * @example
 * ```ts
 * const mapping = new LocalStreamMapping({ source, reader, host, functionArn, deadLetters });
 * mapping.start();
 * await mapping.stop();
 * ```
 */
export class LocalStreamMapping {
  private running?: Promise<void>;
  private stopped = false;
  /** Why the last read of the stream failed (AWS's `LastProcessingResult`), or undefined while reads succeed. */
  lastProcessingProblem?: string;
  private wake?: () => void;

  constructor(private readonly options: LocalStreamMappingOptions) {}

  start(): void {
    this.running ??= this.poll();
  }

  /** Stops polling once the batch under way has ended (its retries included). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async poll(): Promise<void> {
    const { reader, source } = this.options;
    let idlePolls = 0;
    const asRole = this.options.asRole ?? ((work) => work());
    while (!this.stopped) {
      let read: Awaited<ReturnType<TableStreamReader['next']>>;
      try {
        read = await asRole(() => reader.next(source.batchSize));
        this.lastProcessingProblem = undefined;
      } catch (error) {
        // A refused read (the role lacks the stream grant) invokes nothing; the mapping tries again.
        this.lastProcessingProblem =
          error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        await this.pause(REFUSED_READ_PAUSE_MS);
        continue;
      }
      const { shardId, records } = read;
      if (records.length === 0) {
        idlePolls += 1;
        // New shards only matter once the open ones are drained: look now and then.
        if (idlePolls % 100 === 0) await asRole(() => reader.rediscover());
        await this.pause(this.options.pollMs ?? 10);
        continue;
      }
      idlePolls = 0;
      const batch = records.filter(
        (record) =>
          source.filters.length === 0 ||
          source.filters.some((pattern) => matchesEventPattern(pattern, record as never)),
      );
      if (batch.length > 0) await this.deliver(shardId, batch, { attempts: 0 });
    }
  }

  /** Delivers one batch until it succeeds or its retries run out; shares the retry count with its halves. */
  private async deliver(shardId: string, records: LambdaStreamRecord[], retries: { attempts: number }) {
    const { source } = this.options;
    let batch = records;
    while (batch.length > 0) {
      const outcome = await this.invoke(batch);
      if (outcome.ok) return;
      batch = outcome.remaining;
      if (this.stopped) return;
      const exhausted = source.maximumRetryAttempts >= 0 && retries.attempts >= source.maximumRetryAttempts;
      if (exhausted) {
        this.sendToOnFailure(shardId, batch, retries.attempts + 1);
        return;
      }
      retries.attempts += 1;
      await this.pause((this.options.retryMs ?? 10) * 2 ** Math.min(retries.attempts - 1, 5));
      if (outcome.threw && source.bisectBatchOnFunctionError && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await this.deliver(shardId, batch.slice(0, half), retries);
        await this.deliver(shardId, batch.slice(half), retries);
        return;
      }
    }
  }

  private async invoke(
    batch: LambdaStreamRecord[],
  ): Promise<{ ok: true } | { ok: false; threw: boolean; remaining: LambdaStreamRecord[] }> {
    const { source, host } = this.options;
    try {
      const result = (await host.invoke(source.functionLogicalId, { Records: batch })) as {
        batchItemFailures?: { itemIdentifier?: string }[];
      } | null;
      const failures = source.reportBatchItemFailures ? (result?.batchItemFailures ?? []) : [];
      if (failures.length === 0) {
        this.options.onBatch?.({ records: batch.length, failed: false });
        return { ok: true };
      }
      // Lambda retries from the lowest failed sequence number: everything before it is done.
      const failed = new Set(failures.map((f) => f.itemIdentifier));
      const first = batch.findIndex((record) => failed.has(record.dynamodb.SequenceNumber));
      this.options.onBatch?.({ records: batch.length, failed: true, error: 'BatchItemFailures' });
      return { ok: false, threw: false, remaining: first < 0 ? batch : batch.slice(first) };
    } catch (error) {
      this.options.onBatch?.({
        records: batch.length,
        failed: true,
        error: error instanceof Error ? error.name : 'Error',
      });
      return { ok: false, threw: true, remaining: batch };
    }
  }

  private sendToOnFailure(shardId: string, batch: LambdaStreamRecord[], invocations: number): void {
    const { source, reader, deadLetters, functionArn } = this.options;
    if (!source.onFailureQueue) return;
    const first = batch[0] as LambdaStreamRecord;
    const last = batch[batch.length - 1] as LambdaStreamRecord;
    const arrival = (record: LambdaStreamRecord) =>
      new Date(Number(record.dynamodb.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
    deadLetters.add({
      queueArn: localQueueArn(source.onFailureQueue),
      source: 'lambda',
      attributes: {},
      body: JSON.stringify({
        requestContext: {
          requestId: randomUUID(),
          functionArn,
          condition: 'RetryAttemptsExhausted',
          approximateInvokeCount: invocations,
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        timestamp: new Date().toISOString(),
        DDBStreamBatchInfo: {
          shardId,
          startSequenceNumber: first.dynamodb.SequenceNumber,
          endSequenceNumber: last.dynamodb.SequenceNumber,
          approximateArrivalOfFirstRecord: arrival(first),
          approximateArrivalOfLastRecord: arrival(last),
          batchSize: batch.length,
          streamArn: reader.streamArn,
        },
      }),
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
