// synthgen-manifest.json: what was generated, from what, and what it measured,
// so an output can be traced back to the exact command that made it.
import { renameSync, writeFileSync } from 'node:fs';
import { VERSION } from '../version.js';
import type { TableDef } from './model.js';
import type { RunSummary } from './runner.js';

export function manifestOf(summary: RunSummary, tables: TableDef[]) {
  return {
    synthgen: VERSION,
    scenario: summary.scenario,
    seed: summary.seed,
    params: summary.params,
    target: summary.target,
    out: summary.out,
    ok: summary.ok,
    tables: summary.tables.map((t) => {
      const def = tables.find((d) => d.spec.name === t.name)!;
      const own = summary.files.filter((f) => f.table === t.name);
      // A database file holds every table: each table points at it.
      const files = (own.length ? own : summary.files.filter((f) => f.table === null)).map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 }));
      return {
        name: t.name,
        rows: t.rows,
        columns: def.spec.columns.map((c) => ({ name: c.name, type: c.type === 'decimal' ? `decimal(${c.precision},${c.scale})` : c.type, nullable: !!c.nullable })),
        files,
        ms: t.ms,
      };
    }),
    checks: summary.checks,
    timings: summary.timings,
  };
}

/** Written under a temporary name and renamed, like every output. */
export function writeManifest(path: string, manifest: object): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(manifest, null, 2) + '\n');
  renameSync(temp, path);
}
