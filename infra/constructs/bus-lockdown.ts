import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../functions/domain/events.js';

export interface BusLockdownProps {
  bus: events.EventBus;
  /** The functions that put Brandflow's events on the bus: the outbox forwarder. */
  publishers: lambda.IFunction[];
}

/**
 * Keeps `source: brandflow` Brandflow's own: the bus's resource policy denies
 * `events:PutEvents` with that source to every principal but the role of the function that
 * puts Brandflow's events (the outbox forwarder), so no other role of the account (nor an
 * integrator account) can put events subscribers trust as Brandflow's.
 *
 * @example
 * ```ts
 * new BusLockdown(this, 'BusLockdown', { bus, publishers: [outbox.function] });
 * ```
 */
export class BusLockdown extends Construct {
  /** The roles allowed to publish as Brandflow. */
  readonly publishers: iam.IRole[];

  constructor(scope: Construct, id: string, props: BusLockdownProps) {
    super(scope, id);
    this.publishers = props.publishers.flatMap((fn) => (fn.role ? [fn.role] : []));
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
