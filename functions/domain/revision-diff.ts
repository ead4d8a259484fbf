/** One run of a word-level difference: text kept, added or removed. */
export interface DiffPart {
  op: 'same' | 'add' | 'remove';
  text: string;
}

/** Beyond this many token pairs the diff is one removal and one addition: its table stays small. */
const MAX_CELLS = 4_000_000;

const tokens = (text: string) => text.split(/(\s+)/).filter((t) => t.length > 0);

/**
 * The word-level difference from `before` to `after` (a longest common subsequence of words
 * and the spaces between them). Joining the `same` and `remove` parts gives `before`; joining
 * `same` and `add` gives `after`.
 *
 * @example
 * ```ts
 * textDiff('spring blend', 'summer blend'); // [{ op: 'remove', text: 'spring' }, { op: 'add', text: 'summer' }, { op: 'same', text: ' blend' }]
 * ```
 */
export function textDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...(before ? [{ op: 'remove' as const, text: before }] : []),
      ...(after ? [{ op: 'add' as const, text: after }] : []),
    ];
  }
  // lcs[i][j]: the common length of a[i..] and b[j..], filled from the end.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const parts: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    const last = parts[parts.length - 1];
    if (last?.op === op) last.text += text;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push('same', a[i++] as string);
      j++;
    } else if (
      i < a.length &&
      (j === b.length || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))
    ) {
      push('remove', a[i++] as string);
    } else {
      push('add', b[j++] as string);
    }
  }
  return parts;
}

/**
 * Per channel, the difference between two revisions' texts; channels only one revision has
 * are wholly added or removed.
 *
 * @example
 * ```ts
 * contentDiff({ x: { text: 'old' } }, { x: { text: 'new' } }); // { x: [{ op: 'remove', text: 'old' }, { op: 'add', text: 'new' }] }
 * ```
 */
export function contentDiff(
  before: Record<string, { text?: string }>,
  after: Record<string, { text?: string }>,
): Record<string, DiffPart[]> {
  const channels = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return Object.fromEntries(
    channels.map((channel) => [channel, textDiff(before[channel]?.text ?? '', after[channel]?.text ?? '')]),
  );
}
