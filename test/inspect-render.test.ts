// The inspect report's text view: charts and figures exact, every line within the
// width it is given (80 when piped), no escape codes without colour, user data never
// reaching the terminal as control characters.
import { describe, expect, it } from 'vitest';
import { bar, figure, fit, percent, sparkline } from '../src/inspect/charts.js';
import { binsFor, monthsOf } from '../src/inspect/profile.js';
import { overviewLines, tableLines, toText } from '../src/inspect/render.js';
import { INSPECT_SCHEMA, type ColumnReport, type InspectReport } from '../src/inspect/model.js';

describe('charts', () => {
  it('draws a sparkline with a space for zero, ▁ for the smallest and █ for the largest', () => {
    expect(sparkline([0, 1, 4, 8], 10)).toBe(' ▁▄█');
    expect(sparkline([5, 5, 5], 10)).toBe('███');
    expect(sparkline([0, 0], 10)).toBe('  ');
  });
  it('sums adjacent counts to fit the width', () => {
    expect(fit([1, 2, 3, 4, 5], 2)).toEqual([6, 9]);
    expect(fit([1, 2, 3, 4], 2)).toEqual([3, 7]);
    expect(sparkline(Array(100).fill(1), 30).length).toBeLessThanOrEqual(30);
  });
  it('fills bars in eighths and formats figures', () => {
    expect(bar(0.5, 10)).toBe('█████');
    expect(bar(0.05, 10)).toBe('▌');
    expect(bar(0.0625, 10)).toBe('▋');
    expect(bar(1, 4)).toBe('████');
    expect(percent(0.35012)).toBe('35.0%');
    expect(percent(0.0004)).toBe('<0.1%');
    expect(figure(1234567)).toBe('1,234,567');
    expect(figure(50000.5)).toBe('50,000.5');
    expect(figure(0.123456)).toBe('0.1235');
    expect(figure(null)).toBe('-');
  });
  it('bins integers with a small range one per value, everything else in 20 equal bins', () => {
    expect(binsFor(true, 1, 6)).toEqual({ min: 1, width: 1, bins: 6 });
    expect(binsFor(true, 0, 19)).toEqual({ min: 0, width: 1, bins: 20 });
    expect(binsFor(true, 0, 20)).toEqual({ min: 0, width: 1, bins: 20 }); // 21 values: 20 bins, the maximum joins the last
    expect(binsFor(true, 0, 100)).toEqual({ min: 0, width: 5, bins: 20 });
    expect(binsFor(false, 0, 1)).toEqual({ min: 0, width: 0.05, bins: 20 });
    expect(binsFor(false, 3, 3)).toEqual({ min: 3, width: 0, bins: 1 });
  });
  it('lists every month from the first to the last, empty ones as 0', () => {
    expect(monthsOf(new Map([['2024-11', 2], ['2025-02', 5]]))).toEqual([
      { period: '2024-11', count: 2 },
      { period: '2024-12', count: 0 },
      { period: '2025-01', count: 0 },
      { period: '2025-02', count: 5 },
    ]);
  });
});

const column = (over: Partial<ColumnReport>): ColumnReport => ({ name: 'c', type: 'INTEGER', kind: 'integer', nulls: 0, nullShare: 0, distinct: 3, distinctApprox: false, number: null, time: null, text: null, boolean: null, hazards: [], ...over });

/** A report with long names, huge figures, hostile text and every kind of column. */
function report(): InspectReport {
  const long = 'a_really_long_column_name_that_goes_on_and_on_and_on';
  return {
    schema: INSPECT_SCHEMA,
    source: { kind: 'csv', location: '/some/very/long/path/'.repeat(6), bytes: 123456789 },
    manifest: {
      path: '/x/synthgen-manifest.json',
      synthgen: '0.1.0',
      scenario: 'saas-churn',
      seed: 42,
      target: 'csv',
      checks: [{ name: 'a check with a long name', ok: false, figure: 'word '.repeat(60), info: false }],
      files: [{ path: '/x/t.csv', bytes: 10, sha256: 'f'.repeat(64), status: 'changed', actualBytes: 10 }],
    },
    tables: [
      {
        name: 'table_' + long,
        rows: 123456789012,
        expectedRows: 5,
        sampledRows: 1000000,
        bytes: 9876543210,
        timeColumn: 'ts',
        rowsByMonth: Array.from({ length: 300 }, (_, i) => ({ period: `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, count: i })),
        columns: [
          column({ name: long, type: 'DECIMAL(38,10)', kind: 'number', number: { min: -1e14, max: 9.87654321e13, mean: 123456789.123, stddev: 98765432.1, q1: 1, median: 2, q3: 3, quartilesApprox: true, histogram: { min: 0, max: 1, width: 0.05, counts: Array(20).fill(7) } } }),
          column({ name: 'txt', type: 'VARCHAR', kind: 'text', text: { minLength: 0, maxLength: 9999, top: [{ value: '\x1b[31mred\x1b[0m\nnext line ' + 'x'.repeat(200), count: 5, share: 0.5 }, { value: 'NA', count: 5, share: 0.5 }] }, hazards: ['"NA" in 5 rows (50.0%): pandas reads it as missing unless keep_default_na=False ' + 'and more words '.repeat(10)] }),
          column({ name: 'ts', type: 'TIMESTAMP', kind: 'timestamp', time: { first: '2000-01-01 00:00:00', last: '2024-12-31 23:59:59', byMonth: [{ period: '2000-01', count: 1 }], byHour: Array(24).fill(1) } }),
          column({ name: 'flag', type: 'BOOLEAN', kind: 'boolean', boolean: { trueCount: 1, trueShare: 0.25 } }),
          column({ name: 'empty', nulls: 5, nullShare: 1, distinct: 0 }),
        ],
      },
    ],
    relationships: [{ table: 'child_' + long, columns: ['parent_id', 'other_id'], references: { table: 'table_' + long, columns: ['id', 'other'] }, from: 'manifest', orphans: 3, children: { parents: 5, min: 0, mean: 1.5, max: 1000, histogram: { min: 0, max: 1000, width: 50, counts: Array(20).fill(1) } } }],
    problems: ['something is wrong: ' + 'long '.repeat(40)],
    ok: false,
    ms: 1234,
  };
}

describe('text view', () => {
  for (const width of [60, 80, 132]) {
    it(`keeps every line within ${width} columns, with no escape or control characters when not coloured`, () => {
      const r = report();
      const text = toText([...overviewLines(r, width), ...r.tables.flatMap((t) => tableLines(r, t, width))], false);
      const lines = text.split('\n');
      const over = lines.filter((l) => [...l].length > width);
      expect(over).toEqual([]);
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
      expect(text).toContain('\\u001b[31mred'); // the value's escape shown, not sent
      expect(text).toContain('✗ 1 of 1 files differ from the manifest');
    });
  }
  it('colours with ANSI codes only when asked', () => {
    const r = report();
    expect(toText(overviewLines(r, 80), true)).toContain('\x1b[31;1m');
    expect(toText(overviewLines(r, 80), false)).not.toContain('\x1b');
  });
});
