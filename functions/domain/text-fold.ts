/**
 * The folded form of a text that term matching runs on: what a reader sees, not how it was
 * typed. One pass over the code points, linear in the text's length, with a map from every
 * folded position back to the NFC text so findings can point at the original.
 */

import { confusablesMap } from 'confusables';
import type { TextSpan } from './policy-text.js';

/** What one code point of the input becomes. */
interface Fold {
  /** `space` collapses into one space, `hidden` is dropped (and reported), `mark` attaches to the character before. */
  kind: 'char' | 'space' | 'hidden' | 'ignored' | 'mark';
  folded: string;
  /** Whether combining marks after this character are decoration (Latin é, a mark on a Han character) rather than spelling (Thai, Devanagari). */
  dropsMarks: boolean;
  /** Written without spaces between words (Chinese, Japanese, Korean, Thai): a space between two such characters is ignored. */
  noWordBreaks: boolean;
  /** Uses zero-width joiners in spelling (Arabic, Indic scripts), so they are not reported. */
  joins: boolean;
}

/** Format characters (zero-width spaces and joiners, bidi controls, soft hyphens, tags) and invisible letters. */
const hiddenPattern = /^[\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]$/u;
/** Variation selectors pick a glyph (emoji or text style, a CJK variant): never a different word. */
const selectorPattern = /^[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;
const markPattern = /^\p{M}/u;
const spacePattern = /^[\s\p{Zs}]$/u;
const dashPattern = /^\p{Pd}$/u;
/** Dakuten and handakuten spell a different kana (か, が): kept where other marks go. */
const kanaMarks = /^[\u3099\u309A]$/u;
const decorativeMarkScripts =
  /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{Script=Georgian}\p{Script=Common}\p{Script=Inherited}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Hebrew}\p{Script=Arabic}]/u;
const noWordBreakScripts =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const noWordBreaksAtEnd =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]$/u;
const joiningScripts =
  /^[^\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Han}]/u;
const pictographic = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|[\u{E0020}-\u{E007F}])/u;

/** Non-ASCII look-alikes to the ASCII letter or digit they imitate (Unicode's confusables, as the package ships them). */
const lookAlikes = new Map<number, string>();
for (const [confusable, base] of confusablesMap) {
  const code = confusable.codePointAt(0) ?? 0;
  if (code > 0x7f && String.fromCodePoint(code) === confusable) lookAlikes.set(code, base.toLowerCase());
}

const folds = new Map<number, Fold>();

function fold(code: number): Fold {
  const known = folds.get(code);
  if (known) return known;
  const char = String.fromCodePoint(code);
  const compatible = char.normalize('NFKC');
  const decomposed = compatible.toUpperCase().toLowerCase().normalize('NFKD');
  const dropsMarks = decorativeMarkScripts.test(decomposed) && !kanaMarks.test(char);
  let folded = '';
  for (const part of decomposed) {
    if (selectorPattern.test(part)) continue;
    if (markPattern.test(part) && folded && dropsMarks && !kanaMarks.test(part)) continue;
    // Looked up in both cases: Cyrillic В imitates B while в imitates nothing, yet both must fold alike.
    const upper = part.toUpperCase();
    const lookAlike =
      lookAlikes.get(part.codePointAt(0) ?? 0) ??
      (upper.length === part.length ? lookAlikes.get(upper.codePointAt(0) ?? 0) : undefined);
    folded += lookAlike ?? (dashPattern.test(part) ? '-' : part);
  }
  folded = folded.normalize('NFC');
  // A spacing mark (゛, ´) is a space and a combining mark once compatibility-normalized: it folds
  // to the mark alone, or folding its own result would drop the mark (folding must be idempotent).
  if (/^\s+\p{M}+$/u.test(folded)) folded = folded.trimStart();
  const kind: Fold['kind'] = hiddenPattern.test(char)
    ? 'hidden'
    : selectorPattern.test(char)
      ? 'ignored'
      : spacePattern.test(char) || (folded.length > 0 && /^\s+$/u.test(folded))
        ? 'space'
        : markPattern.test(folded)
          ? 'mark'
          : 'char';
  const result: Fold = {
    kind,
    folded,
    dropsMarks,
    noWordBreaks: noWordBreakScripts.test(folded),
    joins: joiningScripts.test(char),
  };
  folds.set(code, result);
  return result;
}

const asciiFolds: Fold[] = Array.from({ length: 0x80 }, (_, code) => fold(code));

/** A text folded for matching, with each folded UTF-16 unit's origin in the NFC text. */
export interface FoldedText {
  /** Lower case, NFKC, look-alikes as the ASCII letter they imitate, decorative marks and hidden characters removed, whitespace runs as one space. */
  text: string;
  /** The NFC text the spans refer to. */
  source: string;
  /** Hidden characters found (zero-width, bidi controls, soft hyphens), besides those that join emoji or letters of joining scripts. */
  hidden: { count: number; first?: TextSpan };
  /** Where folded units `[start, end)` came from in {@link FoldedText.source}. */
  spanOf(start: number, end: number): TextSpan;
}

/**
 * Folds a text for term matching, linear in its length. A term folded the same way is found
 * whatever mix of case, full-width or mathematical letters, Cyrillic or Greek look-alikes,
 * accents and combining marks, zero-width characters, soft hyphens and other whitespace
 * was used to write it.
 *
 * @example
 * ```ts
 * foldText('Ｃ\u200Bhеap\u00ADdeals').text; // 'cheapdeals' (full-width C, Cyrillic е)
 * foldText('risk\u00A0\u00A0free').text; // 'risk free'
 * ```
 */
export function foldText(text: string): FoldedText {
  const source = text.normalize('NFC');
  const out = new FoldBuffer(source.length);
  let clusterStart = -1;
  let previous: Fold | undefined;
  let previousCode = 0;
  let pendingSpace: TextSpan | undefined;
  let hiddenCount = 0;
  let firstHidden: TextSpan | undefined;

  for (let index = 0; index < source.length; ) {
    const code = source.codePointAt(index) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const info = code < 0x80 ? (asciiFolds[code] as Fold) : fold(code);
    const end = index + width;
    switch (info.kind) {
      case 'space':
        if (pendingSpace) pendingSpace.end = end;
        else pendingSpace = { start: index, end };
        previous = undefined;
        break;
      case 'hidden':
        if (!pictographic.test(String.fromCodePoint(previousCode)) && !previous?.joins) {
          hiddenCount += 1;
          firstHidden ??= { start: index, end };
        }
        break;
      case 'ignored':
        break;
      case 'mark':
        if (previous && clusterStart >= 0 && !(previous.dropsMarks && !kanaMarks.test(info.folded))) {
          // A kept mark may compose with its base (か + ゛ = が): the cluster is normalized again.
          const start = out.starts[clusterStart] as number;
          const cluster = `${out.truncate(clusterStart)}${info.folded}`.normalize('NFC');
          out.push(cluster, start, end);
        }
        break;
      default:
        if (pendingSpace) {
          if (out.length > 0 && !(out.endsWithNoBreaks() && info.noWordBreaks)) {
            out.push(' ', pendingSpace.start, pendingSpace.end);
          }
          pendingSpace = undefined;
        }
        clusterStart = out.length;
        out.push(info.folded, index, end);
        previous = info;
    }
    if (info.kind !== 'hidden' && info.kind !== 'ignored') previousCode = code;
    index = end;
  }
  const folded = out.text();
  const { starts, ends } = out;
  return {
    text: folded,
    source,
    hidden: { count: hiddenCount, first: firstHidden },
    spanOf: (start, end) => ({
      start: start < folded.length ? (starts[start] as number) : source.length,
      end: end > 0 && end <= folded.length ? (ends[Math.max(start, end - 1)] as number) : source.length,
    }),
  };
}

/** The folded text as it grows, with each unit's origin; appends in amortized constant time. */
class FoldBuffer {
  starts: Int32Array;
  ends: Int32Array;
  length = 0;
  private parts: string[] = [];
  private partEnds: number[] = [];

  constructor(capacity: number) {
    this.starts = new Int32Array(Math.max(16, capacity));
    this.ends = new Int32Array(Math.max(16, capacity));
  }

  push(folded: string, start: number, end: number): void {
    const next = this.length + folded.length;
    if (next > this.starts.length) {
      const grown = Math.max(next, this.starts.length * 2);
      const starts = new Int32Array(grown);
      const ends = new Int32Array(grown);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts.fill(start, this.length, next);
    this.ends.fill(end, this.length, next);
    this.parts.push(folded);
    this.partEnds.push(next);
    this.length = next;
  }

  /** Cuts the text back to `length` units (a part boundary) and answers what was cut. */
  truncate(length: number): string {
    let cut = '';
    while (this.parts.length > 0 && (this.partEnds[this.partEnds.length - 1] as number) > length) {
      cut = `${this.parts.pop()}${cut}`;
      this.partEnds.pop();
    }
    this.length = length;
    return cut;
  }

  endsWithNoBreaks(): boolean {
    return noWordBreaksAtEnd.test(this.parts[this.parts.length - 1] ?? '');
  }

  text(): string {
    return this.parts.join('');
  }
}

/**
 * A term folded as {@link foldText} folds text, so the two compare.
 *
 * @example
 * ```ts
 * foldTerm(' Risk–Free '); // 'risk-free'
 * ```
 */
export function foldTerm(term: string): string {
  return foldText(term).text;
}
