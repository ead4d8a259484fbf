// The local run's errors live with every other error class (functions/domain/errors.ts).
export {
  AwsApiError,
  LocalHandlerError,
  LocalTemplateError,
  UnsupportedPolicyError,
} from '../functions/domain/errors.js';
