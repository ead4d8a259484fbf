import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../functions/domain/events.js';
import { HandlerFunction } from './handler-function.js';

export interface BusLockdownProps {
  bus: events.EventBus;
  /** Where Brandflow's own functions live: every {@link HandlerFunction} under it may publish. */
  functionsUnder: Construct;
}

/**
 * Keeps `source: brandflow` Brandflow's own: the bus's resource policy denies
 * `events:PutEvents` with that source to every principal but the roles of Brandflow's
 * functions, so no other role of the account (nor an integrator account) can put events
 * subscribers trust as Brandflow's.
 *
 * @example
 * ```ts
 * new BusLockdown(this, 'BusLockdown', { bus, functionsUnder: this });
 * ```
 */
export class BusLockdown extends Construct {
  /** The roles allowed to publish as Brandflow. */
  readonly publishers: iam.IRole[];

  constructor(scope: Construct, id: string, props: BusLockdownProps) {
    super(scope, id);
    this.publishers = props.functionsUnder.node
      .findAll()
      .filter((c): c is HandlerFunction => c instanceof HandlerFunction)
      .flatMap((c) => (c.function.role ? [c.function.role] : []));
    props.bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyBrandflowPublishesAsBrandflow',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [props.bus.eventBusArn],
        conditions: {
          StringEquals: { 'events:source': EVENT_SOURCE },
          ArnNotEquals: { 'aws:PrincipalArn': this.publishers.map((role) => role.roleArn) },
        },
      }),
    );
  }
}
