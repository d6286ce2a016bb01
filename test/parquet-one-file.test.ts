// The parquet target's one file per table, read back with hyparquet (an independent
// reader): a table of more than one part (524,288 rows) against the CSV of the same
// run, and the file writer's REQUIRED columns, NULLs and footer.
import { DuckDBInstance } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saasChurn } from '../scenarios/saas-churn/index.js';
import { resolveParams } from '../src/engine/params.js';
import { run } from '../src/engine/runner.js';
import { ParquetFileWriter, readFooter, ROW_GROUP_ROWS } from '../src/sinks/parquet-file.js';
import { PART_ROWS, ParquetSink } from '../src/sinks/parquet.js';
import { readStruct, writeStruct } from '../src/sinks/thrift.js';
import { readParquet } from './helpers/parquet.js';
import { runTo, tempDir } from './helpers/run.js';

async function duck<T>(fn: (q: (sql: string) => Promise<unknown[][]>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try {
    return await fn(async (sql) => (await con.runAndReadAll(sql)).getRowsJson() as unknown[][]);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

describe('parquet: one file per table', () => {
  it('a table of more than 524,288 rows is one usage_daily.parquet that hyparquet reads as the CSV of the same run', async () => {
    const dir = tempDir();
    const set = { customers: 14_000 };
    const s = await run({ scenario: saasChurn, params: resolveParams(saasChurn, set), seed: 42 }, new ParquetSink({ out: join(dir, 'pq'), force: false }));
    await runTo(saasChurn, 'csv', join(dir, 'csv'), { set });
    const usageRows = s.tables.find((t) => t.name === 'usage_daily')!.rows;
    expect(usageRows).toBeGreaterThan(PART_ROWS);
    expect(readdirSync(join(dir, 'pq')).sort()).toEqual(['CATALOG.md', 'billing.parquet', 'customers.parquet', 'support.parquet', 'synthgen-manifest.json', 'usage_daily.parquet']);

    const file = join(dir, 'pq', 'usage_daily.parquet');
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
    expect(Number(meta.num_rows)).toBe(usageRows);
    // whole row groups, a part holding a whole number of them; the last part's rest in the last
    expect(PART_ROWS % ROW_GROUP_ROWS).toBe(0);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([...Array(Math.floor(usageRows / ROW_GROUP_ROWS)).fill(ROW_GROUP_ROWS), usageRows % ROW_GROUP_ROWS]);
    expect(meta.schema.map((c) => [c.name, c.repetition_type])).toEqual([
      ['duckdb_schema', 'REQUIRED'],
      ['customer_id', 'REQUIRED'],
      ['usage_date', 'REQUIRED'],
      ['sessions', 'REQUIRED'],
      ['usage_minutes', 'REQUIRED'],
      ['feature_events', 'REQUIRED'],
    ]);
    expect(meta.row_groups.every((g) => g.columns.every((c) => c.meta_data?.codec === 'BROTLI'))).toBe(true);

    const { rows } = await readParquet([file]);
    const csv = readFileSync(join(dir, 'csv', 'usage_daily.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('customer_id,usage_date,sessions,usage_minutes,feature_events');
    expect(rows.length).toBe(csv.length - 1);
    const asCsv = (r: Record<string, unknown>) => [String(r.customer_id), (r.usage_date as Date).toISOString().slice(0, 10), String(r.sessions), Number(r.usage_minutes).toFixed(2), String(r.feature_events)].join(',');
    // the first rows, both sides of the first part's end, the last
    for (const i of [0, 1, ROW_GROUP_ROWS - 1, ROW_GROUP_ROWS, PART_ROWS - 1, PART_ROWS, PART_ROWS + 1, usageRows - 1]) expect(asCsv(rows[i]), `row ${i}`).toBe(csv[i + 1]);
    let sessions = 0;
    for (let i = 1; i < csv.length; i++) sessions += Number(csv[i].split(',')[2]);
    expect(rows.reduce((a, r) => a + Number(r.sessions), 0)).toBe(sessions);
    const checks = s.checks.filter((c) => c.name.startsWith('usage_daily: ') && c.phase === 'target').map((c) => `${c.name}: ${c.figure}`);
    const n = usageRows.toLocaleString('en-US');
    expect(checks).toEqual([`usage_daily: rows in Parquet: ${n} read back of ${n} generated from usage_daily.parquet`, 'usage_daily: NOT NULL columns REQUIRED in Parquet: 5 NOT NULL columns REQUIRED, 0 nullable OPTIONAL']);
  });

  it('the file writer: NOT NULL columns REQUIRED, nullable ones OPTIONAL with their NULLs, several parts in one file; a NULL in a NOT NULL column is refused', async () => {
    const dir = tempDir();
    const raw = (k: number) => join(dir, `raw${k}.parquet`);
    await duck(async (q) => {
      await q(`CREATE TABLE t AS SELECT i::BIGINT AS a, CASE WHEN i % 5 = 0 THEN NULL ELSE 'x' || (i % 7) END AS b, (i / 4)::DECIMAL(10,2) AS c FROM range(10000) r(i)`);
      for (const k of [0, 1]) await q(`COPY (SELECT * FROM t WHERE a % 2 = ${k} ORDER BY a) TO '${raw(k)}' (FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE 2048)`);
    });
    const out = join(dir, 'one.parquet');
    const w = ParquetFileWriter.create(out, { required: [true, false, true], codec: 'brotli' });
    w.append(raw(0));
    w.append(raw(1));
    w.close();
    const { rows, schema } = await readParquet([out]);
    expect(schema.map((c) => `${c.name}:${c.repetition}`)).toEqual(['a:REQUIRED', 'b:OPTIONAL', 'c:REQUIRED']);
    expect(rows.length).toBe(10000);
    expect(rows.slice(0, 3)).toEqual([
      { a: 0n, b: null, c: 0 },
      { a: 2n, b: 'x2', c: 0.5 },
      { a: 4n, b: 'x4', c: 1 },
    ]);
    expect(rows[5000]).toEqual({ a: 1n, b: 'x1', c: 0.25 });
    expect(rows.filter((r) => r.b === null).length).toBe(2000);
    // DuckDB reads it too, with every row group's offsets where the footer says
    const back = await duck((q) => q(`SELECT count(*)::INT, sum(a)::VARCHAR, count(b)::INT, sum(c)::VARCHAR FROM '${out}'`));
    expect(back).toEqual([[10000, '49995000', 8000, '12498750.00']]);

    const refused = ParquetFileWriter.create(join(dir, 'bad.parquet'), { required: [true, true, true], codec: 'brotli' });
    expect(() => refused.append(raw(0))).toThrow('parquet: a NULL in a column declared NOT NULL');
    refused.discard();
  });

  it('thrift: a DuckDB footer decodes and encodes back to the same bytes', async () => {
    const dir = tempDir();
    const file = join(dir, 'f.parquet');
    await duck((q) => q(`COPY (SELECT range AS a, range::VARCHAR AS b, range / 3 AS c, range % 2 = 0 AS d FROM range(5000)) TO '${file}' (FORMAT parquet)`));
    const bytes = readFileSync(file);
    const length = bytes.readUInt32LE(bytes.length - 8);
    const footer = bytes.subarray(bytes.length - 8 - length, bytes.length - 8);
    expect(Buffer.from(writeStruct(readStruct(footer).struct)).equals(footer)).toBe(true);
    const fd = openSync(file, 'r');
    try {
      expect(Buffer.from(writeStruct(readFooter(fd))).equals(footer)).toBe(true);
    } finally {
      closeSync(fd);
    }
  });
});
