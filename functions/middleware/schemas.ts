import { z } from 'zod';

/** The EventBridge envelope; the detail is checked by the handler, which answers bad input itself. */
export const eventBridgeEnvelope = z.object({
  'detail-type': z.string(),
  source: z.string().optional(),
  id: z.string().optional(),
  detail: z.unknown(),
});
export type EventBridgeEnvelope = z.infer<typeof eventBridgeEnvelope>;

const id = z.string().min(1).max(80);

/** Every task's input: the post and the execution that must own it. */
export const taskInput = z.object({ postId: id, executionName: id });

export const requestReviewInput = taskInput.extend({
  taskToken: z.string().min(1).max(2048),
  revision: z.number().int().min(1),
  reviewTimeoutSeconds: z.number().optional(),
});

/** Rate-limit waits already spent by a channel or metrics round (the workflow counts them). */
const rateLimitWaits = z.number().int().min(0).optional();

export const channelTaskInput = taskInput.extend({
  revision: z.number().int().min(1),
  channel: z.string().min(1),
  rateLimitWaits,
});

const stepError = z.object({ Error: z.string(), Cause: z.string().optional() });

export const channelFailureInput = channelTaskInput.extend({ error: stepError });

export const publicationInput = taskInput.extend({
  channelOutcomes: z.array(
    z.object({
      channel: z.string(),
      status: z.enum(['published', 'failed']),
      externalId: z.string().optional(),
      url: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
});

export const metricsTaskInput = taskInput.extend({
  round: z.number().int().min(1),
  at: z.string(),
  rateLimitWaits,
});

export const completionInput = taskInput.extend({
  metricsOutcome: z.union([z.object({ roundsCollected: z.number().int().min(0) }), stepError]),
});

export const workflowFailureInput = taskInput.extend({ failure: stepError });
