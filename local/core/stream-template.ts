import type { CfnValue, LocalFunction } from './template.js';

/** A function the table's stream invokes (`AWS::Lambda::EventSourceMapping`), with Lambda's settings. */
export interface LocalStreamSource {
  logicalId: string;
  functionLogicalId: string;
  batchSize: number;
  /** -1: until the records expire (Lambda's default). */
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Filter patterns (EventBridge pattern syntax over the record); a record matching none is skipped. */
  filters: Record<string, unknown>[];
  /** Logical id of the on-failure SQS queue, if any. */
  onFailureQueue?: string;
}

interface Resource {
  Type: string;
  Properties?: Record<string, CfnValue>;
}

/**
 * The template's event source mappings whose function Brandflow hosts and whose source is a
 * DynamoDB table's stream.
 *
 * @example
 * ```ts
 * const [outbox] = readStreamSources(template.Resources, functions);
 * outbox.batchSize; // 100
 * ```
 */
export function readStreamSources(
  resources: Record<string, Resource>,
  functions: Record<string, LocalFunction>,
): LocalStreamSource[] {
  return Object.entries(resources).flatMap(([logicalId, resource]) => {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') return [];
    const props = resource.Properties ?? {};
    const functionLogicalId = String((props.FunctionName as { Ref?: string } | undefined)?.Ref);
    const source = (props.EventSourceArn as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
    if (!functions[functionLogicalId] || source?.[1] !== 'StreamArn') return [];
    const destination = (
      props.DestinationConfig as { OnFailure?: { Destination?: { 'Fn::GetAtt'?: [string, string] } } }
    )?.OnFailure?.Destination?.['Fn::GetAtt'];
    const filters = (props.FilterCriteria as { Filters?: { Pattern: string }[] } | undefined)?.Filters ?? [];
    return [
      {
        logicalId,
        functionLogicalId,
        batchSize: typeof props.BatchSize === 'number' ? props.BatchSize : 100,
        maximumRetryAttempts:
          typeof props.MaximumRetryAttempts === 'number' ? props.MaximumRetryAttempts : -1,
        bisectBatchOnFunctionError: props.BisectBatchOnFunctionError === true,
        reportBatchItemFailures: ((props.FunctionResponseTypes as string[] | undefined) ?? []).includes(
          'ReportBatchItemFailures',
        ),
        startingPosition: props.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
        filters: filters.map((filter) => JSON.parse(filter.Pattern) as Record<string, unknown>),
        onFailureQueue: destination?.[0],
      },
    ];
  });
}
