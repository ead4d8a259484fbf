import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The IBM Equal Access engine (accessibility-checker-engine, Apache-2.0), injected into the page. */
const engine = readFileSync(
  createRequire(import.meta.url).resolve('accessibility-checker-engine/ace.js'),
  'utf8',
);

/** One failed rule of the WCAG 2.2 A and AA rule set. */
export interface AccessibilityViolation {
  ruleId: string;
  message: string;
  /** The element, as an XPath. */
  path: string;
}

/**
 * The definite WCAG 2.2 (A and AA) violations on the page as it stands, by the IBM Equal
 * Access engine. The engine runs through the DevTools protocol, which the page's
 * Content-Security-Policy does not govern; the page itself loads nothing new.
 *
 * @example
 * ```ts
 * expect(await accessibilityViolations(page)).toEqual([]);
 * ```
 */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  await page.evaluate(`${engine}\n;globalThis.__brandflowAce = ace;`);
  return page.evaluate(async () => {
    const ace = (
      globalThis as unknown as {
        __brandflowAce: { Checker: new () => { check(d: Document, r: string[]): Promise<unknown> } };
      }
    ).__brandflowAce;
    const report = (await new ace.Checker().check(document, ['WCAG_2_2'])) as {
      results: { ruleId: string; value: [string, string]; message: string; path: { dom: string } }[];
    };
    return report.results
      .filter((r) => r.value[0] === 'VIOLATION' && r.value[1] === 'FAIL')
      .map((r) => ({ ruleId: r.ruleId, message: r.message, path: r.path.dom }));
  });
}
