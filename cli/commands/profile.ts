import { updateBrandProfileSchema } from '../../functions/contract/inbound.js';
import { InvalidInputError } from '../../functions/domain/errors.js';
import { actAsCaller, frontDoorCommand, TOKEN_SUBJECT } from '../front-door.js';
import { requiredArg, stringFlag } from '../options.js';
import { readPostFile } from '../post-file.js';
import { validateDetail } from '../validate.js';

/** `brandflow profile <file>`: saves a brand profile through the front door (brand admins). */
export const profileCommand = frontDoorCommand({
  name: 'profile',
  usage: 'profile <file.yaml|file.json> [--expected-version <n>] [--token <jwt>]',
  summary:
    "save a brand profile from a YAML or JSON file through the front door as a new version (the brand's admins only)",
  options: { 'expected-version': { type: 'string' } },
  optionsHelp: `  --expected-version <n> refuse the save when the stored profile is no longer at version n`,
  examples: ['brandflow login --as admin-1 --groups brandflow-admins && brandflow profile brands/acme.yaml'],
  async run({ args, io, connection }) {
    const file = requiredArg(args, 0, 'file');
    const profile = await readPostFile(file);
    const version = stringFlag(args, 'expected-version');
    const body = { profile, ...(version === undefined ? {} : { expectedVersion: Number(version) }) };
    validateDetail(updateBrandProfileSchema, { ...body, updatedBy: { id: TOKEN_SUBJECT } });
    const brandId = (profile as { brandId?: unknown }).brandId;
    if (typeof brandId !== 'string' || brandId.length === 0) {
      throw new InvalidInputError([
        { field: 'profile.brandId', rule: 'required', message: 'name the brand' },
      ]);
    }
    const path = `/brands/${encodeURIComponent(brandId)}/profile`;
    const outcome = (await actAsCaller(args, io.env, connection.target, 'PUT', path, body)) as {
      status?: string;
      version?: number;
    };
    return {
      data: { brandId, outcome },
      text: `Brand ${brandId}: profile ${String(outcome.status ?? 'saved')}, version ${String(outcome.version ?? '?')}.`,
    };
  },
});
