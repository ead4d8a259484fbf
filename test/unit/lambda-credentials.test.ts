import { afterEach, describe, expect, it } from 'vitest';
import { defaultProvider } from '../../functions/aws/lambda-credentials.js';
import { ConfigurationError } from '../../functions/domain/errors.js';

const variables = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
];
const saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of variables) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('the credential chain of the Lambda bundles', () => {
  it('signs with the role session Lambda puts in the environment', async () => {
    // Prepare
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'example-secret';
    process.env.AWS_SESSION_TOKEN = 'example-token';
    process.env.AWS_CREDENTIAL_EXPIRATION = '2030-01-01T00:00:00Z';

    // Act
    const credentials = await defaultProvider()();

    // Assess
    expect(credentials).toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'example-secret',
      sessionToken: 'example-token',
      expiration: new Date('2030-01-01T00:00:00Z'),
    });
  });

  it('names the missing variable without showing any credential', async () => {
    // Prepare
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE';
    delete process.env.AWS_SECRET_ACCESS_KEY;

    // Act
    const failure = await defaultProvider()().catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect((failure as ConfigurationError).context).toEqual({ variable: 'AWS_SECRET_ACCESS_KEY' });
    expect(String((failure as Error).message)).not.toContain('ASIAEXAMPLE');
  });
});
