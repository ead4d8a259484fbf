import { join } from 'node:path';
import { type CfnResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HANDLER_TIMEOUT_SECONDS } from '../../functions/domain/function-timeout.js';
import { handlerEntry } from '../core/handler-catalog.js';
import { REPO_ROOT } from '../core/repo-root.js';
import { HandlerBundle } from './bundle-options.js';

/** Template metadata keys the local runner reads to run each function from its source. */
export const HandlerMetadata = {
  /** The entry file, relative to the repository root. */
  entry: 'brandflow:entry',
  /** The `LifecycleFunctions` key or the inbound detail-type the function serves. */
  role: 'brandflow:role',
} as const;

export interface HandlerFunctionProps {
  /** The handler file name in functions/handlers/, without `.ts`. */
  file: string;
  /** Recorded as `brandflow:role`. */
  role: string;
  environment: Record<string, string>;
  /** Encrypts the function's log group. */
  logKey: kms.IKey;
  /**
   * Map stack traces back to the TypeScript sources (`NODE_OPTIONS=--enable-source-maps`).
   * Off by default: Node then parses the source map when the bundle loads, which adds about a
   * quarter to the import time of every cold start (docs/benchmarks.md). The maps are deployed
   * either way, so a minified trace can still be mapped offline.
   * @default false
   */
  sourceMapStackTraces?: boolean;
}

/**
 * One Lambda handler from functions/handlers/, bundled by the local esbuild into ESM with the
 * AWS SDK inside (the version we test with is the version that runs): `index.mjs` and the
 * chunks it loads only when needed (infra/constructs/split-bundle.ts).
 *
 * @example
 * ```ts
 * const fn = new HandlerFunction(this, 'SubmitPost', {
 *   file: 'submit-post',
 *   role: 'Submit Post',
 *   environment: { TABLE_NAME: table.tableName },
 *   logKey: key,
 * }).function;
 * ```
 */
export class HandlerFunction extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const entry = handlerEntry(props.file);

    // Owned log group: retention is set up front instead of Lambda's never-expiring default.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to any log group.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${entry}`,
    });
    logGroup.grantWrite(role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      role,
      entry: join(REPO_ROOT, entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(HANDLER_TIMEOUT_SECONDS),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      environment: {
        ...props.environment,
        ...(props.sourceMapStackTraces ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      },
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: HandlerBundle.target,
        minify: true,
        sourceMap: true,
        externalModules: [...HandlerBundle.external],
        mainFields: [...HandlerBundle.mainFields],
        banner: HandlerBundle.banner,
        esbuildArgs: Object.fromEntries(
          Object.entries(HandlerBundle.alias).map(([module, path]) => [`--alias:${module}`, path]),
        ),
        // Code loaded only when needed goes into chunks a cold start does not load (bundle-options.ts).
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => [
            `npx tsx ${join(inputDir, 'infra/constructs/split-bundle.ts')} ${join(inputDir, entry)} ${outputDir}`,
          ],
        },
      },
    });

    const cfn = this.function.node.defaultChild as CfnResource;
    cfn.addMetadata(HandlerMetadata.entry, entry);
    cfn.addMetadata(HandlerMetadata.role, props.role);

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason: 'Node.js 22 is the runtime the project is built and tested on (engines, local runner, CI).',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
      },
    );
  }
}
