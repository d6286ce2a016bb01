// StageLoader refills one DataChunk's vectors in place; these rows change NULLs
// and string lengths from chunk to chunk, so a value left over from the previous
// chunk (a NULL bit, a long string) would show up in what DuckDB reads back.
import { describe, expect, it } from 'vitest';
import type { Row, TableSpec } from '../src/engine/model.js';
import { openDuck, StageLoader } from '../src/sinks/duck.js';

const spec: TableSpec = {
  name: 't',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'label', type: 'text', nullable: true },
    { name: 'amount', type: 'decimal', precision: 12, scale: 2, nullable: true },
    { name: 'flag', type: 'boolean', nullable: true },
  ],
};

/** Row i: NULLs on a pattern that shifts between chunks; labels long (heap) or short (inlined). */
function row(i: number): Row {
  const chunk = Math.floor(i / 2048);
  const label = (i + chunk) % 5 === 0 ? null : i % 2 ? `short-${i % 7}` : `a much longer label that is not inlined ${i}`;
  const amount = (i + chunk) % 3 === 0 ? null : i * 101;
  const flag = (i + chunk) % 4 === 0 ? null : i % 2 === 0;
  return [i, label, amount, flag];
}

describe('StageLoader', () => {
  it('reads back every value, NULL and string exactly, across full and partial chunks and batch sizes', async () => {
    const total = 3 * 2048 + 777;
    for (const batch of [1000, 2048, 5000]) {
      const { instance, con } = await openDuck(':memory:');
      try {
        const loader = new StageLoader(con, spec, 'stage');
        await loader.create();
        for (let start = 0; start < total; start += batch) {
          const rows: Row[] = [];
          for (let i = start; i < Math.min(total, start + batch); i++) rows.push(row(i));
          await loader.add(rows);
        }
        await loader.close();
        const got = (await con.runAndReadAll('SELECT id, label, amount, flag FROM stage ORDER BY id')).getRows();
        expect(got.length).toBe(total);
        const want = Array.from({ length: total }, (_, i) => row(i));
        expect(got).toEqual(want);
      } finally {
        con.closeSync();
        instance.closeSync();
      }
    }
  });

  it('starts each part on an empty stage: parts hold their own rows only', async () => {
    const { instance, con } = await openDuck(':memory:');
    try {
      const loader = new StageLoader(con, spec, 'stage');
      await loader.create();
      const seen: number[][] = [];
      const rows = Array.from({ length: 5000 }, (_, i) => row(i));
      // Parts of 2048 rows, as the Parquet sink cuts them: close, read, reset, open again.
      for (let from = 0; from < rows.length; from += 2048) {
        loader.add(rows.slice(from, from + 2048));
        if (from + 2048 > rows.length) break;
        await loader.close();
        const ids = (await con.runAndReadAll('SELECT min(id), max(id), count(*) FROM stage')).getRows()[0];
        seen.push(ids.map(Number));
        await loader.reset();
        await loader.open();
      }
      await loader.close();
      const rest = (await con.runAndReadAll('SELECT min(id), max(id), count(*) FROM stage')).getRows()[0];
      expect([...seen, rest.map(Number)]).toEqual([
        [0, 2047, 2048],
        [2048, 4095, 2048],
        [4096, 4999, 904],
      ]);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });

  it('stages a column of declared values as a small number and reads back every value as its text, undeclared ones too', async () => {
    const statuses = ['paid', "it's late", 'failed'];
    const enumSpec: TableSpec = {
      name: 'bills',
      primaryKey: ['id'],
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'status', type: 'text', nullable: true, values: statuses },
      ],
    };
    // Wrong data lands as it is, for the checks to see: two values the column does not declare.
    const rowAt = (i: number): Row => [i, i % 7 === 0 ? null : i === 4000 ? 'refunded' : i === 4001 ? "o'clock" : statuses[i % 3]];
    const { instance, con } = await openDuck(':memory:');
    try {
      const loader = new StageLoader(con, enumSpec, 'stage');
      await loader.create();
      loader.add(Array.from({ length: 5000 }, (_, i) => rowAt(i)));
      await loader.close();
      expect((await con.runAndReadAll('SELECT DISTINCT typeof(status) FROM stage')).getRows()).toEqual([['USMALLINT']]);
      expect((await con.runAndReadAll('SELECT max(status) FROM stage')).getRows()).toEqual([[5]]);
      const got = (await con.runAndReadAll(`${loader.select()} ORDER BY id`)).getRows();
      expect(got).toEqual(Array.from({ length: 5000 }, (_, i) => rowAt(i)));
      await loader.open();
      expect(() => loader.add([[5000, 7]])).toThrow('bills.status: a text column got 7 (number) from its generator');
      loader.discard();
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });
});
