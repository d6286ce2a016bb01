// Streams every table, chunk by chunk and batch by batch, from its generator to
// the sink, feeding the checks on the way, then reads the target back, commits
// it under its final name and reports. Views subscribe to the events.
import { CancelledError } from '../errors.js';
import { GenericChecks } from '../checks/generic.js';
import type { OutputFile, Sink } from '../sinks/sink.js';
import type { EventListener, TableResult } from './events.js';
import { SQL_DIALECTS, type CheckResult, type Params, type Row, type Scenario, type TableDef } from './model.js';
import { loadOrder } from './planner.js';
import { stream } from './random.js';
import { manifestText } from './manifest.js';
import { catalogMarkdown } from './catalog.js';
import { createHash } from 'node:crypto';
import { estimateBytes } from './estimate.js';
import { tuneHeapForRows } from './heap.js';
import { chunkRange, shardText, type Shard } from './shard.js';
import { ChunkPool, defaultWorkers, type ChunkJob } from './chunk-pool.js';

export const DEFAULT_BATCH_SIZE = 2_048;

export interface RunSpec {
  scenario: Scenario;
  params: Params;
  seed: number;
  batchSize?: number;
  /** Make only this slice of every table (--shard k/N); the whole run's checks wait for merge-manifests. */
  shard?: Shard;
  /** Threads that generate the chunks (--workers); 0 or none: the main thread generates them; 'auto': defaultWorkers for the rows planned. */
  workers?: number | 'auto';
}

export interface RunSummary {
  ok: boolean;
  scenario: string;
  seed: number;
  params: Params;
  target: string;
  out: string;
  tables: TableResult[];
  checks: CheckResult[];
  headlines: string[];
  files: OutputFile[];
  /** Where synthgen-manifest.json was written. */
  manifest: string;
  /** CATALOG.md (inside a folder output, `<file>.catalog.md` beside a database file); null for PostgreSQL. */
  catalog: OutputFile | null;
  timings: { generateMs: number; checkMs: number; totalMs: number };
  /** --shard k/N: the slice made, and each table's chunks [from, to) of how many. */
  shard?: Shard & { chunks: Record<string, [number, number, number]> };
}

export interface RunOptions {
  onEvent?: EventListener;
  signal?: AbortSignal;
  /** Work over the checked output before it takes its final name (run --pipeline). */
  beforeCommit?: (summary: RunSummary) => Promise<void>;
}

export function plan(spec: RunSpec): TableDef[] {
  return loadOrder(spec.scenario.tables(spec.params, spec.seed));
}

/**
 * A table's def with its counts taken, holding nothing of the scenario's plan: what
 * the main thread keeps while workers generate, so the plan (at bar-platform
 * PRODUCTION about 150 MB of typed arrays, made again in each worker) can go.
 */
function counted(def: TableDef, params: RunSpec['params']): TableDef {
  return countedAs(def.spec, def.exactRows, def.estimateRows(params), def.chunks(params));
}

/** Its closures see these values only: one that saw `def` would keep the whole plan. */
function countedAs(spec: TableDef['spec'], exactRows: boolean | undefined, rows: number, chunks: number): TableDef {
  return {
    spec,
    exactRows,
    estimateRows: () => rows,
    chunks: () => chunks,
    generate: () => {
      throw new Error(`${spec.name}: its rows are made by the worker threads`);
    },
  };
}

function* inThread(batches: Iterable<Row[]>): Generator<{ rows: Row[]; encoded?: Uint8Array }> {
  for (const rows of batches) yield { rows };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function run(spec: RunSpec, sink: Sink, opts: RunOptions = {}): Promise<RunSummary> {
  const emit = opts.onEvent ?? (() => {});
  const started = Date.now();
  tuneHeapForRows();
  let tables = plan(spec);
  const batchSize = spec.batchSize ?? DEFAULT_BATCH_SIZE;
  const shard = spec.shard;
  const observer = shard ? undefined : spec.scenario.observer?.(spec.params);
  const sliced: Record<string, [number, number, number]> = {};
  const results: TableResult[] = [];
  const cancelled = () => opts.signal?.aborted === true;
  // A step that holds on to the event loop or a native thread for seconds (an
  // index build, a read-back query) is stopped by the sink; the step then fails
  // or returns, and the checks below turn that into a cancel.
  const interrupt = () => sink.interrupt?.();
  opts.signal?.addEventListener('abort', interrupt, { once: true });

  const expectedRowsOf = (t: TableDef) => {
    const chunks = t.chunks(spec.params);
    const [from, to] = chunkRange(chunks, shard);
    return shard ? Math.round((t.estimateRows(spec.params) * (to - from)) / chunks) : t.estimateRows(spec.params);
  };
  const planned = tables.map((t) => ({ name: t.spec.name, expectedRows: expectedRowsOf(t) }));
  const workers = spec.workers === 'auto' ? defaultWorkers(planned.reduce((n, t) => n + t.expectedRows, 0)) : (spec.workers ?? 0);
  emit({ type: 'plan', tables: planned, workers });
  if (workers > 0) tables = tables.map((t) => counted(t, spec.params));
  // A slice cannot judge the whole: its keys point into other slices, its shares are partial.
  const generic = shard ? null : new GenericChecks(tables);
  let pool: ChunkPool | null = null;
  try {
    // Everything that can refuse the run (the output path, the free space) is checked here, before any work.
    const estimatedBytes = tables.reduce((a, t) => a + estimateBytes(t.spec, expectedRowsOf(t), sink.target, spec.scenario.name), 0);
    const dialect = SQL_DIALECTS.find((d) => d === sink.target);
    const views = (dialect && spec.scenario.views?.(spec.params, dialect)) || [];
    await sink.open(tables.map((t) => t.spec), { estimatedBytes, views: views.map((v) => v.name) });
    if (workers > 0) {
      const jobs: ChunkJob[] = tables.flatMap((t) => {
        const [from, to] = chunkRange(t.chunks(spec.params), shard);
        return Array.from({ length: to - from }, (_, i) => ({ table: t.spec.name, chunk: from + i }));
      });
      pool = new ChunkPool({ scenario: spec.scenario.name, module: spec.scenario.module ?? null, params: spec.params, seed: spec.seed, batchSize, encoding: sink.rowEncoding ?? null }, jobs, workers);
    }
    for (const def of tables) {
      const name = def.spec.name;
      const expectedRows = expectedRowsOf(def);
      const t0 = Date.now();
      let rows = 0;
      emit({ type: 'table-start', table: name, expectedRows });
      const chunks = def.chunks(spec.params);
      const [from, to] = chunkRange(chunks, shard);
      sliced[name] = [from, to, chunks];
      for (let chunk = from; chunk < to; chunk++) {
        const ctx = {
          params: spec.params,
          seed: spec.seed,
          chunk,
          batchSize,
          stream: (streamName = '', table = name, c = chunk) => stream(spec.seed, spec.scenario.name, table, c, streamName),
        };
        for await (const made of pool ? pool.next({ table: name, chunk }) : inThread(def.generate(ctx))) {
          const batch = made.rows;
          generic?.observe(name, batch);
          observer?.observe(name, batch);
          await sink.write(name, batch, made.encoded);
          rows += batch.length;
          emit({ type: 'progress', table: name, rows, expectedRows });
          // Let signals and redraws through between batches.
          await yieldToEventLoop();
          if (cancelled()) throw new CancelledError();
        }
      }
      await sink.endTable(name, rows);
      const ms = Date.now() - t0;
      results.push({ name, rows, ms, bytes: null });
      emit({ type: 'table-done', table: name, rows, ms });
    }
    const generateMs = Date.now() - started;
    await pool?.close();
    pool = null;

    if (cancelled()) throw new CancelledError();
    if (sink.finishing) emit({ type: 'phase', label: sink.finishing });
    await sink.finish(views);
    if (cancelled()) throw new CancelledError();
    emit({ type: 'phase', label: 'checking' });
    const t1 = Date.now();
    const checks = [
      ...(generic?.results(spec.params) ?? []),
      ...(shard ? [{ name: `shard ${shardText(shard)}`, ok: true, info: true as const, phase: 'stream' as const, figure: 'the checks of the whole run come from synthgen merge-manifests over every shard' }] : []),
      ...(observer?.checks() ?? []),
      ...(await sink.verify(new Map(results.map((r) => [r.name, r.rows])), (shard ? undefined : spec.scenario.sqlChecks?.(spec.params)) ?? [])),
    ];
    if (cancelled()) throw new CancelledError();
    for (const result of checks) emit({ type: 'check', result });
    const files = await sink.files();
    // A database without files (PostgreSQL) measures its tables instead.
    const sizes = sink.tableBytes?.();
    for (const r of results) {
      const own = files.filter((f) => f.table === r.name);
      r.bytes = own.length ? own.reduce((a, f) => a + f.bytes, 0) : (sizes?.get(r.name) ?? null);
    }
    const summary: RunSummary = {
      ok: checks.every((c) => c.ok),
      scenario: spec.scenario.name,
      seed: spec.seed,
      params: spec.params,
      target: sink.target,
      out: sink.out,
      tables: results,
      checks,
      headlines: observer?.headlines() ?? [],
      files,
      manifest: sink.manifestPath,
      catalog: null,
      timings: { generateMs, checkMs: Date.now() - t1, totalMs: 0 },
      ...(shard ? { shard: { ...shard, chunks: sliced } } : {}),
    };
    if (cancelled()) throw new CancelledError();
    await opts.beforeCommit?.(summary);
    if (cancelled()) throw new CancelledError();
    // The catalog and the manifest are part of the output: they take their final names with it.
    const catalog = sink.catalogPath === null ? undefined : catalogMarkdown(summary, tables, spec.scenario);
    if (catalog !== undefined) {
      summary.catalog = { table: null, path: sink.catalogPath!, bytes: Buffer.byteLength(catalog), sha256: createHash('sha256').update(catalog).digest('hex') };
    }
    summary.timings.totalMs = Date.now() - started;
    summary.manifest = await sink.commit((finalOut) => manifestText(summary, tables, finalOut), catalog);
    emit({ type: 'finished', ok: summary.ok });
    return summary;
  } catch (e) {
    await sink.abort();
    // A step stopped by a signal fails with its own error (DuckDB's "Interrupted"):
    // the cause is the signal.
    throw cancelled() ? new CancelledError() : e;
  } finally {
    await pool?.close();
    opts.signal?.removeEventListener('abort', interrupt);
  }
}
