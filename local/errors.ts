import { BrandflowError, type ErrorContext } from '../functions/domain/errors.js';

/** The synthesized template lacks something the local run needs, or holds what it cannot run. */
export class LocalTemplateError extends BrandflowError {
  override name = 'LocalTemplateError';
}

/** A handler module could not be loaded or has no `handler` export. */
export class LocalHandlerError extends BrandflowError {
  override name = 'LocalHandlerError';
}

/**
 * An error the local endpoint answers with, shaped like AWS's (`__type` and `message`), so the
 * SDK raises the same exception class it raises against AWS.
 *
 * @example
 * ```ts
 * throw new AwsApiError('ExecutionAlreadyExists', 'Execution Already Exists: post-1-r1', { context: { name } });
 * ```
 */
export class AwsApiError extends BrandflowError {
  override name = 'AwsApiError';
  readonly type: string;
  readonly statusCode: number;

  constructor(type: string, message: string, options: { statusCode?: number; context?: ErrorContext } = {}) {
    super(message, { context: options.context });
    this.type = type;
    this.statusCode = options.statusCode ?? 400;
  }
}

/**
 * A policy the local IAM evaluation cannot judge (an operator, element or variable it does not
 * implement): the call fails rather than being allowed by a guess.
 */
export class UnsupportedPolicyError extends BrandflowError {
  override name = 'UnsupportedPolicyError';
}
