import { Template } from 'aws-cdk-lib/assertions';
import { type BuildAppOptions, buildApp } from '../../infra/build-app.js';

/**
 * Synthesizes the Brandflow app without bundling (the template is what these tests read) and
 * returns the stack's template.
 */
export function synthesizeBrandflow(options: Omit<BuildAppOptions, 'skipBundling'> = {}) {
  const { app, stack } = buildApp({ ...options, skipBundling: true });
  return { app, stack, template: Template.fromStack(stack) };
}

/**
 * The stack's templates with its own Cognito user pool (the default) and with an enterprise
 * identity provider in front of the API, set as `identity`: what the front-door tests compare.
 *
 * @example
 * ```ts
 * const { cognito, enterprise } = synthesizeFrontDoors({ identityProvider: { issuer, audience: ['brandflow-api'] } });
 * ```
 */
export function synthesizeFrontDoors(identity: BuildAppOptions['identity']) {
  return { cognito: synthesizeBrandflow().template, enterprise: synthesizeBrandflow({ identity }).template };
}

/**
 * The resources of one type in a template, as these tests look into them.
 *
 * @example
 * ```ts
 * resourcesOf(template, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties);
 * ```
 */
export function resourcesOf(template: Template, type: string): TemplateResource[] {
  return Object.values(template.findResources(type)) as TemplateResource[];
}

/** A resource of a synthesized template, as these tests look into it. */
export interface TemplateResource {
  Properties: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

/** A state of an Amazon States Language definition, as far as these tests look into it. */
export interface AslState {
  Type: string;
  Resource?: string;
  Next?: string;
  End?: boolean;
  TimeoutSecondsPath?: string;
  Parameters?: Record<string, unknown>;
  Retry?: { ErrorEquals: string[]; JitterStrategy?: string; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  ItemProcessor?: AslDefinition;
  ItemsPath?: string;
  ItemSelector?: Record<string, unknown>;
  TimestampPath?: string;
  MaxConcurrency?: number;
  Choices?: { Next: string }[];
  Default?: string;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

/**
 * The state machine's definition as a parsed object. CloudFormation intrinsics inside the
 * `Fn::Join` (function ARNs, the partition) become `<LogicalId.Attribute>` placeholders.
 */
export function stateMachineDefinition(template: Template): AslDefinition {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const body = machine?.Properties?.DefinitionString as { 'Fn::Join': [string, unknown[]] } | string;
  if (typeof body === 'string') return JSON.parse(body) as AslDefinition;
  const text = body['Fn::Join'][1]
    .map((part) => (typeof part === 'string' ? part : placeholder(part)))
    .join('');
  return JSON.parse(text) as AslDefinition;
}

function placeholder(part: unknown): string {
  const token = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (token.Ref) return `<${token.Ref}>`;
  if (token['Fn::GetAtt']) return `<${token['Fn::GetAtt'].join('.')}>`;
  return '<intrinsic>';
}

/** Every state of a definition, including the states inside Map item processors. */
export function allStates(definition: AslDefinition): [string, AslState][] {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...(state.ItemProcessor ? allStates(state.ItemProcessor) : []),
  ]);
}
