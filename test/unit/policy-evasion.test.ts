import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { graphemeLength } from '../../functions/domain/graphemes.js';
import { evaluatePolicy, MAX_FINDINGS, MAX_FINDINGS_PER_RULE } from '../../functions/domain/policy.js';
import {
  type PolicyConfigInput,
  policyConfigSchema,
  policyRuleIds,
} from '../../functions/domain/policy-config.js';
import {
  emojiCount,
  findTerm,
  linksIn,
  MAX_POLICY_TEXT_LENGTH,
  xWeightedLength,
} from '../../functions/domain/policy-text.js';
import type { ChannelContent } from '../../functions/domain/post.js';
import { foldText } from '../../functions/domain/text-fold.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';

/*
 * The banned-term check holds against people who try: every way of writing a term that a
 * reader still reads as the term is found. Property tests generate the evasions.
 */

const latinLetters = 'abcdefghijklmnopqrstuvwxyz';
const cyrillicLetters = 'абвгдежзиклмнопрстуфхцчшщыэюя';
const cjkCharacters = '便宜免费促销最好产品人大カキクセルさくら한국어';

/** Other ways to write a character that read the same. */
const lookAlikes: Record<string, string[]> = {
  a: ['а'],
  c: ['с'],
  e: ['е'],
  i: ['і'],
  j: ['ј'],
  o: ['о'],
  p: ['р'],
  s: ['ѕ'],
  x: ['х'],
  y: ['у'],
  а: ['a'],
  е: ['e'],
  о: ['o'],
  р: ['p'],
  с: ['c'],
  у: ['y'],
  х: ['x'],
  人: ['⼈'],
  大: ['⼤'],
  カ: ['ｶ'],
  キ: ['ｷ'],
  ク: ['ｸ'],
  セ: ['ｾ'],
  ル: ['ﾙ'],
};
const hiddenCharacters = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\u00AD',
  '\u200E',
  '\u202E',
  '\uFEFF',
  '\u2069',
];
const combiningMarks = ['\u0301', '\u0336', '\u0308', '\u0323'];
const whitespaceRuns = [' ', '  ', '\t', '\n', '\u00A0', '\u3000', '\u2003', ' \u200B '];

function latinForms(char: string): string[] {
  const index = latinLetters.indexOf(char);
  if (index < 0) return [];
  return [
    String.fromCodePoint(0xff41 + index), // full-width
    String.fromCodePoint(0xff21 + index), // full-width capital
    String.fromCodePoint(0x1d41a + index), // mathematical bold
    String.fromCodePoint(0x1d5ee + index), // mathematical sans-serif bold
  ];
}

/** One character of a term as an evader might write it. */
function evadedCharacter(char: string): fc.Arbitrary<string> {
  const forms = [char, char.toUpperCase(), ...latinForms(char), ...(lookAlikes[char] ?? [])];
  return fc
    .tuple(
      fc.constantFrom(...forms),
      fc.option(fc.constantFrom(...hiddenCharacters), { nil: '' }),
      fc.option(fc.constantFrom(...combiningMarks), { nil: '' }),
    )
    .map(([form, hidden, mark]) => `${hidden}${form}${mark}`);
}

function evaded(term: string): fc.Arbitrary<string> {
  const parts = [...term].map((char) =>
    char === ' ' ? fc.constantFrom(...whitespaceRuns) : evadedCharacter(char),
  );
  return fc.tuple(...parts).map((chars) => chars.join(''));
}

const word = (alphabet: string) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: 2, maxLength: 7 }).map((chars) => chars.join(''));
const phrase = (alphabet: string) =>
  fc.array(word(alphabet), { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));

function survives(term: string, text: string): boolean {
  return findTerm(text, term) === undefined;
}

/** Checks that `count` agrees with `reference` on every text joined from up to `maxLength` of `pieces`. */
function assertSameCount(
  pieces: fc.Arbitrary<string>,
  { maxLength, numRuns }: { maxLength: number; numRuns: number },
  count: (text: string) => number,
  reference: (text: string) => number,
) {
  fc.assert(
    fc.property(fc.array(pieces, { maxLength }), (parts) => {
      const text = parts.join('');
      expect(count(text)).toBe(reference(text));
    }),
    { numRuns },
  );
}
describe('banned terms: no evasion hides one', () => {
  it('finds a Latin term, single or multi-word, through any mix of the evasions', () => {
    fc.assert(
      fc.property(
        phrase(latinLetters).chain((term) => fc.tuple(fc.constant(term), evaded(term))),
        fc.constantFrom('', 'Buy ', 'so, '),
        fc.constantFrom('', ' today', '! now'),
        ([term, written], before, after) => {
          expect(survives(term, `${before}${written}${after}`)).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('finds a Cyrillic term through any mix of the evasions, Latin look-alikes included', () => {
    fc.assert(
      fc.property(
        phrase(cyrillicLetters).chain((term) => fc.tuple(fc.constant(term), evaded(term))),
        ([term, written]) => {
          expect(survives(term, `Купите ${written} сегодня`)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a Chinese, Japanese or Korean term through hidden characters, marks, spaces and compatibility forms', () => {
    fc.assert(
      fc.property(
        word(cjkCharacters).chain((term) =>
          fc.tuple(
            fc.constant(term),
            fc
              .tuple(
                ...[...term].map((char) =>
                  fc.tuple(evadedCharacter(char), fc.constantFrom('', ' ', '\u3000')),
                ),
              )
              .map((parts) => parts.map(([char, space]) => `${char}${space}`).join('')),
          ),
        ),
        ([term, written]) => {
          expect(survives(term, `这是${written}的`)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('still tells a term from a longer word that contains it', () => {
    // Act
    const inside = findTerm('ｃｈｅａｐｅｓｔ prices', 'cheap');
    const alone = findTerm('ｃｈｅａｐ prices', 'cheap');
    // Assess
    expect(inside).toBeUndefined();
    expect(alone).toEqual({ start: 0, end: 5 });
  });

  it('points the finding at the term as written, hidden characters included', () => {
    // Prepare
    const text = 'Now c\u200Bh\u0435ap!';
    // Act
    const span = findTerm(text, 'cheap');
    // Assess
    expect(span).toEqual({ start: 4, end: 10 });
    expect(text.slice(span?.start, span?.end)).toBe('c\u200Bh\u0435ap');
  });
});

describe('text folding', () => {
  it('is idempotent: a folded text folds to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const once = foldText(text).text;
        expect(foldText(once).text).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('maps every folded position back into the original text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const folded = foldText(text);
        for (let start = 0; start < folded.text.length; start += 1) {
          const span = folded.spanOf(start, start + 1);
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeGreaterThan(span.start);
          expect(span.end).toBeLessThanOrEqual(folded.source.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});

function check(content: ChannelContent, config: PolicyConfigInput) {
  return evaluatePolicy({
    post: { postId: 'p1', content: { x: content }, scheduledAt: '2030-03-10T09:00:00Z', timeZone: 'UTC' },
    policy: policyConfigSchema.parse(config),
    policyVersion: 1,
  });
}

describe('hidden characters', () => {
  it('reports zero-width characters, bidi controls and soft hyphens as a warning pointing at the first', () => {
    // Act
    const result = check({ text: 'Fresh\u00AD tea \u202Eon sale' }, {});
    // Assess
    expect(result.outcome).toBe('warn');
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'hidden-characters', severity: 'warn', span: { start: 5, end: 6 } }),
    ]);
  });

  it('leaves the joiners inside emoji and the joining scripts alone', () => {
    // Act
    const result = check({ text: 'Family day 👨‍👩‍👧 and 🏳️‍🌈 · می‌خواهم' }, {});
    // Assess
    expect(result.findings.map((f) => f.rule)).not.toContain('hidden-characters');
  });
});

describe('links the platforms would make', () => {
  const allowOnly = { links: { allowedDomains: ['aurora.example'] } };

  it('checks a bare domain with a path against the allow-list', () => {
    // Act
    const result = check({ text: 'Deal at evil.example/deal.' }, allowOnly);
    // Assess
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'link-domain', severity: 'block', span: { start: 8, end: 25 } }),
    ]);
  });

  it('checks a bare domain under a top-level domain X links, but not a file or library name', () => {
    // Act
    const links = linksIn('Try shop.com or shop.io, built on Node.js, see notes.txt');
    // Assess
    expect(links.map((l) => l.url)).toEqual(['shop.com', 'shop.io']);
  });

  it('checks media URLs against the allow-list', () => {
    // Act
    const result = check({ text: 'New tea', mediaUrls: ['https://evil.example/tea.png'] }, allowOnly);
    // Assess
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'link-domain', message: 'media may only point at aurora.example' }),
    ]);
  });

  it('trims trailing punctuation of a link in one pass, however long the run', () => {
    // Act
    const links = linksIn(`see https://aurora.example/a${'.'.repeat(50_000)} ok`);
    // Assess
    expect(links.map((l) => l.url)).toEqual(['https://aurora.example/a']);
  });
});

describe('X length: one function, X’s own weighting', () => {
  it('equals twitter-text’s weighted length for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        expect(xWeightedLength(text)).toBe(twitterText.parseTweet(text).weightedLength);
      }),
      { numRuns: 1000 },
    );
  });

  it('lets the policy pass a post at X’s limit and block one over it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (text) => {
        fc.pre(text.trim().length > 0);
        const length = twitterText.parseTweet(text).weightedLength;
        const rules = (maxLength: number) =>
          check({ text }, { channels: { x: { counting: 'x-weighted', maxLength } } }).findings.map(
            (f) => f.rule,
          );
        if (length > 0) expect(rules(length)).not.toContain('length');
        if (length > 1) expect(rules(length - 1)).toContain('length');
      }),
      { numRuns: 300 },
    );
  });

  it('counts a skin-toned emoji 2, as X does', () => {
    expect(xWeightedLength('👍🏽')).toBe(2);
  });
});

describe('emoji count', () => {
  it('counts the graphemes that hold a pictograph or a flag', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const emojiGraphemes = (text: string) =>
      Array.from(segmenter.segment(text)).filter(({ segment }) =>
        /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(segment),
      ).length;
    const pieces = fc.constantFrom(
      '👍',
      '🏽',
      '\u200D',
      '👩',
      '🇫',
      '🇷',
      '❤',
      '\uFE0F',
      'a',
      ' ',
      '\u0301',
      '🏴',
      '\u{E0067}',
    );
    assertSameCount(pieces, { maxLength: 12, numRuns: 2000 }, emojiCount, emojiGraphemes);
  });
});

describe('grapheme count', () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const segmented = (text: string) => Array.from(segmenter.segment(text)).length;

  it('equals a full segmentation for text mixing ASCII with marks, joiners, flags, jamo and prepended signs', () => {
    const pieces = fc.constantFrom(
      ...['a', ' ', 'e', '\u0301', '\u0600', '\r', '\n', '\t', '👍', '🏽', '\u200D', '🇫', '🇷', '한'],
      ...[
        '\u11A8',
        '\u1100',
        '\u1161',
        'क',
        '\u094D',
        'ष',
        '\uFE0F',
        '!',
        '春',
        'ｶ',
        '\uFF9E',
        '\u0E01',
        '\u0E33',
      ],
    );
    assertSameCount(pieces, { maxLength: 30, numRuns: 3000 }, graphemeLength, segmented);
  });

  it('equals a full segmentation for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(graphemeLength(text)).toBe(segmented(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('policy result size', () => {
  it('lists a bounded number of findings, counts the rest, and still blocks', () => {
    // Prepare
    const banned = Array.from({ length: 300 }, (_, i) => `term${i}`);
    const text = banned.join(' ');
    // Act
    const result = evaluatePolicy({
      post: {
        postId: 'p1',
        content: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`c${i}`, { text }])),
        scheduledAt: '2030-03-10T09:00:00Z',
        timeZone: 'UTC',
      },
      policy: policyConfigSchema.parse({ terms: { banned } }),
      policyVersion: 1,
    });
    // Assess
    expect(result.outcome).toBe('block');
    expect(result.findings).toHaveLength(MAX_FINDINGS);
    expect(result.findings.filter((f) => f.channel === 'c0')).toHaveLength(MAX_FINDINGS_PER_RULE);
    expect(result.omittedFindings).toBe(15 * 300 - MAX_FINDINGS);
  });
});

describe('docs/policy.md', () => {
  it('names every rule and states the bounds the code enforces', () => {
    // Act
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'policy.md'), 'utf8');
    // Assess
    for (const rule of policyRuleIds) expect(doc).toContain(`\`${rule}\``);
    expect(doc).toContain(`${MAX_POLICY_TEXT_LENGTH.toLocaleString('en-US')} UTF-16 code units`);
    expect(doc).toContain(
      `at most ${MAX_FINDINGS_PER_RULE} findings per rule and channel and ${MAX_FINDINGS} in all`,
    );
  });
});
