import { SFNClient } from '@aws-sdk/client-sfn';

/**
 * The Step Functions client of the process (see functions/aws/dynamodb.ts for why one module
 * per client): starts executions and answers task tokens.
 *
 * @example
 * ```ts
 * await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
 * ```
 */
export const sfn = new SFNClient({});
