import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, synthesizeFrontDoors, type TemplateResource } from './synthesized.js';

let template: Template;
let enterprise: Template;

beforeAll(() => {
  ({ cognito: template, enterprise } = synthesizeFrontDoors({
    identityProvider: {
      issuer: 'https://login.example.com/tenant/v2.0',
      audience: ['brandflow-api', 'brandflow-portal'],
      portalClientId: 'brandflow-portal',
    },
  }));
});
const distributionId = (t: Template) =>
  Object.keys(t.findResources('AWS::CloudFront::Distribution'))[0] as string;

describe('the review portal on AWS', () => {
  it('serves a private bucket only through CloudFront with origin access control, over HTTPS', () => {
    // Act
    const [oac] = resourcesOf(template, 'AWS::CloudFront::OriginAccessControl');
    const [distribution] = resourcesOf(template, 'AWS::CloudFront::Distribution');
    const buckets = template.findResources('AWS::S3::Bucket', {
      Properties: { Tags: Match.absent(), WebsiteConfiguration: Match.absent() },
    });

    // Assess
    expect(oac?.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(distribution?.Properties.DistributionConfig).toMatchObject({
      DefaultRootObject: 'index.html',
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' },
    });
    for (const bucket of Object.values(buckets) as TemplateResource[]) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('sends a strict Content-Security-Policy and the security headers on every response', () => {
    // Act
    const [policy] = resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    const config = policy?.Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      CustomHeadersConfig: { Items: { Header: string; Value: string }[] };
    };
    const csp = JSON.stringify(config.SecurityHeadersConfig.ContentSecurityPolicy?.ContentSecurityPolicy);

    // Assess
    expect(csp).toContain("default-src 'none'; script-src 'self'; style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('execute-api');
    expect(csp).not.toContain('unsafe');
    expect(config.SecurityHeadersConfig.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(config.SecurityHeadersConfig.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true });
    expect(config.SecurityHeadersConfig.ContentTypeOptions).toMatchObject({ Override: true });
    expect(config.CustomHeadersConfig.Items.map((h) => h.Header)).toEqual([
      'cross-origin-opener-policy',
      'permissions-policy',
    ]);
  });

  it('signs people in with a public Cognito client (code with PKCE) back to the portal, which the API trusts and answers', () => {
    // Act
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    const portalId = Object.keys(clients).find((id) => id.includes('Portal')) as string;
    const portalClient = clients[portalId] as TemplateResource;
    const [authorizer] = resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer');
    const [api] = resourcesOf(template, 'AWS::ApiGatewayV2::Api');

    // Assess
    expect(portalClient?.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(portalClient?.Properties.GenerateSecret).not.toBe(true);
    expect(JSON.stringify(portalClient?.Properties.CallbackURLs)).toContain(distributionId(template));
    expect(JSON.stringify(authorizer?.Properties.JwtConfiguration)).toContain(portalId);
    expect(JSON.stringify(api?.Properties.CorsConfiguration)).toContain(distributionId(template));
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it("deploys the built portal with a config naming the API, the issuer and the portal's client", () => {
    // Act
    const [deployment] = resourcesOf(template, 'Custom::CDKBucketDeployment');
    const [enterpriseHeaders] = resourcesOf(enterprise, 'AWS::CloudFront::ResponseHeadersPolicy');

    // Assess
    expect(deployment?.Properties.DistributionPaths).toEqual(['/*']);
    const markers = JSON.stringify(deployment?.Properties.SourceMarkers);
    const logicalIds = (type: string) => Object.keys(template.findResources(type));
    expect(markers).toContain(logicalIds('AWS::ApiGatewayV2::Api')[0]);
    expect(markers).toContain(logicalIds('AWS::StepFunctions::StateMachine')[0]);
    expect(markers).toContain(logicalIds('AWS::Cognito::UserPoolClient').find((id) => id.includes('Portal')));
    expect(JSON.stringify(enterpriseHeaders)).toContain('https://login.example.com');
    enterprise.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
  });
});
