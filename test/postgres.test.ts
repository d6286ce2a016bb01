// The postgres target against a real server (test/setup/postgres.ts).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { saasChurn } from '../scenarios/saas-churn/index.js';
import { saasMetrics } from '../scenarios/saas-metrics/index.js';
import { showAndWell } from '../scenarios/show-and-well/index.js';
import { resolveParams } from '../src/engine/params.js';
import { run } from '../src/engine/runner.js';
import type { Scenario } from '../src/engine/model.js';
import { PostgresSink } from '../src/sinks/postgres.js';
import { withoutPassword } from '../src/sinks/pgurl.js';
import { runTo, tempDir as makeTempDir } from './helpers/run.js';

const BIN = resolve('dist/src/cli.js');
const url = inject('pgUrl');
/** The URL without its password, which the binary gets from PGPASSWORD (a password in --url adds a warning line). */
const plainUrl = withoutPassword(url);
const pgEnv: Record<string, string> = new URL(url).password ? { PGPASSWORD: decodeURIComponent(new URL(url).password) } : {};
let admin: pg.Client;
const dirs: string[] = [];
/** A temporary folder removed after the tests. */
const tempDir = () => {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
};

async function load(scenario: Scenario, schema: string, set: Record<string, unknown> = {}, seed = scenario.defaultSeed, force = false) {
  return run({ scenario, params: resolveParams(scenario, set), seed }, new PostgresSink({ url, schema, force, manifestDir: tempDir() }));
}

async function copyOut(client: pg.Client, sql: string): Promise<string> {
  const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv)`));
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}

const one = async (sql: string, values?: unknown[]) => Object.values((await admin.query(sql, values)).rows[0])[0];
const synthgen = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: tempDir(), encoding: 'utf8', env: { ...process.env, CI: '1', ...pgEnv, ...env } });

describe('postgres target', () => {
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // The server may be a long-lived one (SYNTHGEN_TEST_PG_URL): start from none of this file's schemas.
    const mine = ['full_saas_metrics', 'full_show_and_well', 'full_saas_churn', 'same_rows', 'types', 'edges', 'swap', 'killed', 'from_env', 'masked', 'replayed', 'broken_rules', 'taken', 'forbidden', 'locked_down', 'commented'];
    for (const schema of mine) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
  afterAll(async () => {
    await admin.end();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('loads every scenario with keys, indexes and read-back checks', async () => {
    const cases: [Scenario, Record<string, unknown>][] = [
      [saasMetrics, {}],
      [showAndWell, { providers: 6, end_date: '2026-01-15' }],
      [saasChurn, { customers: 300 }],
    ];
    for (const [scenario, set] of cases) {
      const schema = `full_${scenario.name.replaceAll('-', '_')}`;
      const s = await load(scenario, schema, set);
      expect(s.checks.filter((c) => !c.ok), scenario.name).toEqual([]);
      expect(s.checks.filter((c) => c.name.endsWith('(SQL)')).length, `${scenario.name} SQL rules`).toBeGreaterThanOrEqual(3);
      for (const t of s.tables) expect(Number(await one(`SELECT count(*) FROM ${schema}."${t.name}"`)), `${scenario.name}.${t.name}`).toBe(t.rows);
      const keys = Number(await one(`SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.contype IN ('p','f') AND c.convalidated`, [schema]));
      expect(keys).toBe(s.tables.length + scenario.tables(s.params, s.seed).reduce((a, t) => a + (t.spec.foreignKeys?.length ?? 0), 0));
    }
    expect(Number(await one(`SELECT count(*) FROM pg_indexes WHERE schemaname = 'full_saas_metrics' AND indexname LIKE 'idx_%'`))).toBe(4);
    expect(Number(await one(`SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'synthgen_load_%'`))).toBe(0);
  });

  it('holds the same rows as the CSV target', async () => {
    const dir = tempDir();
    await runTo(saasMetrics, 'csv', join(dir, 'csv'));
    await load(saasMetrics, 'same_rows');
    for (const table of ['customers', 'subscriptions', 'mrr_movements']) {
      const csv = readFileSync(join(dir, 'csv', `${table}.csv`), 'utf8').split('\n').slice(1).join('\n');
      expect(await copyOut(admin, `SELECT * FROM same_rows.${table}`), table).toBe(csv);
    }
  });

  it('carries every logical type exactly (binary COPY): timestamps, booleans, NULLs, quotes, unicode, decimals', async () => {
    const { benchWide } = await import('../bench/wide-table.js');
    const dir = tempDir();
    await runTo(benchWide, 'csv', join(dir, 'csv'), { set: { rows: 5000 }, seed: 3 });
    await load(benchWide, 'types', { rows: 5000 }, 3);
    const csv = readFileSync(join(dir, 'csv', 'bench_wide.csv'), 'utf8').split('\n').slice(1).join('\n');
    const sql = `SELECT id, name, category, quantity, amount, order_date, to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), CASE WHEN active THEN 'true' ELSE 'false' END, note, parent_id FROM types.bench_wide`;
    const pgText = await copyOut(admin, sql);
    expect(pgText.length).toBeGreaterThan(100_000);
    expect(pgText).toBe(csv);
    expect(Number(await one(`SELECT count(*) FROM types.bench_wide WHERE parent_id IS NULL`))).toBeGreaterThan(0);
    expect(Number(await one(`SELECT count(*) FROM types.bench_wide WHERE amount < 0 OR amount >= 1`))).toBeGreaterThan(0);
  });

  it('encodes numeric edge values exactly', async () => {
    const values = [0, 1, -1, 5, -5, 99, 100, 10000, -10000, 123456789, -987654321, 4_503_599_627_370_495];
    const edge: Scenario = {
      name: 'numeric-edges', description: '', seedFile: '', defaultSeed: 1, defaultTarget: 'csv', defaultOut: 'x', params: [],
      tables: () => [{
        spec: { name: 'n', description: '', primaryKey: ['id'], columns: [{ name: 'id', type: 'integer' }, { name: 'a', type: 'decimal', precision: 20, scale: 2 }, { name: 'b', type: 'decimal', precision: 24, scale: 6 }, { name: 'c', type: 'decimal', precision: 18, scale: 0 }, { name: 'big', type: 'bigint' }] },
        estimateRows: () => values.length, chunks: () => 1,
        *generate() { yield values.map((v, i) => [i, v, v, v, v]); },
      }],
    };
    const s = await load(edge, 'edges');
    expect(s.ok).toBe(true);
    const dir = tempDir();
    await runTo(edge, 'csv', join(dir, 'csv'));
    const csv = readFileSync(join(dir, 'csv', 'n.csv'), 'utf8').split('\n').slice(1).join('\n');
    expect(await copyOut(admin, 'SELECT * FROM edges.n')).toBe(csv);
  });

  it('--force replaces the tables while a concurrent reader of the old ones is never broken', async () => {
    await load(saasMetrics, 'swap', {}, 1);
    const oldSum = String(await one(`SELECT sum(mrr_current) FROM swap.customers`));
    const reader = new pg.Client({ connectionString: url });
    await reader.connect();
    await reader.query('BEGIN');
    expect(String((await reader.query('SELECT sum(mrr_current) AS s FROM swap.customers')).rows[0].s)).toBe(oldSum);
    const loading = load(saasMetrics, 'swap', {}, 2, true);
    // Wait until the load is at the swap, waiting for the reader's lock.
    for (let i = 0; i < 400; i++) {
      if (Number(await one(`SELECT count(*) FROM pg_stat_activity WHERE application_name = 'synthgen' AND wait_event_type = 'Lock'`)) > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(Number(await one(`SELECT count(*) FROM pg_stat_activity WHERE application_name = 'synthgen' AND wait_event_type = 'Lock'`))).toBe(1);
    for (let i = 0; i < 3; i++) expect(String((await reader.query('SELECT sum(mrr_current) AS s FROM swap.customers')).rows[0].s)).toBe(oldSum);
    await reader.query('COMMIT');
    const s = await loading;
    expect(s.ok).toBe(true);
    const newSum = String((await reader.query('SELECT sum(mrr_current) AS s FROM swap.customers')).rows[0].s);
    expect(newSum).not.toBe(oldSum);
    await reader.end();
  });

  it('comments each table (synthgen\'s mark, then its description) and each described column; --force still replaces them', async () => {
    const { VERSION } = await import('../src/version.js');
    const comments = async () =>
      (
        await admin.query(
          `SELECT c.relname AS table, a.attname AS column, obj_description(c.oid, 'pg_class') AS table_comment, col_description(c.oid, a.attnum) AS comment
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = 'commented' AND c.relkind = 'r' ORDER BY c.relname, a.attnum`,
        )
      ).rows;
    const first = await load(saasChurn, 'commented', { customers: 200 });
    expect(first.ok).toBe(true);
    expect(first.catalog).toBeNull(); // no CATALOG.md for a database: the comments are the catalog
    const specs = saasChurn.tables(first.params, first.seed).map((d) => d.spec).sort((a, b) => a.name.localeCompare(b.name));
    const expected = specs.flatMap((t) =>
      t.columns.map((c) => ({ table: t.name, column: c.name, table_comment: `synthgen: loaded by synthgen ${VERSION}; synthgen run --force may replace this table. ${t.description}`, comment: c.description ?? null })),
    );
    expect(expected.filter((e) => e.comment).length).toBeGreaterThan(5);
    expect(await comments()).toEqual(expected);
    const replaced = await load(saasChurn, 'commented', { customers: 250 }, 7, true);
    expect(replaced.ok).toBe(true);
    expect(Number(await one('SELECT count(*) FROM commented.customers'))).toBe(250);
    expect(await comments()).toEqual(expected);
  });

  it('a load killed midway leaves the old data as it was', async () => {
    await load(saasChurn, 'killed', { customers: 200 });
    const before = await copyOut(admin, 'SELECT count(*), sum(customer_id) FROM killed.usage_daily');
    const child = spawn(process.execPath, [BIN, 'run', '--scenario', 'saas-churn', '--set', 'customers=400000', '--target', 'postgres', '--url', url, '--schema', 'killed', '--force'], { env: { ...process.env, CI: '1' }, stdio: 'ignore' });
    for (let i = 0; i < 800; i++) {
      if (Number(await one(`SELECT count(*) FROM pg_stat_activity WHERE application_name = 'synthgen' AND query LIKE 'COPY%usage_daily%'`)) > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    for (let i = 0; i < 200 && Number(await one(`SELECT count(*) FROM pg_stat_activity WHERE application_name = 'synthgen'`)) > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await copyOut(admin, 'SELECT count(*), sum(customer_id) FROM killed.usage_daily')).toBe(before);
    expect(Number(await one(`SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'synthgen_load_%'`))).toBe(0);
  });

  it('reads the URL from PG* variables, keeps the password out of the manifest and of saved profiles', async () => {
    const u = new URL(url);
    const cwd = tempDir();
    const r = spawnSync(process.execPath, [BIN, 'run', '--scenario', 'saas-metrics', '--target', 'postgres', '--schema', 'from_env', '--json'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', PGHOST: u.hostname, PGPORT: u.port, PGUSER: u.username, PGPASSWORD: decodeURIComponent(u.password), PGDATABASE: u.pathname.slice(1) },
    });
    expect(r.status).toBe(0);
    expect(Number(await one('SELECT count(*) FROM from_env.customers'))).toBe(500);
    // A server that trusts every connection ignores a password: give one anyway, to see where it goes.
    const pw = new URL(url);
    if (!pw.password) pw.password = 'dummy-secret';
    const secret = decodeURIComponent(pw.password);
    const withPassword = spawnSync(process.execPath, [BIN, 'run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', pw.toString(), '--schema', 'masked', '--json'], { cwd, encoding: 'utf8' });
    expect(withPassword.status).toBe(0);
    const manifest = readFileSync(join(cwd, 'synthgen-manifest.postgres.masked.json'), 'utf8');
    expect(manifest).toContain(`"out": "${plainUrl} schema masked"`);
    expect(manifest).not.toContain(secret);
    // The summary names the manifest by its absolute path, whose temp folder may hold the secret's text by chance (synthgen-test-*).
    expect(withPassword.stdout.replaceAll(cwd, '<cwd>')).not.toContain(secret);
    const { saveProfile } = await import('../src/config/profiles.js');
    const file = await saveProfile('pg', { scenario: 'saas-metrics', target: 'postgres', url: pw.toString() }, cwd);
    expect(readFileSync(file, 'utf8')).not.toContain(secret);
    const replay = spawnSync(process.execPath, [BIN, 'run', '--profile', 'pg', '--schema', 'replayed', '--force'], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1', PGPASSWORD: decodeURIComponent(u.password) } });
    expect(replay.status).toBe(0);
  });

  it('runs the scenario SQL rules in the database and fails on data that breaks them', async () => {
    const base = showAndWell;
    const broken: Scenario = {
      ...base,
      tables: (p, seed) =>
        base.tables(p, seed).map((d) =>
          d.spec.name !== 'fact_matches'
            ? d
            : { ...d, *generate(ctx) { let first = true; for (const b of d.generate(ctx)) { yield b.map((r) => (first ? ((first = false), [...r.slice(0, 5), (r[4] as number) + 1, ...r.slice(6)]) : r)); } } },
        ),
    };
    const s = await load(broken, 'broken_rules', { providers: 4, end_date: '2025-12-20' });
    const failedNames = s.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`);
    expect(failedNames).toContain('matches approved never exceed requests (SQL): 1 rows break it');
  });

  it('refuses existing tables without --force, and says what to fix for each connection problem', async () => {
    await load(saasMetrics, 'taken');
    const base = ['run', '--scenario', 'saas-metrics', '--target', 'postgres'];
    const u = new URL(url);
    // The schemas these refused runs could leave: the ones they name and their staging schemas (named by pid);
    // other test files create and drop schemas of their own meanwhile.
    const pids: number[] = [];
    const refused = (args: string[], env: Record<string, string> = {}) => {
      const r = synthgen(args, env);
      pids.push(r.pid);
      return r;
    };
    const schemas = async () =>
      String(await one(`SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname IN ('taken', 'forbidden', 'raw') OR nspname LIKE ANY ($1)`, [pids.map((p) => `synthgen_load_${p}_%`)]));
    const before = await schemas();

    const taken = refused([...base, '--url', plainUrl, '--schema', 'taken']);
    expect([taken.status, taken.stderr]).toEqual([2, 'synthgen: schema taken already has churn_by_cohort, customer_health, customers, mrr_movements, mrr_summary, retention_curves, subscriptions; pass --force to replace them (they stay readable until the new load has succeeded)\n']);

    const closed = `postgres://postgres@127.0.0.1:1/postgres`;
    const unreachable = refused([...base, '--url', closed]);
    expect([unreachable.status, unreachable.stderr]).toEqual([2, 'synthgen: cannot reach PostgreSQL at postgres://postgres@127.0.0.1:1/postgres (connection refused); start the server or fix --url\n']);

    // A wrong password: test/postgres-safety.test.ts (a server that asks for one).
    const nodb = new URL(plainUrl);
    nodb.pathname = '/nope';
    const missing = refused([...base, '--url', nodb.toString()]);
    expect([missing.status, missing.stderr]).toEqual([2, `synthgen: database "nope" does not exist on postgres://${u.username}@${u.host}/nope; create it (createdb) or fix --url\n`]);

    await admin.query(`DROP ROLE IF EXISTS synthgen_limited`);
    await admin.query(`CREATE ROLE synthgen_limited LOGIN PASSWORD 'limited'`);
    const db = u.pathname.slice(1);
    await admin.query(`REVOKE CREATE ON DATABASE "${db}" FROM PUBLIC, synthgen_limited`);
    const limited = new URL(plainUrl);
    limited.username = 'synthgen_limited';
    const denied = refused([...base, '--url', limited.toString(), '--schema', 'forbidden'], { PGPASSWORD: 'limited' });
    expect(denied.status).toBe(2);
    expect(denied.stderr).toBe(`synthgen: permission denied on schema forbidden at postgres://synthgen_limited@${u.host}/${db} (this user may not create tables there); grant CREATE to this user or choose another --schema\n`);
    expect(await schemas()).toBe(before);
    // May create schemas (so the staging one), but not in an existing schema of another role: refused before the load, not at the swap.
    await admin.query(`DROP SCHEMA IF EXISTS locked_down CASCADE; CREATE SCHEMA locked_down; GRANT CREATE ON DATABASE "${db}" TO synthgen_limited`);
    const notThere = synthgen([...base, '--url', limited.toString(), '--schema', 'locked_down'], { PGPASSWORD: 'limited' });
    await admin.query(`REVOKE CREATE ON DATABASE "${db}" FROM synthgen_limited`);
    expect([notThere.status, notThere.stderr]).toEqual([2, `synthgen: permission denied on schema locked_down at postgres://synthgen_limited@${u.host}/${db} (this user may not create tables there); grant CREATE to this user or choose another --schema\n`]);
  });
});
