import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../functions/domain/events.js';
import { deadLetterDestination, deadLetterQueue } from './dead-letter-queue.js';

export interface EventIntakeProps {
  bus: events.IEventBus;
  detailType: string;
  handler: IFunction;
  /** Encrypts the dead-letter queue. */
  key: kms.IKey;
  /** The accounts whose events the rule takes: the stack's own, and the integrators' where allowed. */
  accounts: string[];
  /**
   * Takes Brandflow's own event of this detail-type (put by the outbox forwarder alone) instead
   * of an integrator's command: how an approved reply reaches its sender.
   */
  own?: boolean;
}

/**
 * Routes one inbound detail-type from the bus to its handler. An event is never lost: one
 * EventBridge cannot deliver lands in the dead-letter queue, and so does one delivered but
 * still failing (or throttled) after Lambda's own asynchronous retries.
 *
 * @example
 * ```ts
 * new EventIntake(this, 'SubmitPostIntake', { bus, detailType: 'Submit Post', handler: submitPost, key, accounts: [account] });
 * ```
 */
export class EventIntake extends Construct {
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  readonly handler: IFunction;

  constructor(scope: Construct, id: string, props: EventIntakeProps) {
    super(scope, id);
    this.handler = props.handler;

    this.deadLetterQueue = deadLetterQueue(this, 'the rule target', props.key);

    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.bus,
      description: `Delivers '${props.detailType}' events to their handler`,
      // Brandflow's own events never come back in as commands; other accounts' only where allowed.
      eventPattern: {
        detailType: [props.detailType],
        account: props.accounts,
        source: props.own ? [EVENT_SOURCE] : events.Match.anythingBut(EVENT_SOURCE),
      },
    });
    this.rule.addTarget(
      new targets.LambdaFunction(props.handler, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 8,
        // Past a day a submission or a decision is stale; the dead-letter queue keeps it for a look.
        maxEventAge: Duration.hours(24),
      }),
    );

    // EventBridge invokes Lambda asynchronously: once delivered, the event is Lambda's to
    // retry, and without an on-failure destination a final failure would drop it.
    props.handler.configureAsyncInvoke({
      onFailure: deadLetterDestination(this.deadLetterQueue, props.key),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
  }
}
