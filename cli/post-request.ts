import type * as z from 'zod/mini';
import type { CommandContext, CommandResult } from './command.js';
import { actOnPost, frontDoorHelp, frontDoorOptions } from './front-door.js';
import { type ParsedArgs, requiredArg, stringFlag } from './options.js';

/** Options of a request about a post someone makes (cancel, reschedule): `--by` names them. */
export const requesterOptions = { ...frontDoorOptions, by: { type: 'string' } } as const;

export const requesterHelp = `  --by <userId>          optional: refused unless it is the token's own subject
${frontDoorHelp}`;

/** What the front door answers to a request about a post. */
export interface PostRequestOutcome {
  status?: string;
  scheduledAt?: string;
}

/**
 * Sends a request about the post named by the first argument through the front door, as the
 * token's person (`requestedBy`, or `--by`), and tells its outcome: `Post <id>: <status>`,
 * followed by what `told` adds.
 *
 * @example
 * ```ts
 * run: (context) => requestOnPost(context, 'cancel', cancelPostSchema, (args) => ({ reason: stringFlag(args, 'reason') })),
 * ```
 */
export async function requestOnPost(
  { args, io, connection }: CommandContext,
  action: string,
  schema: z.ZodMiniType,
  fieldsOf: (args: ParsedArgs) => Record<string, unknown>,
  told: (outcome: PostRequestOutcome) => string = () => '',
): Promise<CommandResult> {
  const postId = requiredArg(args, 0, 'postId');
  const outcome = (await actOnPost(args, io.env, connection.target, {
    postId,
    action,
    schema,
    actorField: 'requestedBy',
    actor: stringFlag(args, 'by'),
    fields: fieldsOf(args),
  })) as PostRequestOutcome;
  return {
    data: { postId, outcome },
    text: `Post ${postId}: ${String(outcome.status ?? 'handled')}${told(outcome)}.`,
  };
}
