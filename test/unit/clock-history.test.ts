import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type OffsetSpan, offsetSignedUnder, withOffset } from '../../local/clock-history.js';

const SECOND = 1000;
const DAY = 24 * 3600 * SECOND;
/** A presigned report link's life (functions/handlers/api-get-latest-report.ts). */
const LINK_LIFE_MS = 300 * SECOND;
const START = Date.UTC(2026, 10, 30, 9);

/** One change of the clock: `after` wall milliseconds into the run, a forward jump or a reset to the wall clock. */
interface Change {
  after: number;
  change: number | 'reset';
}

/** The clock's offsets over wall time, each from when it took effect, as the clock records them. */
function timeline(changes: Change[]): OffsetSpan[] {
  const events: OffsetSpan[] = [{ from: Number.NEGATIVE_INFINITY, offsetMs: 0 }];
  let at = START;
  for (const { after, change } of changes) {
    at += after;
    const offsetMs = change === 'reset' ? 0 : (events.at(-1)?.offsetMs ?? 0) + change;
    if (offsetMs !== events.at(-1)?.offsetMs) events.push({ from: at, offsetMs });
  }
  return events;
}

/** A wall time inside span `index`, `fraction` of the way through it (the first span is read as starting a day before the run, the last as lasting a day). */
function wallTimeIn(events: OffsetSpan[], index: number, fraction: number): number {
  const span = events[index] as OffsetSpan;
  const from = Number.isFinite(span.from) ? span.from : START - DAY;
  const end = events[index + 1]?.from ?? from + DAY;
  return from + Math.floor(fraction * (end - from));
}

/** The history as the clock holds it at wall time `now`: the changes so far, pruned as it prunes them. */
function recordedBy(events: OffsetSpan[], now: number): OffsetSpan[] {
  return events
    .slice(1)
    .filter((event) => event.from <= now)
    .reduce((spans, event) => withOffset(spans, event.from, event.offsetMs), events.slice(0, 1));
}

/** `X-Amz-Date`: the signer's local time, in whole seconds. */
const amzDate = (wall: number, offsetMs: number) => Math.floor((wall + offsetMs) / SECOND) * SECOND;

const jump = (min: number) => fc.integer({ min, max: 3 * DAY });
const changes = (change: fc.Arbitrary<number | 'reset'>) =>
  fc.array(fc.record({ after: fc.integer({ min: 1, max: DAY }), change }), { maxLength: 12 });
/** Which span signs, where in it, and how long the link is held before it is used. */
const signing = fc.record({
  pick: fc.nat(),
  fraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  heldMs: fc.integer({ min: 0, max: LINK_LIFE_MS }),
});
type Signing = { pick: number; fraction: number; heldMs: number };

/** A link signed somewhere in `events`, and the offsets in force from then until it is used. */
function signedLink(events: OffsetSpan[], { pick, fraction, heldMs }: Signing) {
  const index = pick % events.length;
  const signedAt = wallTimeIn(events, index, fraction);
  const offsetMs = (events[index] as OffsetSpan).offsetMs;
  const usedAt = signedAt + heldMs;
  const laterOffsets = events
    .slice(index + 1)
    .filter((event) => event.from <= usedAt)
    .map((event) => event.offsetMs);
  return {
    offsetMs,
    heldMs,
    laterOffsets,
    lookUp: () => offsetSignedUnder(recordedBy(events, usedAt), amzDate(signedAt, offsetMs), usedAt),
  };
}

describe('the offset a signed request was signed under', () => {
  it('is found again for any history of forward jumps of a second or more', () => {
    fc.assert(
      fc.property(changes(jump(SECOND)), signing, (history, at) => {
        // Prepare
        const link = signedLink(timeline(history), at);

        // Act
        const found = link.lookUp();

        // Assess
        expect(found).toBe(link.offsetMs);
      }),
    );
  });

  it('is found again across resets to the wall clock, unless a later offset reads the same seconds within the link life', () => {
    fc.assert(
      fc.property(changes(fc.oneof(jump(SECOND), fc.constant<'reset'>('reset'))), signing, (history, at) => {
        // Prepare: after a reset the twin would have to wait as many hours again as it took back
        const link = signedLink(timeline(history), at);
        const { offsetMs, heldMs } = link;
        fc.pre(
          link.laterOffsets.every(
            (later) => later === offsetMs || later >= offsetMs + SECOND || later < offsetMs - heldMs - SECOND,
          ),
        );

        // Act
        const found = link.lookUp();

        // Assess
        expect(found).toBe(offsetMs);
      }),
    );
  });

  it("is within a second of the signer's for jumps of any size, so a link's expiry is off by less than that", () => {
    fc.assert(
      fc.property(changes(jump(1)), signing, (history, at) => {
        // Prepare
        const link = signedLink(timeline(history), at);

        // Act
        const found = link.lookUp();

        // Assess
        expect(Math.abs((found ?? Number.NaN) - link.offsetMs)).toBeLessThan(SECOND);
      }),
    );
  });

  it('is none for a date no offset explains, such as a wall-clock signer while the twin runs hours ahead', () => {
    // Prepare: the clock jumped three days an hour ago
    const jumpedAt = START + 3600 * SECOND;
    const spans = withOffset([{ from: Number.NEGATIVE_INFINITY, offsetMs: 0 }], jumpedAt, 3 * DAY);
    const now = jumpedAt + 3600 * SECOND;

    // Act
    const found = offsetSignedUnder(spans, now, now);

    // Assess
    expect(found).toBeUndefined();
  });

  it('keeps a week of offsets, the longest a presigned link lives', () => {
    // Prepare: a jump eight days ago, then one now
    const now = START + 8 * DAY;
    const old = withOffset([{ from: Number.NEGATIVE_INFINITY, offsetMs: 0 }], START, 3600 * SECOND);

    // Act
    const spans = withOffset(old, now, 2 * 3600 * SECOND);

    // Assess: what was in force until the jump now stays; what ended eight days ago goes
    expect(spans).toEqual([
      { from: START, offsetMs: 3600 * SECOND },
      { from: now, offsetMs: 2 * 3600 * SECOND },
    ]);
  });
});
