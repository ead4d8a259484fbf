import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiRoutes } from '../../functions/contract/api-routes.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';
import { buildPortal, PORTAL_JS_BUDGET_BYTES } from '../../portal/build.js';
import { portalCsp } from '../../portal/security-headers.js';

describe('the review portal build', () => {
  it('writes one script within the 150 KB gzipped budget, loaded from the page without inline code', () => {
    // Act
    const build = buildPortal(mkdtempSync(join(tmpdir(), 'portal-build-')));
    const html = readFileSync(join(build.dir, 'index.html'), 'utf8');

    // Assess
    expect(PORTAL_JS_BUDGET_BYTES).toBe(150 * 1024);
    expect(build.jsGzipBytes).toBeLessThanOrEqual(PORTAL_JS_BUDGET_BYTES);
    expect(readdirSync(build.dir).sort()).toEqual(['app.js', 'index.html', 'styles.css']);
    expect(html).toContain('<script type="module" src="app.js"></script>');
    expect(html).not.toMatch(/<script>|style=|\son[a-z]+=/);
  });

  it('allows scripts and styles from its own origin only, and calls only the origins it is given', () => {
    // Act
    const csp = portalCsp({ connect: ['https://api.example.com'] });

    // Assess
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' https://api.example.com");
    expect(csp).not.toMatch(/unsafe|\*/);
  });

  it('documents only routes the API has (docs/portal.md)', () => {
    // Prepare
    const doc = readFileSync(join(REPO_ROOT, 'docs/portal.md'), 'utf8');

    // Act
    const named = [...doc.matchAll(/`((?:GET|POST|PUT) \/[^`]+)`/g)].map((m) => m[1]);

    // Assess
    expect(named.length).toBeGreaterThan(8);
    expect(named.filter((route) => !(String(route) in ApiRoutes))).toEqual([]);
  });
});
