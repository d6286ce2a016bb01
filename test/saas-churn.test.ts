import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saasChurn } from '../scenarios/saas-churn/index.js';
import { resolveParams } from '../src/engine/params.js';
import { run } from '../src/engine/runner.js';
import type { Scenario } from '../src/engine/model.js';
import { ParquetSink } from '../src/sinks/parquet.js';
import { readParquet, tableFiles } from './helpers/parquet.js';
import { tampered } from './helpers/corrupt.js';
import { runTo, snapshot, tempDir } from './helpers/run.js';
import { csvRun } from './helpers/binary.js';
import { duckRows } from './helpers/duck.js';
import { DuckdbSink } from '../src/sinks/duckdb.js';

const BIN = resolve('dist/src/cli.js');
const SMALL = { customers: 1000 };
const failed = (s: { checks: { name: string; ok: boolean; figure: string }[] }) => s.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`);


/** saas-churn at 1,000 customers into Parquet with small parts: many parts grown into one file, or (parquetParts) a folder of them. */
async function parquetRun(out: string, partRows: number, batchSize?: number, parquetParts = false) {
  const params = resolveParams(saasChurn, SMALL);
  return run({ scenario: saasChurn, params, seed: 42, batchSize }, new ParquetSink({ out, force: false, partRows, parquetParts }));
}


describe('saas-churn', () => {
  it('writes Parquet that hyparquet reads back with the same rows, types and sums as the CSV target', async () => {
    const dir = tempDir();
    const s = await parquetRun(join(dir, 'raw'), 8192);
    expect(failed(s)).toEqual([]);
    const csv = await runTo(saasChurn, 'csv', join(dir, 'csv'), { set: SMALL });
    expect(s.tables.map((t) => t.rows)).toEqual(csv.tables.map((t) => t.rows));
    const usageRows = s.tables.find((t) => t.name === 'usage_daily')!.rows;
    expect(usageRows).toBeGreaterThan(8192 * 2); // several parts, one file
    expect(readdirSync(join(dir, 'raw')).sort()).toEqual(['CATALOG.md', 'billing.parquet', 'customers.parquet', 'support.parquet', 'synthgen-manifest.json', 'usage_daily.parquet']);

    const billing = await readParquet(tableFiles(join(dir, 'raw'), 'billing'));
    expect(billing.schema).toEqual([
      { name: 'bill_id', type: 'INT64', logical: 'INT_64', repetition: 'REQUIRED' },
      { name: 'customer_id', type: 'INT32', logical: 'INT_32', repetition: 'REQUIRED' },
      { name: 'bill_date', type: 'INT32', logical: 'DATE', repetition: 'REQUIRED' },
      { name: 'amount', type: 'INT64', logical: 'DECIMAL', repetition: 'REQUIRED' },
      { name: 'payment_status', type: 'BYTE_ARRAY', logical: 'UTF8', repetition: 'REQUIRED' },
    ]);
    const csvBilling = readFileSync(join(dir, 'csv', 'billing.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(billing.rows.length).toBe(csvBilling.length);
    const cents = (x: unknown) => Math.round(Number(x) * 100);
    expect(billing.rows.reduce((a, r) => a + cents(r.amount), 0)).toBe(csvBilling.reduce((a, r) => a + cents(r[3]), 0));
    billing.rows.slice(0, 50).forEach((r, i) => {
      expect([String(r.bill_id), String(r.customer_id), (r.bill_date as Date).toISOString().slice(0, 10), (Number(r.amount)).toFixed(2), r.payment_status]).toEqual(csvBilling[i]);
    });
    const usage = await readParquet(tableFiles(join(dir, 'raw'), 'usage_daily'));
    expect(usage.rows.length).toBe(usageRows);
    expect(usage.schema.map((c) => `${c.name}:${c.type}`)).toEqual(['customer_id:INT32', 'usage_date:INT32', 'sessions:INT32', 'usage_minutes:INT32', 'feature_events:INT32']);
    const csvUsage = readFileSync(join(dir, 'csv', 'usage_daily.csv'), 'utf8').trim().split('\n').slice(1);
    expect(usage.rows.reduce((a, r) => a + Number(r.sessions), 0)).toBe(csvUsage.reduce((a, l) => a + Number(l.split(',')[2]), 0));
    const manifest = JSON.parse(readFileSync(join(dir, 'raw', 'synthgen-manifest.json'), 'utf8'));
    expect(manifest.tables.find((t: { name: string }) => t.name === 'usage_daily').files.map((f: { path: string }) => f.path)).toEqual([join(dir, 'raw', 'usage_daily.parquet')]);
  });

  it('--parquet-parts: a table of more than one part is a folder of part files with the same rows, each REQUIRED where NOT NULL', async () => {
    const dir = tempDir();
    await parquetRun(join(dir, 'one'), 8192);
    const s = await parquetRun(join(dir, 'parts'), 8192, undefined, true);
    const usageRows = s.tables.find((t) => t.name === 'usage_daily')!.rows;
    expect(readdirSync(join(dir, 'parts', 'usage_daily'))).toEqual(Array.from({ length: Math.ceil(usageRows / 8192) }, (_, i) => `part-${String(i).padStart(5, '0')}.parquet`));
    // customers (1,000 rows) and support (about 3,700) fit in one part: a single file either way
    expect(readdirSync(join(dir, 'parts')).sort()).toEqual(['CATALOG.md', 'billing', 'customers.parquet', 'support.parquet', 'synthgen-manifest.json', 'usage_daily']);
    const [one, parts] = [await readParquet(tableFiles(join(dir, 'one'), 'usage_daily')), await readParquet(tableFiles(join(dir, 'parts'), 'usage_daily'))];
    expect(parts.rows.length).toBe(usageRows);
    expect(parts.rows).toEqual(one.rows);
    expect(parts.schema).toEqual(one.schema);
    expect(one.schema.map((c) => c.repetition)).toEqual(['REQUIRED', 'REQUIRED', 'REQUIRED', 'REQUIRED', 'REQUIRED']);
    for (const f of tableFiles(join(dir, 'parts'), 'usage_daily')) expect((await readParquet([f])).schema).toEqual(one.schema);
    const manifest = JSON.parse(readFileSync(join(dir, 'parts', 'synthgen-manifest.json'), 'utf8'));
    expect(manifest.tables.find((t: { name: string }) => t.name === 'usage_daily').files.length).toBe(Math.ceil(usageRows / 8192));
    expect(s.checks.find((c) => c.name === 'usage_daily: rows in Parquet')!.figure).toBe(`${usageRows.toLocaleString('en-US')} read back of ${usageRows.toLocaleString('en-US')} generated from ${Math.ceil(usageRows / 8192)} part files in usage_daily/`);
  });

  it('Parquet bytes are identical run to run and for any batch size, one file or part files', async () => {
    const dir = tempDir();
    await parquetRun(join(dir, 'a'), 8192);
    await parquetRun(join(dir, 'b'), 8192, 333);
    await parquetRun(join(dir, 'pa'), 8192, 500, true);
    await parquetRun(join(dir, 'pb'), 8192, 7777, true);
    const files = (d: string) => ['customers', 'usage_daily', 'billing', 'support'].flatMap((t) => tableFiles(d, t).map((f) => [f.slice(d.length), readFileSync(f)] as const));
    const [a, b] = [files(join(dir, 'a')), files(join(dir, 'b'))];
    expect(a.map(([n]) => n)).toEqual(b.map(([n]) => n));
    a.forEach(([name, bytes], i) => expect(bytes.equals(b[i][1]), name).toBe(true));
    expect(a.map(([n]) => n)).toEqual(['/customers.parquet', '/usage_daily.parquet', '/billing.parquet', '/support.parquet']);
    const [pa, pb] = [files(join(dir, 'pa')), files(join(dir, 'pb'))];
    expect(pa.length).toBeGreaterThan(8);
    expect(pa.map(([n]) => n)).toEqual(pb.map(([n]) => n));
    pa.forEach(([name, bytes], i) => expect(bytes.equals(pb[i][1]), name).toBe(true));
    const other = await runTo(saasChurn, 'parquet', join(dir, 'c'), { set: SMALL, seed: 7 });
    expect(readFileSync(join(dir, 'c', 'customers.parquet')).equals(readFileSync(join(dir, 'a', 'customers.parquet')))).toBe(false);
    expect(other.ok).toBe(true);
  });

  it('loads a DuckDB database with keys, read-back checks and the same rows on every run', async () => {
    const dir = tempDir();
    const s = await runTo(saasChurn, 'duckdb', join(dir, 'a.duckdb'), { set: SMALL });
    expect(failed(s)).toEqual([]);
    expect(s.checks.filter((c) => c.phase === 'target').map((c) => c.name)).toContain('billing: customers foreign key resolves in database');
    await runTo(saasChurn, 'duckdb', join(dir, 'b.duckdb'), { set: SMALL, batchSize: 97 });
    const sql = `SELECT count(*), sum(hash(customer_id, usage_date, sessions, usage_minutes, feature_events))::VARCHAR FROM usage_daily`;
    expect(await duckRows(join(dir, 'a.duckdb'), sql)).toEqual(await duckRows(join(dir, 'b.duckdb'), sql));
    const types = await duckRows(join(dir, 'a.duckdb'), `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'billing' ORDER BY ordinal_position`);
    expect(types).toEqual([['bill_id', 'BIGINT'], ['customer_id', 'INTEGER'], ['bill_date', 'DATE'], ['amount', 'DECIMAL(10,2)'], ['payment_status', 'VARCHAR']]);
    const keys = await duckRows(join(dir, 'a.duckdb'), `SELECT table_name, constraint_type FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY','FOREIGN KEY') ORDER BY 1, 2`);
    expect(keys).toEqual([['billing', 'FOREIGN KEY'], ['billing', 'PRIMARY KEY'], ['customers', 'PRIMARY KEY'], ['support', 'FOREIGN KEY'], ['support', 'PRIMARY KEY'], ['usage_daily', 'FOREIGN KEY'], ['usage_daily', 'PRIMARY KEY']]);
  });

  it('loads a DuckDB table too big to index in memory without keys, and its read-back checks still catch a duplicate and an orphan', async () => {
    // 1,000 customers with the limit at 20,000 rows (KEYED_ROWS_MAX is 2,097,152): usage_daily is over it, billing and support under.
    // One duplicate and one orphan in the whole table (the index tampered() passes restarts with each chunk).
    let seen = 0;
    let prev: unknown[] = [];
    const bad = tampered(saasChurn, 'usage_daily', (r) => {
      if (++seen === 1000) (r[0] = prev[0]), (r[1] = prev[1]);
      if (seen === 2000) r[0] = 999_999;
      prev = r;
    });
    const file = join(tempDir(), 'big.duckdb');
    const s = await run({ scenario: bad, params: resolveParams(bad, SMALL), seed: 42 }, new DuckdbSink({ out: file, force: false, keyedRowsMax: 20_000 }));
    const rows = (name: string) => s.tables.find((t) => t.name === name)!.rows;
    expect(rows('usage_daily')).toBeGreaterThan(20_000);
    expect(rows('billing')).toBeLessThanOrEqual(20_000);
    const keys = await duckRows(file, `SELECT table_name, constraint_type FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY','FOREIGN KEY') ORDER BY 1, 2`);
    expect(keys).toEqual([['billing', 'FOREIGN KEY'], ['billing', 'PRIMARY KEY'], ['customers', 'PRIMARY KEY'], ['support', 'FOREIGN KEY'], ['support', 'PRIMARY KEY']]);
    const info = s.checks.find((c) => c.name === 'usage_daily: keys checked, not declared')!;
    expect(info.figure).toBe(`${rows('usage_daily').toLocaleString('en-US')} rows, over the 20,000 DuckDB can index within its memory`);
    const readBack = failed({ checks: s.checks.filter((c) => c.phase === 'target') });
    expect(readBack).toEqual(['usage_daily: primary key unique in database: 1 duplicate keys', 'usage_daily: customers foreign key resolves in database: 1 orphans']);
    expect(s.checks.find((c) => c.name === 'primary and foreign keys declared')!.figure).toBe('5 of 5 constraints');
  });

  it('fails its checks on corrupted data', async () => {
    const dup = await runTo(tampered(saasChurn, 'billing', (r, i) => i === 20 && (r[0] = (r[0] as number) - 1)), 'duckdb', join(tempDir(), 'd.duckdb'), { set: SMALL });
    expect(failed(dup).some((f) => /^billing: primary key unique: 1 of [\d,]+ bill_id not above the previous/.test(f))).toBe(true);
    expect(failed(dup).some((f) => f.startsWith('billing: constraints accepted the load: Constraint Error'))).toBe(true);
    const orphan = await runTo(tampered(saasChurn, 'support', (r, i) => i === 3 && (r[1] = 999_999)), 'parquet', join(tempDir(), 'o'), { set: SMALL });
    expect(failed(orphan).some((f) => f.startsWith('support: customers foreign key resolves: 1 orphan'))).toBe(true);
    const early = await runTo(tampered(saasChurn, 'usage_daily', (r, i) => i === 5 && (r[1] = (r[1] as number) - 800)), 'parquet', join(tempDir(), 'e'), { set: SMALL });
    expect(failed(early).some((f) => f.startsWith('no usage, bill or ticket before signup: 1 of'))).toBe(true);
    const skew = await runTo(tampered(saasChurn, 'customers', (r, i) => i % 3 === 0 && (r[2] = 'Free')), 'parquet', join(tempDir(), 's'), { set: SMALL });
    expect(failed(skew).some((f) => f.startsWith('plan mix: Free'))).toBe(true);
  });

  it('runs the Stage 2 pipeline: staging tables and one feature row per customer', () => {
    const cwd = tempDir();
    const sg = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    const r = sg('run', '--scenario', 'saas-churn', '--set', 'customers=1000', '--pipeline');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Stage 2 SQL pipeline:\n  data\/staging\/stg_billing.parquet: [\d,]+ rows\n  data\/staging\/stg_customers.parquet: 1,000 rows\n/);
    expect(r.stdout).toContain('  data/analytics/churn_features.parquet: 1,000 rows');
    expect(readdirSync(join(cwd, 'data')).sort()).toEqual(['analytics', 'raw', 'staging']);

    const stagingBefore = snapshot(join(cwd, 'data', 'staging'));
    const refused = sg('transform', '--in', 'data/raw');
    expect([refused.status, refused.stderr]).toEqual([2, 'synthgen: data/staging already exists (a synthgen parquet output of 4 files); pass --force to replace it, or choose another --out\n']);
    const after = snapshot(join(cwd, 'data', 'staging'));
    for (const [n, b] of stagingBefore) expect(after.get(n)!.equals(b)).toBe(true);
    const missing = sg('transform', '--in', 'nowhere');
    expect([missing.status, missing.stderr]).toEqual([2, 'synthgen: nowhere does not exist; generate it first with synthgen run --target parquet --out nowhere\n']);
    const again = sg('transform', '--in', 'data/raw', '--force');
    expect(again.status).toBe(0);
    for (const [n, b] of stagingBefore) expect(readFileSync(join(cwd, 'data', 'staging', n)).equals(b), `${n} is deterministic`).toBe(true);
    const wrongTarget = sg('run', '--scenario', 'saas-churn', '--target', 'csv', '--pipeline', '--out', 'x');
    expect([wrongTarget.status, wrongTarget.stderr]).toEqual([2, 'synthgen: --pipeline runs over Parquet; use --target parquet (got csv)\n']);
    expect(existsSync(join(cwd, 'x'))).toBe(false);
    const partsCsv = sg('run', '--scenario', 'saas-churn', '--target', 'csv', '--parquet-parts', '--out', 'y');
    expect([partsCsv.status, partsCsv.stderr]).toEqual([2, 'synthgen: --parquet-parts is for --target parquet (got csv)\n']);
    expect(existsSync(join(cwd, 'y'))).toBe(false);
  });

  it('the feature table has one row per customer with a churn label', async () => {
    const cwd = tempDir();
    const r = spawnSync(process.execPath, [BIN, 'run', '--scenario', 'saas-churn', '--set', 'customers=1000', '--pipeline', '--out', 'd/raw'], { cwd, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const { rows, schema } = await readParquet([join(cwd, 'd', 'analytics', 'churn_features.parquet')]);
    expect(rows.length).toBe(1000);
    expect(new Set(rows.map((x) => x.customer_id)).size).toBe(1000);
    expect(schema.map((c) => c.name)).toEqual(expect.arrayContaining(['customer_id', 'plan', 'region', 'active_days', 'billed_amount', 'failed_payments', 'tickets', 'churned']));
    const churned = rows.filter((x) => x.churned === 1).length;
    expect(churned).toBeGreaterThan(300);
    expect(churned).toBeLessThan(950);
    expect(rows.filter((x) => x.plan === 'Free').every((x) => Number(x.bills) === 0)).toBe(true);
    // integer features stay integers; every column REQUIRED but the one that can be NULL
    const of = (name: string) => schema.find((c) => c.name === name);
    expect([of('sessions'), of('feature_events'), of('active_days')]).toEqual([
      { name: 'sessions', type: 'INT64', logical: 'INT_64', repetition: 'REQUIRED' },
      { name: 'feature_events', type: 'INT64', logical: 'INT_64', repetition: 'REQUIRED' },
      { name: 'active_days', type: 'INT64', logical: 'INT_64', repetition: 'REQUIRED' },
    ]);
    expect([of('usage_minutes'), of('billed_amount')]).toEqual([
      { name: 'usage_minutes', type: 'INT64', logical: 'DECIMAL', repetition: 'REQUIRED' },
      { name: 'billed_amount', type: 'INT64', logical: 'DECIMAL', repetition: 'REQUIRED' },
    ]);
    expect(schema.filter((c) => c.repetition !== 'REQUIRED').map((c) => c.name)).toEqual(['last_active_date']);
    expect(rows.every((x) => typeof x.sessions === 'bigint' && typeof x.feature_events === 'bigint')).toBe(true);
    const staging = await readParquet([join(cwd, 'd', 'staging', 'stg_usage_daily.parquet')]);
    expect(staging.schema.map((c) => `${c.name}:${c.type}:${c.repetition}`)).toEqual([
      'customer_id:INT32:REQUIRED',
      'usage_date:INT32:REQUIRED',
      'sessions:INT32:REQUIRED',
      'usage_minutes:INT32:REQUIRED',
      'feature_events:INT32:REQUIRED',
      'days_since_signup:INT64:REQUIRED',
    ]);
    expect(readdirSync(join(cwd, 'd', 'staging')).sort()).toEqual(['stg_billing.parquet', 'stg_customers.parquet', 'stg_support.parquet', 'stg_usage_daily.parquet', 'synthgen-manifest.json']);
  });
});

describe('saas-churn at the bounds of its parameters', () => {
  function churnCsv(...sets: string[]) {
    const r = csvRun('saas-churn', sets);
    const rows = (table: string) => readFileSync(join(r.dir, 'o', `${table}.csv`), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').slice(0, 2).map(Number));
    return { ...r, rows };
  }
  /** Every ID unique, and each one's slot (ID / slots) is its own customer. */
  function idsHold(rows: number[][], slots: number): void {
    expect(new Set(rows.map(([id]) => id)).size).toBe(rows.length);
    expect(rows.filter(([id, customer]) => Math.floor(id / slots) !== customer)).toEqual([]);
  }

  it('bill IDs stay unique in the longest window with no cancellations (x100 overflowed into the next customer)', () => {
    for (const sets of [['months=120'], ['months=60']]) {
      const r = churnCsv('customers=20', 'paid_cancel_rate=0', 'plan_mix=Free:0,Basic:0,Pro:0,Enterprise:1', ...sets);
      expect(r.status, r.stdout).toBe(0);
      const bills = r.rows('billing');
      idsHold(bills, 1000);
      const perCustomer = new Map<number, number>();
      for (const [, c] of bills) perCustomer.set(c, (perCustomer.get(c) ?? 0) + 1);
      // Over 100 bills for a customer: x100 would have collided. At most 305 in 3,653 days (a bill at day 0, then every 12-14).
      expect(Math.max(...perCustomer.values())).toBeGreaterThan(100);
      expect(Math.max(...perCustomer.values())).toBeLessThanOrEqual(305);
    }
  });

  it('ticket IDs stay unique at the highest ticket rate and window', () => {
    const r = churnCsv('customers=2', 'months=120', 'tickets_per_month=100', 'paid_cancel_rate=0', 'base_retention=Free:0.999,Basic:0.999,Pro:0.999,Enterprise:0.999');
    expect(r.status, r.stdout).toBe(0);
    const tickets = r.rows('support');
    // Thousands of tickets for one customer: x1000 with a cap of 999 would have cut them.
    expect(tickets.filter(([, c]) => c === 1).length).toBeGreaterThan(999);
    idsHold(tickets, 100_000);
  });

  it('refuses a window past 9999-12-31 with one line, and takes one that ends on it', () => {
    const late = churnCsv('start_date=9999-12-31');
    expect([late.status, late.stdout, late.stderr]).toEqual([2, '', 'synthgen: start_date 9999-12-31 plus 18 months runs past 9999-12-31; pick an earlier start_date or fewer months\n']);
    const last = churnCsv('customers=30', 'start_date=9999-12-01', 'months=1');
    expect(last.status, last.stdout).toBe(0);
  });
});
