// synthgen merge-manifests --url U --schema S: the finishing step of a sharded
// PostgreSQL run. The shards (synthgen run --target postgres --schema S --shard
// k/N, src/sinks/pgshard.ts) are checked to be every slice of one run, then in
// ONE transaction S's tables are made from theirs on the server (CREATE TABLE
// AS, in shard order), and streamed back through the checks a single run makes (same figures),
// before the same keys, views, read-back checks and swap as a single load, which
// also drops the shards. Until that commit nothing changes in S or in the shards.
import { CancelledError, UserError } from '../errors.js';
import { GenericChecks } from '../checks/generic.js';
import { count } from '../checks/figures.js';
import { findScenario } from '../../scenarios/index.js';
import { plan, type RunSummary } from '../engine/runner.js';
import type { EventListener, TableResult } from '../engine/events.js';
import { manifestText } from '../engine/manifest.js';
import type { CheckResult } from '../engine/model.js';
import { PgMergeSink, type ShardRow } from '../sinks/pgmerge.js';
import type { PostgresOptions } from '../sinks/postgres.js';
import { VERSION } from '../version.js';
import { chunkGaps, orderShards } from './merge.js';

export interface PgMergeOptions {
  onEvent?: EventListener;
  signal?: AbortSignal;
}

/** Builds S from its shards and swaps it in; the summary is a single run's, with the merge's own checks first. */
export async function mergePgShards(opts: PostgresOptions, run: PgMergeOptions = {}): Promise<RunSummary> {
  const emit = run.onEvent ?? (() => {});
  const started = Date.now();
  const sink = new PgMergeSink(opts);
  const cancelled = () => run.signal?.aborted === true;
  const interrupt = () => sink.interrupt();
  run.signal?.addEventListener('abort', interrupt, { once: true });
  const step = () => {
    if (cancelled()) throw new CancelledError();
  };
  try {
    const found = await sink.readShards();
    const shards = orderShards(
      found.map((s: ShardRow) => ({ ...s, dir: `shard ${s.shard}/${s.shards}`, index: s.shard, count: s.shards, manifest: { scenario: s.scenario, seed: s.seed, target: 'postgres', synthgen: s.synthgen } })),
      `no shards in ${sink.shardsSchema}: load them first with synthgen run --target postgres --schema ${opts.schema} --shard k/N`,
    );
    const first = shards[0];
    if (first.synthgen !== VERSION) throw new UserError(`the shards in ${sink.shardsSchema} were loaded by synthgen ${first.synthgen}, this is synthgen ${VERSION}; merge them with the version that loaded them`);
    const failed = shards.find((s) => !s.ok);
    if (failed) throw new UserError(`shard ${failed.dir} failed its own checks; run it again`);
    const scenario = findScenario(first.scenario);
    const params = first.params;
    const tables = plan({ scenario, params, seed: first.seed });
    const gaps = chunkGaps(tables, params, shards);
    if (gaps.length) throw new UserError(`the shards in ${sink.shardsSchema} do not cover every chunk once, in order (gaps or overlaps: ${gaps.slice(0, 3).join(', ')}); load those shards again`);
    const views = scenario.views?.(params, 'postgres') ?? [];
    /** A table's rows over every shard, as their registry rows say. */
    const rowsOf = (table: string) => shards.reduce((a, s) => a + (s.rows[table] ?? 0), 0);
    emit({ type: 'plan', tables: tables.map((t) => ({ name: t.spec.name, expectedRows: rowsOf(t.spec.name) })), workers: 0 });

    // The shards locked, then S's tables made from theirs on the server, in shard order
    // (no progress line before: a refusal of S stays the only line).
    await sink.open(tables.map((t) => t.spec), { estimatedBytes: 0, views: views.map((v) => v.name) });
    step();
    const generic = new GenericChecks(tables);
    const observer = scenario.observer?.(params);
    const results: TableResult[] = [];
    for (const def of tables) {
      const name = def.spec.name;
      const expectedRows = rowsOf(name);
      const t0 = Date.now();
      emit({ type: 'table-start', table: name, expectedRows });
      // The union, in load order, through the checks a single run makes while it streams.
      let rows = 0;
      for await (const batch of sink.rows(def.spec)) {
        generic.observe(name, batch);
        observer?.observe(name, batch);
        rows += batch.length;
        emit({ type: 'progress', table: name, rows, expectedRows });
        step();
      }
      const ms = Date.now() - t0;
      results.push({ name, rows, ms, bytes: null });
      emit({ type: 'table-done', table: name, rows, ms });
    }
    const generateMs = Date.now() - started;
    step();
    emit({ type: 'phase', label: 'building indexes and views' });
    await sink.finish(views);
    step();
    emit({ type: 'phase', label: 'checking' });
    const t1 = Date.now();
    const checks: CheckResult[] = [
      { name: `merged from ${count(shards.length)} shard${shards.length > 1 ? 's' : ''}`, ok: true, info: true, phase: 'target', figure: `${count(tables.reduce((a, t) => a + t.chunks(params), 0))} chunks of ${tables.length} tables, each once, in order; every shard passed its own checks` },
      ...generic.results(params),
      ...(observer?.checks() ?? []),
      // What the shards generated, read back from S's new tables.
      ...(await sink.verify(new Map(tables.map((t) => [t.spec.name, rowsOf(t.spec.name)])), scenario.sqlChecks?.(params) ?? [])),
    ];
    step();
    for (const result of checks) emit({ type: 'check', result });
    const sizes = sink.tableBytes();
    for (const r of results) r.bytes = sizes.get(r.name) ?? null;
    const summary: RunSummary = {
      ok: checks.every((c) => c.ok),
      scenario: scenario.name,
      seed: first.seed,
      params,
      target: 'postgres',
      out: sink.out,
      tables: results,
      checks,
      headlines: observer?.headlines() ?? [],
      files: [],
      manifest: sink.manifestPath,
      catalog: null,
      timings: { generateMs, checkMs: Date.now() - t1, totalMs: 0 },
    };
    summary.timings.totalMs = Date.now() - started;
    // As a single load: the tables are swapped in even when a check failed (exit 1), so they can be inspected.
    summary.manifest = await sink.commit((finalOut) => manifestText(summary, tables, finalOut));
    emit({ type: 'finished', ok: summary.ok });
    return summary;
  } catch (e) {
    await sink.abort();
    throw cancelled() ? new CancelledError() : e;
  } finally {
    run.signal?.removeEventListener('abort', interrupt);
  }
}
