import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
} from '@aws-sdk/client-dynamodb-streams';
import { LocalServiceError } from '../functions/domain/errors.js';
import { signingAccessKeyId } from './iam/caller.js';

/** One stream record as Lambda hands it to a function (`ApproximateCreationDateTime` in epoch seconds). */
export interface LambdaStreamRecord {
  eventID?: string;
  eventName?: string;
  eventVersion?: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  eventSourceARN: string;
  dynamodb: Record<string, unknown> & { SequenceNumber: string };
}

interface Shard {
  id: string;
  iterator?: string;
  closed: boolean;
  /** The position the shard was first opened at. */
  start: 'TRIM_HORIZON' | 'LATEST';
  /** The sequence number of the last record handed out from this shard. */
  lastSequenceNumber?: string;
}

/**
 * GetRecords refusals after which the reader opens the shard again where it left off, as
 * Lambda's poller does, instead of asking with the same iterator forever.
 *
 * DynamoDB Local numbers the stream records of all its tables from one counter (creating a
 * table takes a number too), and a shard starts at the counter's next number. An iterator
 * taken on an empty shard points there; once another table of the same DynamoDB Local writes
 * (or a table is created) before this table's first write, the shard's first record gets a
 * higher number and DynamoDB Local refuses the iterator with `TrimmedDataAccessException`,
 * though nothing was trimmed (AWS would return the record). An iterator unused for 15 minutes
 * (reads refused by IAM meanwhile) is refused with `ExpiredIteratorException`, on AWS too.
 */
const REOPEN_ON = new Set(['TrimmedDataAccessException', 'ExpiredIteratorException']);

/**
 * Reads a table's stream in order, shard after shard, the way Lambda's poller does: through
 * DescribeStream, GetShardIterator and GetRecords. A shard found after the start (a split or
 * a rollover) is read from its beginning; the first ones from `start`.
 *
 * @example
 * ```ts
 * const reader = new TableStreamReader(streams, streamArn, 'TRIM_HORIZON', 'us-east-1', 'http://127.0.0.1:8000');
 * const { shardId, records } = await reader.next(100);
 * ```
 */
export class TableStreamReader {
  private readonly shards = new Map<string, Shard>();
  private discovered = false;

  constructor(
    private readonly client: DynamoDBStreamsClient,
    readonly streamArn: string,
    private readonly start: 'TRIM_HORIZON' | 'LATEST',
    private readonly region: string,
    private readonly endpoint: string,
  ) {}

  /** Up to `limit` records of the first shard that has any; none when the stream is idle. */
  async next(limit: number): Promise<{ shardId: string; records: LambdaStreamRecord[] }> {
    await this.discover();
    for (const shard of this.shards.values()) {
      if (shard.closed || !shard.iterator) continue;
      const page = await this.readShard(shard, limit);
      shard.iterator = page.NextShardIterator;
      if (!shard.iterator) shard.closed = true;
      // A shard opened again at its trim horizon may repeat what was handed out already.
      const last = shard.lastSequenceNumber;
      const records = (page.Records ?? [])
        .filter((record) => last === undefined || isAfter(record.dynamodb?.SequenceNumber, last))
        .map((record) => this.asLambdaRecord(record));
      if (records.length > 0) {
        shard.lastSequenceNumber = records[records.length - 1]?.dynamodb.SequenceNumber;
        return { shardId: shard.id, records };
      }
    }
    return { shardId: '', records: [] };
  }

  /** Looks for shards not seen yet (call when idle: new shards appear on splits and rollovers). */
  async rediscover(): Promise<void> {
    this.discovered = false;
    await this.discover();
  }

  private async discover(): Promise<void> {
    if (this.discovered) return;
    const first = this.shards.size === 0;
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.client.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        const id = shard.ShardId as string;
        if (this.shards.has(id)) continue;
        const start = first ? this.start : 'TRIM_HORIZON';
        const ShardIterator = await this.shardIterator(id, { ShardIteratorType: start });
        this.shards.set(id, { id, iterator: ShardIterator, closed: !ShardIterator, start });
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    this.discovered = true;
  }

  /** One page of the shard; a refused iterator (see {@link REOPEN_ON}) is replaced once, where the shard was left. */
  private async readShard(shard: Shard, limit: number): ReturnType<TableStreamReader['getRecords']> {
    try {
      return await this.getRecords(shard.iterator as string, limit);
    } catch (error) {
      const type = error instanceof LocalServiceError ? error.context.errorType : undefined;
      if (typeof type !== 'string' || !REOPEN_ON.has(type)) throw error;
      shard.iterator = await this.reopen(shard, type);
      return shard.iterator ? this.getRecords(shard.iterator, limit) : {};
    }
  }

  /**
   * A new iterator for a shard whose iterator was refused: right after the last record handed
   * out, or, when none was or that record is itself past the trim horizon, at the horizon (a
   * refused iterator on a shard never read lies below the shard's first record, so the
   * horizon is where it pointed; an expired one opened at LATEST opens at LATEST again).
   */
  private async reopen(shard: Shard, refusal: string): Promise<string | undefined> {
    const horizon = refusal === 'TrimmedDataAccessException' ? 'TRIM_HORIZON' : shard.start;
    if (shard.lastSequenceNumber === undefined) {
      return this.shardIterator(shard.id, { ShardIteratorType: horizon });
    }
    try {
      return await this.shardIterator(shard.id, {
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        SequenceNumber: shard.lastSequenceNumber,
      });
    } catch (error) {
      if ((error as { name?: string }).name !== 'TrimmedDataAccessException') throw error;
      return this.shardIterator(shard.id, { ShardIteratorType: 'TRIM_HORIZON' });
    }
  }

  private async shardIterator(
    shardId: string,
    position: Pick<GetShardIteratorCommandInput, 'ShardIteratorType' | 'SequenceNumber'>,
  ): Promise<string | undefined> {
    const { ShardIterator } = await this.client.send(
      new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shardId, ...position }),
    );
    return ShardIterator;
  }

  /**
   * GetRecords as raw JSON: the SDK's typed answer turns a `{ "BOOL": false }` image attribute
   * into `{}`, while Lambda hands the function the records as the service wrote them. DynamoDB
   * Local (shared database) does not check the signature.
   */
  private async getRecords(
    iterator: string,
    limit: number,
  ): Promise<{ NextShardIterator?: string; Records?: _Record[] }> {
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDBStreams_20120810.GetRecords',
        // Signed as whoever runs the poller (the function's role under local IAM), as the SDK would.
        authorization: `AWS4-HMAC-SHA256 Credential=${signingAccessKeyId('local')}/20260101/${this.region}/dynamodb/aws4_request, SignedHeaders=host, Signature=local`,
      },
      body: JSON.stringify({ ShardIterator: iterator, Limit: limit }),
    });
    const body = (await response.json()) as {
      NextShardIterator?: string;
      Records?: _Record[];
      __type?: string;
      message?: string;
      Message?: string;
    };
    if (!response.ok) {
      const errorType = body.__type?.split('#').pop() ?? String(response.status);
      throw new LocalServiceError(`GetRecords failed: ${errorType}: ${body.message ?? body.Message ?? ''}`, {
        context: { errorType, streamArn: this.streamArn },
      });
    }
    return body;
  }

  private asLambdaRecord(record: _Record): LambdaStreamRecord {
    const created = record.dynamodb?.ApproximateCreationDateTime as unknown as number | undefined;
    return {
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.region,
      eventSourceARN: this.streamArn,
      dynamodb: {
        ...(repairEmptyMaps(record.dynamodb) as object),
        ApproximateCreationDateTime: created === undefined ? undefined : Math.floor(Number(created)),
        SequenceNumber: record.dynamodb?.SequenceNumber ?? '',
      },
    };
  }
}

/**
 * DynamoDB Local's stream writes an empty map attribute as `{}` where DynamoDB writes
 * `{ "M": {} }`; the twin answers as AWS does.
 */
function repairEmptyMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(repairEmptyMaps);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  return Object.fromEntries(
    entries.map(([key, inner]) => {
      const isEmptyValue =
        inner && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(inner).length === 0;
      return [key, isEmptyValue && key !== 'M' ? { M: {} } : repairEmptyMaps(inner)];
    }),
  );
}

/** Whether stream sequence number `sequence` comes after `last` (decimal strings of any length). */
function isAfter(sequence: string | undefined, last: string): boolean {
  return sequence !== undefined && BigInt(sequence) > BigInt(last);
}
