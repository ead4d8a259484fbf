import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Read and write units DynamoDB reported, summed over every call the meter saw. */
export interface CapacityTotals {
  readUnits: number;
  writeUnits: number;
  calls: number;
  /** Calls that failed (a failed conditional write still costs AWS one write unit per item). */
  failedCalls: number;
  byOperation: Record<string, { calls: number; readUnits: number; writeUnits: number }>;
}

interface ConsumedCapacityLike {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** DynamoDB Local reports one unit per item of a transaction; AWS bills transactional requests double. */
const TRANSACTIONAL = new Set(['TransactWriteItemsCommand', 'TransactGetItemsCommand']);
const READ_OPERATIONS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

/**
 * Asks DynamoDB for `ReturnConsumedCapacity: TOTAL` on every call of `client` and sums what
 * comes back. Added to the handlers' shared client in the bench process only: Lambda never
 * runs it.
 *
 * @example
 * ```ts
 * const meter = meterConsumedCapacity(dynamo);
 * await runPosts();
 * meter.snapshot().writeUnits;
 * ```
 */
export function meterConsumedCapacity(client: DynamoDBDocumentClient) {
  let totals = emptyTotals();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'unknown');
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const entry = totals.byOperation[operation] ?? { calls: 0, readUnits: 0, writeUnits: 0 };
      totals.byOperation[operation] = entry;
      totals.calls += 1;
      entry.calls += 1;
      try {
        const result = await next(args);
        const consumed = (
          result.output as { ConsumedCapacity?: ConsumedCapacityLike | ConsumedCapacityLike[] }
        ).ConsumedCapacity;
        for (const item of [consumed ?? []].flat()) {
          // DynamoDB Local fills CapacityUnits only; which kind it is follows from the operation.
          const read =
            item.ReadCapacityUnits ?? (READ_OPERATIONS.has(operation) ? (item.CapacityUnits ?? 0) : 0);
          const write =
            item.WriteCapacityUnits ?? (READ_OPERATIONS.has(operation) ? 0 : (item.CapacityUnits ?? 0));
          const factor = TRANSACTIONAL.has(operation) ? 2 : 1;
          totals.readUnits += read * factor;
          totals.writeUnits += write * factor;
          entry.readUnits += read * factor;
          entry.writeUnits += write * factor;
        }
        return result;
      } catch (error) {
        totals.failedCalls += 1;
        // A refused conditional write still costs at least one write unit on AWS; Local reports none.
        if (!READ_OPERATIONS.has(operation)) {
          totals.writeUnits += 1;
          entry.writeUnits += 1;
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'brandflowBenchConsumedCapacity' },
  );
  return {
    snapshot: (): CapacityTotals => structuredClone(totals),
    reset: () => {
      totals = emptyTotals();
    },
  };
}

function emptyTotals(): CapacityTotals {
  return { readUnits: 0, writeUnits: 0, calls: 0, failedCalls: 0, byOperation: {} };
}
