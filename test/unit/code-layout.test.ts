import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCycles } from '../../bench/import-graph.js';

const ROOT = join(import.meta.dirname, '../..');
const HANDLERS = 'functions/handlers';

/** A handler is wiring (parse, call one use case, answer): past this length, logic has crept in. */
const MAX_HANDLER_LINES = 60;

const handlerFiles = () =>
  readdirSync(join(ROOT, HANDLERS))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${HANDLERS}/${name}`);

const linesOf = (file: string) => readFileSync(join(ROOT, file), 'utf8').trimEnd().split('\n').length;

describe('the layout of functions/', () => {
  it(`keeps every handler under ${MAX_HANDLER_LINES} lines, naming any that grew past it`, () => {
    // Prepare
    const handlers = handlerFiles();

    // Act
    const oversized = handlers
      .map((file) => ({ file, lines: linesOf(file) }))
      .filter(({ lines }) => lines > MAX_HANDLER_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines (move its logic to functions/use-cases/)`);

    // Assess
    expect(handlers.length).toBeGreaterThan(30);
    expect(oversized).toEqual([]);
  });

  it('re-exports nothing from a use case, so tests import the use case where it lives', () => {
    // Prepare
    const handlers = handlerFiles();

    // Act
    const reexporting = handlers.filter((file) =>
      /^export \{[^}]*\} from '\.\.\/use-cases\//m.test(readFileSync(join(ROOT, file), 'utf8')),
    );

    // Assess
    expect(reexporting).toEqual([]);
  });

  it('has no folder-level import cycle, so layers only import downwards', () => {
    // Act
    const cycles = folderCycles(ROOT).map((cycle) => cycle.join(' <-> '));

    // Assess
    expect(cycles).toEqual([]);
  });
});
