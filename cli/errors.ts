// The command line's errors live with every other error class (functions/domain/errors.ts).
export { FrontDoorRefusedError, UsageError, WaitTimeoutError } from '../functions/domain/errors.js';
