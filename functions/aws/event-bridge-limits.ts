/**
 * What EventBridge refuses in a PutEvents request, as its API reference and user guide
 * document it: the twin applies these so that what it accepts, AWS accepts too.
 */

/** Entries in one request: 1 to 10. */
export const MAX_PUT_EVENTS_ENTRIES = 10;
/** One entry, as {@link putEventsEntrySize} counts it: less than 256 KB. */
export const MAX_PUT_EVENTS_ENTRY_BYTES = 256 * 1024;
/** One request, every entry counted: 1 MB. */
export const MAX_PUT_EVENTS_REQUEST_BYTES = 1024 * 1024;
/** "PutEvents will only process nested JSON up to 1100 levels deep." */
export const MAX_DETAIL_DEPTH = 1100;

/** A PutEvents request entry, the fields that count. */
export interface SizedEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  Time?: unknown;
}

/**
 * An entry's size as EventBridge computes it: `Time` 14 bytes when given, and the UTF-8 bytes
 * of `Source`, `DetailType`, `Detail` and each of `Resources`.
 *
 * @example
 * ```ts
 * putEventsEntrySize({ Source: 'my.cms', DetailType: 'Cancel Post', Detail: '{}' }); // 19
 * ```
 */
export function putEventsEntrySize(entry: SizedEntry): number {
  let size = entry.Time === undefined || entry.Time === null ? 0 : 14;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]) {
    if (typeof text === 'string') size += Buffer.byteLength(text, 'utf8');
  }
  return size;
}

/**
 * How deeply a JSON text nests objects and arrays, read in one pass without parsing (a
 * recursive reader would overflow its stack first).
 *
 * @example
 * ```ts
 * jsonDepth('{"a":[{"b":1}]}'); // 3
 * ```
 */
export function jsonDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const char = json.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (char === 0x7d || char === 0x5d) depth -= 1;
  }
  return deepest;
}
