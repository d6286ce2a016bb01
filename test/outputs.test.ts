// Issue 14's outputs, read back with readers of their own: better-sqlite3 for the
// SQLite semantics, DuckDB's node API and node-postgres for the views, the
// binary's summary for the PostgreSQL size and manifest.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testServer } from './helpers/pg.js';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import { saasChurn } from '../scenarios/saas-churn/index.js';
import { saasMetrics } from '../scenarios/saas-metrics/index.js';
import { showAndWell } from '../scenarios/show-and-well/index.js';
import type { Scenario } from '../src/engine/model.js';
import { resolveParams } from '../src/engine/params.js';
import { run } from '../src/engine/runner.js';
import { humanBytes } from '../src/headless/summary.js';
import { createSink } from '../src/sinks/index.js';
import { PostgresSink } from '../src/sinks/postgres.js';
import { makeSandbox, runCli } from './helpers/binary.js';
import { tampered } from './helpers/corrupt.js';
import { runTo, tempDir } from './helpers/run.js';
import { duckRows } from './helpers/duck.js';

const VIEWS = ['mrr_summary', 'churn_by_cohort', 'retention_curves', 'customer_health'];
const SCHEMAS = ['i14_views', 'i14_size', 'i14_sw'];
const server = testServer(SCHEMAS);
const { url, plainUrl, env: pgEnv } = server;

const failed = (s: { checks: { name: string; ok: boolean; figure: string }[] }) => s.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`);

/** A value as text the three databases agree on: dates as YYYY-MM-DD, numbers as numbers. */
function norm(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return typeof v === 'object' ? String(v) : v;
}
const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r.map(norm))).sort();

const pgRows = async (sql: string) => (await server.admin.query({ text: sql, rowMode: 'array', types: { getTypeParser: (oid: number) => (oid === 1082 ? (x: string) => x : pg.types.getTypeParser(oid)) } })).rows as unknown[][];

/** Every foreign key of a SQLite file whose columns neither its primary key nor an index starts with. */
function unindexedForeignKeys(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const out: string[] = [];
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
  for (const t of tables) {
    const keys = new Map<number, string[]>();
    for (const fk of db.prepare(`SELECT id, seq, "from" FROM pragma_foreign_key_list(?) ORDER BY id, seq`).all(t) as { id: number; from: string }[]) {
      keys.set(fk.id, [...(keys.get(fk.id) ?? []), fk.from]);
    }
    // The primary key is an index too: index_list holds it (origin 'pk'), unless it is an INTEGER PRIMARY KEY, the rowid itself.
    const indexes = (db.prepare(`SELECT name FROM pragma_index_list(?)`).all(t) as { name: string }[]).map((ix) =>
      (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(ix.name) as { name: string }[]).map((c) => c.name),
    );
    indexes.push((db.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).all(t) as { name: string }[]).map((c) => c.name));
    for (const cols of keys.values()) if (!indexes.some((ix) => cols.every((c, i) => ix[i] === c))) out.push(`${t}(${cols.join(', ')})`);
  }
  db.close();
  return out;
}

describe('SQLite: decimals and foreign keys', () => {
  it('stores every decimal as a REAL, so division is never integer division', async () => {
    const s = await runTo(saasMetrics, 'sqlite', join(tempDir(), 'm.db'));
    expect(failed(s)).toEqual([]);
    const db = new Database(s.out, { readonly: true });
    const types = (table: string, col: string, from = db) => from.prepare(`SELECT typeof(${col}) AS t, count(*) AS n FROM ${table} WHERE ${col} IS NOT NULL GROUP BY 1`).raw().all();
    expect(types('subscriptions', 'mrr')).toEqual([['real', 648]]);
    expect(types('customers', 'mrr_current')).toEqual([['real', 500]]);
    for (const c of ['new_mrr', 'expansion_mrr', 'contraction_mrr', 'churn_mrr', 'net_mrr']) expect(types('mrr_movements', c), c).toEqual([['real', 24]]);
    // The figures: 32,820 and 49 while whole dollars were stored as integers.
    expect(db.prepare('SELECT SUM(mrr / 12) FROM subscriptions').raw().get()).toEqual([33121.25]);
    expect(db.prepare('SELECT mrr / 2 FROM subscriptions WHERE mrr = 99 LIMIT 1').raw().get()).toEqual([49.5]);
    expect(db.prepare(`SELECT type FROM pragma_table_info('subscriptions') WHERE name = 'mrr'`).raw().get()).toEqual(['REAL']);
    db.close();

    const sw = await runTo(showAndWell, 'sqlite', join(tempDir(), 'sw.db'), { set: { end_date: '2026-01-31' } });
    const swDb = new Database(sw.out, { readonly: true });
    for (const [table, col] of [['fact_sessions', 'avg_csatscore'], ['fact_sessions', 'outcome_delta_index'], ['fact_finance', 'revenue'], ['fact_matches', 'time_to_match_hours'], ['dim_program', 'price_per_session'], ['fact_membership_revenue', 'membership_revenue_usd']]) {
      expect(types(table, col, swDb).map((r) => (r as unknown[])[0]), `${table}.${col}`).toEqual(['real']);
    }
    swDb.close();
  });

  it('indexes every foreign key no index or primary key already leads with', async () => {
    const cases: [Scenario, Record<string, unknown>][] = [
      [saasMetrics, {}],
      [showAndWell, { end_date: '2025-12-31' }],
      [saasChurn, { customers: 200 }],
      [barPlatform, { accounts: 3 }],
    ];
    for (const [scenario, set] of cases) {
      const s = await runTo(scenario, 'sqlite', join(tempDir(), 'x.db'), { set });
      expect(unindexedForeignKeys(s.out), scenario.name).toEqual([]);
    }
    // The two: billing and support had no index on customer_id.
    const s = await runTo(saasChurn, 'sqlite', join(tempDir(), 'c.db'), { set: { customers: 200 } });
    const db = new Database(s.out, { readonly: true });
    const own = (t: string) => (db.prepare(`SELECT name FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name`).all(t) as { name: string }[]).map((r) => r.name);
    expect([own('billing'), own('support'), own('usage_daily')]).toEqual([['idx_billing_customer_id'], ['idx_support_customer_id'], []]);
    expect(db.prepare(`SELECT name FROM pragma_index_info('idx_billing_customer_id')`).raw().all()).toEqual([['customer_id']]);
    db.close();
  });
});

describe("saas-metrics' views in SQLite, DuckDB and PostgreSQL", () => {
  it('holds the same rows in all three, with retention 100% at month 0 for every cohort', async () => {
    const dir = tempDir();
    const params = resolveParams(saasMetrics, {});
    const lite = await runTo(saasMetrics, 'sqlite', join(dir, 'v.db'));
    const duck = await run({ scenario: saasMetrics, params, seed: 42 }, createSink('duckdb', { out: join(dir, 'v.duckdb'), force: false }));
    const pgRun = await run({ scenario: saasMetrics, params, seed: 42 }, new PostgresSink({ url, schema: 'i14_views', force: false, manifestDir: dir }));
    for (const s of [lite, duck, pgRun]) {
      expect(failed(s), s.target).toEqual([]);
      expect(s.checks.filter((c) => c.name.startsWith('view ')).map((c) => `${c.name}: ${c.figure}`), s.target).toEqual([
        'view mrr_summary queries: 24 rows',
        'view churn_by_cohort queries: 24 rows',
        'view retention_curves queries: 300 rows',
        'view customer_health queries: 500 rows',
      ]);
    }
    const db = new Database(lite.out, { readonly: true });
    for (const v of VIEWS) {
      const a = sorted(db.prepare(`SELECT * FROM ${v}`).raw().all() as unknown[][]);
      const b = sorted(await duckRows(duck.out, `SELECT * FROM ${v}`));
      const c = sorted(await pgRows(`SELECT * FROM i14_views.${v}`));
      expect(a.length, v).toBeGreaterThan(0);
      expect(b, `${v}: DuckDB against SQLite`).toEqual(a);
      expect(c, `${v}: PostgreSQL against SQLite`).toEqual(a);
    }
    // Month 0, asked of each database: 24 cohorts, all at 100%, the whole cohort retained.
    const month0 = `SELECT count(*), min(retention_pct), max(retention_pct), sum(CASE WHEN retained = cohort_size THEN 1 ELSE 0 END) FROM retention_curves WHERE months_since_signup = 0`;
    const want = [24, 100, 100, 24];
    expect((db.prepare(month0).raw().get() as unknown[]).map(norm)).toEqual(want);
    expect((await duckRows(duck.out, month0))[0].map(norm)).toEqual(want);
    expect((await pgRows(month0.replace('FROM retention_curves', 'FROM i14_views.retention_curves')))[0].map(norm)).toEqual(want);
    // Month N from the raw tables: a customer is retained while its last subscription has not ended before signup + N months.
    const byHand = db
      .prepare(
        `SELECT count(*) FROM customers c WHERE strftime('%Y-%m', c.signup_date) = '2023-01'
           AND (c.status = 'active' OR (SELECT max(end_date) FROM subscriptions s WHERE s.customer_id = c.customer_id) >= date(c.signup_date, '+6 months'))`,
      )
      .raw()
      .get();
    expect(db.prepare(`SELECT retained FROM retention_curves WHERE cohort_month = '2023-01-01' AND months_since_signup = 6`).raw().get()).toEqual(byHand);
    db.close();
  });
});

describe('PostgreSQL summary', () => {
  it('shows the loaded size and the full path of the manifest, in text and JSON', async () => {
    const dir = makeSandbox();
    const args = ['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', plainUrl, '--schema', 'i14_size', '--force'];
    const text = runCli(dir, args, 60_000, pgEnv);
    expect(text.status, text.stderr).toBe(0);
    const manifest = join(dir, 'synthgen-manifest.postgres.i14_size.json');
    expect(existsSync(manifest)).toBe(true);
    expect(text.stdout).toContain(`\nManifest: ${manifest}\n`);
    const json = runCli(dir, [...args, '--json'], 60_000, pgEnv);
    expect(json.status, json.stderr).toBe(0);
    const s = JSON.parse(json.stdout);
    expect(s.manifest).toBe(manifest);
    // Each table's size as loaded: at least its heap and indexes now, at most all it holds now (autovacuum may add a map since).
    for (const t of s.tables) {
      const [[low, high]] = await pgRows(
        `SELECT pg_relation_size(c.oid, 'main') + pg_indexes_size(c.oid), pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'i14_size' AND c.relname = '${t.name}'`,
      );
      expect(t.bytes, t.name).toBeGreaterThanOrEqual(Number(low));
      expect(t.bytes, t.name).toBeLessThanOrEqual(Number(high));
      expect(Number(low), t.name).toBeGreaterThan(0);
    }
    expect(s.bytes).toBe(s.tables.reduce((a: number, t: { bytes: number }) => a + t.bytes, 0));
    expect(text.stdout).toMatch(/\nSize: \d+ KB \(tables and their indexes as loaded\) in \d+\.\d\d s\n/);
    expect(text.stdout).not.toContain('Size: 0 B');
    expect(humanBytes(s.bytes)).toMatch(/^\d+ KB$/);
  });
});

describe('show-and-well: no CSAT without a session, no request lost', () => {
  it('leaves CSAT and outcome NULL on days with no completed session, and records unserved requests', async () => {
    const s = await runTo(showAndWell, 'sqlite', join(tempDir(), 'sw.db'));
    expect(failed(s)).toEqual([]);
    const db = new Database(s.out, { readonly: true });
    const get = (sql: string) => db.prepare(sql).raw().get();
    // The 223 rows with sessions_completed = 0 now carry neither.
    expect(get(`SELECT count(*), count(avg_csatscore), count(outcome_delta_index) FROM fact_sessions WHERE sessions_completed = 0`)).toEqual([223, 0, 0]);
    expect(get(`SELECT count(*) FROM fact_sessions WHERE sessions_completed > 0 AND (avg_csatscore IS NULL OR outcome_delta_index IS NULL)`)).toEqual([0]);
    // The 737 requests (9.5%) in cities with no onboarded provider, now in the data.
    expect(get(`SELECT sum(unserved_requests), sum(waitlist_conversions + base_requests) FROM fact_waitlist`)).toEqual([737, 7759]);
    expect(get(`SELECT sum(match_requests) FROM fact_matches`)).toEqual([7759 - 737]);
    // Per day-city-program: requests in fact_matches + unserved = conversions + base requests.
    expect(
      get(`SELECT count(*) FROM fact_waitlist w WHERE w.waitlist_conversions + w.base_requests - w.unserved_requests <>
             (SELECT coalesce(sum(m.match_requests), 0) FROM fact_matches m WHERE m.date_key = w.date_key AND m.geo_key = w.geo_key AND m.program_key = w.program_key)`),
    ).toEqual([0]);
    // base requests = round(40% of the city-day's signups).
    expect(
      get(`SELECT count(*) FROM (SELECT date_key, geo_key, sum(base_requests) AS b FROM fact_waitlist GROUP BY 1, 2) w
             JOIN (SELECT date_key, geo_key, sum(signups) AS n FROM fact_signups GROUP BY 1, 2) s USING (date_key, geo_key) WHERE w.b <> round(0.4 * s.n)`),
    ).toEqual([0]);
    expect(s.headlines).toContain('  - Unserved: 737 requests (9.5%) in cities with no onboarded provider that day (fact_waitlist.unserved_requests)');
    expect(s.checks.find((c) => c.name === 'match requests = waitlist conversions + base requests')!.figure).toBe(
      '0 of 8,800 day-city-programs off: 7,022 in fact_matches + 737 unserved = 7,759; 2,770 conversions + 4,989 base = 7,759',
    );
    db.close();
    const csv = await runTo(showAndWell, 'csv', join(tempDir(), 'sw'), { set: { end_date: '2025-12-31' } });
    const lines = readFileSync(join(csv.out, 'fact_sessions.csv'), 'utf8').trim().split('\n');
    expect(lines.filter((l) => l.split(',')[3] === '0').every((l) => l.endsWith(',,'))).toBe(true);
    expect(readFileSync(join(csv.out, 'fact_waitlist.csv'), 'utf8').split('\n')[0]).toBe('date_key,geo_key,program_key,waitlist_adds,waitlist_conversions,base_requests,unserved_requests');
  });

  it('fails the new checks on corrupted data, streamed and in SQL', async () => {
    const cases: [Scenario, string[]][] = [
      [tampered(showAndWell, 'fact_matches', (r, i) => i === 0 && (r[4] = (r[4] as number) + 1)), ['match requests = waitlist conversions + base requests: 1 of 1,248', 'match requests = waitlist conversions + base requests (SQL): 1 rows']],
      [tampered(showAndWell, 'fact_waitlist', (r, i) => i === 0 && (r[5] = (r[5] as number) + 1)), ['base requests = round(40% of signups) per city-day: 1 of 312', 'match requests = waitlist conversions + base requests: 1 of 1,248', 'match requests = waitlist conversions + base requests (SQL): 1 rows']],
      [tampered(showAndWell, 'fact_waitlist', (r) => r[6] !== 0 && (r[6] = 0)), ['unserved requests exactly where no provider is onboarded: ', 'unserved requests exactly where no provider is onboarded (SQL): ']],
      [tampered(showAndWell, 'fact_sessions', (r) => r[3] === 0 && (r[5] = 430)), ['CSAT and outcome only where a session was completed: ', 'CSAT and outcome only where a session was completed (SQL): ']],
      [tampered(showAndWell, 'fact_sessions', (r, i) => i === 2 && (r[6] = null)), ['CSAT and outcome only where a session was completed: 1 of', 'CSAT and outcome only where a session was completed (SQL): 1 rows']],
    ];
    for (const [scenario, expected] of cases) {
      const s = await runTo(scenario, 'sqlite', join(tempDir(), 'bad.db'), { set: { end_date: '2026-01-08' } });
      expect(s.ok).toBe(false);
      for (const e of expected) expect(failed(s).some((f) => f.startsWith(e)), `${e}\nfailed: ${failed(s).join('\n')}`).toBe(true);
    }
  });
});

describe('saas-metrics: which tier mix', () => {
  it('reports the initial mix and the current mix of customers.plan_tier, each named', async () => {
    const s = await runTo(saasMetrics, 'sqlite', join(tempDir(), 't.db'));
    const db = new Database(s.out, { readonly: true });
    const current = Object.fromEntries(db.prepare('SELECT plan_tier, count(*) FROM customers GROUP BY 1').raw().all() as [string, number][]);
    const initial = Object.fromEntries(
      db.prepare('SELECT s.plan_tier, count(*) FROM subscriptions s JOIN customers c ON c.customer_id = s.customer_id AND s.start_date = c.signup_date GROUP BY 1').raw().all() as [string, number][],
    );
    db.close();
    const pct = (n: number) => `${Math.round(n / 5)}%`; // of 500 customers
    const mix = (m: Record<string, number>) => ['Starter', 'Pro', 'Enterprise'].map((t) => `  - ${t} tier: ${m[t]} customers (${pct(m[t])})`);
    const i = s.headlines.indexOf("  Initial plan mix (each customer's first subscription):");
    expect(s.headlines.slice(i, i + 8)).toEqual([
      "  Initial plan mix (each customer's first subscription):",
      ...mix(initial),
      '  Current plan mix (customers.plan_tier: the plan now, the last one for churned customers):',
      ...mix(current),
    ]);
    // The two differ at seed 42 (upgrades and downgrades), so the label matters.
    expect(initial).toEqual({ Starter: 258, Pro: 171, Enterprise: 71 });
    expect(current).toEqual({ Starter: 234, Pro: 163, Enterprise: 103 });
  });
});
