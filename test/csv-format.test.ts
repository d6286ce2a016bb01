import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecords } from '../src/sinks/csv.js';
import { formatDecimal, formatterFor } from '../src/sinks/format.js';
import type { Column, Row } from '../src/engine/model.js';
import { stream } from '../src/engine/random.js';

const NASTY = ['plain', 'with,comma', 'with "quote"', '"starts', 'ends"', 'multi\nline', 'cr\rhere', 'crlf\r\nhere', '', ' spaced ', 'émoji 🎉, ünïcödé', '日本語,"引用"', ',', '"', '""', '\n', 'tab\there', ';semi;'];

describe('CSV writer', () => {
  it('quotes exactly like csv-stringify on commas, quotes, newlines and unicode', () => {
    const rng = stream(7, 'test', 'csv', 0);
    const rows: string[][] = [];
    for (let i = 0; i < 2000; i++) {
      rows.push(Array.from({ length: 5 }, () => NASTY[Math.floor(rng() * NASTY.length)] + (rng() < 0.3 ? NASTY[Math.floor(rng() * NASTY.length)] : '')));
    }
    const cols: Column[] = Array.from({ length: 5 }, (_, i) => ({ name: `c${i}`, type: 'text' }));
    const ours = csvRecords(rows, cols.map(formatterFor), cols.map(() => true));
    expect(ours).toBe(stringify(rows));
    expect(ours.length).toBeGreaterThan(10_000);
  });

  it('writes NULL as an empty field and the header like csv-stringify', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    const cols: Column[] = [
      { name: 'n', type: 'integer', nullable: true },
      { name: 'd', type: 'date', nullable: true },
      { name: 'x', type: 'decimal', precision: 10, scale: 2, nullable: true },
      { name: 't', type: 'timestamp' },
      { name: 'b', type: 'boolean' },
    ];
    const rows: Row[] = [
      [null, null, null, 0, false],
      [-7, 19723, -5, 1_700_000_000, true],
    ];
    expect(csvRecords(rows, cols.map(formatterFor), cols.map(() => false))).toBe(
      ',,,1970-01-01T00:00:00Z,false\n-7,2024-01-01,-0.05,2023-11-14T22:13:20Z,true\n',
    );
  });

  it('formats scaled decimals exactly', () => {
    expect(formatDecimal(4999, 2)).toBe('49.99');
    expect(formatDecimal(5, 2)).toBe('0.05');
    expect(formatDecimal(-123456, 3)).toBe('-123.456');
    expect(formatDecimal(42, 0)).toBe('42');
    expect(formatDecimal(0, 2)).toBe('0.00');
  });
});
