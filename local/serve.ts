import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { readTwinClock, resetLocalClock, TWIN_CLOCK_PATH } from './clock.js';
import { localClientConfig } from './core/template.js';
import { runDemo, sendHandlerLogsTo } from './demo.js';
import { demoBrand } from './demo-scenario.js';
import { type LocalPortal, startLocalPortal } from './portal-server.js';
import { type LocalBrandflow, type LocalRuntimeEvent, startLocalBrandflow } from './runtime.js';

const DATA_DIR = '.brandflow';
/** Fixed, so the printed commands and the CLI's default keep working between runs. */
export const TWIN_PORTS = {
  aws: Number(process.env.BRANDFLOW_AWS_PORT ?? 4010),
  dynamoDb: Number(process.env.BRANDFLOW_DYNAMODB_PORT ?? 8000),
  api: Number(process.env.BRANDFLOW_API_PORT ?? 4020),
  issuer: Number(process.env.BRANDFLOW_ISSUER_PORT ?? 4021),
  portal: Number(process.env.BRANDFLOW_PORTAL_PORT ?? 4022),
};

/**
 * `npm start`: the local twin. Starts DynamoDB Local and the Step Functions / EventBridge
 * endpoint on fixed ports, runs the demo when the database is empty, prints the endpoints and
 * the matching AWS CLI commands, and serves until Ctrl-C, which stops everything it started.
 *
 * @example
 * ```ts
 * await serveTwin();
 * ```
 */
export async function serveTwin(out: NodeJS.WriteStream = process.stdout): Promise<void> {
  out.write('Brandflow local twin: synthesizing the stack and starting DynamoDB Local...\n');
  const restoreConsole = sendHandlerLogsTo(join(DATA_DIR, 'handlers.log'));
  const listeners = new Set<(event: LocalRuntimeEvent) => void>();
  let brandflow: LocalBrandflow | undefined;
  let portal: LocalPortal | undefined;
  try {
    brandflow = await startLocalBrandflow({
      dataDir: DATA_DIR,
      ports: TWIN_PORTS,
      onEvent: (event) => {
        for (const listener of listeners) listener(event);
      },
    });
    if (await isEmpty(brandflow)) {
      await runDemo(out, { brandflow, onEvent: (listener) => listeners.add(listener) });
      listeners.clear();
      // The demo's executions have ended: serve its clients from real time, not days ahead.
      resetLocalClock();
    } else {
      out.write('The database holds earlier runs: skipping the demo (delete .brandflow to see it again).\n');
    }
    portal = await startLocalPortal({
      apiEndpoint: brandflow.apiEndpoint,
      issuer: brandflow.issuer.issuer,
      brands: [demoBrand.brandId],
      port: TWIN_PORTS.portal,
    });
    out.write(banner(brandflow));
    out.write(
      `  Review portal (sign in as brand-manager-1 or author-1)  ${portal.url}#/calendar   (docs/portal.md)\n`,
    );
    await untilInterrupted();
    out.write('\nStopping executions, the endpoint and DynamoDB Local...\n');
  } finally {
    await portal?.close();
    await brandflow?.stop();
    restoreConsole();
  }
  out.write('Stopped.\n');
}

async function isEmpty(brandflow: LocalBrandflow): Promise<boolean> {
  const client = new DynamoDBClient({
    ...localClientConfig,
    endpoint: brandflow.env.AWS_ENDPOINT_URL_DYNAMODB,
  });
  try {
    const page = await client.send(new ScanCommand({ TableName: brandflow.env.TABLE_NAME, Limit: 1 }));
    return (page.Count ?? 0) === 0;
  } finally {
    client.destroy();
  }
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function banner(brandflow: LocalBrandflow): string {
  const { env, template, awsEndpoint, apiEndpoint, issuer } = brandflow;
  const aws = `--endpoint-url ${awsEndpoint} --region ${env.AWS_REGION}`;
  const db = `--endpoint-url ${env.AWS_ENDPOINT_URL_DYNAMODB} --region ${env.AWS_REGION}`;
  const arn = template.stateMachine.arn;
  return `
Serving (Ctrl-C stops everything):
  Step Functions, EventBridge, Secrets Manager  ${awsEndpoint}
  DynamoDB                                      ${env.AWS_ENDPOINT_URL_DYNAMODB}   table ${env.TABLE_NAME}
  HTTP API (the front door, JWT authorizer)     ${apiEndpoint}
  OpenID issuer (local only)                    ${issuer.issuer}/.well-known/openid-configuration
  event bus ${env.EVENT_BUS_NAME}   state machine ${arn}
Any credentials work, e.g. AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local.
  aws stepfunctions list-state-machines ${aws}
  aws stepfunctions list-executions --state-machine-arn ${arn} ${aws}
  aws stepfunctions get-execution-history --execution-arn <executionArn> ${aws}
  aws events put-events ${aws} --entries file://entries.json   (examples: docs/events.md)
  aws dynamodb scan --table-name ${env.TABLE_NAME} ${db} --max-items 5
  npx brandflow executions        the same through the Brandflow CLI (npx brandflow --help)
  npx brandflow login --as brand-manager-1      a token for the front door (docs/security.md)
${clockLine(awsEndpoint)}
`;
}

/** Waits jump the shared clock ahead: clients scheduling "in an hour" read it first. */
function clockLine(awsEndpoint: string): string {
  const clock = readTwinClock();
  const ahead = clock.aheadSeconds
    ? `, ${clock.aheadSeconds} s ahead of the wall clock`
    : ' (the wall clock)';
  return `Twin clock: ${clock.now}${ahead}; waits move it forward. npx brandflow clock reads it (GET ${awsEndpoint}${TWIN_CLOCK_PATH}).`;
}
