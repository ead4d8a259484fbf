import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAwsEndpoint, LocalSecrets, startAwsEndpoint } from '../../local/aws-endpoint.js';

let endpoint: LocalAwsEndpoint;
let secrets: SecretsManagerClient;

beforeAll(async () => {
  // Only Secrets Manager is called: the Step Functions and EventBridge twins are not needed.
  endpoint = await startAwsEndpoint({} as never, {} as never, new LocalSecrets());
  secrets = new SecretsManagerClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'k', secretAccessKey: 's' },
  });
});
afterAll(async () => {
  secrets.destroy();
  await endpoint.close();
});

const binding = [
  { Key: 'brandflow:brand', Value: 'acme' },
  { Key: 'brandflow:platform', Value: 'mastodon' },
  { Key: 'brandflow:destination', Value: 'https://mastodon.social' },
];

describe('the Secrets Manager twin for account bindings', () => {
  it('creates a secret with its tags and describes them without the value', async () => {
    // Act
    await secrets.send(
      new CreateSecretCommand({
        Name: 'brandflow/channels/a1',
        SecretString: '{"accessToken":"t"}',
        Tags: binding,
      }),
    );
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: 'brandflow/channels/a1' }));
    // Assess
    expect(described.Tags).toEqual(binding);
    expect(JSON.stringify(described)).not.toContain('accessToken');
  });

  it('refuses to create a secret twice, and re-tags an existing one by key', async () => {
    // Prepare
    await secrets.send(
      new CreateSecretCommand({ Name: 'brandflow/channels/a2', SecretString: '{}', Tags: binding }),
    );
    // Act
    const again = await secrets
      .send(new CreateSecretCommand({ Name: 'brandflow/channels/a2', SecretString: '{}' }))
      .catch((error: unknown) => error);
    await secrets.send(
      new TagResourceCommand({
        SecretId: 'brandflow/channels/a2',
        Tags: [{ Key: 'brandflow:brand', Value: 'other' }],
      }),
    );
    // Assess
    expect(again).toBeInstanceOf(ResourceExistsException);
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: 'brandflow/channels/a2' }));
    expect(described.Tags).toContainEqual({ Key: 'brandflow:brand', Value: 'other' });
    expect(described.Tags).toHaveLength(3);
  });

  it('refuses a tag value AWS would refuse, and leaves no secret behind', async () => {
    // Act
    const refused = await secrets
      .send(
        new CreateSecretCommand({
          Name: 'brandflow/channels/a3',
          SecretString: '{}',
          Tags: [{ Key: 'brandflow:destination', Value: 'https://hooks.example/x?token=1' }],
        }),
      )
      .catch((error: unknown) => error);
    // Assess
    expect(refused).toBeInstanceOf(InvalidParameterException);
    await expect(
      secrets.send(new GetSecretValueCommand({ SecretId: 'brandflow/channels/a3' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      secrets.send(new DescribeSecretCommand({ SecretId: 'brandflow/channels/a3' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
