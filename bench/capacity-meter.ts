import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClientConfig } from '../functions/aws/run-scope.js';

/** Units and calls for one operation or one item type. */
export interface UnitCount {
  calls: number;
  readUnits: number;
  writeUnits: number;
}

/** What one item type (pk and sk prefixes, e.g. `POST/LOG`) cost, with the sizes written. */
export interface ItemTypeCount extends UnitCount {
  /** Items written (a transaction's items count one each). */
  writes: number;
  /** The largest item image seen for this type, in bytes (transactional writes only). */
  maxItemBytes: number;
}

/** Read and write units DynamoDB reported, summed over every call the meter saw. */
export interface CapacityTotals {
  readUnits: number;
  writeUnits: number;
  calls: number;
  /** Calls that failed (a failed conditional write still costs AWS one write unit per item). */
  failedCalls: number;
  byOperation: Record<string, UnitCount>;
  byItemType: Record<string, ItemTypeCount>;
}

interface ConsumedCapacityLike {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

type Item = Record<string, unknown>;
type Key = { pk?: unknown; sk?: unknown };
interface TransactWriteEntry {
  Put?: { TableName: string; Item: Item };
  Update?: { TableName: string; Key: Key };
  Delete?: { TableName: string; Key: Key };
  ConditionCheck?: { TableName: string; Key: Key };
}

const KB = 1024;
/** The attribute that puts an item in the `calendar` index (projection ALL: the index holds the whole item). */
const INDEX_KEY = 'calendarPk';
const INDEX_SORT_KEY = 'calendarSk';
const READ_OPERATIONS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

/**
 * Asks DynamoDB for `ReturnConsumedCapacity: TOTAL` on every call of `client` and sums what
 * comes back, per operation and per item type. Added to the handlers' shared client in the
 * bench process only: Lambda never runs it.
 *
 * Transactional writes are priced here rather than taken from DynamoDB Local, whose figure
 * for a transaction is not AWS's (it merges items of equal size). Each item of a
 * TransactWriteItems costs two units per started KB of the larger of its old and new
 * image, read before and after the call through a separate, unmetered client (made with
 * `readConfig`: the metered client's endpoint); an item that
 * carries the `calendar` index keys costs the same again for the index write.
 *
 * @example
 * ```ts
 * const meter = meterConsumedCapacity(dynamo.current());
 * await runPosts();
 * meter.snapshot().byItemType['POST/POST'].writeUnits;
 * ```
 */
export function meterConsumedCapacity(client: DynamoDBDocumentClient, readConfig: AwsClientConfig = {}) {
  let totals = emptyTotals();
  let images: DynamoDBDocumentClient | undefined;
  const readImage = async (tableName: string, key: Key): Promise<Item | undefined> => {
    images ??= DynamoDBDocumentClient.from(new DynamoDBClient(readConfig));
    const { Item } = await images.send(
      new GetCommand({ TableName: tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }),
    );
    return Item;
  };

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'unknown');
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const entry = countFor(totals.byOperation, operation);
      totals.calls += 1;
      entry.calls += 1;
      const transactItems =
        operation === 'TransactWriteItemsCommand' ? (input.TransactItems as TransactWriteEntry[]) : undefined;
      const before = transactItems ? await Promise.all(transactItems.map((t) => oldImage(t, readImage))) : [];
      try {
        const result = await next(args);
        if (transactItems) {
          const after = await Promise.all(transactItems.map((t) => newImage(t, readImage)));
          transactItems.forEach((t, i) => {
            const units = transactionalItemUnits(before[i], after[i]);
            const type = typeCount(totals, itemType(itemKey(t)));
            type.calls += 1;
            type.writes += 1;
            type.writeUnits += units;
            type.maxItemBytes = Math.max(type.maxItemBytes, itemBytes(before[i]), itemBytes(after[i]));
            totals.writeUnits += units;
            entry.writeUnits += units;
          });
          return result;
        }
        const consumed = (
          result.output as { ConsumedCapacity?: ConsumedCapacityLike | ConsumedCapacityLike[] }
        ).ConsumedCapacity;
        const type = typeCount(totals, itemType(keyOf(input), queryPrefix(input)));
        type.calls += 1;
        for (const item of [consumed ?? []].flat()) {
          // DynamoDB Local fills CapacityUnits only; which kind it is follows from the operation.
          const read =
            item.ReadCapacityUnits ?? (READ_OPERATIONS.has(operation) ? (item.CapacityUnits ?? 0) : 0);
          const write =
            item.WriteCapacityUnits ?? (READ_OPERATIONS.has(operation) ? 0 : (item.CapacityUnits ?? 0));
          totals.readUnits += read;
          totals.writeUnits += write;
          entry.readUnits += read;
          entry.writeUnits += write;
          type.readUnits += read;
          type.writeUnits += write;
          if (write > 0) type.writes += 1;
        }
        return result;
      } catch (error) {
        totals.failedCalls += 1;
        // A refused conditional write still costs at least one write unit on AWS; Local reports none.
        if (!READ_OPERATIONS.has(operation)) {
          const key = transactItems?.[0] ? itemKey(transactItems[0]) : keyOf(input);
          const type = typeCount(totals, `${itemType(key)} (refused)`);
          type.calls += 1;
          type.writeUnits += 1;
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

/** Two units per started KB of the larger image, and the same again when the item is in the index. */
export function transactionalItemUnits(before: Item | undefined, after: Item | undefined): number {
  const units = (item: Item | undefined) => Math.ceil(itemBytes(item) / KB);
  const table = Math.max(1, units(before), units(after));
  const inIndex = (item: Item | undefined) => item?.[INDEX_KEY] !== undefined;
  let index = 0;
  if (inIndex(before) && inIndex(after)) {
    const sameKeys =
      before?.[INDEX_KEY] === after?.[INDEX_KEY] && before?.[INDEX_SORT_KEY] === after?.[INDEX_SORT_KEY];
    // A changed index key is a delete and a put in the index.
    index = sameKeys ? Math.max(units(before), units(after)) : units(before) + units(after);
  } else if (inIndex(before)) index = units(before);
  else if (inIndex(after)) index = units(after);
  return 2 * (table + index);
}

/**
 * An item's size as DynamoDB counts it: attribute names plus values (strings and binary by
 * their bytes, numbers by about one byte per two digits, lists and maps three bytes plus one
 * per element).
 */
export function itemBytes(item: Item | undefined): number {
  if (!item) return 0;
  return Object.entries(item)
    .filter(([, value]) => value !== undefined)
    .reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);
}

function valueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value)
      .replace(/[^0-9]/g, '')
      .replace(/^0+/, '').length;
    return Math.ceil(Math.max(1, digits) / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Item)
        .filter(([, v]) => v !== undefined)
        .reduce((sum, [name, v]) => sum + 1 + utf8(name) + valueBytes(v), 0)
    );
  }
  return 0;
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

async function oldImage(
  entry: TransactWriteEntry,
  read: (table: string, key: Key) => Promise<Item | undefined>,
) {
  const target = entry.Put ?? entry.Update ?? entry.Delete ?? entry.ConditionCheck;
  if (!target) return undefined;
  return read(target.TableName, itemKey(entry));
}

async function newImage(
  entry: TransactWriteEntry,
  read: (table: string, key: Key) => Promise<Item | undefined>,
) {
  if (entry.Put) return entry.Put.Item;
  if (entry.Update) return read(entry.Update.TableName, entry.Update.Key);
  return undefined;
}

function itemKey(entry: TransactWriteEntry): Key {
  if (entry.Put) return { pk: entry.Put.Item.pk, sk: entry.Put.Item.sk };
  return (entry.Update ?? entry.Delete ?? entry.ConditionCheck)?.Key ?? {};
}

function keyOf(input: Record<string, unknown>): Key {
  const item = (input.Key ?? input.Item) as Key | undefined;
  if (item) return item;
  const batch = Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: Key[] }>)[0];
  if (batch?.Keys?.[0]) return { pk: batch.Keys[0].pk };
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  return { pk: values[':pk'] };
}

function queryPrefix(input: Record<string, unknown>): string | undefined {
  if (input.IndexName) return `index ${String(input.IndexName)}`;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const prefix = values[':prefix'] ?? values[':sk'] ?? values[':post'];
  return typeof prefix === 'string' ? prefix.replace(/#$/, '') : undefined;
}

/** `POST/LOG`, `BRAND/PROFILE`, `INBOUND/EVENT`...: the key prefixes before the first `#`. */
function itemType(key: Key, skOverride?: string): string {
  const prefix = (value: unknown) => (typeof value === 'string' ? (value.split('#')[0] ?? '') : '?');
  // A fixed upper-case second segment names a kind of item (`POST#CONTENT`); anything else is an id.
  const kind = (value: unknown) =>
    typeof value === 'string' && /^[A-Z]+#[A-Z]+$/.test(value) ? value : prefix(value);
  const sk = skOverride ?? (key.sk === undefined ? '*' : kind(key.sk));
  return `${prefix(key.pk)}/${sk}`;
}

function countFor(map: Record<string, UnitCount>, name: string): UnitCount {
  map[name] ??= { calls: 0, readUnits: 0, writeUnits: 0 };
  return map[name];
}

function typeCount(totals: CapacityTotals, name: string): ItemTypeCount {
  totals.byItemType[name] ??= { calls: 0, readUnits: 0, writeUnits: 0, writes: 0, maxItemBytes: 0 };
  return totals.byItemType[name];
}

function emptyTotals(): CapacityTotals {
  return { readUnits: 0, writeUnits: 0, calls: 0, failedCalls: 0, byOperation: {}, byItemType: {} };
}
