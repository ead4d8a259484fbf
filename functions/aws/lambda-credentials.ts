import { ConfigurationError } from '../domain/errors.js';

/** What the SDK's credential providers resolve to. */
export interface EnvironmentCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * The credential chain Brandflow's Lambda bundles use in place of the SDK's default one.
 *
 * Lambda hands every function its execution role's credentials in environment variables,
 * and the SDK's default chain finds them there first. The rest of that chain (profiles, SSO,
 * web identity, container and instance metadata, with the STS and SSO clients they carry)
 * never runs in Lambda but is a third of a bundle and of its import time, so the bundler
 * aliases `@aws-sdk/credential-provider-node` to this module
 * (infra/constructs/handler-function.ts). The local run and the tests import the SDK
 * unbundled and keep its default chain.
 *
 * @example
 * ```ts
 * const credentials = await defaultProvider()();
 * credentials.accessKeyId; // the role session's key id
 * ```
 */
export function defaultProvider(_init?: unknown): () => Promise<EnvironmentCredentials> {
  return async () => {
    const {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_SESSION_TOKEN: sessionToken,
      AWS_CREDENTIAL_EXPIRATION: expiration,
    } = process.env;
    if (!accessKeyId || !secretAccessKey) {
      throw new ConfigurationError(
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set: Lambda sets them for every function',
        { context: { variable: accessKeyId ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID' } },
      );
    }
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiration ? { expiration: new Date(expiration) } : {}),
    };
  };
}
