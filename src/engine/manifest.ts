// synthgen-manifest.json: what was generated, from what, and what it measured,
// so an output can be traced back to the exact command that made it.
import { VERSION } from '../version.js';
import type { TableDef } from './model.js';
import type { RunSummary } from './runner.js';

/**
 * The manifest of a run whose output ends up at `finalOut` (normally the `out`
 * the user named; another name when the run had to leave its output beside it).
 */
export function manifestOf(summary: RunSummary, tables: TableDef[], finalOut = summary.out) {
  const moved = (path: string) => (finalOut !== summary.out && path.startsWith(summary.out) ? finalOut + path.slice(summary.out.length) : path);
  return {
    synthgen: VERSION,
    scenario: summary.scenario,
    seed: summary.seed,
    params: summary.params,
    target: summary.target,
    out: finalOut,
    ok: summary.ok,
    // A slice of a run (--shard k/N): each table's chunks [from, to) of all its chunks.
    ...(summary.shard ? { shard: { index: summary.shard.index, count: summary.shard.count, chunks: summary.shard.chunks } } : {}),
    tables: summary.tables.map((t) => {
      const def = tables.find((d) => d.spec.name === t.name)!;
      const own = summary.files.filter((f) => f.table === t.name);
      // A database file holds every table: each table points at it.
      const files = (own.length ? own : summary.files.filter((f) => f.table === null)).map((f) => ({ path: moved(f.path), bytes: f.bytes, sha256: f.sha256 }));
      return {
        name: t.name,
        rows: t.rows,
        columns: def.spec.columns.map((c) => ({ name: c.name, type: c.type === 'decimal' ? `decimal(${c.precision},${c.scale})` : c.type, nullable: !!c.nullable })),
        // Keys and the time column, for readers of files that cannot declare them (synthgen inspect, CSV, Parquet).
        primaryKey: def.spec.primaryKey,
        foreignKeys: (def.spec.foreignKeys ?? []).map((fk) => ({ columns: fk.columns, references: fk.references })),
        timeColumn: def.spec.timeColumn ?? null,
        files,
        ms: t.ms,
      };
    }),
    // Files of the output as a whole: the catalog.
    files: summary.catalog ? [{ path: moved(summary.catalog.path), bytes: summary.catalog.bytes, sha256: summary.catalog.sha256 }] : [],
    checks: summary.checks,
    timings: summary.timings,
  };
}

/** The manifest as the text of its file. */
export function manifestText(summary: RunSummary, tables: TableDef[], finalOut = summary.out): string {
  return JSON.stringify(manifestOf(summary, tables, finalOut), null, 2) + '\n';
}
