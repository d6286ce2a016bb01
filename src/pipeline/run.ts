// Runs a scenario's Stage 2 SQL with DuckDB over its Parquet raw layer and writes
// each layer's tables as Parquet (data/raw -> data/staging, data/analytics).
// Each layer folder is claimed like any output (src/sinks/output.ts), built under
// a temporary name with its own manifest, and renamed when complete.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Scenario } from '../engine/model.js';
import { openDuck } from '../sinks/duck.js';
import { OutputClaim, removeQuietly } from '../sinks/output.js';
import { VERSION } from '../version.js';
import { quoteIdent, quoteString } from '../sinks/sql.js';

export interface PipelineResult {
  layers: { layer: string; dir: string; tables: { name: string; rows: number; ms: number }[] }[];
  ms: number;
}

/** A raw table as written by the parquet target: one file, or a folder of parts. */
export function rawSource(rawDir: string, table: string): string | null {
  const file = join(rawDir, `${table}.parquet`);
  if (existsSync(file)) return quoteString(file);
  const dir = join(rawDir, table);
  if (existsSync(dir) && statSync(dir).isDirectory()) return quoteString(join(dir, '*.parquet'));
  return null;
}

/** SQL statements of a file, split on semicolons that end a line. */
function statements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.split('\n').some((line) => line.trim() && !line.trim().startsWith('--')));
}

/** Claims every layer's folder before any work; on a refusal, releases the ones already claimed. */
export function claimLayers(layers: string[], outRoot: string, force: boolean): Map<string, OutputClaim> {
  const claims = new Map<string, OutputClaim>();
  try {
    for (const layer of layers) claims.set(layer, OutputClaim.take({ out: join(outRoot, layer), target: 'parquet', force }));
  } catch (e) {
    for (const c of claims.values()) c.release();
    throw e;
  }
  return claims;
}

/** A layer's manifest: what --force needs to recognise it as synthgen's, and where it came from. */
function layerManifest(layer: PipelineResult['layers'][number], rawDir: string, finalOut: string, temp: string): string {
  const manifest = {
    synthgen: VERSION,
    target: 'parquet',
    layer: layer.layer,
    from: rawDir,
    out: finalOut,
    tables: layer.tables.map((t) => ({ name: t.name, rows: t.rows, files: [{ path: join(finalOut, `${t.name}.parquet`), bytes: statSync(join(temp, `${t.name}.parquet`)).size }] })),
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}

export async function runPipeline(scenario: Scenario, rawTables: string[], rawDir: string, outRoot: string, force: boolean, log: (line: string) => void = () => {}): Promise<PipelineResult> {
  if (!scenario.pipeline) throw new UserError(`scenario ${scenario.name} has no SQL pipeline`);
  const sources = rawTables.map((t) => [t, rawSource(rawDir, t)] as const);
  const missing = sources.filter(([, s]) => !s).map(([t]) => t);
  if (missing.length) {
    throw new UserError(`${rawDir} has no Parquet for ${missing.join(', ')}; generate it first: synthgen run --scenario ${scenario.name} --target parquet --out ${rawDir}`);
  }
  const layers = [...new Set(scenario.pipeline.steps.map((s) => s.layer))];
  const claims = claimLayers(layers, outRoot, force);
  const temps = new Map(layers.map((layer) => [layer, claims.get(layer)!.temp]));
  const spill = mkdtempSync(join(tmpdir(), 'synthgen-duck-'));
  const started = Date.now();
  const { instance, con } = await openDuck(':memory:', { memory_limit: '512MB', temp_directory: spill });
  const result: PipelineResult = { layers: layers.map((layer) => ({ layer, dir: join(outRoot, layer), tables: [] })), ms: 0 };
  try {
    for (const temp of temps.values()) mkdirSync(temp, { recursive: true });
    for (const [table, source] of sources) await con.run(`CREATE VIEW ${quoteIdent(`raw_${table}`)} AS SELECT * FROM read_parquet(${source})`);
    const tableNames = async () => (await con.runAndReadAll(`SELECT table_name FROM duckdb_tables() ORDER BY table_name`)).getRows().map((r) => String(r[0]));
    for (const step of scenario.pipeline.steps) {
      const before = new Set(await tableNames());
      const t0 = Date.now();
      for (const sql of statements(readFileSync(step.sqlFile, 'utf8'))) await con.run(sql);
      const layer = result.layers.find((l) => l.layer === step.layer)!;
      for (const name of (await tableNames()).filter((n) => !before.has(n))) {
        await con.run(`COPY ${quoteIdent(name)} TO ${quoteString(join(temps.get(step.layer)!, `${name}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
        const rows = Number((await con.runAndReadAll(`SELECT count(*) FROM ${quoteIdent(name)}`)).getRows()[0][0]);
        layer.tables.push({ name, rows, ms: Date.now() - t0 });
        log(`${step.layer}/${name}.parquet: ${rows.toLocaleString('en-US')} rows`);
      }
    }
    con.closeSync();
    instance.closeSync();
    for (const layer of result.layers) {
      const claim = claims.get(layer.layer)!;
      claim.commit((finalOut) => layerManifest(layer, rawDir, finalOut, claim.temp));
    }
  } catch (e) {
    try {
      con.closeSync();
      instance.closeSync();
    } catch {
      // already closed
    }
    for (const claim of claims.values()) claim.release();
    if (e instanceof UserError) throw e;
    throw new UserError(`the SQL pipeline failed: ${String((e as Error).message).split('\n')[0]}`);
  } finally {
    removeQuietly(spill);
  }
  result.ms = Date.now() - started;
  return result;
}
