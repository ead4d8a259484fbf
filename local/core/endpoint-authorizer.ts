/**
 * Checks one request before the twin's endpoint serves it: throws an `AwsApiError`
 * (AccessDeniedException) to refuse it. local/iam/ makes one from the template's policies;
 * local/aws-endpoint.ts calls it, so neither imports the other.
 *
 * @example
 * ```ts
 * const authorize: EndpointAuthorizer = ({ authorization }) => {
 *   if (!authorization) throw new AwsApiError('AccessDeniedException', 'unsigned request');
 * };
 * ```
 */
export type EndpointAuthorizer = (call: {
  authorization: string | undefined;
  target: string;
  method: string;
  url: URL;
  body: Record<string, unknown>;
}) => void;
