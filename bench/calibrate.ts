// `node dist/bench/calibrate.js`: measures what the wizard's review estimates from
// (src/engine/estimate.ts): for every scenario's tables, into every target, rows per
// second of generation + writing (the runner's table-done time) and bytes on disk per
// row, plus the seconds per million rows of what follows the tables (indexes, views,
// read-back checks, commit). One run per scenario and target, at the sizes of
// bench/calibrate-sizes.ts, in this process.
//
// Bytes per table: CSV and Parquet from each table's files; SQLite from dbstat (table
// and its indexes); PostgreSQL from pg_total_relation_size; DuckDB's single file
// shared out in proportion to the CSV bytes of each table.
//
// Environment: SYNTHGEN_BENCH_PG_URL (without it, no postgres figures);
// CALIBRATE_TARGETS=csv,sqlite (default: all); CALIBRATE_SCENARIOS=saas-metrics,...
// stdout: the data block of src/engine/estimate.ts (bench/calibration-source.ts), to paste there.
// CALIBRATE_JSON=file also writes the raw figures.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Scenario } from '../src/engine/model.js';
import { run } from '../src/engine/runner.js';
import { createSink, TARGETS } from '../src/sinks/index.js';
import { PostgresSink } from '../src/sinks/postgres.js';
import { SCENARIOS } from '../scenarios/index.js';
import { calibrationParams } from './calibrate-sizes.js';
import { calibrationSource } from './calibration-source.js';

type Figures = Record<string, Record<string, Record<string, [number, number]>>>;

const round2 = (x: number) => (x === 0 || !Number.isFinite(x) ? 0 : Number(x.toPrecision(2)));

async function measure(scenario: Scenario, target: string, dir: string, csvBytes: Map<string, number> | null) {
  const params = calibrationParams(scenario);
  const pgUrl = process.env.SYNTHGEN_BENCH_PG_URL;
  const schema = `calibrate_${scenario.name.replaceAll('-', '_')}`;
  const out = join(dir, `${scenario.name}-${target}`);
  const sink = target === 'postgres' ? new PostgresSink({ url: pgUrl!, schema, force: true, manifestDir: dir }) : createSink(target, { out: target === 'csv' || target === 'parquet' ? out : `${out}.db`, force: true });
  const summary = await run({ scenario, params, seed: scenario.defaultSeed }, sink);
  const rows = summary.tables.reduce((a, t) => a + t.rows, 0);
  const post = (summary.timings.totalMs - summary.timings.generateMs) / 1000;
  const bytes = new Map<string, number>();
  if (target === 'csv' || target === 'parquet') for (const t of summary.tables) bytes.set(t.name, t.bytes ?? 0);
  else if (target === 'sqlite') {
    const db = new Database(`${out}.db`, { readonly: true });
    const rs = db.prepare('SELECT m.tbl_name AS name, sum(s.pgsize) AS bytes FROM dbstat s JOIN sqlite_master m ON m.name = s.name GROUP BY m.tbl_name').all() as { name: string; bytes: number }[];
    for (const r of rs) bytes.set(r.name, r.bytes);
    db.close();
  } else if (target === 'postgres') {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    for (const t of summary.tables) {
      const r = await client.query('SELECT pg_total_relation_size($1::regclass) AS b', [`${schema}.${t.name}`]);
      bytes.set(t.name, Number(r.rows[0].b));
    }
    await client.end();
  } else {
    const total = summary.files.reduce((a, f) => a + f.bytes, 0);
    const csvTotal = [...(csvBytes?.values() ?? [])].reduce((a, b) => a + b, 0);
    for (const t of summary.tables) bytes.set(t.name, csvTotal ? (total * (csvBytes!.get(t.name) ?? 0)) / csvTotal : 0);
  }
  return { summary, rows, post, bytes };
}

async function main() {
  const targets = (process.env.CALIBRATE_TARGETS?.split(',') ?? TARGETS.filter((t) => t !== 'postgres' || process.env.SYNTHGEN_BENCH_PG_URL)) as string[];
  const names = process.env.CALIBRATE_SCENARIOS?.split(',') ?? SCENARIOS.map((s) => s.name);
  const dir = mkdtempSync(join(tmpdir(), 'synthgen-calibrate-'));
  const figures: Figures = {};
  const post: Record<string, Record<string, number>> = {};
  try {
    for (const scenario of SCENARIOS.filter((s) => names.includes(s.name))) {
      let csvBytes: Map<string, number> | null = null;
      // CSV first: DuckDB's file is shared out by the CSV bytes of each table.
      for (const target of ['csv', ...targets.filter((t) => t !== 'csv')]) {
        const m = await measure(scenario, target, dir, csvBytes);
        if (target === 'csv') csvBytes = m.bytes;
        if (!targets.includes(target)) continue;
        for (const t of m.summary.tables) {
          const perRow = t.rows ? (m.bytes.get(t.name) ?? 0) / t.rows : 0;
          const rate = t.rows / Math.max(t.ms, 1) * 1000;
          ((figures[scenario.name] ??= {})[t.name] ??= {})[target] = [round2(rate), round2(perRow)];
        }
        (post[scenario.name] ??= {})[target] = round2((m.post / m.rows) * 1e6);
        console.error(`${scenario.name} ${target}: ${m.rows.toLocaleString('en-US')} rows, ${(m.summary.timings.generateMs / 1000).toFixed(1)} s tables + ${m.post.toFixed(1)} s after`);
        rmSync(join(dir, `${scenario.name}-${target}`), { recursive: true, force: true });
        rmSync(join(dir, `${scenario.name}-${target}.db`), { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const measured = { measured: new Date().toISOString().slice(0, 10), tables: figures, post };
  if (process.env.CALIBRATE_JSON) writeFileSync(process.env.CALIBRATE_JSON, JSON.stringify(measured));
  console.log(calibrationSource(measured, SCENARIOS));
}

await main();
