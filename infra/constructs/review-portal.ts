import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CfnElement,
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { buildPortal } from '../../portal/build.js';
import { portalSecurityHeaders } from '../../portal/security-headers.js';
import type { IdentitySettings } from './people-api.js';

/** One build per process: every synthesis in a test run deploys the same files. */
let built: string | undefined;
const portalFiles = () => {
  built ??= buildPortal(mkdtempSync(join(tmpdir(), 'brandflow-portal-'))).dir;
  return built;
};

/** What the portal's `config.json` says: the API and the identity provider it signs in with. */
export interface ReviewPortalConfig {
  apiUrl: string;
  issuer: string;
  clientId: string;
  stateMachineArn: string;
}

/**
 * The review portal's hosting: a private bucket read only by CloudFront through origin access
 * control, HTTPS only, with the portal's security headers and strict Content-Security-Policy
 * (portal/security-headers.ts) on every response. The page may call the stack's HTTP API
 * (`execute-api` in the stack's region) and the identity provider's origins.
 *
 * @example
 * ```ts
 * const portal = new ReviewPortal(this, 'ReviewPortal', { identityOrigins: ['https://login.example.com'] });
 * portal.deploy({ apiUrl, issuer, clientId, stateMachineArn });
 * ```
 */
export class ReviewPortal extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`: the portal's origin, its sign-in callback and the API's CORS origin. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: { identityOrigins: string[] }) {
    super(scope, id);
    const { region, urlSuffix } = Stack.of(this);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    const headers = portalSecurityHeaders({
      connect: [`https://*.execute-api.${region}.${urlSuffix}`, ...props.identityOrigins],
    });
    const responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Brandflow review portal: strict CSP and security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: headers['content-security-policy'] as string,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: ['cross-origin-opener-policy', 'permissions-policy'].map((header) => ({
          header,
          value: headers[header] as string,
          override: true,
        })),
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Brandflow review portal',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: responseHeaders,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'PortalUrl', { value: `${this.origin}/` });
    acknowledge(this.bucket, {
      'AwsSolutions-S1':
        'Static, public-by-design files written only by the deployment; CloudFront serves them.',
    });
    acknowledge(this.distribution, {
      'AwsSolutions-CFR1': 'People sign in from anywhere their company works; the API checks every token.',
      'AwsSolutions-CFR2':
        'Static files only; every action goes to the API, which verifies a token per call.',
      'AwsSolutions-CFR3': 'Static files only; the API logs every call with its route and outcome.',
      'AwsSolutions-CFR4':
        'The default CloudFront domain and certificate allow older TLS; a custom domain with TLS 1.2 is a deployment choice.',
    });
  }

  /** Uploads the built portal and its `config.json`, and refreshes CloudFront's copies. */
  deploy(config: ReviewPortalConfig): s3deploy.BucketDeployment {
    const deployment = new s3deploy.BucketDeployment(this, 'Files', {
      destinationBucket: this.bucket,
      sources: [s3deploy.Source.asset(portalFiles()), s3deploy.Source.jsonData('config.json', config)],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
    });
    const reason =
      "CDK's bucket deployment function copies the portal's files: its role, policy and runtime are CDK's own.";
    const stack = Stack.of(this);
    const bucketId = stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as CfnElement));
    const assets = `arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>/*`;
    const findings = [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
        (action) => `AwsSolutions-IAM5[Action::${action}]`,
      ),
      `AwsSolutions-IAM5[Resource::${assets}]`,
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-L1',
    ];
    for (const construct of stack.node.children.filter((c) =>
      c.node.id.startsWith('Custom::CDKBucketDeployment'),
    )) {
      acknowledge(construct, Object.fromEntries(findings.map((id) => [id, reason])));
    }
    return deployment;
  }
}

/**
 * The origins the portal's page calls to sign in: the enterprise provider's issuer, or the
 * stack's Cognito user pool (discovery) and its hosted sign-in domain (token endpoint).
 *
 * @example
 * ```ts
 * identityOrigins(stack, { identityProvider: { issuer: 'https://login.example.com/t', audience: ['a'] } }); // ['https://login.example.com']
 * ```
 */
export function identityOrigins(scope: Construct, identity: IdentitySettings | undefined): string[] {
  if (identity?.identityProvider) return [new URL(identity.identityProvider.issuer).origin];
  const { region, account } = Stack.of(scope);
  return [
    `https://cognito-idp.${region}.amazonaws.com`,
    `https://brandflow-${account}.auth.${region}.amazoncognito.com`,
  ];
}

function acknowledge(scope: IConstruct, reasons: Record<string, string>): void {
  for (const [id, reason] of Object.entries(reasons)) Validations.of(scope).acknowledge({ id, reason });
}
