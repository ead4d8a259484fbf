import { BrandflowError } from '../functions/domain/errors.js';

/** A command line the CLI cannot run: unknown command, missing argument, unknown option. */
export class UsageError extends BrandflowError {
  override name = 'UsageError';
}

/** A wait (`--wait`) that did not see what it waited for in time. */
export class WaitTimeoutError extends BrandflowError {
  override name = 'WaitTimeoutError';
}

/** The front door refused the call: no or a bad token (401), not allowed (403), not found (404), stale (409). */
export class FrontDoorRefusedError extends BrandflowError {
  override name = 'FrontDoorRefusedError';
}
