import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../functions/channels/registry.js';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';

// docs/feedback.md's reply table names the platforms a brand can reply on: every adapter that
// has a reply call is in it, and every platform in it has one.

const ADAPTERS: ChannelConfig['adapter'][] = [
  'mastodon',
  'x',
  'bluesky',
  'facebook',
  'instagram',
  'threads',
  'linkedin',
  'webhook',
];

describe("docs/feedback.md's reply table", () => {
  it('lists exactly the platforms whose adapters reply and find an earlier reply', async () => {
    // Prepare
    const doc = readFileSync(join(REPO_ROOT, 'docs/feedback.md'), 'utf8');
    const start = doc.indexOf('\n| Platform');
    const table = doc.slice(start, doc.indexOf('\n\n', start + 1));
    const listed = [...table.matchAll(/^\| (\w+)\s+\|/gm)]
      .map((row) => (row[1] as string).toLowerCase())
      .filter((name) => name !== 'platform');

    // Act
    const adapters = await Promise.all(
      ADAPTERS.map(async (name) => {
        const adapter = await adapterFor(
          { id: name, adapter: name, account: `acme-${name}`, maxLength: 500 },
          { brandId: 'acme' },
          { credentials: { load: async () => ({}), save: async () => undefined } },
        );
        return { name, adapter };
      }),
    );
    const replying = adapters
      .filter(({ adapter }) => Boolean(adapter.reply && adapter.findReply))
      .map(({ name }) => name);

    // Assess
    expect(listed.sort()).toEqual(replying.sort());
    expect(listed).toHaveLength(7);
  });
});
