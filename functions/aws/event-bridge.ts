import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { scopedClient } from './run-scope.js';

/**
 * The EventBridge client of the running configuration (see functions/aws/dynamodb.ts for why
 * one module per client): puts Brandflow's events on its bus.
 *
 * @example
 * ```ts
 * await eventBridge.send(new PutEventsCommand({ Entries: [{ EventBusName: bus, Source, DetailType, Detail }] }));
 * ```
 */
export const eventBridge = scopedClient('EVENTBRIDGE', (config) => new EventBridgeClient(config));
