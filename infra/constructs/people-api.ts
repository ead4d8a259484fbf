import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type ApiRouteKey, ApiRoutes } from '../../functions/contract/api-routes.js';
import { AccessEnv } from '../../functions/identity/access.js';
import { DEFAULT_GROUPS_CLAIM } from '../../functions/identity/claims.js';
import { type FunctionAccess, FunctionAccessByRole } from '../core/function-access.js';
import type { AssetLibrary } from './asset-library.js';
import type { ChannelSecrets } from './channel-secrets.js';
import { grantDataAccess, grantLifecycleAccess } from './function-grants.js';
import { HandlerFunction } from './handler-function.js';
import type { ReportStorage } from './report-storage.js';

/** An enterprise's own OpenID Connect provider (Entra ID, Okta, Google Workspace, IAM Identity Center). */
export interface IdentityProviderSettings {
  /** The `iss` of its tokens, e.g. `https://login.microsoftonline.com/<tenant>/v2.0`. */
  issuer: string;
  /** Accepted `aud` (or `client_id`) values. */
  audience: string[];
  /** The review portal's public client (authorization code with PKCE); must be one of `audience`. */
  portalClientId?: string;
}

/** Who people are and who is admin: stack settings (docs/security.md). */
export interface IdentitySettings {
  /** Omitted: a Cognito user pool is created and used. */
  identityProvider?: IdentityProviderSettings;
  /** The claim naming the person. @default 'sub' */
  subjectClaim?: string;
  /** The claim listing a person's groups. @default 'cognito:groups' */
  groupsClaim?: string;
  /** Members of this group act as brand admin of every brand. @default 'brandflow-admins' */
  adminGroup?: string;
  /** The first admin of each brand, `brandId:userId`. @default [] */
  brandAdmins?: string[];
}

export const DEFAULT_ADMIN_GROUP = 'brandflow-admins';

export interface PeopleApiProps extends IdentitySettings {
  table: dynamodb.ITable;
  /** The table's customer-managed key, usable only through DynamoDB. */
  tableKey: kms.IKey;
  stateMachine: sfn.IStateMachine;
  /** Encrypts the functions' log groups. */
  key: kms.IKey;
  /** A profile may only name accounts connected for its brand: their bindings are secret tags. */
  channelSecrets: ChannelSecrets;
  /** The asset library the asset routes announce uploads to and store files in. */
  assets: AssetLibrary;
  /** The reports bucket the latest-report route presigns links into. */
  reports: ReportStorage;
  /** TABLE_NAME (and the local profile's settings when built for the local run). */
  environment: Record<string, string>;
  sourceMapStackTraces?: boolean;
  /** The review portal's origin: its sign-in callback and the one origin the API answers across (CORS). */
  portalOrigin?: string;
}

/**
 * The front door for people: an API Gateway HTTP API whose every route needs a JWT that API
 * Gateway verifies (issuer, audience, signature by the issuer's published keys, expiry). The
 * issuer is the enterprise's own provider when configured, else a Cognito user pool created
 * here with the admin group.
 *
 * @example
 * ```ts
 * new PeopleApi(this, 'PeopleApi', { routes, adminGroup: 'brandflow-admins' });
 * ```
 */
export class PeopleApi extends Construct {
  readonly api: apigwv2.HttpApi;
  /** The issuer and audience the authorizer trusts. */
  readonly issuer: string;
  readonly audience: string[];
  readonly userPool?: cognito.UserPool;
  /** The client the review portal signs in with. */
  readonly portalClientId?: string;

  readonly functions: Record<ApiRouteKey, HandlerFunction['function']>;

  constructor(scope: Construct, id: string, props: PeopleApiProps) {
    super(scope, id);
    const adminGroup = props.adminGroup ?? DEFAULT_ADMIN_GROUP;
    if (props.identityProvider) {
      this.issuer = props.identityProvider.issuer;
      this.audience = props.identityProvider.audience;
      this.portalClientId = props.identityProvider.portalClientId;
    } else {
      const pool = new cognito.UserPool(this, 'Users', {
        selfSignUpEnabled: false,
        signInAliases: { username: true, email: true },
        passwordPolicy: {
          minLength: 12,
          requireDigits: true,
          requireLowercase: true,
          requireUppercase: true,
          requireSymbols: true,
        },
        mfa: cognito.Mfa.REQUIRED,
        mfaSecondFactor: { otp: true, sms: false },
        featurePlan: cognito.FeaturePlan.PLUS,
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const client = pool.addClient('Cli', {
        authFlows: { userSrp: true },
        accessTokenValidity: Duration.hours(1),
        idTokenValidity: Duration.hours(1),
        preventUserExistenceErrors: true,
      });
      new cognito.CfnUserPoolGroup(this, 'AdminGroup', {
        userPoolId: pool.userPoolId,
        groupName: adminGroup,
        description: 'Brand admin of every brand: sets the first memberships of a brand',
      });
      this.userPool = pool;
      this.issuer = `https://cognito-idp.${pool.env.region}.amazonaws.com/${pool.userPoolId}`;
      this.audience = [client.userPoolClientId];
      if (props.portalOrigin) this.portalClientId = this.addPortalClient(pool, props.portalOrigin);
      new CfnOutput(this, 'UserPoolId', { value: pool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    }

    const authorizer = new HttpJwtAuthorizer('Jwt', this.issuer, { jwtAudience: this.audience });
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Brandflow: what people do (submit, decide, cancel, reschedule, brand profiles)',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      ...(props.portalOrigin
        ? {
            corsPreflight: {
              allowOrigins: [props.portalOrigin],
              allowHeaders: ['authorization', 'content-type'],
              allowMethods: [
                apigwv2.CorsHttpMethod.GET,
                apigwv2.CorsHttpMethod.POST,
                apigwv2.CorsHttpMethod.PUT,
              ],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      encryptionKey: props.key,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      // Ids, route and outcome only: no source IP, no token, no body.
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    const environment = {
      ...props.environment,
      IDENTITY_SUBJECT_CLAIM: props.subjectClaim ?? 'sub',
      IDENTITY_GROUPS_CLAIM: props.groupsClaim ?? DEFAULT_GROUPS_CLAIM,
      [AccessEnv.adminGroup]: adminGroup,
      [AccessEnv.brandAdmins]: (props.brandAdmins ?? []).join(','),
    };
    const functions: Partial<Record<ApiRouteKey, HandlerFunction['function']>> = {};
    for (const [routeKey, file] of Object.entries(ApiRoutes) as [ApiRouteKey, string][]) {
      // Exactly what the route's code calls, from its row of the access table (infra/core/function-access.ts):
      // its events go to the outbox with its change, never straight onto the bus.
      const access: FunctionAccess = FunctionAccessByRole[routeKey];
      const own: Record<string, string> = {};
      if (access.lifecycle?.includes('states:StartExecution')) {
        own.STATE_MACHINE_ARN = props.stateMachine.stateMachineArn;
      }
      if (access.channelSecrets) own.CHANNEL_SECRET_PREFIX = props.channelSecrets.prefix;
      if (access.assets) Object.assign(own, props.assets.environment());
      if (access.reports) Object.assign(own, props.reports.environment());
      const construct = new HandlerFunction(this, file, {
        file,
        role: routeKey,
        environment: { ...environment, ...own },
        logKey: props.key,
        sourceMapStackTraces: props.sourceMapStackTraces,
      });
      const fn = construct.function;
      grantDataAccess(fn, access, { table: props.table, tableKey: props.tableKey });
      grantLifecycleAccess(this, `${file}-lifecycle`, fn, access, props.stateMachine);
      if (access.channelSecrets) props.channelSecrets.grant(fn, access.channelSecrets);
      if (access.assets) props.assets.allow(fn, access.assets);
      if (access.reports === 'read') props.reports.allowReading(fn);
      const [method, path] = routeKey.split(' ') as [apigwv2.HttpMethod, string];
      this.api.addRoutes({
        path,
        methods: [method],
        integration: new HttpLambdaIntegration(`${file}-integration`, fn, {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
        }),
      });
      functions[routeKey] = fn;
    }
    this.functions = functions as Record<ApiRouteKey, HandlerFunction['function']>;
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-COG3',
      reason: 'The Plus feature plan turns on threat protection for the user pool.',
    });
  }

  /**
   * The review portal's public client (no secret): authorization code with PKCE, back to the
   * portal's origin only, behind the pool's hosted sign-in (a domain named after the account).
   */
  private addPortalClient(pool: cognito.UserPool, portalOrigin: string): string {
    pool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: `brandflow-${Stack.of(this).account}` },
    });
    const client = pool.addClient('Portal', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${portalOrigin}/`],
        logoutUrls: [`${portalOrigin}/`],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });
    this.audience.push(client.userPoolClientId);
    new CfnOutput(this, 'PortalClientId', { value: client.userPoolClientId });
    return client.userPoolClientId;
  }
}
