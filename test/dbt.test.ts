// The dbt project synthgen writes for bar-platform's raw layer: the generated yml
// read back with a real YAML parser (every table, column, key, enumeration and
// freshness there), the folder safety of the writer, and real dbt (a cached venv,
// test/helpers/dbt.ts) over a DEV load into PostgreSQL and into a DuckDB file:
// build (which parses and compiles every node first) and source freshness green, and a corrupted foreign
// key failing the relationships test. `npm run build` first: the binary is used.
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import { dbtFilesOf } from '../src/commands/dbt.js';
import { dbtProject, ERROR_P, freshnessOf, WARN_P, type DbtFile } from '../src/dbt/project.js';
import { examineDbtDir, writeDbtProject } from '../src/dbt/write.js';
import type { TableSpec } from '../src/engine/model.js';
import { resolveParams } from '../src/engine/params.js';
import { plan } from '../src/engine/runner.js';
import { withoutPassword } from '../src/sinks/pgurl.js';
import { makeSandbox, runCli } from './helpers/binary.js';
import { buildNodes, dbtVenv, runDbt, runDbtSteps } from './helpers/dbt.js';

const url = inject('pgUrl');
const pgEnv: Record<string, string> = new URL(url).password ? { PGPASSWORD: decodeURIComponent(new URL(url).password) } : {};
/** A client of a test database named by a URL without its password (pg lets the URL's missing password win over a given one). */
function clientOf(db: string): pg.Client {
  const u = new URL(db);
  return new pg.Client({ host: u.hostname, port: Number(u.port || 5432), database: decodeURIComponent(u.pathname.slice(1)), user: decodeURIComponent(u.username), password: pgEnv.PGPASSWORD });
}
const DEV = () => resolveParams(barPlatform, { env: 'DEV' }, {});

type Test = string | Record<string, { arguments: Record<string, unknown> }>;
interface SourceTable {
  name: string;
  description: string;
  config: { loaded_at_field?: string; freshness: null | { warn_after: { count: number; period: string }; error_after: { count: number; period: string } } };
  data_tests?: Test[];
  columns: { name: string; description: string; data_tests?: Test[] }[];
}

const fileOf = (files: DbtFile[], path: string) => files.find((f) => f.path === path)?.text ?? '';
const sourcesOf = (files: DbtFile[]) => (load(fileOf(files, 'models/staging/sources.yml')) as { sources: { name: string; tables: SourceTable[] }[] }).sources[0];
const testNamed = (tests: Test[] | undefined, name: string) => (tests ?? []).find((t) => (typeof t === 'string' ? t === name : name in t));

describe('the generated dbt project', () => {
  const spec = { scenario: barPlatform, params: DEV(), seed: 42 };
  const files = dbtFilesOf(spec, 'postgres', { schema: 'raw' });
  const specs = plan(spec).map((t) => t.spec);

  it('lists every table and column with the catalog descriptions, and tests every key, foreign key and enumeration', () => {
    const source = sourcesOf(files);
    expect(source.tables.map((t) => t.name)).toEqual(specs.map((s) => s.name));
    let enums = 0;
    for (const s of specs) {
      const t = source.tables.find((x) => x.name === s.name)!;
      expect(t.description.startsWith(s.description)).toBe(true);
      expect(t.columns.map((c) => c.name)).toEqual(s.columns.map((c) => c.name));
      for (const c of s.columns) {
        const col = t.columns.find((x) => x.name === c.name)!;
        expect(col.description).toBe(c.description ?? '');
        if (s.primaryKey.includes(c.name)) expect(testNamed(col.data_tests, 'not_null'), `${s.name}.${c.name}`).toBeTruthy();
        if (c.values) {
          enums++;
          const av = testNamed(col.data_tests, 'accepted_values') as Record<string, { arguments: { values: string[] } }>;
          expect(av.accepted_values.arguments.values, `${s.name}.${c.name}`).toEqual(c.values);
        }
      }
      if (s.primaryKey.length === 1) expect(testNamed(t.columns.find((x) => x.name === s.primaryKey[0])!.data_tests, 'unique')).toBeTruthy();
      else expect(t.data_tests, s.name).toContainEqual({ synthgen_unique_combination: { arguments: { columns: s.primaryKey } } });
      for (const fk of s.foreignKeys ?? []) {
        const rel = (t.columns.find((x) => x.name === fk.columns[0])!.data_tests ?? []).filter((x) => typeof x !== 'string' && 'relationships' in x) as Record<string, { arguments: { to: string; field: string } }>[];
        expect(rel.map((r) => r.relationships.arguments), `${s.name}.${fk.columns[0]}`).toContainEqual({ to: `source('bar_platform', '${fk.references.table}')`, field: fk.references.columns[0] });
      }
      // A model per table, selecting every column from its source.
      const sql = fileOf(files, `models/staging/stg_bar_platform__${s.name}.sql`);
      expect(sql).toContain(`{{ source('bar_platform', '${s.name}') }}`);
      for (const c of s.columns) expect(sql).toContain(`"${c.name}"`);
    }
    expect(enums).toBeGreaterThanOrEqual(20);
    // The parts every dbt project needs, and the profile for both adapters.
    expect(load(fileOf(files, 'dbt_project.yml'))).toMatchObject({ name: 'synthgen_bar_platform', profile: 'synthgen_bar_platform', 'config-version': 2 });
    const profile = (load(fileOf(files, 'profiles.yml')) as Record<string, { target: string; outputs: Record<string, { type: string }> }>).synthgen_bar_platform;
    expect(profile.target).toBe('postgres');
    expect(Object.values(profile.outputs).map((o) => o.type)).toEqual(['postgres', 'duckdb']);
    expect(fileOf(files, 'profiles.yml')).not.toMatch(/password: "(?!\{\{)/); // never a password in the file
  });

  it('sets freshness on every time-stamped table, from the expected rate, measured from as_of', () => {
    const source = sourcesOf(files);
    const timed = specs.filter((s) => s.timeColumn);
    // Every table whose rows happen over time says which column tells when; the others are
    // price lists and pipeline settings made at the start, and association tables whose only time is the connector's sync.
    const untimed = specs.filter((s) => s.columns.some((c) => (c.type === 'timestamp' || c.type === 'date') && !c.name.startsWith('_fivetran_')) && !s.timeColumn).map((s) => s.name);
    expect(untimed).toEqual(['stripe_product', 'stripe_price', 'hubspot_deal_pipeline', 'hubspot_deal_pipeline_stage', 'hubspot_ticket_pipeline', 'hubspot_ticket_pipeline_stage']);
    expect(timed.length).toBeGreaterThanOrEqual(20);
    for (const s of specs) {
      const t = source.tables.find((x) => x.name === s.name)!;
      if (!s.timeColumn) {
        expect(t.config.freshness).toBeNull();
        continue;
      }
      expect(t.config.loaded_at_field).toBe(`"${s.timeColumn}" + (current_timestamp - cast('2026-01-01 00:00:00+00' as timestamptz))`);
      expect(t.config.freshness!.error_after.count).toBeGreaterThanOrEqual(t.config.freshness!.warn_after.count);
      expect(t.description).toMatch(/exp\(-rate x t\)/);
    }
    // The rule itself: 1,000 rows over 1,000 days -> ceil(ln 1e3) = 7 and ceil(ln 1e9) = 21 days.
    const spec1: TableSpec = { name: 'e', description: '', columns: [{ name: 'at', type: 'timestamp' }], primaryKey: ['at'], timeColumn: 'at' };
    expect(freshnessOf(spec1, 1_000, 1_000)).toMatchObject({ warnDays: 7, errorDays: 21 });
    expect(Math.exp(-1 * 7)).toBeLessThanOrEqual(WARN_P);
    expect(Math.exp(-1 * 21)).toBeLessThanOrEqual(ERROR_P);
    // A busy table: at least a day; a monthly table: plus its period; a date column: plus a day.
    expect(freshnessOf(spec1, 1e6, 1_000)).toMatchObject({ warnDays: 1, errorDays: 1 });
    expect(freshnessOf({ ...spec1, name: 'm' }, 1e6, 1_000, { m: 31 })).toMatchObject({ warnDays: 32, errorDays: 32 });
    expect(freshnessOf({ ...spec1, columns: [{ name: 'at', type: 'date' }] }, 1e6, 1_000)).toMatchObject({ errorDays: 2 });
  });

  it('tests composite keys with the project\'s own generic tests', () => {
    const parent: TableSpec = { name: 'p', description: 'parent', columns: [{ name: 'a', type: 'integer' }, { name: 'b', type: 'integer' }], primaryKey: ['a', 'b'] };
    const child: TableSpec = { name: 'c', description: 'child', columns: [{ name: 'id', type: 'integer' }, { name: 'pa', type: 'integer' }, { name: 'pb', type: 'integer' }], primaryKey: ['id'], foreignKeys: [{ columns: ['pa', 'pb'], references: { table: 'p', columns: ['a', 'b'] } }] };
    const out = dbtProject({ scenario: { name: 'two', description: 'two tables' }, params: {}, seed: 1, tables: [parent, child].map((spec) => ({ spec, expectedRows: 10 })), kind: 'duckdb', schema: 'raw' });
    const tables = sourcesOf(out).tables;
    expect(tables[0].data_tests).toEqual([{ synthgen_unique_combination: { arguments: { columns: ['a', 'b'] } } }]);
    expect(tables[1].data_tests).toEqual([{ synthgen_relationships_multi: { arguments: { columns: ['pa', 'pb'], to: "source('two', 'p')", fields: ['a', 'b'] } } }]);
    expect(out.map((f) => f.path)).toContain('tests/generic/synthgen_relationships_multi.sql');
  });

  it('is the same bytes for the same parameters and seed', () => {
    expect(dbtFilesOf(spec, 'postgres', { schema: 'raw' })).toEqual(files);
  });
});

describe('writing the project folder', () => {
  const files: DbtFile[] = [{ path: 'dbt_project.yml', text: 'name: "x"\n' }, { path: 'models/a.sql', text: 'select 1\n' }];

  it('writes into a new or empty folder, replaces its own only with force, never a folder synthgen did not write', () => {
    const dir = makeSandbox();
    const out = join(dir, 'proj');
    writeDbtProject(out, files, false);
    expect(readFileSync(join(out, 'models/a.sql'), 'utf8')).toBe('select 1\n');
    expect(examineDbtDir(out).state).toBe('ours');
    expect(() => writeDbtProject(out, files, false)).toThrow(/already holds a dbt project synthgen wrote; pass --force/);
    mkdirSync(join(out, 'target')); // dbt's own output does not make it foreign
    writeDbtProject(out, [...files, { path: 'README.md', text: 'r\n' }], true);
    expect(existsSync(join(out, 'README.md'))).toBe(true);
    // A user's edit or file: kept, whatever the flags.
    writeFileSync(join(out, 'models/a.sql'), 'select 2\n');
    expect(() => writeDbtProject(out, files, true)).toThrow(/files changed since \(models\/a.sql\); synthgen never replaces it, even with --force/);
    const user = join(dir, 'mine');
    mkdirSync(user);
    writeFileSync(join(user, 'notes.txt'), 'keep me');
    expect(() => writeDbtProject(user, files, true)).toThrow(/mine is not empty and not a dbt project synthgen wrote; synthgen never replaces it/);
    expect(readdirSync(user)).toEqual(['notes.txt']);
    expect(readdirSync(dir).filter((n) => n.startsWith('.synthgen-'))).toEqual([]); // no temp folder left
  });
});

describe('the dbt tools', () => {
  it('fail with a clear message when Python is missing (never skip)', () => {
    const saved = { cache: process.env.XDG_CACHE_HOME, py: process.env.SYNTHGEN_TEST_PYTHON };
    process.env.XDG_CACHE_HOME = makeSandbox(); // no environment cached there
    process.env.SYNTHGEN_TEST_PYTHON = '/nonexistent/python3';
    try {
      expect(() => dbtVenv()).toThrow(/^the dbt tests need Python 3\.9\+ with venv: install python3 and python3-venv/);
    } finally {
      for (const [k, v] of [['XDG_CACHE_HOME', saved.cache], ['SYNTHGEN_TEST_PYTHON', saved.py]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('dbt over a DEV load', () => {
  let venv: string;
  let admin: pg.Client;
  const databases: string[] = [];

  beforeAll(async () => {
    venv = dbtVenv();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  }, 900_000);
  afterAll(async () => {
    for (const db of databases) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  });

  /** A fresh database for one test, and its URL (no password: that goes in PGPASSWORD). */
  async function freshDatabase(): Promise<string> {
    const name = `synthgen_dbt_${process.pid}_${databases.length}`;
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    databases.push(name);
    const u = new URL(withoutPassword(url));
    u.pathname = `/${name}`;
    return u.toString();
  }

  const green = (project: string, env: NodeJS.ProcessEnv = {}) => {
    // build parses and compiles every node first (the project has no analyses that only compile would reach)
    // Both in one Python process (helpers/dbt.ts): one dbt start-up instead of two; each step's own exit code and output.
    const [build, freshness] = runDbtSteps(venv, project, [['build'], ['source', 'freshness']], env);
    expect(build.status, `dbt build:\n${build.output.slice(-3000)}`).toBe(0);
    expect(build.output).toContain(`PASS=${buildNodes(project)} WARN=0 ERROR=0 SKIP=0`);
    expect(freshness.status, `dbt source freshness:\n${freshness.output.slice(-3000)}`).toBe(0);
    expect(freshness.output).toMatch(/PASS freshness of bar_platform\.tap_events/);
  };

  it('PostgreSQL: synthgen dbt after the load, then build (parse and compile included) and source freshness are green; a broken foreign key fails', async () => {
    const db = await freshDatabase();
    const dir = makeSandbox();
    const load = runCli(dir, ['run', '--scenario', 'bar-platform', '--target', 'postgres', '--url', db, '--schema', 'raw', '--set', 'env=DEV'], 120_000, pgEnv);
    expect(load.status, load.stderr).toBe(0);
    const made = runCli(dir, ['dbt', '--url', db, '--schema', 'raw', '--out', 'proj'], 60_000, pgEnv);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const project = join(dir, 'proj');
    // The session's time zone must not move freshness: the shift is computed between two timestamptz.
    green(project, { ...pgEnv, PGTZ: 'America/Los_Angeles' });
    // Corrupt one foreign key (the constraint dropped first, as a careless loader would have none).
    const c = clientOf(db);
    await c.connect();
    const fk = (await c.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'raw.devices'::regclass AND contype = 'f' AND pg_get_constraintdef(oid) LIKE '%accounts%'`)).rows[0].conname;
    await c.query(`ALTER TABLE raw.devices DROP CONSTRAINT ${fk}`);
    await c.query(`UPDATE raw.devices SET account_id = 999999 WHERE device_id = 1`);
    await c.end();
    const broken = runDbt(venv, project, ['test', '--select', 'source:bar_platform.devices'], pgEnv);
    expect(broken.status).not.toBe(0);
    expect(broken.output).toMatch(/FAIL 1 source_relationships_bar_platform_devices__account_id___account_id__source_bar_platform_accounts_/);
  }, 600_000);

  it('DuckDB: a run writes the project beside the file; build (parse and compile included) and source freshness are green and the raw file is untouched', () => {
    const dir = makeSandbox();
    const r = runCli(dir, ['run', '--scenario', 'bar-platform', '--target', 'duckdb', '--out', 'data/bar.duckdb', '--set', 'env=DEV'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('dbt project: data/bar_dbt');
    const before = readFileSync(join(dir, 'data/bar.duckdb'));
    green(join(dir, 'data/bar_dbt'));
    expect(readFileSync(join(dir, 'data/bar.duckdb')).equals(before)).toBe(true);
    // A run again with --force replaces its project (dbt's target/ in it): dbt-files.test's SQLite case.
  }, 600_000);

  it('synthgen dbt refuses with one line: no such schema, not a synthgen schema, unreachable server, folder not empty', async () => {
    const db = await freshDatabase();
    const dir = makeSandbox();
    const refuse = (args: string[], line: RegExp) => {
      const r = runCli(dir, ['dbt', ...args], 30_000, pgEnv);
      expect(r.stderr).toMatch(line);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.status).toBe(2);
      expect(existsSync(join(dir, 'proj'))).toBe(false);
    };
    refuse(['--url', db, '--schema', 'nope', '--out', 'proj'], /^synthgen: no schema nope in PostgreSQL at /);
    const c = clientOf(db);
    await c.connect();
    await c.query('CREATE SCHEMA mine; CREATE TABLE mine.t (x int)');
    await c.end();
    refuse(['--url', db, '--schema', 'mine', '--out', 'proj'], /^synthgen: schema mine in PostgreSQL at .* holds no table synthgen loaded: not a synthgen schema/);
    refuse(['--url', 'postgres://postgres@127.0.0.1:1/postgres', '--schema', 'raw', '--out', 'proj'], /^synthgen: cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/postgres/);
    refuse(['--url', db, '--schema', 'mine'], /^synthgen: dbt needs --out DIR/);
    mkdirSync(join(dir, 'full'));
    writeFileSync(join(dir, 'full', 'keep.txt'), 'mine');
    const r = runCli(dir, ['dbt', '--url', db, '--schema', 'raw', '--out', 'full'], 30_000, pgEnv);
    expect(r.stderr).toBe('synthgen: full is not empty and not a dbt project synthgen wrote; synthgen never replaces it, even with --force; choose another folder for the dbt project\n');
    expect(r.status).toBe(2);
    expect(readdirSync(join(dir, 'full'))).toEqual(['keep.txt']);
  }, 120_000);
});
