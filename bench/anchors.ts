// `npm run bench:anchors`: issue #15's table. Each piece of synthgen's work beside an
// anchor, a tool that does the same work its own way, both measured in the same run
// (pairs interleaved, BENCH_REPEATS times, default 3; medians):
//   1. saas-churn default (about 5.8M rows) to Parquet    vs the seeds' approach in numpy + pyarrow
//                                                           (bench/reference/saas_churn_numpy.py)
//   2. bench-wide, 2M rows x 10 columns, to CSV            vs tpchgen-cli csv lineitem, 1 thread (rows/s)
//   3. the same to Parquet                                 vs DuckDB (1 thread) making that shape in SQL to Parquet
//   4. saas-churn default into SQLite                      vs sqlite3 .import of its CSV into the same keyed tables
//   5. into a DuckDB file                                  vs DuckDB COPY FROM its CSV into the same tables, same keys (duck-keys.ts)
//   6. into PostgreSQL                                     vs psql \copy, the same keys, ANALYZE
//   7. 1 as two --shard processes at once, then merge-manifests   vs the numpy of 1
// synthgen runs each row twice: --workers 0 (the main thread alone) and --workers 1.
// synthgen's side is a whole run (generate, load, keys, indexes, views, checks), each
// in its own process (bench.ts --case); the anchors' side is load only for 4-6 (the
// CSV is synthgen's, written once beforehand). Python tools come from a cached venv
// (bench/venv.ts); a row whose tool is missing is skipped with the reason.
//
// Environment: BENCH_REPEATS=N, BENCH_WIDE_ROWS=N (rows of 2 and 3),
// BENCH_ANCHORS=1,2,... (only these rows), SYNTHGEN_BENCH_PG_URL (row 6; skipped without it).
// stdout: the table (each ratio beside the one the issue started from), then one JSON line. stderr: progress.
import { DuckDBInstance } from '@duckdb/node-api';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Column, TableSpec } from '../src/engine/model.js';
import { resolveParams } from '../src/engine/params.js';
import { run } from '../src/engine/runner.js';
import { CsvSink } from '../src/sinks/csv.js';
import { DuckKeyPlan } from '../src/sinks/duck-keys.js';
import { duckType } from '../src/sinks/duck.js';
import { pgType } from '../src/sinks/postgres.js';
import { columnType, createTableSql, indexesWithForeignKeys, quoteIdent, quoteString } from '../src/sinks/sql.js';
import { saasChurn } from '../scenarios/saas-churn/index.js';
import { benchVenv, REFERENCE } from './venv.js';
import { WIDE_DEFAULT_ROWS } from './wide-table.js';

const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const wideRows = Number(process.env.BENCH_WIDE_ROWS ?? WIDE_DEFAULT_ROWS);
const only = process.env.BENCH_ANCHORS ? process.env.BENCH_ANCHORS.split(',').map(Number) : [1, 2, 3, 4, 5, 6, 7];
const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const merges: number[] = [];
const pgUrl = process.env.SYNTHGEN_BENCH_PG_URL;
const BENCH = fileURLToPath(new URL('./bench.js', import.meta.url));
/** lineitem has about 6,001,215 rows at scale factor 1. */
const TPCH_SF = +(wideRows / 6_001_215).toFixed(4);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

interface Timing {
  seconds: number;
  rows: number;
  /** CPU seconds over wall seconds (synthgen's side only). */
  cpuPerWall?: number;
}

/** One synthgen run in its own process: bench.ts's child, which reports run()'s time and CPU. */
function synthgen(caseName: string, target: string, tmp: string, workers: number): Timing {
  const r = spawnSync(process.execPath, [BENCH, '--case', caseName, '--target', target, '--tmp', tmp, '--workers', String(workers)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`synthgen ${caseName} ${target}: exit ${r.status}: ${r.stderr.slice(-1000)}`);
  const s = JSON.parse(line.slice('BENCH_RESULT '.length)) as { runMs: number; cpuMs: number; rows: number; error?: string };
  if (s.error) throw new Error(`synthgen ${caseName} ${target}: ${s.error}`);
  return { seconds: s.runMs / 1000, rows: s.rows, cpuPerWall: s.cpuMs / s.runMs };
}

/** CPU seconds of this process's ended children (Linux: cutime + cstime of /proc/self/stat, in 1/100 s). */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/**
 * 7: `synthgen run --shard k/N` for every k at once, one process each (as xargs -P
 * would start them), timed until the last ends; then merge-manifests (timed apart).
 */
async function shardsAtOnce(n: number, workers: number, tmp: string): Promise<Timing> {
  const dirs = Array.from({ length: n }, (_, k) => join(tmp, `shard-${k}`));
  const cpu0 = childrenCpuSeconds();
  const t0 = performance.now();
  await Promise.all(
    dirs.map(
      (out, k) =>
        new Promise<void>((resolve, reject) => {
          const p = spawn(process.execPath, [CLI, 'run', '--scenario', 'saas-churn', '--target', 'parquet', '--out', out, '--force', '--shard', `${k}/${n}`, '--workers', String(workers)], { stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          p.stderr.on('data', (d: Buffer) => (err += d.toString()));
          p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`shard ${k}/${n}: exit ${code}: ${err.slice(-500)}`))));
        }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  const childCpu = childrenCpuSeconds() - cpu0;
  const rows = dirs.reduce((a, d) => a + (JSON.parse(readFileSync(join(d, 'synthgen-manifest.json'), 'utf8')) as { tables: { rows: number }[] }).tables.reduce((x, t) => x + t.rows, 0), 0);
  merges.push(timed(process.execPath, [CLI, 'merge-manifests', ...dirs]).seconds);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  return { seconds, rows, cpuPerWall: childCpu / seconds };
}

/** Wall time of a command; throws with its stderr when it fails. */
function timed(cmd: string, args: string[], opts: { cwd?: string; input?: string } = {}): { seconds: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24, ...opts });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${(r.stderr || String(r.error)).slice(-1000)}`);
  return { seconds, stdout: r.stdout };
}

const countLines = (file: string) => {
  const buf = readFileSync(file);
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
};

// ------------------------------------------------------------------- anchors

/** 1: the numpy rewrite of the seeds' generator, to Parquet. */
function numpyChurn(venv: string, tmp: string): Timing {
  const out = join(tmp, 'numpy');
  const r = timed(join(venv, 'bin', 'python'), [join(REFERENCE, 'saas_churn_numpy.py'), out]);
  rmSync(out, { recursive: true, force: true });
  // The script's own time, after its imports, as synthgen's side is run() after its modules load.
  const reported = JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: Record<string, number>; seconds: number };
  return { seconds: reported.seconds, rows: Object.values(reported.rows).reduce((a, b) => a + b, 0) };
}

/** 2: tpchgen-cli lineitem at the scale factor that gives about as many rows, one thread, to CSV. */
function tpchgen(venv: string, tmp: string): Timing {
  const out = join(tmp, 'tpch');
  const r = timed(join(venv, 'bin', 'tpchgen-cli'), ['csv', '-s', String(TPCH_SF), '-T', 'lineitem', '-n', '1', '-o', out, '--no-progress', '-q']);
  const rows = countLines(join(out, 'lineitem.csv')) - 1; // header
  rmSync(out, { recursive: true, force: true });
  return { seconds: r.seconds, rows };
}

const list = (xs: string[]) => `[${xs.map(quoteString).join(', ')}]`;
const pickFrom = (xs: string[]) => `${list(xs)}[1 + floor(random() * ${xs.length})::INTEGER]`;

/** 3: DuckDB, one thread, making bench-wide's shape and mixes in SQL and writing it to Parquet. */
async function duckdbWide(tmp: string): Promise<Timing> {
  const file = join(tmp, 'duck-wide.parquet');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await instance.connect();
  const first = ['ada', 'bo', 'chen', 'dana', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jo', 'kai', 'lena', 'mo', 'nia', 'omar', 'pia'];
  const last = ['smith', 'garcia', 'nguyen', 'müller', 'patel', 'rossi', 'kim', 'silva', 'novak', "o'brien", 'tanaka', 'okafor'];
  const categories = ['hardware', 'software', 'services', 'training', 'support', 'licences', 'consulting', 'other'];
  const plain = ['ok', 'delivered on time', 'customer asked for invoice copy', 'renewal pending', 'no issues', 'follow up next week'];
  const quoted = ['late, but complete', 'said "fine" twice', 'box "A", shelf 3', 'split, partial, backordered', '"urgent"'];
  const sql = `COPY (
    SELECT id, name, category, quantity, amount, order_date,
           order_date::TIMESTAMP + to_seconds(floor(random() * 86400)::BIGINT) AS created_at, active, note, parent_id
    FROM (
      SELECT i + 1 AS id,
             ${pickFrom(first)} || ' ' || ${pickFrom(last)} AS name,
             ${pickFrom(categories)} AS category,
             (1 + floor(random() * 500))::INTEGER AS quantity,
             ((100 + floor(random() * 99999900)) / 100)::DECIMAL(12,2) AS amount,
             DATE '2020-01-01' + floor(random() * 1825)::INTEGER AS order_date,
             random() < 0.7 AS active,
             CASE WHEN random() < 0.05 THEN ${pickFrom(quoted)} ELSE ${pickFrom(plain)} END AS note,
             CASE WHEN i > 0 AND random() >= 0.2 THEN (1 + floor(random() * i))::INTEGER END AS parent_id
      FROM range(${wideRows}) t(i)
    )
  ) TO ${quoteString(file)} (FORMAT parquet)`;
  const t0 = performance.now();
  await con.run(sql);
  const seconds = (performance.now() - t0) / 1000;
  const rows = Number((await (await con.run(`SELECT count(*) FROM ${quoteString(file)}`)).getRows())[0][0]);
  con.closeSync();
  instance.closeSync();
  rmSync(file, { force: true });
  return { seconds, rows };
}

const sqliteType = (c: Column) => (c.type === 'decimal' ? 'REAL' : columnType(c)); // as src/sinks/sqlite.ts declares them

/** 4: sqlite3 .import of synthgen's CSV into the tables synthgen makes (keys inline), then its indexes. */
function sqliteImport(specs: TableSpec[], csvDir: string, tmp: string): Timing {
  const db = join(tmp, 'import.db');
  rmSync(db, { force: true });
  const script = [
    'PRAGMA journal_mode = OFF;',
    'PRAGMA synchronous = OFF;',
    'PRAGMA foreign_keys = OFF;',
    ...specs.map((t) => createTableSql(t, sqliteType) + ';'),
    'BEGIN;',
    ...specs.map((t) => `.import --csv --skip 1 ${join(csvDir, `${t.name}.csv`)} ${t.name}`),
    'COMMIT;',
    ...specs.flatMap((t) => indexesWithForeignKeys(t).map((ix) => `CREATE INDEX ${quoteIdent(ix.name)} ON ${quoteIdent(t.name)} (${ix.columns.map(quoteIdent).join(', ')});`)),
    `SELECT ${specs.map((t) => `(SELECT count(*) FROM ${quoteIdent(t.name)})`).join(' + ')};`,
  ].join('\n');
  const r = timed('sqlite3', ['-bail', db], { input: script });
  rmSync(db, { force: true });
  return { seconds: r.seconds, rows: Number(r.stdout.trim().split('\n').pop()) };
}

/**
 * 5: DuckDB COPY FROM synthgen's CSV into the same tables with the same keys declared
 * (duck-keys.ts: none on a table DuckDB cannot index in memory) and indexes.
 */
async function duckdbCopy(specs: TableSpec[], csvDir: string, tmp: string): Promise<Timing> {
  const file = join(tmp, 'copy.duckdb');
  rmSync(file, { force: true });
  const manifest = JSON.parse(readFileSync(join(csvDir, 'synthgen-manifest.json'), 'utf8')) as { tables: { name: string; rows: number }[] };
  const plan = new DuckKeyPlan();
  const keysOf = new Map(specs.map((t) => [t.name, plan.decide(t, manifest.tables.find((m) => m.name === t.name)!.rows)]));
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(file, { threads: '2' });
  const con = await instance.connect();
  for (const t of specs) await con.run(createTableSql(t, duckType, { primaryKey: plan.isKeyed(t.name), foreignKeys: keysOf.get(t.name)!.foreignKeys }));
  for (const t of specs) await con.run(`COPY ${quoteIdent(t.name)} FROM ${quoteString(join(csvDir, `${t.name}.csv`))} (FORMAT csv, HEADER)`);
  for (const t of specs.filter((s) => plan.isKeyed(s.name))) for (const ix of t.indexes ?? []) await con.run(`CREATE INDEX ${quoteIdent(ix.name)} ON ${quoteIdent(t.name)} (${ix.columns.map(quoteIdent).join(', ')})`);
  await con.run('CHECKPOINT');
  const seconds = (performance.now() - t0) / 1000;
  let rows = 0;
  for (const t of specs) rows += Number((await (await con.run(`SELECT count(*) FROM ${quoteIdent(t.name)}`)).getRows())[0][0]);
  con.closeSync();
  instance.closeSync();
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  return { seconds, rows };
}

/** 6: psql \copy of synthgen's CSV into bare tables, then the keys and indexes synthgen adds, then ANALYZE. */
function psqlCopy(url: string, specs: TableSpec[], csvDir: string): Timing {
  const q = (t: string) => `bench_anchor_psql.${quoteIdent(t)}`;
  const script = [
    '\\set ON_ERROR_STOP 1',
    'DROP SCHEMA IF EXISTS bench_anchor_psql CASCADE;',
    'CREATE SCHEMA bench_anchor_psql;',
    ...specs.map((t) => `CREATE TABLE ${q(t.name)} (${t.columns.map((c) => `${quoteIdent(c.name)} ${pgType(c)}${c.nullable ? '' : ' NOT NULL'}`).join(', ')});`),
    ...specs.map((t) => `\\copy bench_anchor_psql.${quoteIdent(t.name)} FROM '${join(csvDir, `${t.name}.csv`)}' WITH (FORMAT csv, HEADER)`),
    ...specs.map((t) => `ALTER TABLE ${q(t.name)} ADD PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')});`),
    ...specs.flatMap((t) => (t.foreignKeys ?? []).map((fk) => `ALTER TABLE ${q(t.name)} ADD FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${q(fk.references.table)} (${fk.references.columns.map(quoteIdent).join(', ')});`)),
    ...specs.flatMap((t) => (t.indexes ?? []).map((ix) => `CREATE INDEX ON ${q(t.name)} (${ix.columns.map(quoteIdent).join(', ')});`)),
    ...specs.map((t) => `ANALYZE ${q(t.name)};`),
  ].join('\n');
  const r = timed('psql', [url, '-q', '-X', '-f', '-'], { input: script });
  const count = spawnSync('psql', [url, '-X', '-At', '-c', `SELECT ${specs.map((t) => `(SELECT count(*) FROM ${q(t.name)})`).join(' + ')}`], { encoding: 'utf8' });
  spawnSync('psql', [url, '-X', '-q', '-c', 'DROP SCHEMA IF EXISTS bench_anchor_psql CASCADE'], { encoding: 'utf8' });
  return { seconds: r.seconds, rows: Number(count.stdout.trim()) };
}

// ---------------------------------------------------------------------- table

interface Row {
  n: number;
  work: string;
  anchorName: string;
  /** Compared as rows/s (different row counts) rather than seconds. */
  perRow: boolean;
  /** The ratio issue #15 started from (its own table, 2026-11-26, one core); null for a row it did not have. */
  before: number | null;
  synthgen: (workers: number) => Timing | Promise<Timing>;
  anchor: () => Timing | Promise<Timing>;
  skip?: string;
}

const has = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'synthgen-bench-anchors-'));
  const started = performance.now();
  try {
    let venv = '';
    let noVenv = '';
    try {
      if (only.some((n) => n <= 2 || n === 7)) { // numpy (1, 7) and tpchgen-cli (2)
        process.stderr.write('anchors: Python venv for numpy, pyarrow, tpchgen-cli (cached under ~/.cache/synthgen-bench)...\n');
        venv = benchVenv();
      }
    } catch (e) {
      noVenv = (e as Error).message;
    }
    // The anchors of 4-6 load synthgen's own CSV of saas-churn default, written once here.
    const params = resolveParams(saasChurn, {});
    const specs = saasChurn.tables(params, saasChurn.defaultSeed).map((t) => t.spec);
    const csvDir = join(tmp, 'churn-csv');
    const work = join(tmp, 'work');
    mkdirSync(work);
    const rows: Row[] = [
      { n: 1, before: 0.45, work: 'saas-churn default to Parquet', anchorName: 'seeds 002/004 in numpy + pyarrow', perRow: false, synthgen: (w: number) => synthgen('churn-100k', 'parquet', work, w), anchor: () => numpyChurn(venv, work), skip: noVenv },
      { n: 2, before: 0.42, work: `bench-wide ${fmtInt(wideRows)} rows x 10 columns to CSV`, anchorName: `tpchgen-cli lineitem SF ${TPCH_SF}, 1 thread, CSV`, perRow: true, synthgen: (w: number) => synthgen('wide-2m', 'csv', work, w), anchor: () => tpchgen(venv, work), skip: noVenv },
      { n: 3, before: 0.34, work: 'the same to Parquet', anchorName: 'DuckDB SQL, same shape, 1 thread, to Parquet', perRow: true, synthgen: (w: number) => synthgen('wide-2m', 'parquet', work, w), anchor: () => duckdbWide(work) },
      { n: 4, before: 0.6, work: 'saas-churn default into SQLite', anchorName: 'sqlite3 .import of its CSV + keys', perRow: false, synthgen: (w: number) => synthgen('churn-100k', 'sqlite', work, w), anchor: () => sqliteImport(specs, csvDir, work), skip: has('sqlite3') ? '' : 'sqlite3 not found (apt-get install sqlite3)' },
      { n: 5, before: 0.68, work: 'saas-churn default into a DuckDB file', anchorName: 'DuckDB COPY FROM its CSV, same keys', perRow: false, synthgen: (w: number) => synthgen('churn-100k', 'duckdb', work, w), anchor: () => duckdbCopy(specs, csvDir, work) },
      {
        n: 6,
        before: 0.83,
        work: 'saas-churn default into PostgreSQL',
        anchorName: 'psql \\copy + same keys + ANALYZE',
        perRow: false,
        synthgen: (w: number) => synthgen('churn-100k', 'postgres', work, w),
        anchor: () => psqlCopy(pgUrl!, specs, csvDir),
        skip: !pgUrl ? 'SYNTHGEN_BENCH_PG_URL not set' : has('psql') ? '' : 'psql not found (apt-get install postgresql-client)',
      },
      {
        n: 7,
        before: null,
        work: 'saas-churn default to Parquet as 2 shards at once',
        anchorName: 'seeds 002/004 in numpy + pyarrow',
        perRow: false,
        synthgen: (w: number) => shardsAtOnce(2, w, work),
        anchor: () => numpyChurn(venv, work),
        skip: noVenv,
      },
    ].filter((r) => only.includes(r.n));
    for (const r of rows) if (r.skip) process.stderr.write(`anchors: row ${r.n} skipped: ${r.skip}\n`);
    const live = rows.filter((r) => !r.skip);
    if (live.some((r) => r.n >= 4)) {
      process.stderr.write('anchors: saas-churn default to CSV for the loaders...\n');
      const s = await run({ scenario: saasChurn, params, seed: saasChurn.defaultSeed }, new CsvSink({ out: csvDir, force: false }));
      if (!s.ok) throw new Error('saas-churn CSV failed its checks');
    }
    const got = new Map<number, { one: Timing[]; worker: Timing[]; anchor: Timing[] }>(live.map((r) => [r.n, { one: [], worker: [], anchor: [] }]));
    // Pairs interleaved, anchor and synthgen back to back, so a noisy spell on the
    // shared machine lands on both sides of a pair. synthgen runs twice: with no
    // worker (the main thread does everything) and with one (--workers 1).
    for (let i = 0; i < repeats; i++) {
      for (const r of live) {
        const a = await r.anchor();
        const one = await r.synthgen(0);
        const worker = await r.synthgen(1);
        const g = got.get(r.n)!;
        g.anchor.push(a);
        g.one.push(one);
        g.worker.push(worker);
        process.stderr.write(`  [${i + 1}/${repeats}] ${r.n}. synthgen ${one.seconds.toFixed(2)} s, with a worker ${worker.seconds.toFixed(2)} s (${fmtInt(one.rows)} rows, cpu/wall ${one.cpuPerWall!.toFixed(2)} / ${worker.cpuPerWall!.toFixed(2)}), anchor ${a.seconds.toFixed(2)} s (${fmtInt(a.rows)} rows)\n`);
      }
    }

    const summarise = (ts: Timing[]) => ({ seconds: median(ts.map((t) => t.seconds)), rps: median(ts.map((t) => t.rows / t.seconds)), cpuPerWall: median(ts.map((t) => t.cpuPerWall!)), rows: ts[0].rows });
    const results = live.map((r) => {
      const g = got.get(r.n)!;
      const [one, worker, anchor] = [summarise(g.one), summarise(g.worker), summarise(g.anchor)];
      // synthgen / anchor speed: rows/s over rows/s for the wide table (the anchors make other rows), time over time otherwise.
      const ratio = (x: typeof one) => +(r.perRow ? x.rps / anchor.rps : anchor.seconds / x.seconds).toFixed(2);
      return {
        row: r.n,
        work: r.work,
        anchor: r.anchorName,
        synthgenSeconds: +one.seconds.toFixed(3),
        synthgenRows: one.rows,
        synthgenRowsPerSec: Math.round(one.rps),
        synthgenCpuPerWall: +one.cpuPerWall.toFixed(2),
        workerSeconds: +worker.seconds.toFixed(3),
        workerRowsPerSec: Math.round(worker.rps),
        workerCpuPerWall: +worker.cpuPerWall.toFixed(2),
        anchorSeconds: +anchor.seconds.toFixed(3),
        anchorRows: anchor.rows,
        anchorRowsPerSec: Math.round(anchor.rps),
        before: r.before,
        ratio: ratio(one),
        workerRatio: ratio(worker),
        perRow: r.perRow,
      };
    });
    const fig = (perRow: boolean, seconds: number, rps: number, cpu: number) => (perRow ? `${fmtInt(rps)} rows/s` : `${seconds.toFixed(1)} s`) + `, cpu/wall ${cpu.toFixed(2)}`;
    const cells = results.map((x) => [
      `${x.row}. ${x.work}`,
      fig(x.perRow, x.synthgenSeconds, x.synthgenRowsPerSec, x.synthgenCpuPerWall),
      fig(x.perRow, x.workerSeconds, x.workerRowsPerSec, x.workerCpuPerWall),
      `${x.anchor}: ${x.perRow ? `${fmtInt(x.anchorRowsPerSec)} rows/s` : `${x.anchorSeconds.toFixed(1)} s`}`,
      `${x.before === null ? 'new' : x.before.toFixed(2)} → ${x.ratio.toFixed(2)} / ${x.workerRatio.toFixed(2)}`,
    ]);
    const header = ['work', 'synthgen, no worker', 'synthgen, 1 worker', 'anchor', 'speed vs anchor (issue #15 before → now, no worker / 1 worker)'];
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
    const line = (c: string[]) => c.map((v, i) => (i === 4 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
    const out = [
      '',
      `anchors (issue #15): median of ${repeats}, each pair in the same run; node ${process.version}`,
      "synthgen: a whole run in its own process (generate, load, keys, indexes, views, checks), with --workers 0 and 1; anchors 4-6 load synthgen's CSV (load only)",
      '',
      line(header),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...cells.map(line),
      ...rows.filter((r) => r.skip).map((r) => `${r.n}. ${r.work}: skipped (${r.skip})`),
      ...(merges.length ? [`7: the shards' processes from start to the last exit; then merge-manifests over them (every check of the whole run, the rows read back): median ${median(merges).toFixed(1)} s`] : []),
      `total anchors time: ${((performance.now() - started) / 1000).toFixed(1)} s`,
      '',
    ];
    process.stdout.write(out.join('\n') + '\n');
    process.stdout.write(JSON.stringify({ bench: 'anchors', node: process.version, repeats, results, skipped: rows.filter((r) => r.skip).map((r) => ({ row: r.n, why: r.skip })) }) + '\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
