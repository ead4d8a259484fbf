import { App } from 'aws-cdk-lib';
import { ConfigurationError } from '../functions/domain/errors.js';
import { BrandflowStack } from './brandflow-stack.js';
import type { IdentitySettings } from './constructs/people-api.js';
import { parseMetricsScheduleHours } from './stack-settings.js';

export interface BuildAppOptions {
  /** Where the cloud assembly is written. @default a temporary folder */
  outdir?: string;
  /** Skip esbuild: for tests and the local runner, which read the template, not the bundles. */
  skipBundling?: boolean;
  /** Hours after publication at which metrics are collected. @default [1, 24, 72] */
  metricsScheduleHours?: number[];
  /** Name of the custom event bus. @default 'brandflow' */
  eventBusName?: string;
  /** `NODE_OPTIONS=--enable-source-maps` on every function. @default false */
  sourceMapStackTraces?: boolean;
  /** Build for the local run (never from `-c`: such a template cannot be deployed). @default false */
  localProfile?: boolean;
  /** The front door's identity settings. @default from the context, else a Cognito user pool */
  identity?: IdentitySettings;
}

/**
 * Builds the CDK app with the `Brandflow` stack, in-process: `cdk synth`, the tests and the
 * local runner all start here, so they all see the same template.
 *
 * @example
 * ```ts
 * const { app, stack } = buildApp({ skipBundling: true });
 * const template = app.synth().getStackArtifact(stack.artifactId).template;
 * ```
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stack: BrandflowStack } {
  const app = new App({
    outdir: options.outdir,
    // An empty list tells every NodejsFunction in the app not to run esbuild.
    context: options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {},
  });
  // `cdk deploy -c eventBusName=... -c metricsScheduleHours=1,24,72` reaches the stack here.
  const contextHours = app.node.tryGetContext('metricsScheduleHours') as string | number[] | undefined;
  // `-c channelAccounts=acme-x:acme:x,acme-social:acme:mastodon:https://mastodon.social`: one
  // credentials secret per connected account, bound to one brand and platform (its tags).
  // `-c integratorAccounts=111122223333,444455556666`: AWS accounts allowed to put inbound events.
  // `-c sourceMapStackTraces=true`: stack traces mapped to the sources, at a cold-start cost.
  const stack = new BrandflowStack(app, 'Brandflow', {
    channelAccounts: listFromContext(app, 'channelAccounts'),
    localProfile: options.localProfile,
    integratorAccounts: listFromContext(app, 'integratorAccounts'),
    // `-c alarmEmail=ops@example.com`: who is told when an alarm fires.
    alarmEmail: app.node.tryGetContext('alarmEmail'),
    // `-c integratorBrands=111122223333:acme`: the brands each integrator account may act for.
    integratorBrands: listFromContext(app, 'integratorBrands'),
    description: 'Brandflow: brand post review, scheduled multi-channel publishing and metrics',
    eventBusName: options.eventBusName ?? app.node.tryGetContext('eventBusName'),
    metricsScheduleHours:
      options.metricsScheduleHours ??
      (contextHours === undefined ? undefined : parseMetricsScheduleHours(contextHours)),
    sourceMapStackTraces:
      options.sourceMapStackTraces ?? String(app.node.tryGetContext('sourceMapStackTraces')) === 'true',
    identity: options.identity ?? identityFromContext(app),
  });
  return { app, stack };
}

/** A list given on the command line as `-c name=a,b` or in cdk.json as an array. */
function listFromContext(app: App, name: string): string[] | undefined {
  const value = app.node.tryGetContext(name) as string | string[] | undefined;
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * The front door's identity settings: `-c identityIssuer=https://login.example.com
 * -c identityAudience=brandflow` plugs in the enterprise's OpenID provider (else a Cognito
 * user pool is created); `-c identitySubjectClaim=email -c identityGroupsClaim=groups` name
 * its claims; `-c adminGroup=...` the stack-level admin group; `-c brandAdmins=acme:ana` the
 * first admin of each brand.
 */
function identityFromContext(app: App): IdentitySettings {
  const issuer = app.node.tryGetContext('identityIssuer') as string | undefined;
  const audience = listFromContext(app, 'identityAudience');
  if (Boolean(issuer) !== Boolean(audience?.length)) {
    throw new ConfigurationError('identityIssuer and identityAudience: give both or neither (pair)', {
      context: { field: 'identityIssuer', rule: 'pair' },
    });
  }
  return {
    identityProvider: issuer && audience ? { issuer, audience } : undefined,
    subjectClaim: app.node.tryGetContext('identitySubjectClaim'),
    groupsClaim: app.node.tryGetContext('identityGroupsClaim'),
    adminGroup: app.node.tryGetContext('adminGroup'),
    brandAdmins: listFromContext(app, 'brandAdmins'),
  };
}
