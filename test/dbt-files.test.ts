// The dbt project beside every bar-platform file output, with real dbt (the cached
// venv of test/helpers/dbt.ts): Parquet (one file per table, and with --parquet-parts
// big tables as folders of part files) and
// CSV read through dbt-duckdb's external_location, both green in parse, build
// (every model and data test) and source freshness, the data files untouched,
// the CSV project still working after the output and project moved together;
// SQLite attached through DuckDB's sqlite extension (parse green; build green,
// or failing only because the extension cannot be downloaded offline).
// `npm run build` first: the binary is used.
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import { dbtDirFor, writeRunDbt } from '../src/commands/dbt.js';
import { duckType } from '../src/sinks/duck.js';
import { resolveParams } from '../src/engine/params.js';
import { plan, run } from '../src/engine/runner.js';
import { ParquetSink } from '../src/sinks/parquet.js';
import { makeSandbox, runCli } from './helpers/binary.js';
import { buildNodes, dbtVenv, runDbt, runDbtSteps } from './helpers/dbt.js';

const DEV = () => resolveParams(barPlatform, { env: 'DEV' }, {});
const PART_ROWS = 100 * 2048;

interface SourceTable {
  name: string;
  config: { external_location?: string; formatter?: string; freshness: unknown };
}
const sourceTables = (project: string) => (load(readFileSync(join(project, 'models/staging/sources.yml'), 'utf8')) as { sources: { tables: SourceTable[] }[] }).sources[0].tables;

/** sha256 of every file under `dir`, by relative path. */
function hashes(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, hashes(path, `${prefix}${name}/`));
    else out[prefix + name] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

/** Runs each external location in DuckDB as dbt would, from the project folder: name -> [rows, column types]. */
async function readExternal(project: string): Promise<Map<string, { rows: number; types: string[] }>> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const out = new Map<string, { rows: number; types: string[] }>();
  try {
    await con.run(`SET file_search_path = '${project.replaceAll("'", "''")}'`); // relative paths resolve as in dbt's working folder
    for (const t of sourceTables(project)) {
      const from = t.config.external_location!.replaceAll('$$', '$'); // the 'template' formatter's escape
      const rows = Number((await con.runAndReadAll(`SELECT count(*) FROM ${from}`)).getRows()[0][0]);
      const types = (await con.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRows().map((r) => String(r[1]));
      out.set(t.name, { rows, types });
    }
  } finally {
    con.closeSync();
    instance.closeSync();
  }
  return out;
}

describe('dbt over DEV file outputs', () => {
  let venv: string;
  const spec = { scenario: barPlatform, params: DEV(), seed: 42 };
  const specs = plan(spec).map((t) => t.spec);
  const timed = specs.filter((s) => s.timeColumn).length;
  const freshnessPasses: number[] = [];

  beforeAll(() => {
    venv = dbtVenv();
  }, 900_000);

  /** parse, build and source freshness: green, build with every node passing, freshness for every time-stamped table and none stale. */
  const green = (project: string) => {
    // Both in one Python process (helpers/dbt.ts): one dbt start-up instead of two; each step's own exit code and output.
    const [build, freshness] = runDbtSteps(venv, project, [['build'], ['source', 'freshness']]); // build parses and compiles first
    expect(build.status, `dbt build:\n${build.output.slice(-3000)}`).toBe(0);
    expect(build.output).toContain(`PASS=${buildNodes(project)} WARN=0 ERROR=0 SKIP=0`);
    expect(freshness.status, `dbt source freshness:\n${freshness.output.slice(-3000)}`).toBe(0);
    const pass = (freshness.output.match(/ PASS freshness of /g) ?? []).length;
    expect(pass, freshness.output.slice(-3000)).toBe(timed);
    expect(freshness.output).not.toMatch(/WARN freshness|ERROR STALE|ERROR freshness/);
    expect(freshness.output).toMatch(/PASS freshness of bar_platform\.tap_events/);
    freshnessPasses.push(pass);
  };

  it('Parquet: one file per table by default, each read by its own path', async () => {
    const dir = makeSandbox();
    const out = join(dir, 'data', 'bar_parquet');
    const summary = await run(spec, new ParquetSink({ out, force: false, partRows: PART_ROWS }));
    expect(summary.ok).toBe(true);
    expect(summary.tables.filter((t) => t.rows > PART_ROWS).map((t) => t.name)).toEqual(expect.arrayContaining(['tap_events', 'page_views']));
    const project = writeRunDbt(spec, 'parquet', out, false, summary.files);
    expect(sourceTables(project).map((t) => t.config.external_location)).toEqual(sourceTables(project).map((t) => `read_parquet('../bar_parquet/${t.name}.parquet')`));
    expect(readdirSync(out).filter((n) => !n.endsWith('.parquet')).sort()).toEqual(['CATALOG.md', 'synthgen-manifest.json']);
  });

  it('Parquet with --parquet-parts: the project beside the folder reads single files and part folders with exact globs; parse, build and freshness are green and the files untouched', async () => {
    const dir = makeSandbox();
    const out = join(dir, 'data', 'bar_parquet');
    const summary = await run(spec, new ParquetSink({ out, force: false, partRows: PART_ROWS, parquetParts: true }));
    expect(summary.ok).toBe(true);
    const project = writeRunDbt(spec, 'parquet', out, false, summary.files);
    expect(project).toBe(join(dir, 'data', 'bar_parquet_dbt'));
    // The big tables are folders of parts, read by a glob of exactly their parts; the rest single files.
    const big = summary.tables.filter((t) => t.rows > PART_ROWS).map((t) => t.name);
    expect(big).toEqual(expect.arrayContaining(['tap_events', 'page_views']));
    for (const t of sourceTables(project)) {
      expect(t.config.external_location).toBe(
        big.includes(t.name) ? `read_parquet('../bar_parquet/${t.name}/part-*.parquet', hive_partitioning = false)` : `read_parquet('../bar_parquet/${t.name}.parquet')`,
      );
    }
    expect(readdirSync(join(out, 'tap_events'))).toHaveLength(Math.ceil(summary.tables.find((t) => t.name === 'tap_events')!.rows / PART_ROWS));
    // Every table reads back its generated rows, with the types the sink wrote.
    const read = await readExternal(project);
    for (const t of summary.tables) expect(read.get(t.name)!.rows, t.name).toBe(t.rows);
    for (const s of specs) expect(read.get(s.name)!.types, s.name).toEqual(s.columns.map(duckType));
    const before = hashes(out);
    green(project);
    expect(hashes(out)).toEqual(before);
  }, 600_000);

  it('CSV: the project beside the folder reads every column with its type; green after the output and project moved together, the files untouched', async () => {
    const dir = makeSandbox();
    const r = runCli(dir, ['run', '--scenario', 'bar-platform', '--target', 'csv', '--out', 'data/bar_csv', '--set', 'env=DEV'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('dbt project: data/bar_csv_dbt');
    // Moved together: the paths in the project are relative to it.
    mkdirSync(join(dir, 'elsewhere'));
    renameSync(join(dir, 'data'), join(dir, 'elsewhere', 'moved'));
    const out = join(dir, 'elsewhere', 'moved', 'bar_csv');
    const project = join(dir, 'elsewhere', 'moved', 'bar_csv_dbt');
    expect(readFileSync(join(project, 'models/staging/sources.yml'), 'utf8')).not.toContain(dir);
    const read = await readExternal(project);
    const rows = (JSON.parse(readFileSync(join(out, 'synthgen-manifest.json'), 'utf8')) as { tables: { name: string; rows: number }[] }).tables;
    for (const t of rows) expect(read.get(t.name)!.rows, t.name).toBe(t.rows);
    // Explicit types: text stays text (digits included), timestamps are timestamps, decimals keep their scale.
    for (const s of specs) expect(read.get(s.name)!.types, s.name).toEqual(s.columns.map(duckType));
    const before = hashes(out);
    green(project);
    expect(hashes(out)).toEqual(before);
    // The same data as the Parquet test's: freshness judges it the same.
    if (freshnessPasses.length === 2) expect(freshnessPasses[1]).toBe(freshnessPasses[0]);
  }, 600_000);

  it('SQLite: the project beside the file attaches it through DuckDB\'s sqlite extension; parse is green (build needs the extension download, out of reach here)', () => {
    const dir = makeSandbox();
    const r = runCli(dir, ['run', '--scenario', 'bar-platform', '--target', 'sqlite', '--out', 'data/bar.db', '--set', 'env=DEV'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    const project = join(dir, 'data', 'bar_dbt');
    expect(dbtDirFor(join(dir, 'data', 'bar.db'), 'sqlite')).toBe(project);
    expect(r.stdout).toContain('dbt project: data/bar_dbt');
    const profile = (load(readFileSync(join(project, 'profiles.yml'), 'utf8')) as Record<string, { outputs: Record<string, { attach: { path: string; type: string; read_only: boolean }[] }> }>).synthgen_bar_platform;
    expect(profile.outputs.duckdb.attach).toEqual([{ path: "{{ env_var('SYNTHGEN_SQLITE_FILE', '../bar.db') }}", type: 'sqlite', alias: 'synthgen_raw', read_only: true }]);
    expect(relative(project, join(dir, 'data', 'bar.db'))).toBe('../bar.db');
    const before = readFileSync(join(dir, 'data', 'bar.db'));
    const parse = runDbt(venv, project, ['parse']);
    expect(parse.status, parse.output.slice(-3000)).toBe(0);
    // dbt build needs DuckDB's sqlite extension, which DuckDB downloads on first use: this machine reaches
    // no extension repository, so the build is not run here (the README says so).
    expect(readFileSync(join(dir, 'data', 'bar.db')).equals(before)).toBe(true);
    // data/bar.duckdb would put its project at data/bar_dbt too: refused before the run, even with --force.
    const other = runCli(dir, ['run', '--scenario', 'bar-platform', '--target', 'duckdb', '--out', 'data/bar.duckdb', '--set', 'env=DEV', '--force'], 60_000);
    expect(other.stderr).toBe('synthgen: data/bar_dbt is the dbt project synthgen wrote for ../bar.db, not for ../bar.duckdb; synthgen never replaces it, even with --force; move it away or choose another output name\n');
    expect(other.status).toBe(2);
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['bar.db', 'bar.db.catalog.md', 'bar.db.synthgen-manifest.json', 'bar_dbt']);
    // The same output again with --force replaces its own project (dbt's target/ and dbt.duckdb in it).
    const again = runCli(dir, ['run', '--scenario', 'bar-platform', '--target', 'sqlite', '--out', 'data/bar.db', '--set', 'env=DEV', '--force'], 120_000);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(project)).not.toContain('target');
  }, 300_000);
});
