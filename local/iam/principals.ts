import { LocalTemplateError } from '../../functions/domain/errors.js';
import { type CfnResource, LocalAws, type LocalTemplate } from '../core/template.js';
import type { PolicyDocument, PolicyStatement } from './policy.js';

/** The role a function runs as locally, with the identity policies the template attaches to it. */
export interface LocalPrincipal {
  functionLogicalId: string;
  roleLogicalId: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<function>`: how AWS names a Lambda function's caller. */
  sessionArn: string;
  policies: PolicyDocument[];
}

/** The names the local run gives resources whose names CloudFormation would generate. */
export interface LocalNames {
  tableName: string;
}

const { partition, region, accountId } = LocalAws;
const arnPrefix = (service: string) => `arn:${partition}:${service}:${region}:${accountId}`;

/**
 * The principal of every template function that has an execution role: the role's inline
 * policies, the `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` resources attached to it, with
 * their intrinsics resolved to the local ARNs. AWS managed policies grant nothing here.
 *
 * @example
 * ```ts
 * const principals = readPrincipals(template, { tableName: 'brandflow' });
 * principals.SubmitPostFunction1A2B3C4D?.sessionArn;
 * ```
 */
export function readPrincipals(template: LocalTemplate, names: LocalNames): Record<string, LocalPrincipal> {
  const { resources } = template;
  const resolve = intrinsicResolver(template, names);
  const documentsOf = (roleId: string): PolicyDocument[] => {
    const role = resources[roleId];
    if (role?.Type !== 'AWS::IAM::Role') {
      throw new LocalTemplateError(`${roleId} is not an IAM role of the template`, { context: { roleId } });
    }
    const inline = ((role.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map(
      (policy) => policy.PolicyDocument,
    );
    const managedRefs = ((role.Properties?.ManagedPolicyArns as unknown[] | undefined) ?? []).flatMap(
      (arn) => {
        const ref = (arn as { Ref?: string }).Ref;
        return ref && resources[ref]?.Type === 'AWS::IAM::ManagedPolicy' ? [ref] : [];
      },
    );
    const attached = Object.entries(resources)
      .filter(
        ([id, resource]) =>
          (resource.Type === 'AWS::IAM::Policy' ||
            (resource.Type === 'AWS::IAM::ManagedPolicy' && !managedRefs.includes(id))) &&
          attachesTo(resource, roleId),
      )
      .map(([, resource]) => resource.Properties?.PolicyDocument);
    const managed = managedRefs.map((id) => resources[id]?.Properties?.PolicyDocument);
    return [...inline, ...attached, ...managed].map((document) => resolveDocument(document, resolve));
  };

  const principals: Record<string, LocalPrincipal> = {};
  for (const fn of Object.values(template.functions)) {
    if (!fn.roleLogicalId) continue;
    const roleName = literal(resources[fn.roleLogicalId]?.Properties?.RoleName) ?? fn.roleLogicalId;
    const functionName = literal(resources[fn.logicalId]?.Properties?.FunctionName) ?? fn.logicalId;
    principals[fn.logicalId] = {
      functionLogicalId: fn.logicalId,
      roleLogicalId: fn.roleLogicalId,
      sessionArn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${functionName}`,
      policies: documentsOf(fn.roleLogicalId),
    };
  }
  return principals;
}

function attachesTo(resource: CfnResource, roleId: string): boolean {
  const roles = (resource.Properties?.Roles as unknown[] | undefined) ?? [];
  return roles.some((role) => (role as { Ref?: string }).Ref === roleId);
}

function literal(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

type Resolve = (value: unknown) => string | undefined;

/**
 * Resolves a statement's values. A value the local run cannot resolve (a resource type it has
 * no ARN for) becomes an ARN nothing matches in an Allow, which only narrows what is allowed;
 * in a Deny it would widen it, so it fails the start.
 */
function resolveDocument(document: unknown, resolve: Resolve): PolicyDocument {
  const { Statement, Version } = document as { Statement: unknown; Version?: string };
  const statements = [Statement].flat() as Record<string, unknown>[];
  return {
    Version,
    Statement: statements.map((statement) => {
      const resolveValue = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(resolveValue);
        if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number')
          return value;
        const resolved = resolve(value);
        if (resolved !== undefined) return resolved;
        if (statement.Effect === 'Deny') {
          throw new LocalTemplateError(
            `cannot resolve ${JSON.stringify(value)} of a Deny statement locally`,
            {
              context: { sid: String(statement.Sid ?? '') },
            },
          );
        }
        return `arn:${partition}:unresolved:::${JSON.stringify(value)}`;
      };
      const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
      return {
        ...statement,
        ...(statement.Resource !== undefined ? { Resource: resolveValue(statement.Resource) } : {}),
        ...(statement.NotResource !== undefined ? { NotResource: resolveValue(statement.NotResource) } : {}),
        ...(condition
          ? {
              Condition: Object.fromEntries(
                Object.entries(condition).map(([operator, block]) => [
                  operator,
                  Object.fromEntries(Object.entries(block).map(([key, value]) => [key, resolveValue(value)])),
                ]),
              ),
            }
          : {}),
      } as PolicyStatement;
    }),
  };
}

/** `Ref` and `Fn::GetAtt` of the resource types Brandflow's policies name, as the local run calls them. */
function intrinsicResolver(template: LocalTemplate, names: LocalNames): Resolve {
  const { resources } = template;
  const tableArn = `${arnPrefix('dynamodb')}:table/${names.tableName}`;
  const nameOf = (id: string, property: string) => literal(resources[id]?.Properties?.[property]) ?? id;
  /** A bucket as the local S3 server serves it (local/core/template.ts names it). */
  const bucketName = (id: string) => template.buckets.find((bucket) => bucket.logicalId === id)?.name;
  const attribute = (id: string, attr: string): string | undefined => {
    const type = resources[id]?.Type;
    if (id === template.table.logicalId) {
      if (attr === 'Arn') return tableArn;
      if (attr === 'StreamArn') return `${tableArn}/stream/local`;
    }
    if (attr !== 'Arn') return undefined;
    switch (type) {
      case 'AWS::Events::EventBus':
        return `${arnPrefix('events')}:event-bus/${nameOf(id, 'Name')}`;
      case 'AWS::StepFunctions::StateMachine':
        return template.stateMachine.arn;
      case 'AWS::Scheduler::ScheduleGroup':
        return `${arnPrefix('scheduler')}:schedule-group/${nameOf(id, 'Name')}`;
      case 'AWS::KMS::Key':
        return `${arnPrefix('kms')}:key/${id}`;
      case 'AWS::Logs::LogGroup':
        return `${arnPrefix('logs')}:log-group:${nameOf(id, 'LogGroupName')}:*`;
      case 'AWS::S3::Bucket': {
        const bucket = bucketName(id);
        return bucket && `arn:${partition}:s3:::${bucket}`;
      }
      default:
        return template.resourceArns[id] ?? template.functions[id]?.arn;
    }
  };
  const ref = (id: string): string | undefined => {
    switch (id) {
      case 'AWS::Partition':
        return partition;
      case 'AWS::Region':
        return region;
      case 'AWS::AccountId':
        return accountId;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
    }
    if (id === template.table.logicalId) return names.tableName;
    switch (resources[id]?.Type) {
      case 'AWS::Events::EventBus':
        return nameOf(id, 'Name');
      case 'AWS::StepFunctions::StateMachine':
        return template.stateMachine.arn;
      case 'AWS::Scheduler::ScheduleGroup':
        return nameOf(id, 'Name');
      case 'AWS::SecretsManager::Secret':
        return `${arnPrefix('secretsmanager')}:secret:${nameOf(id, 'Name')}`;
      case 'AWS::S3::Bucket':
        return bucketName(id);
      default:
        return undefined;
    }
  };
  const resolve: Resolve = (value) => {
    if (typeof value === 'string') return value;
    if (!value || typeof value !== 'object') return undefined;
    const intrinsic = value as Record<string, unknown>;
    if (typeof intrinsic.Ref === 'string') return ref(intrinsic.Ref);
    const getAtt = intrinsic['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return attribute(String(getAtt[0]), String(getAtt[1]));
    const join = intrinsic['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      const parts = join[1].map(resolve);
      return parts.every((part) => part !== undefined) ? parts.join(join[0]) : undefined;
    }
    return undefined;
  };
  return resolve;
}
