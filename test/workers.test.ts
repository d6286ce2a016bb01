// --workers N with the real binary: the same bytes (CSV, Parquet, SQLite), the same
// rows in the same order (DuckDB, whose file layout differs run to run, and
// PostgreSQL) and the same checks with the same figures for any worker count;
// the batch codec that carries rows between threads, value for value.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch } from '../src/engine/batch-codec.js';
import { defaultWorkers, WORKER_MIN_ROWS } from '../src/engine/chunk-pool.js';
import { availableParallelism } from 'node:os';
import type { Column, Row } from '../src/engine/model.js';
import { assertBuilt, makeSandbox, runCli } from './helpers/binary.js';
import { duckRows } from './helpers/duck.js';
import { testServer } from './helpers/pg.js';

const SCHEMAS = ['w15_0', 'w15_2'];
const server = testServer(SCHEMAS);
beforeAll(() => assertBuilt());

const TABLES = ['customers', 'usage_daily', 'billing', 'support'];
// 12,000 customers: 3 chunks a table, 12 jobs dealt to the workers in turn.
const RUN = ['run', '--scenario', 'saas-churn', '--set', 'customers=12000', '--json'];
const WORKERS = [0, 1, 3];
// The databases load more slowly: 8,000 customers (2 chunks a table, one to each of 2 workers).
const DB_RUN = ['run', '--scenario', 'saas-churn', '--set', 'customers=8000', '--json'];
const DB_WORKERS = [0, 2];

interface Summary {
  ok: boolean;
  checks: { name: string; ok: boolean; figure: string }[];
  tables: { name: string; rows: number }[];
}

function runWith(dir: string, args: string[], workers: number, base = RUN): Summary {
  const r = runCli(dir, [...base, ...args, '--workers', String(workers)], 120_000, server.env);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('synthgen:'))).toEqual([]);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Summary;
}

/** What must not change with the worker count: every check and its figure, every table's rows. */
const essence = (s: Summary) => ({ ok: s.ok, checks: s.checks.map((c) => [c.name, c.ok, c.figure]), tables: s.tables.map((t) => [t.name, t.rows]) });
const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('--workers N gives the output of a run without workers', () => {
  // Files: 0, 1 and 3 workers; databases: 0 and 2.
  it.each([
    ['csv', (o: string) => o, '.csv'],
    ['parquet', (o: string) => o, '.parquet'],
  ])('%s: every file byte for byte, every check figure for figure, for 0, 1 and 3 workers', (target, _o, ext) => {
    const dir = makeSandbox();
    const runs = WORKERS.map((w) => essence(runWith(dir, ['--target', target, '--out', `w${w}`], w)));
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
    const files = readdirSync(join(dir, 'w0')).filter((f) => f.endsWith(ext)).sort();
    expect(files).toEqual(TABLES.map((t) => t + ext).sort());
    for (const f of files) {
      const want = sha(readFileSync(join(dir, 'w0', f)));
      for (const w of WORKERS.slice(1)) expect(sha(readFileSync(join(dir, `w${w}`, f))), `${f}, ${w} workers`).toBe(want);
    }
  }, 180_000);

  it('sqlite: the database file byte for byte', () => {
    const dir = makeSandbox();
    const runs = DB_WORKERS.map((w) => essence(runWith(dir, ['--target', 'sqlite', '--out', `w${w}.db`], w, DB_RUN)));
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
    for (const w of DB_WORKERS.slice(1)) expect(sha(readFileSync(join(dir, `w${w}.db`))), `${w} workers`).toBe(sha(readFileSync(join(dir, 'w0.db'))));
  }, 180_000);

  it('duckdb: every table row for row, in order', async () => {
    const dir = makeSandbox();
    const runs = DB_WORKERS.map((w) => essence(runWith(dir, ['--target', 'duckdb', '--out', `w${w}.duckdb`], w, DB_RUN)));
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
    for (const t of TABLES) {
      const rowsOf = async (w: number) => sha(JSON.stringify(await duckRows(join(dir, `w${w}.duckdb`), `SELECT * FROM "${t}"`)));
      const want = await rowsOf(0);
      for (const w of DB_WORKERS.slice(1)) expect(await rowsOf(w), `${t}, ${w} workers`).toBe(want);
    }
  }, 180_000);

  it('postgres: every table row for row, in load order', async () => {
    const dir = makeSandbox();
    const runs = DB_WORKERS.map((w) => essence(runWith(dir, ['--target', 'postgres', '--url', server.plainUrl, '--schema', `w15_${w}`], w, DB_RUN)));
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
    for (const t of TABLES) {
      // ctid order is the order the rows were copied in.
      const rowsOf = async (w: number) => sha(JSON.stringify((await server.admin.query({ text: `SELECT * FROM w15_${w}."${t}" ORDER BY ctid`, rowMode: 'array' })).rows));
      const want = await rowsOf(0);
      for (const w of DB_WORKERS.slice(1)) expect(await rowsOf(w), `${t}, ${w} workers`).toBe(want);
    }
  }, 180_000);

  it('--workers is a whole number from 0 to 64', () => {
    const dir = makeSandbox();
    for (const bad of ['65', '-1', '1.5', 'two']) {
      const r = runCli(dir, ['run', '--scenario', 'saas-churn', '--target', 'csv', '--out', 'x', `--workers=${bad}`]);
      expect([r.status, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(/^synthgen: --workers /);
      expect(r.stderr.split('\n').length).toBe(2);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the default worker count', () => {
  it('is a worker per core beside the main thread, at most 4, for a million rows or more; none below', () => {
    expect(WORKER_MIN_ROWS).toBe(1_000_000);
    expect([defaultWorkers(999_999, 2), defaultWorkers(1_000_000, 2), defaultWorkers(5e6, 1), defaultWorkers(5e6, 3), defaultWorkers(5e6, 8), defaultWorkers(3e8, 64)]).toEqual([0, 1, 0, 2, 4, 4]);
  });

  it('the binary without --workers: workers for a run of a million rows (saying so on stderr), none for a small one, the same bytes as --workers 0', () => {
    const dir = makeSandbox();
    const line = /^generating on (\d+) worker threads? beside the main one \(--workers\)$/m;
    const big = ['run', '--scenario', 'saas-churn', '--set', 'customers=20000', '--target', 'csv'];
    const byDefault = runCli(dir, [...big, '--out', 'default'], 120_000);
    expect(byDefault.status, byDefault.stderr).toBe(0);
    const expected = defaultWorkers(WORKER_MIN_ROWS, availableParallelism());
    if (expected > 0) expect(byDefault.stderr.match(line)?.[1]).toBe(String(expected));
    else expect(byDefault.stderr).not.toMatch(line);
    const none = runCli(dir, [...big, '--out', 'none', '--workers', '0'], 120_000);
    expect(none.status, none.stderr).toBe(0);
    expect(none.stderr).not.toMatch(line);
    for (const t of TABLES) expect(sha(readFileSync(join(dir, 'default', `${t}.csv`))), t).toBe(sha(readFileSync(join(dir, 'none', `${t}.csv`))));
    const small = runCli(dir, ['run', '--scenario', 'saas-churn', '--set', 'customers=2000', '--target', 'csv', '--out', 'small'], 60_000);
    expect(small.status, small.stderr).toBe(0);
    expect(small.stderr).not.toMatch(line);
  }, 180_000);
});

describe('the main thread while workers generate', () => {
  it("lets the scenario's plan go (the workers make their own); without workers it keeps it", async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { findScenario } = await import('../scenarios/index.js');
    const { planOf } = await import('../scenarios/bar-platform/plan.js');
    const { settingsOf } = await import('../scenarios/bar-platform/settings.js');
    const { resolveParams } = await import('../src/engine/params.js');
    const { run } = await import('../src/engine/runner.js');
    const { CsvSink } = await import('../src/sinks/csv.js');
    const scenario = findScenario('bar-platform');
    const params = resolveParams(scenario, { env: 'DEV' });
    const planHeld = async (workers: number) => {
      const plan = new WeakRef(planOf(settingsOf(params), scenario.defaultSeed));
      let held: boolean | null = null;
      const summary = await run({ scenario, params, seed: scenario.defaultSeed, workers }, new CsvSink({ out: join(makeSandbox(), 'out'), force: false }), {
        onEvent: (e) => {
          // Many turns of the event loop after the plan was made: only a real reference keeps it.
          if (e.type === 'table-start' && e.table === 'tap_events') {
            gc();
            held = plan.deref() !== undefined;
          }
        },
      });
      expect(summary.ok).toBe(true);
      return held;
    };
    expect(await planHeld(1)).toBe(false);
    expect(await planHeld(0)).toBe(true);
  }, 120_000);
});

describe('batch codec', () => {
  const columns: Column[] = [
    { name: 'id', type: 'bigint' },
    { name: 'amount', type: 'decimal', precision: 12, scale: 2, nullable: true },
    { name: 'day', type: 'date' },
    { name: 'at', type: 'timestamp', nullable: true },
    { name: 'flag', type: 'boolean', nullable: true },
    { name: 'name', type: 'text', nullable: true },
    { name: 'props', type: 'json' },
  ];

  it('gives back every row value for value: NULLs, empty and repeated strings, unicode, extremes', () => {
    const rows: Row[] = [
      [1, 4900, 19_723, 1_704_067_200, true, 'Ada', '{}'],
      [2, null, 0, null, false, '', '{"a":[1,2]}'],
      [Number.MAX_SAFE_INTEGER, -1, -719_162, -62_135_596_800, null, null, ''],
      [4, 0, 1, 0, true, 'Ada', 'x'],
      [5, 123_456_789_012, 2, 1, false, 'ü, "quoted", emoji 🍺\nnew line', 'Ada'],
    ];
    const { batch, transfer } = encodeBatch('t', columns, rows);
    expect(transfer.every((b) => b instanceof ArrayBuffer)).toBe(true);
    expect(decodeBatch(structuredClone(batch, { transfer }))).toEqual(rows);
    expect(decodeBatch(encodeBatch('t', columns, []).batch)).toEqual([]);
  });

  it('refuses a value of the wrong type with the table, column and value', () => {
    expect(() => encodeBatch('orders', columns, [[1, '49.00', 0, 0, true, 'a', '{}']])).toThrow('orders.amount: a decimal column got "49.00" (string) from its generator');
    expect(() => encodeBatch('orders', columns, [[1, 0, 0, 0, 'yes', 'a', '{}']])).toThrow('orders.flag: a boolean column got "yes" (string) from its generator');
    expect(() => encodeBatch('orders', columns, [[1, 0, 0, 0, true, 7, '{}']])).toThrow('orders.name: a text column got 7 (number) from its generator');
    expect(() => encodeBatch('orders', columns, [[NaN, 0, 0, 0, true, 'a', '{}']])).toThrow('orders.id: a bigint column got NaN (number) from its generator');
  });
});
