import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(80));
const round = z.number().check(z.int(), z.minimum(1));
const at = z.string().check(z.minLength(1));

/** One round's schedule Input: the round, and the rate-limit waits it already spent. */
export const metricsTaskInput = z.object({
  postId: id,
  executionName: id,
  round,
  at,
  rateLimitWaits: z.optional(z.number().check(z.int(), z.minimum(0))),
});

/** AwaitMetricsRounds' payload. */
export const scheduleMetricsRoundsInput = z.object({
  postId: id,
  executionName: id,
  taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
  metricsRounds: z.array(z.object({ round, at })),
  metricsTimeoutSeconds: z.optional(z.number()),
});
