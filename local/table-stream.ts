import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';

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
 * const reader = new TableStreamReader(streams, streamArn, 'TRIM_HORIZON', 'us-east-1');
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
  ) {}

  /** Up to `limit` records of the first shard that has any; none when the stream is idle. */
  async next(limit: number): Promise<{ shardId: string; records: LambdaStreamRecord[] }> {
    await this.discover();
    for (const shard of this.shards.values()) {
      if (shard.closed || !shard.iterator) continue;
      const page = await this.client.send(
        new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: limit }),
      );
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

  private asLambdaRecord(record: _Record): LambdaStreamRecord {
    const created = record.dynamodb?.ApproximateCreationDateTime;
    return {
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.region,
      eventSourceARN: this.streamArn,
      dynamodb: {
        ...record.dynamodb,
        ApproximateCreationDateTime: created ? Math.floor(created.getTime() / 1000) : undefined,
        SequenceNumber: record.dynamodb?.SequenceNumber ?? '',
      },
    };
  }
}
