// `synthgen inspect --json` against a dataset whose every figure is known (helpers/inspect-data.ts),
// in each source it reads, and against real synthgen outputs (their manifests say what must be there).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { withoutPassword } from '../src/sinks/pgurl.js';
import { assertBuilt, makeSandbox, runCli } from './helpers/binary.js';
import {
  DUCK_TYPE_NAMES,
  expectedFigures,
  inspectDataset,
  tableBytes,
  writeCsv,
  writeDuckdb,
  writeManifest,
  writeParquet,
  writePostgres,
  writeSqlite,
  type DataTable,
} from './helpers/inspect-data.js';
import { expectFigures, inspectJson, type Json } from './helpers/inspect-run.js';

const url = inject('pgUrl');
const plainUrl = withoutPassword(url);
const pgEnv: Record<string, string> = new URL(url).password ? { PGPASSWORD: decodeURIComponent(new URL(url).password) } : {};

const data = inspectDataset();
const columnOf = (tables: DataTable[], table: string, column: string) => tables.find((t) => t.name === table)!.columns.find((c) => c.name === column)!;
/** The type DuckDB names (DuckDB files and Parquet read through it). */
const duckType = (table: string, column: string) => DUCK_TYPE_NAMES[columnOf(data, table, column).type];
const anyType = () => expect.any(String);

/**
 * The report's manifest block against the manifest itself: its identity, its checks as recorded,
 * and every file it lists (tables' files and the catalog; a database file that every table lists
 * may come once or once per table) hashed again and found as recorded.
 */
function expectManifest(got: Json, manifest: Json, pathEnd: string): void {
  const { files, ...rest } = got;
  expect(rest).toEqual({
    path: expect.stringMatching(new RegExp(`(^|/)${pathEnd.replaceAll('.', '\\.')}$`)),
    synthgen: manifest.synthgen,
    scenario: manifest.scenario,
    seed: manifest.seed,
    target: manifest.target,
    checks: manifest.checks.map((c: Json) => ({ name: c.name, ok: c.ok, figure: c.figure, info: c.info === true })),
  });
  const listed = manifest.tables.flatMap((t: Json) => t.files).concat(manifest.files) as Json[];
  const want = new Map(listed.map((f) => [f.path, { path: f.path, bytes: f.bytes, sha256: f.sha256, status: 'ok', actualBytes: f.bytes }]));
  expect(new Map((files as Json[]).map((f) => [f.path, f]))).toEqual(want);
}

beforeAll(() => assertBuilt());

describe('inspect: every figure of a known dataset', () => {
  it('a CSV folder with its manifest: manifest types, keys and time columns', () => {
    const dir = makeSandbox();
    writeCsv(dir, 'csvm', data);
    const manifest = JSON.parse(readFileSync(join(dir, 'csvm/synthgen-manifest.json'), 'utf8'));
    const { r, report } = inspectJson(dir, ['csvm']);
    expect(report.source.kind).toBe('csv');
    expectFigures(report, expectedFigures(data, 'csv', true), 'csv+manifest', anyType, (t) => tableBytes(join(dir, 'csvm'), 'csv', t));
    expectManifest(report.manifest, manifest, 'csvm/synthgen-manifest.json');
    expect({ problems: report.problems, ok: report.ok, status: r.status }).toEqual({ problems: [], ok: true, status: 0 });
  });

  it('a CSV folder without a manifest: DuckDB types, the first date column, no keys', () => {
    const dir = makeSandbox();
    writeCsv(dir, 'plain', data, false);
    const { r, report } = inspectJson(dir, ['plain']);
    expect(report.source.kind).toBe('csv');
    expectFigures(report, expectedFigures(data, 'csv', false), 'csv', anyType, (t) => tableBytes(join(dir, 'plain'), 'csv', t));
    expect({ manifest: report.manifest, problems: report.problems, ok: report.ok, status: r.status }).toEqual({ manifest: null, problems: [], ok: true, status: 0 });
  });

  it('a Parquet folder (one table in part files) with its manifest', async () => {
    const dir = makeSandbox();
    await writeParquet(dir, 'pq', data);
    const manifest = JSON.parse(readFileSync(join(dir, 'pq/synthgen-manifest.json'), 'utf8'));
    const { r, report } = inspectJson(dir, ['pq']);
    expect(report.source.kind).toBe('parquet');
    expectFigures(report, expectedFigures(data, 'parquet', true), 'parquet', duckType, (t) => tableBytes(join(dir, 'pq'), 'parquet', t));
    expectManifest(report.manifest, manifest, 'pq/synthgen-manifest.json');
    expect({ problems: report.problems, ok: report.ok, status: r.status }).toEqual({ problems: [], ok: true, status: 0 });
  });

  it('a DuckDB file with declared keys and a manifest beside it, opened without a .wal', async () => {
    const dir = makeSandbox();
    await writeDuckdb(join(dir, 'x.duckdb'), data);
    const manifest = writeManifest(join(dir, 'x.duckdb.synthgen-manifest.json'), dir, 'x.duckdb', data, () => ['x.duckdb'], 'duckdb');
    // inspectJson checks the folder is unchanged: no x.duckdb.wal appeared, the file kept its bytes and mtime.
    const { r, report } = inspectJson(dir, ['x.duckdb']);
    expect(report.source.kind).toBe('duckdb');
    expectFigures(report, expectedFigures(data, 'duckdb', true), 'duckdb', duckType, null);
    expectManifest(report.manifest, manifest, 'x.duckdb.synthgen-manifest.json');
    expect({ problems: report.problems, ok: report.ok, status: r.status }).toEqual({ problems: [], ok: true, status: 0 });
  });

  it('a SQLite file: declared types, mixed storage, an orphan (exit 1)', () => {
    const dir = makeSandbox();
    const withOrphan = inspectDataset({ orphan: true });
    writeSqlite(join(dir, 'x.db'), withOrphan);
    const { r, report } = inspectJson(dir, ['x.db']);
    expect(report.source.kind).toBe('sqlite');
    const expected = expectedFigures(withOrphan, 'sqlite', false);
    expect(expected.relationships.find((x) => x.table === 'orders')!.orphans).toBe(1);
    expectFigures(report, expected, 'sqlite', (t, c) => columnOf(withOrphan, t, c).sqlite, null);
    expect(report.manifest).toBeNull();
    expect(report.problems).toEqual([expect.stringMatching(/orders/)]);
    expect({ ok: report.ok, status: r.status }).toEqual({ ok: false, status: 1 });
  });

  it('a SQLite file without declared keys: the manifest beside it gives them', () => {
    const dir = makeSandbox();
    const withOrphan = inspectDataset({ orphan: true });
    writeSqlite(join(dir, 'k.db'), withOrphan.map((t) => ({ ...t, foreignKeys: [] })));
    const manifest = writeManifest(join(dir, 'k.db.synthgen-manifest.json'), dir, 'k.db', withOrphan, () => ['k.db'], 'sqlite');
    const { r, report } = inspectJson(dir, ['k.db']);
    const expected = expectedFigures(withOrphan, 'sqlite', true);
    expectFigures(report, { ...expected, relationships: expected.relationships.map((x) => ({ ...x, from: 'manifest' as const })) }, 'sqlite+manifest', (t, c) => columnOf(withOrphan, t, c).sqlite, null);
    expectManifest(report.manifest, manifest, 'k.db.synthgen-manifest.json');
    expect(report.problems).toEqual([expect.stringMatching(/orders/)]);
    expect({ ok: report.ok, status: r.status }).toEqual({ ok: false, status: 1 });
  });

  it('a PostgreSQL schema with declared keys', async () => {
    const schema = `inspect_fig_${process.pid}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await writePostgres(client, schema, data);
      const dir = makeSandbox();
      const { r, report } = inspectJson(dir, ['--url', plainUrl, '--schema', schema], pgEnv);
      expect(report.source.kind).toBe('postgres');
      expectFigures(report, expectedFigures(data, 'postgres', false), 'postgres', anyType, null);
      expect({ manifest: report.manifest, problems: report.problems, ok: report.ok, status: r.status }).toEqual({ manifest: null, problems: [], ok: true, status: 0 });
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});

describe('inspect: top values up to 10,000 distinct values', () => {
  it('a column of 10,001 distinct values has none, one of 10,000 has them', () => {
    const dir = makeSandbox();
    const lines = ['a,b'];
    for (let i = 0; i <= 10_000; i++) lines.push(`v${i},w${String(i % 10_000).padStart(5, '0')}`);
    mkdirSync(join(dir, 'wide'));
    writeFileSync(join(dir, 'wide/values.csv'), lines.join('\n') + '\n');
    const { r, report } = inspectJson(dir, ['wide']);
    expect(r.status).toBe(0);
    const [a, b] = report.tables[0].columns;
    expect([a.distinct, a.text]).toEqual([10_001, { minLength: 2, maxLength: 6, top: null }]);
    expect(b.distinct).toBe(10_000);
    expect(b.text.top).toHaveLength(10);
    expect(b.text.top.slice(0, 3)).toEqual([
      { value: 'w00000', count: 2, share: 2 / 10_001 },
      { value: 'w00001', count: 1, share: 1 / 10_001 },
      { value: 'w00002', count: 1, share: 1 / 10_001 },
    ]);
  });
});

describe('inspect: real synthgen outputs agree with their manifests', () => {
  const cases = [
    { target: 'csv', out: 'o', manifest: 'o/synthgen-manifest.json', from: 'manifest' },
    { target: 'parquet', out: 'o', manifest: 'o/synthgen-manifest.json', from: 'manifest' },
    { target: 'sqlite', out: 'o.db', manifest: 'o.db.synthgen-manifest.json', from: 'declared' },
    { target: 'duckdb', out: 'o.duckdb', manifest: 'o.duckdb.synthgen-manifest.json', from: 'declared' },
  ] as const;
  it.each(cases)('saas-metrics as $target', ({ target, out, manifest: manifestPath, from }) => {
    const dir = makeSandbox();
    const run = runCli(dir, ['run', '--scenario', 'saas-metrics', '--target', target, '--out', out, '--set', 'customers=200'], 60_000);
    expect(run.status, run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, manifestPath), 'utf8'));
    const { r, report } = inspectJson(dir, [out]);
    expect(report.source.kind).toBe(target);
    // The manifest's time column, else (null: the scenario names none) the first date or timestamp column.
    const timeColumn = (t: Json) => t.timeColumn ?? t.columns.find((c: Json) => c.type === 'date' || c.type === 'timestamp')?.name ?? null;
    const byName = (a: Json[]) => [...a].sort((x, y) => x[0].localeCompare(y[0]));
    expect(byName(report.tables.map((t: Json) => [t.name, t.rows, t.expectedRows, t.timeColumn]))).toEqual(byName(manifest.tables.map((t: Json) => [t.name, t.rows, t.rows, timeColumn(t)])));
    expect(manifest.tables.map((t: Json) => 'timeColumn' in t && 'primaryKey' in t && 'foreignKeys' in t)).toEqual([true, true, true]);
    expect(report.relationships.map((x: Json) => ({ ...x, children: x.children && x.children.parents }))).toEqual([
      { table: 'subscriptions', columns: ['customer_id'], references: { table: 'customers', columns: ['customer_id'] }, from, orphans: 0, children: 200 },
    ]);
    expectManifest(report.manifest, manifest, manifestPath);
    expect({ problems: report.problems, ok: report.ok, status: r.status }).toEqual({ problems: [], ok: true, status: 0 });
  });

  it('saas-metrics in PostgreSQL, its manifest found in the current folder', async () => {
    const schema = `inspect_run_${process.pid}`;
    const dir = makeSandbox();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      const run = runCli(dir, ['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', plainUrl, '--schema', schema, '--set', 'customers=200'], 60_000, pgEnv);
      expect(run.status, run.stderr).toBe(0);
      const manifestPath = `synthgen-manifest.postgres.${schema}.json`;
      const manifest = JSON.parse(readFileSync(join(dir, manifestPath), 'utf8'));
      const { r, report } = inspectJson(dir, ['--url', plainUrl, '--schema', schema], pgEnv);
      expect(report.source.kind).toBe('postgres');
      const byName = (a: Json[]) => [...a].sort((x, y) => x[0].localeCompare(y[0]));
      expect(byName(report.tables.map((t: Json) => [t.name, t.rows, t.expectedRows]))).toEqual(byName(manifest.tables.map((t: Json) => [t.name, t.rows, t.rows])));
      expect(report.relationships.map((x: Json) => [x.table, x.references.table, x.from, x.orphans])).toEqual([['subscriptions', 'customers', 'declared', 0]]);
      expect(report.manifest.files).toEqual([]);
      expect(report.manifest.checks).toEqual(manifest.checks.map((c: Json) => ({ name: c.name, ok: c.ok, figure: c.figure, info: c.info === true })));
      expect({ problems: report.problems, ok: report.ok, status: r.status }).toEqual({ problems: [], ok: true, status: 0 });
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});
