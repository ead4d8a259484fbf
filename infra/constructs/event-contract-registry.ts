import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { contractEvents } from '../../functions/contract/catalog.js';
import { eventJsonSchema, registrySchemaName } from '../../functions/contract/json-schema.js';
import { HUMAN_DECISION_EVENTS } from '../../functions/domain/events.js';

const REGISTRY_NAME = 'brandflow-events';

export interface EventContractRegistryProps {
  bus: events.EventBus;
  /** Accounts allowed to put the inbound detail-types on the bus. */
  integratorAccounts: string[];
  /** Encrypts the archive (every event, post text included). */
  key: kms.IKey;
}

/**
 * Publishes the event contract: one JSON Schema per event in the `brandflow-events` schema
 * registry (generated from functions/contract), an archive of the bus for replay, and a bus
 * policy letting the integrator accounts put the inbound detail-types only.
 *
 * @example
 * ```ts
 * new EventContractRegistry(this, 'Contract', { bus, integratorAccounts: ['111122223333'], key });
 * ```
 */
export class EventContractRegistry extends Construct {
  readonly registry: eventschemas.CfnRegistry;
  readonly archive: events.Archive;

  constructor(scope: Construct, id: string, props: EventContractRegistryProps) {
    super(scope, id);
    this.registry = new eventschemas.CfnRegistry(this, 'Registry', {
      registryName: REGISTRY_NAME,
      description: 'Brandflow inbound and outbound events (docs/events.md)',
    });
    for (const event of contractEvents) {
      const schemaName = registrySchemaName(event.detailType);
      const schema = new eventschemas.CfnSchema(this, schemaName.replace('@', ''), {
        registryName: REGISTRY_NAME,
        schemaName,
        type: 'JSONSchemaDraft4',
        content: JSON.stringify(eventJsonSchema(event)),
        description: event.summary.slice(0, 256),
      });
      schema.addResourceDependency(this.registry);
    }

    // Scoped under the bus, where `bus.archive()` puts it, and encrypted with Brandflow's key.
    this.archive = new events.Archive(props.bus, 'Archive', {
      sourceEventBus: props.bus,
      kmsKey: props.key,
      archiveName: `${props.bus.node.id}-archive`.slice(0, 48),
      description: 'Every event on the Brandflow bus, for replay',
      // Integrators' events carry their own account: the archive keeps those too, for replay.
      eventPattern: { account: [props.bus.stack.account, ...props.integratorAccounts] },
      retention: Duration.days(90),
    });

    // Human decisions come through the front door, with a verified identity, never from an integrator.
    const inbound = contractEvents
      .filter((e) => e.direction === 'inbound' && !HUMAN_DECISION_EVENTS.some((h) => h === e.detailType))
      .map((e) => e.detailType);
    for (const [index, account] of props.integratorAccounts.entries()) {
      props.bus.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `IntegratorPutsInbound${index}`,
          principals: [new iam.AccountPrincipal(account)],
          actions: ['events:PutEvents'],
          resources: [props.bus.eventBusArn],
          conditions: { 'ForAllValues:StringEquals': { 'events:detail-type': inbound } },
        }),
      );
    }
  }
}
