// Runs a scenario's Stage 2 SQL with DuckDB over its Parquet raw layer and writes
// each layer's tables as Parquet (data/raw -> data/staging, data/analytics).
// Each layer folder is claimed like any output (src/sinks/output.ts), built under
// a temporary name with its own manifest, and renamed when complete. A layer's
// table is one file written as the parquet target writes its tables
// (src/sinks/parquet-file.ts): columns the SQL declares NOT NULL are REQUIRED.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CancelledError, UserError } from '../errors.js';
import type { Scenario } from '../engine/model.js';
import { openDuck } from '../sinks/duck.js';
import { OutputClaim, removeQuietly } from '../sinks/output.js';
import { VERSION } from '../version.js';
import { quoteIdent, quoteString } from '../sinks/sql.js';
import { sha256File } from '../sinks/files.js';
import { ParquetFiles } from '../sinks/parquet-files.js';
import { PAGE_CODEC, ROW_GROUP_ROWS } from '../sinks/parquet-file.js';

export interface PipelineResult {
  layers: { layer: string; dir: string; tables: { name: string; rows: number; ms: number }[] }[];
  ms: number;
}

/** A raw table as written by the parquet target: one file, or a folder of parts (--parquet-parts). */
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

/** A layer's manifest: what --force needs to recognise it as synthgen's, and where it came from. */
function layerManifest(layer: PipelineResult['layers'][number], rawDir: string, finalOut: string, files: Map<string, { bytes: number; sha256: string }>): string {
  const manifest = {
    synthgen: VERSION,
    target: 'parquet',
    layer: layer.layer,
    from: rawDir,
    out: finalOut,
    tables: layer.tables.map((t) => ({ name: t.name, rows: t.rows, files: [{ path: join(finalOut, `${t.name}.parquet`), ...files.get(`${layer.layer}/${t.name}`)! }] })),
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** The layer folders the pipeline writes under outRoot (data/staging, data/analytics). */
function layersOf(scenario: Scenario): string[] {
  if (!scenario.pipeline) throw new UserError(`scenario ${scenario.name} has no SQL pipeline`);
  return [...new Set(scenario.pipeline.steps.map((s) => s.layer))];
}

/**
 * Claims every layer folder (refused like any output: src/sinks/output.ts) and
 * returns the claims. `run --pipeline` calls it before generating anything.
 */
export function preparePipelineOutputs(scenario: Scenario, outRoot: string, force: boolean): Map<string, OutputClaim> {
  const layers = layersOf(scenario);
  const claims = OutputClaim.takeAll(layers.map((layer) => ({ out: join(outRoot, layer), target: 'parquet', force })));
  return new Map(layers.map((layer, i) => [layer, claims[i]]));
}

export interface PipelineOptions {
  log?: (line: string) => void;
  /** Aborting it interrupts the running statement; the layers' temporary folders are removed. */
  signal?: AbortSignal;
  /** The layers' claims, when taken before (run --pipeline takes them before generating). */
  claims?: Map<string, OutputClaim>;
  /** The raw output's name for the layers' manifests, when rawDir is where it is staged. */
  from?: string;
}

/** The layers built under their temporary names, waiting to be put in place (or removed). */
export interface BuiltPipeline {
  result: PipelineResult;
  commit(): void;
  discard(): void;
}

export async function runPipeline(scenario: Scenario, rawTables: string[], rawDir: string, outRoot: string, force: boolean, opts: PipelineOptions = {}): Promise<PipelineResult> {
  const built = await buildPipeline(scenario, rawTables, rawDir, outRoot, force, opts);
  built.commit();
  return built.result;
}

/**
 * Runs the pipeline into each layer's temporary folder. `run --pipeline` builds it
 * over the raw output before that is committed, then commits all of it together,
 * so an interrupted or failed pipeline leaves every final name as it was.
 */
export async function buildPipeline(scenario: Scenario, rawTables: string[], rawDir: string, outRoot: string, force: boolean, opts: PipelineOptions = {}): Promise<BuiltPipeline> {
  const log = opts.log ?? (() => {});
  const signal = opts.signal;
  const cancelled = () => signal?.aborted === true;
  if (!scenario.pipeline) throw new UserError(`scenario ${scenario.name} has no SQL pipeline`);
  const sources = rawTables.map((t) => [t, rawSource(rawDir, t)] as const);
  const missing = sources.filter(([, s]) => !s).map(([t]) => t);
  if (missing.length) {
    throw new UserError(`${rawDir} has no Parquet for ${missing.join(', ')}; generate it first: synthgen run --scenario ${scenario.name} --target parquet --out ${rawDir}`);
  }
  const layers = layersOf(scenario);
  const claims = opts.claims ?? preparePipelineOutputs(scenario, outRoot, force);
  const temps = new Map(layers.map((layer) => [layer, claims.get(layer)!.temp]));
  if (cancelled()) {
    for (const claim of claims.values()) claim.release();
    throw new CancelledError();
  }
  // DuckDB's spill folder sits beside the first layer's temp output, so a killed
  // run's spill goes with the next run into the same place, like the rest.
  const spill = `${claims.get(layers[0])!.temp}.spill`;
  const started = Date.now();
  const { instance, con } = await openDuck(':memory:', { memory_limit: '512MB', temp_directory: spill });
  const files = new Map<string, { bytes: number; sha256: string }>();
  const result: PipelineResult = { layers: layers.map((layer) => ({ layer, dir: join(outRoot, layer), tables: [] })), ms: 0 };
  // Pages are rewritten and compressed on a worker thread, as the parquet target's are.
  const writer = new ParquetFiles();
  // A DuckDB statement runs on DuckDB's threads: interrupt() stops it within milliseconds.
  const interrupt = () => {
    con.interrupt();
    writer.interrupt();
  };
  signal?.addEventListener('abort', interrupt, { once: true });
  // interrupt() stops only the statement running at that moment: check before each one too.
  const sql = async (text: string) => {
    if (cancelled()) throw new CancelledError();
    await con.run(text);
  };
  const rows = async (text: string) => {
    if (cancelled()) throw new CancelledError();
    return (await con.runAndReadAll(text)).getRows();
  };
  try {
    log('running the SQL pipeline...');
    for (const temp of temps.values()) mkdirSync(temp, { recursive: true });
    for (const [table, source] of sources) await sql(`CREATE VIEW ${quoteIdent(`raw_${table}`)} AS SELECT * FROM read_parquet(${source})`);
    const tableNames = async () => (await rows(`SELECT table_name FROM duckdb_tables() ORDER BY table_name`)).map((r) => String(r[0]));
    for (const step of scenario.pipeline.steps) {
      const before = new Set(await tableNames());
      const t0 = Date.now();
      for (const statement of statements(readFileSync(step.sqlFile, 'utf8'))) await sql(statement);
      const layer = result.layers.find((l) => l.layer === step.layer)!;
      for (const name of (await tableNames()).filter((n) => !before.has(n))) {
        const file = join(temps.get(step.layer)!, `${name}.parquet`);
        const raw = join(temps.get(step.layer)!, `.${name}.raw.parquet`);
        await sql(`COPY ${quoteIdent(name)} TO ${quoteString(raw)} (FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`);
        const required = (await rows(`SELECT NOT is_nullable FROM duckdb_columns() WHERE table_name = ${quoteString(name)} ORDER BY column_index`)).map((r) => r[0] === true);
        if (cancelled()) throw new CancelledError();
        await writer.run({ path: file, raw, options: { required, codec: PAGE_CODEC }, close: true });
        const n = Number((await rows(`SELECT count(*) FROM ${quoteIdent(name)}`))[0][0]);
        layer.tables.push({ name, rows: n, ms: Date.now() - t0 });
        log(`${step.layer}/${name}.parquet: ${n.toLocaleString('en-US')} rows`);
      }
    }
    con.closeSync();
    instance.closeSync();
    // Sizes and sha256 for the layers' manifests, like every output's.
    for (const layer of result.layers) {
      for (const t of layer.tables) {
        const file = join(temps.get(layer.layer)!, `${t.name}.parquet`);
        files.set(`${layer.layer}/${t.name}`, { bytes: statSync(file).size, sha256: await sha256File(file, signal) });
      }
    }
    if (cancelled()) throw new CancelledError();
  } catch (e) {
    try {
      con.closeSync();
      instance.closeSync();
    } catch {
      // already closed
    }
    for (const claim of claims.values()) claim.release();
    // An interrupted statement fails with DuckDB's "Interrupted": the cause is the signal.
    if (cancelled()) throw new CancelledError();
    if (e instanceof UserError) throw e;
    throw new UserError(`the SQL pipeline failed: ${String((e as Error).message).split('\n')[0]}`);
  } finally {
    signal?.removeEventListener('abort', interrupt);
    await writer.end();
    removeQuietly(spill);
  }
  result.ms = Date.now() - started;
  return {
    result,
    commit: () => {
      for (const layer of result.layers) {
        const claim = claims.get(layer.layer)!;
        claim.commit((finalOut) => layerManifest(layer, opts.from ?? rawDir, finalOut, files));
      }
    },
    discard: () => {
      for (const claim of claims.values()) claim.release();
    },
  };
}
