import { SFNClient } from '@aws-sdk/client-sfn';
import { scopedClient } from './run-scope.js';

/**
 * The Step Functions client of the running configuration (see functions/aws/dynamodb.ts for
 * why one module per client): starts executions and answers task tokens.
 *
 * @example
 * ```ts
 * await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
 * ```
 */
export const sfn = scopedClient('SFN', (config) => new SFNClient(config));
