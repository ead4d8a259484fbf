/**
 * Counts Secrets Manager API calls made by any client in this process, by wrapping the
 * client class's `send`. Returns a zero counter when the SDK package is not installed
 * (nothing can call Secrets Manager then).
 */
export async function countSecretsManagerCalls(): Promise<{ count: () => number }> {
  let calls = 0;
  try {
    const sdk = (await import('@aws-sdk/client-secrets-manager')) as {
      SecretsManagerClient: { prototype: { send: (...args: unknown[]) => unknown } };
    };
    const proto = sdk.SecretsManagerClient.prototype;
    const send = proto.send;
    proto.send = function (this: unknown, ...args: unknown[]) {
      calls += 1;
      return send.apply(this, args);
    };
  } catch {
    // Not installed: no handler can call Secrets Manager.
  }
  return { count: () => calls };
}
