/**
 * The brand-policy check: pure functions over the post's text and the brand's rules.
 */

export type FindingSeverity = 'block' | 'warn';

export interface PolicyFinding {
  severity: FindingSeverity;
  rule: 'banned-term' | 'shouting' | 'exclamation-run';
  channel: string;
  /** For banned terms, the brand's own term (not the post text). */
  term?: string;
}

export interface PolicyResult {
  outcome: 'pass' | 'warn' | 'block';
  findings: PolicyFinding[];
}

/** Scripts written without spaces between words, where a term is matched as a substring. */
const noWordBreaks =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether `text` contains `term`: whole words, case-insensitive; a plain substring when
 * the term is written in a script without word breaks (Chinese, Japanese, Korean, Thai).
 *
 * @example
 * ```ts
 * containsTerm('Cheap deals today', 'cheap'); // true
 * containsTerm('Cheapest deals', 'cheap'); // false
 * containsTerm('这是最便宜的产品', '便宜'); // true
 * ```
 */
export function containsTerm(text: string, term: string): boolean {
  const needle = term.trim();
  if (!needle) return false;
  if (noWordBreaks.test(needle)) return text.toLocaleLowerCase().includes(needle.toLocaleLowerCase());
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(needle)}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
}

/** Three or more words of two+ letters all in capitals, or over half the letters upper case in a long text. */
function isShouting(text: string): boolean {
  const shoutedWords = text.match(/(?<![\p{L}])\p{Lu}{2,}(?![\p{L}])/gu) ?? [];
  if (shoutedWords.length >= 3) return true;
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = text.match(/\p{Lu}/gu) ?? [];
  return letters.length >= 20 && upper.length / letters.length > 0.5;
}

/**
 * Runs the brand's policy over each channel's text: banned terms block, shouting and
 * `!!!` warn.
 *
 * @example
 * ```ts
 * checkPolicy({ x: 'Buy now!!!' }, ['scam']); // { outcome: 'warn', findings: [{ rule: 'exclamation-run', ... }] }
 * ```
 */
export function checkPolicy(
  textByChannel: Record<string, string>,
  bannedTerms: readonly string[],
): PolicyResult {
  const findings: PolicyFinding[] = [];
  for (const [channel, text] of Object.entries(textByChannel)) {
    for (const term of bannedTerms) {
      if (containsTerm(text, term)) findings.push({ severity: 'block', rule: 'banned-term', channel, term });
    }
    if (isShouting(text)) findings.push({ severity: 'warn', rule: 'shouting', channel });
    if (/[!！]{3,}/u.test(text)) findings.push({ severity: 'warn', rule: 'exclamation-run', channel });
  }
  const outcome = findings.some((f) => f.severity === 'block')
    ? 'block'
    : findings.length > 0
      ? 'warn'
      : 'pass';
  return { outcome, findings };
}
