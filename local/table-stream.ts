import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetShardIteratorCommand,
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
}

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
      const page = await this.getRecords(shard.iterator, limit);
      shard.iterator = page.NextShardIterator;
      if (!shard.iterator) shard.closed = true;
      const records = (page.Records ?? []).map((record) => this.asLambdaRecord(record));
      if (records.length > 0) return { shardId: shard.id, records };
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
        const { ShardIterator } = await this.client.send(
          new GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: id,
            ShardIteratorType: first ? this.start : 'TRIM_HORIZON',
          }),
        );
        this.shards.set(id, { id, iterator: ShardIterator, closed: !ShardIterator });
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    this.discovered = true;
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
      message?: string;
    };
    if (!response.ok) throw new LocalServiceError(`GetRecords failed: ${body.message ?? response.status}`);
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
