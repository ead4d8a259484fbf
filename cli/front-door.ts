import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type * as z from 'zod/mini';
import { type InputProblem, InvalidInputError } from '../functions/domain/errors.js';
import type { Command } from './command.js';
import { FrontDoorRefusedError } from './errors.js';
import { type ParsedArgs, stringFlag } from './options.js';
import type { Target } from './target.js';
import { validateDetail } from './validate.js';

/** Options of the commands that act: they go through the front door with a token. */
export const frontDoorOptions = {
  token: { type: 'string' },
  api: { type: 'string' },
} as const;

export const frontDoorHelp = `  --token <jwt>          the bearer token (BRANDFLOW_TOKEN; locally: the one \`brandflow login\` stored)
  --api <url>            the stack's ApiUrl output (BRANDFLOW_API_URL; local: http://127.0.0.1:4020)`;

/**
 * A command that acts through the front door: it takes the front door's options besides its
 * own, and its help lists them after its own.
 *
 * @example
 * ```ts
 * export const pingCommand = frontDoorCommand({ name: 'ping', usage: 'ping', summary: 'ping', run });
 * ```
 */
export function frontDoorCommand(command: Command): Command {
  return {
    ...command,
    options: { ...command.options, ...frontDoorOptions },
    optionsHelp: command.optionsHelp ? `${command.optionsHelp}\n${frontDoorHelp}` : frontDoorHelp,
  };
}

/**
 * What local validation puts in an actor field the front door fills from the token: the CLI
 * does not read the token, and a body naming anyone else is refused by the front door.
 */
export const TOKEN_SUBJECT = 'token-subject';

/**
 * The actor field of a body: `{ id }` when the command line names someone (refused by the
 * front door unless it is the token's subject), else nothing.
 *
 * @example
 * ```ts
 * const body = { reason, ...namedActor('requestedBy', stringFlag(args, 'by')) };
 * ```
 */
export function namedActor(field: string, id: string | undefined): Record<string, { id: string }> {
  return id === undefined ? {} : { [field]: { id } };
}

/** Where `brandflow login` keeps the local token (BRANDFLOW_TOKEN_FILE changes it). */
export const tokenFile = (env: Readonly<Record<string, string | undefined>>) =>
  env.BRANDFLOW_TOKEN_FILE || '.brandflow/token';

/** The front door's URL and the caller's token. */
export interface FrontDoor {
  url: string;
  token: string;
}

/**
 * The front door a command calls: `--api` / `BRANDFLOW_API_URL` (the local twin's by default) and
 * the token from `--token`, `BRANDFLOW_TOKEN`, or, on the twin, the one `brandflow login` stored.
 *
 * @example
 * ```ts
 * const door = await frontDoor(args, io.env, target);
 * ```
 */
export async function frontDoor(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
  target: Pick<Target, 'mode'>,
): Promise<FrontDoor> {
  const url = stringFlag(args, 'api') ?? (env.BRANDFLOW_API_URL || undefined);
  const local = `http://127.0.0.1:${env.BRANDFLOW_API_PORT ?? 4020}`;
  if (!url && target.mode === 'aws') {
    throw new InvalidInputError([
      {
        field: '--api',
        rule: 'required',
        message: 'a deployed stack needs its ApiUrl output as --api (or BRANDFLOW_API_URL)',
      },
    ]);
  }
  const stored = target.mode === 'local' ? await readFile(tokenFile(env), 'utf8').catch(() => '') : '';
  const token = stringFlag(args, 'token') ?? (env.BRANDFLOW_TOKEN || stored.trim() || undefined);
  if (!token) {
    throw new InvalidInputError([
      {
        field: '--token',
        rule: 'required',
        message:
          'acting needs a token: `npx brandflow login --as <user>` on the local twin, else --token or BRANDFLOW_TOKEN',
      },
    ]);
  }
  return { url: url ?? local, token };
}

/**
 * Calls a route of the front door and returns its JSON answer. A problem answer becomes an
 * error naming each field and rule: {@link InvalidInputError} for 400, else
 * {@link FrontDoorRefusedError} with the status and the reason.
 *
 * @example
 * ```ts
 * const result = await callFrontDoor(door, 'POST', '/posts/spring-launch/cancel', { reason: 'Campaign moved' });
 * ```
 */
export async function callFrontDoor(
  door: FrontDoor,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${door.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${door.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as {
    detail?: string;
    message?: string;
    errors?: InputProblem[];
  };
  if (response.ok) return answer;
  if (response.status === 400 && answer.errors) throw new InvalidInputError(answer.errors);
  const reason =
    response.status === 401
      ? `${answer.message ?? 'Unauthorized'}: ${/error_description="([^"]*)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1] ?? 'the token was refused'}`
      : (answer.detail ?? answer.message ?? response.statusText);
  const rules = (answer.errors ?? []).map((e) => e.rule).join(', ');
  throw new FrontDoorRefusedError(`${response.status}: ${reason}${rules ? ` (rule: ${rules})` : ''}`, {
    context: { status: response.status },
  });
}

/**
 * Calls a route of the front door as the person of the command line's token: {@link frontDoor}
 * then {@link callFrontDoor}.
 *
 * @example
 * ```ts
 * const outcome = await actAsCaller(args, io.env, connection.target, 'POST', '/posts', body);
 * ```
 */
export async function actAsCaller(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
  target: Pick<Target, 'mode'>,
  method: string,
  path: string,
  body: unknown,
): Promise<unknown> {
  return callFrontDoor(await frontDoor(args, env, target), method, path, body);
}

/**
 * Acts on one post through the front door (`POST /posts/{postId}/<action>`) as the token's
 * subject. The body is first checked here against the event's own schema, the token's
 * subject standing in for the actor, so bad input is refused before any call; an actor named
 * on the command line is sent, and refused by the front door unless it is the token's subject.
 *
 * @example
 * ```ts
 * const outcome = await actOnPost(args, io.env, connection.target, {
 *   postId, action: 'cancel', schema: cancelPostSchema, actorField: 'requestedBy', actor: stringFlag(args, 'by'), fields: { reason },
 * });
 * ```
 */
export async function actOnPost(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
  target: Pick<Target, 'mode'>,
  request: {
    postId: string;
    action: string;
    schema: z.ZodMiniType;
    actorField: string;
    actor: string | undefined;
    fields: Record<string, unknown>;
  },
): Promise<unknown> {
  const { postId, actorField, actor } = request;
  const body = { ...request.fields, ...namedActor(actorField, actor) };
  validateDetail(request.schema, { ...body, postId, [actorField]: { id: actor ?? TOKEN_SUBJECT } });
  const path = `/posts/${encodeURIComponent(postId)}/${request.action}`;
  return actAsCaller(args, env, target, 'POST', path, body);
}

/**
 * Stores a token where the CLI finds it on the next call (readable by the user only).
 *
 * @example
 * ```ts
 * await storeToken(io.env, token);
 * ```
 */
export async function storeToken(
  env: Readonly<Record<string, string | undefined>>,
  token: string,
): Promise<string> {
  const path = tokenFile(env);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  return path;
}
