import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import { grantRole } from '../support/brand-fixtures.js';
import { runCli, twinCliEnv } from '../support/cli-run.js';
import { png } from '../support/media-fixtures.js';
import { actAsClientOf, seedBrand } from '../workflow/support.js';

let runtime: LocalBrandflow;
let tableName: string;
let folder: string;
let brandId: string;

beforeAll(async () => {
  tableName = `brandflow-cli-assets-${randomUUID()}`;
  runtime = actAsClientOf(
    await startLocalBrandflow({ dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, tableName }),
  );
  ({ brandId } = await seedBrand());
  await grantRole(brandId, 'editor-1', 'editor');
  folder = await mkdtemp(join(tmpdir(), 'brandflow-cli-assets-'));
});

afterAll(async () => {
  await runtime?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const brandflow = (...argv: string[]) => runCli(argv, twinCliEnv(runtime, tableName, join(folder, 'token')));

describe('brandflow assets', () => {
  it('adds a photo with its alt text and lists it ready, read from its bytes', async () => {
    // Prepare
    const file = join(folder, 'launch.png');
    await writeFile(file, png(1080, 1080, { exif: true }));
    await brandflow('login', '--as', 'editor-1');

    // Act
    const added = await brandflow(
      'assets',
      'add',
      brandId,
      file,
      '--alt',
      'A cup of the spring blend',
      '--json',
    );
    const listed = await brandflow('assets', 'list', brandId, '--json');

    // Assess
    expect(added.code, added.stderr).toBe(0);
    const asset = JSON.parse(added.stdout);
    expect(asset).toMatchObject({
      status: 'ready',
      alt: { en: 'A cup of the spring blend' },
      media: { type: 'image/png', width: 1080, height: 1080 },
    });
    expect(JSON.parse(listed.stdout)).toEqual([asset]);
  });

  it('refuses a text file behind a .jpg name before announcing anything', async () => {
    // Prepare
    const file = join(folder, 'fake.jpg');
    await writeFile(file, 'only a name that says JPEG');
    await brandflow('login', '--as', 'editor-1');
    const before = JSON.parse((await brandflow('assets', 'list', brandId, '--json')).stdout);

    // Act
    const added = await brandflow('assets', 'add', brandId, file, '--alt', 'nothing');
    const after = JSON.parse((await brandflow('assets', 'list', brandId, '--json')).stdout);

    // Assess
    expect(added.code).not.toBe(0);
    expect(added.stderr).toContain('media-type');
    expect(added.stderr).toContain('fake.jpg');
    expect(after).toEqual(before);
  });
});
