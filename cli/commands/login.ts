import { InvalidInputError } from '../../functions/domain/errors.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { storeToken } from '../front-door.js';
import { requiredFlag, stringFlag } from '../options.js';
import { resolveTarget } from '../target.js';

/** `brandflow login --as <user>`: a token from the local twin's OpenID issuer (local only). */
export const loginCommand: Command = {
  name: 'login',
  usage: 'login --as <user> [--groups <a,b>] [--issuer <url>]',
  summary: "get a token for the local twin's front door from its local OpenID issuer, and store it",
  options: { as: { type: 'string' }, groups: { type: 'string' }, issuer: { type: 'string' } },
  optionsHelp: `  --as <user>            the user id to act as (the token's subject)
  --groups <a,b>         groups the token names (e.g. brandflow-admins)
  --issuer <url>         the local issuer (BRANDFLOW_ISSUER_URL; default http://127.0.0.1:4021)
Against a deployed stack there is no login here: get a token from your identity provider and
pass it as --token or BRANDFLOW_TOKEN.`,
  examples: [
    'brandflow login --as brand-manager-1',
    'brandflow login --as admin-1 --groups brandflow-admins',
  ],
  async run({ args, io }) {
    if (resolveTarget(args, io.env).mode === 'aws') {
      throw new UsageError(
        'login is for the local twin only; against a deployed stack pass --token or BRANDFLOW_TOKEN',
      );
    }
    const user = requiredFlag(args, 'as');
    const groups = (stringFlag(args, 'groups') ?? '')
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean);
    const issuer =
      stringFlag(args, 'issuer') ??
      (io.env.BRANDFLOW_ISSUER_URL || `http://127.0.0.1:${io.env.BRANDFLOW_ISSUER_PORT ?? 4021}`);
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: user, groups }),
    });
    const answer = (await response.json()) as {
      access_token?: string;
      expires_in?: number;
      error_description?: string;
    };
    if (!response.ok || !answer.access_token) {
      throw new InvalidInputError([
        {
          field: '--as',
          rule: 'issuer',
          message: answer.error_description ?? `the issuer answered ${response.status}`,
        },
      ]);
    }
    const path = await storeToken(io.env, answer.access_token);
    return {
      data: { user, groups, token: answer.access_token, expiresIn: answer.expires_in, storedIn: path },
      text: `Logged in to the local twin as ${user}${groups.length ? ` (groups ${groups.join(', ')})` : ''}; the token is stored in ${path} and valid for ${answer.expires_in} s.
For another shell: export BRANDFLOW_TOKEN=${answer.access_token}`,
    };
  },
};
