import { BrandflowError } from '../functions/domain/errors.js';

/** A command line the CLI cannot run: unknown command, missing argument, unknown option. */
export class UsageError extends BrandflowError {
  override name = 'UsageError';
}

/** A wait (`--wait`) that did not see what it waited for in time. */
export class WaitTimeoutError extends BrandflowError {
  override name = 'WaitTimeoutError';
}
