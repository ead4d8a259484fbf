import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerEsbuildOptions } from '../../infra/constructs/bundle-options.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';

const run = promisify(execFile);
let workDir: string;
let bundle: string;

/** Runs the bundle in a fresh Node process with only the given environment (plus PATH). */
async function runBundle(env: Record<string, string>) {
  const { stdout } = await run(process.execPath, [bundle], { env: { PATH: process.env.PATH ?? '', ...env } });
  return JSON.parse(stdout) as { tables?: number; error?: string; message?: string };
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'brandflow-bundle-'));
  bundle = join(workDir, 'index.mjs');
  await build({
    ...handlerEsbuildOptions(),
    entryPoints: [join(REPO_ROOT, 'test/support/bundled-dynamodb-call.ts')],
    outfile: bundle,
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the Lambda bundles', () => {
  it('sign AWS calls with the credentials Lambda puts in the environment', async () => {
    // Prepare
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SESSION_TOKEN: 'local',
    };

    // Act
    const answer = await runBundle(env);

    // Assess
    expect(answer.error).toBeUndefined();
    expect(answer.tables).toBeGreaterThanOrEqual(0);
  });

  it('carry no other credential source, such as a shared credentials file', async () => {
    // Prepare: a profile the SDK's full default chain would pick up
    const home = join(workDir, 'home');
    const credentialsFile = join(workDir, 'credentials');
    writeFileSync(
      credentialsFile,
      '[default]\naws_access_key_id = profile\naws_secret_access_key = profile\n',
    );
    const env = {
      HOME: home,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    };

    // Act
    const answer = await runBundle(env);

    // Assess
    expect(answer.error).toBe('ConfigurationError');
    expect(answer.message).toContain('AWS_ACCESS_KEY_ID');
  });
});
