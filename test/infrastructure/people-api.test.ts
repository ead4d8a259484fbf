import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiRoutes } from '../../functions/contract/api-routes.js';
import { resourcesOf, synthesizeFrontDoors, type TemplateResource } from './synthesized.js';

let cognitoTemplate: Template;
let enterpriseTemplate: Template;

beforeAll(() => {
  ({ cognito: cognitoTemplate, enterprise: enterpriseTemplate } = synthesizeFrontDoors({
    identityProvider: { issuer: 'https://login.example.com/tenant/v2.0', audience: ['brandflow-api'] },
    subjectClaim: 'oid',
    groupsClaim: 'groups',
    brandAdmins: ['acme:ana'],
  }));
});

describe('the front door', () => {
  it('serves every route of the route table, each behind the JWT authorizer', () => {
    // Act
    const routes = resourcesOf(cognitoTemplate, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties);

    // Assess
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(Object.keys(ApiRoutes).sort());
    for (const route of routes) expect(route.AuthorizationType, String(route.RouteKey)).toBe('JWT');
  });

  it("trusts the enterprise's issuer and audience when the stack names them, and creates no user pool", () => {
    // Act
    const [authorizer] = resourcesOf(enterpriseTemplate, 'AWS::ApiGatewayV2::Authorizer');

    // Assess
    expect(authorizer?.Properties.JwtConfiguration).toEqual({
      Issuer: 'https://login.example.com/tenant/v2.0',
      Audience: ['brandflow-api'],
    });
    expect(authorizer?.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(resourcesOf(enterpriseTemplate, 'AWS::Cognito::UserPool')).toHaveLength(0);
  });

  it('otherwise trusts a Cognito user pool of its own, with the admin group and MFA required', () => {
    // Act
    const [pool] = resourcesOf(cognitoTemplate, 'AWS::Cognito::UserPool');
    const groups = resourcesOf(cognitoTemplate, 'AWS::Cognito::UserPoolGroup').map(
      (g) => g.Properties.GroupName,
    );
    const [authorizer] = resourcesOf(cognitoTemplate, 'AWS::ApiGatewayV2::Authorizer');

    // Assess
    expect(pool?.Properties.MfaConfiguration).toBe('ON');
    expect(pool?.Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(groups).toEqual(['brandflow-admins']);
    expect(JSON.stringify(authorizer?.Properties.JwtConfiguration)).toContain('cognito-idp');
  });

  it('tells the API functions which claims name the person and the groups, and who is first admin', () => {
    // Act
    const variables = resourcesOf(enterpriseTemplate, 'AWS::Lambda::Function')
      .filter((fn) => String(fn.Metadata?.['brandflow:role']) in ApiRoutes)
      .map((fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables);

    // Assess
    expect(variables).toHaveLength(Object.keys(ApiRoutes).length);
    for (const vars of variables) {
      expect(vars).toMatchObject({
        IDENTITY_SUBJECT_CLAIM: 'oid',
        IDENTITY_GROUPS_CLAIM: 'groups',
        IDENTITY_ADMIN_GROUP: 'brandflow-admins',
        IDENTITY_BRAND_ADMINS: 'acme:ana',
      });
    }
  });

  it('lets the reading routes only read: no events, no workflow calls, no writes', () => {
    // Prepare
    const readers = ['GET /posts/{postId}', 'GET /brands/{brandId}/calendar'];
    const template = cognitoTemplate.toJSON() as {
      Resources: Record<string, TemplateResource & { Type: string }>;
    };
    const roleOf = (routeKey: string) => {
      const fn = Object.values(template.Resources).find((r) => r.Metadata?.['brandflow:role'] === routeKey);
      return (fn?.Properties.Role as { 'Fn::GetAtt': [string, string] } | undefined)?.['Fn::GetAtt'][0];
    };

    // Act
    const actions = readers.map((route) =>
      Object.values(template.Resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleOf(route)))
        .flatMap(
          (p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
        )
        .flatMap((s) => [s.Action].flat()),
    );

    // Assess
    for (const list of actions) {
      expect(list).toContain('dynamodb:GetItem');
      expect(list.filter((a) => /^(events|states):|dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual(
        [],
      );
    }
  });

  it('lets only the routes that act on a post answer the workflow, and no route put events on the bus', () => {
    // Prepare
    const template = cognitoTemplate.toJSON() as {
      Resources: Record<string, TemplateResource & { Type: string }>;
    };
    const actionsOf = (routeKey: string) => {
      const fn = Object.values(template.Resources).find((r) => r.Metadata?.['brandflow:role'] === routeKey);
      const role = (fn?.Properties.Role as { 'Fn::GetAtt': [string, string] } | undefined)?.['Fn::GetAtt'][0];
      return Object.values(template.Resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role))
        .flatMap(
          (p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
        )
        .flatMap((st) => [st.Action].flat());
    };

    // Act
    const membership = actionsOf('PUT /brands/{brandId}/members/{memberId}');
    const profile = actionsOf('PUT /brands/{brandId}/profile');
    const decision = actionsOf('POST /posts/{postId}/decisions');

    // Assess
    expect(membership.filter((a) => /^(events|states):/.test(a))).toEqual([]);
    expect(profile.filter((a) => /^(events|states):/.test(a))).toEqual([]);
    // Events go to the outbox with the change (a put on the table); the forwarder puts them on the bus.
    expect(profile).toContain('dynamodb:PutItem');
    expect(decision).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'states:SendTaskSuccess']));
    expect(decision).not.toContain('events:PutEvents');
  });

  it('logs requests without the source IP, the token or the body', () => {
    // Act
    const [stage] = resourcesOf(cognitoTemplate, 'AWS::ApiGatewayV2::Stage');
    const format = (stage?.Properties.AccessLogSettings as { Format: string } | undefined)?.Format ?? '';

    // Assess
    expect(Object.keys(JSON.parse(format))).toEqual([
      'requestId',
      'routeKey',
      'status',
      'latencyMs',
      'authorizerError',
      'integrationError',
    ]);
  });
});
