// synthgen merge-manifests: the N outputs of a --shard k/N run, taken together.
// Every shard's files are hashed against its manifest, then the union of the
// shards' rows, read back in shard order, streams through the same checks a
// single run makes (keys, foreign keys, NOT NULL, row counts, the scenario's
// rules), so the whole run's checks come with the same figures as one run's.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { GenericChecks } from '../checks/generic.js';
import { count } from '../checks/figures.js';
import { findScenario } from '../../scenarios/index.js';
import { plan } from '../engine/runner.js';
import type { CheckResult, Params, Row, TableDef } from '../engine/model.js';
import { loadManifest, locate, verifyFiles, type LoadedManifest } from '../inspect/manifest.js';
import { FOLDER_MANIFEST } from '../sinks/output.js';
import { openDuck } from '../sinks/duck.js';
import { columnType, generatorValueSql, quoteIdent } from '../sinks/sql.js';
import { SHARD_TARGETS } from '../engine/shard.js';

export interface ShardOutput {
  dir: string;
  manifest: LoadedManifest;
  index: number;
  count: number;
  params: Params;
  /** Each table's chunks [from, to, of]. */
  chunks: Record<string, [number, number, number]>;
}

export interface MergedRun {
  scenario: string;
  seed: number;
  params: Params;
  target: string;
  shards: { index: number; dir: string }[];
  tables: { name: string; rows: number; files: { path: string; bytes: number; sha256: string }[] }[];
  checks: CheckResult[];
  headlines: string[];
  ok: boolean;
}

/** A shard's folder (or its manifest file), read and checked to be one shard of a run. */
export function readShard(path: string): ShardOutput {
  const manifestPath = existsSync(join(path, FOLDER_MANIFEST)) ? join(path, FOLDER_MANIFEST) : path;
  const dir = manifestPath === path ? resolve(path, '..') : path;
  const loaded = existsSync(manifestPath) ? loadManifest(manifestPath) : null;
  if (loaded === null) throw new UserError(`${path}: no ${FOLDER_MANIFEST} there; give the folders the shards wrote (--out of each synthgen run --shard k/N)`);
  if ('error' in loaded) throw new UserError(loaded.error);
  const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as { shard?: { index: number; count: number; chunks: ShardOutput['chunks'] }; params: Params; ok?: boolean };
  if (!raw.shard) throw new UserError(`${path} holds a whole run, not a shard (its manifest has no "shard"); merge-manifests takes the outputs of synthgen run --shard k/N`);
  if (raw.ok === false) throw new UserError(`${path}: shard ${raw.shard.index}/${raw.shard.count} failed its own checks; run it again`);
  return { dir, manifest: loaded, index: raw.shard.index, count: raw.shard.count, params: raw.params, chunks: raw.shard.chunks };
}

/** What orderShards compares: where a shard is (for the error lines), which slice it is, and of which run. */
export interface ShardOf {
  dir: string;
  index: number;
  count: number;
  params: Params;
  manifest: { scenario: string; seed: number; target: string; synthgen: string };
}

/** The shards, in order, once each, all of one run; else the one line that says what is wrong. */
export function orderShards<S extends ShardOf>(shards: S[], none = 'merge-manifests needs the folders of every shard: synthgen merge-manifests DIR...'): S[] {
  if (shards.length === 0) throw new UserError(none);
  const first = shards[0];
  const same = (s: S) =>
    s.manifest.scenario === first.manifest.scenario && s.manifest.seed === first.manifest.seed && s.manifest.target === first.manifest.target && s.manifest.synthgen === first.manifest.synthgen && s.count === first.count && JSON.stringify(s.params) === JSON.stringify(first.params);
  for (const s of shards) {
    if (!same(s)) throw new UserError(`${s.dir} is not a shard of the same run as ${first.dir} (scenario, seed, parameters, target, synthgen version and N must all match)`);
  }
  const byIndex = new Map<number, S>();
  for (const s of shards) {
    const twice = byIndex.get(s.index);
    if (twice) throw new UserError(`shard ${s.index}/${s.count} given twice: ${twice.dir} and ${s.dir}`);
    byIndex.set(s.index, s);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length) throw new UserError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${first.count}`).join(', ')} missing: every shard of the run is needed`);
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!);
}


function readerOf(target: string, def: TableDef, files: string[]): string {
  const list = `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')}]`;
  if (target === 'parquet') return `read_parquet(${list})`;
  const columns = def.spec.columns.map((c) => `${quoteIdent(c.name).replaceAll("'", "''")}: '${columnType(c, { text: 'VARCHAR' })}'`).join(', ');
  return `read_csv(${list}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', columns = {${columns}})`;
}

/** Where the shards' chunk ranges leave a gap or overlap (empty: they cover every chunk of every table once, in order). */
export function chunkGaps(tables: TableDef[], params: Params, shards: { index: number; chunks: Record<string, [number, number, number]> }[]): string[] {
  const gaps: string[] = [];
  for (const def of tables) {
    let next = 0;
    const want = def.chunks(params);
    for (const s of shards) {
      const range = s.chunks[def.spec.name];
      if (!range || range[0] !== next || range[2] !== want) gaps.push(`${def.spec.name} at shard ${s.index}`);
      else next = range[1];
    }
    if (next !== want && !gaps.some((g) => g.startsWith(def.spec.name + ' '))) gaps.push(`${def.spec.name} ends at chunk ${next} of ${want}`);
  }
  return gaps;
}

export function coverageCheck(tables: TableDef[], params: Params, gaps: string[]): CheckResult {
  return { name: 'shards cover every chunk once, in order', ok: gaps.length === 0, figure: gaps.length ? `gaps or overlaps: ${gaps.slice(0, 3).join(', ')}` : `${count(tables.reduce((a, t) => a + t.chunks(params), 0))} chunks of ${tables.length} tables`, phase: 'target' };
}

/** Merges the shards of one run: files verified, then every check of the whole run over their rows. */
export async function mergeShards(dirs: string[], onTable: (table: string) => void = () => {}): Promise<MergedRun> {
  const read = dirs.map(readShard);
  // A PostgreSQL shard's rows are not beside its manifest: said before anything else about it.
  const inDatabase = read.find((s) => s.manifest.target === 'postgres');
  if (inDatabase) throw new UserError(`${inDatabase.manifest.path} is a PostgreSQL shard's manifest: its rows are in the database; merge them there with synthgen merge-manifests --url URL --schema SCHEMA`);
  const shards = orderShards(read);
  const first = shards[0];
  if (!SHARD_TARGETS.includes(first.manifest.target)) throw new UserError(`shards of target ${first.manifest.target} cannot be merged (only ${SHARD_TARGETS.join(', ')})`);
  const scenario = findScenario(first.manifest.scenario);
  const tables = plan({ scenario, params: first.params, seed: first.manifest.seed });

  const checks: CheckResult[] = [];
  // 1. Each shard's files are the ones its run wrote.
  let files = 0;
  const bad: string[] = [];
  for (const s of shards) {
    for (const f of await verifyFiles(s.manifest, s.dir)) {
      files++;
      if (f.status !== 'ok') bad.push(`${f.path} ${f.status}`);
    }
  }
  // Each shard read back what it wrote (row counts, Parquet's REQUIRED columns) before it finished; readShard refused a failed one.
  const own = shards.reduce((a, s) => a + s.manifest.checks.filter((c) => !c.info).length, 0);
  checks.push({ name: "each shard's own read-back checks", ok: true, figure: `${count(own)} checks of ${count(shards.length)} shards passed`, phase: 'target' });
  checks.push({ name: 'shard files as their runs wrote them', ok: bad.length === 0, figure: bad.length ? `${count(bad.length)} of ${count(files)} files differ: ${bad.slice(0, 3).join(', ')}${bad.length > 3 ? ', ...' : ''}` : `${count(files)} files of ${count(shards.length)} shards match their manifests (sha256)`, phase: 'target' });
  // 2. Together the shards cover every chunk of every table once, in order.
  const gaps = chunkGaps(tables, first.params, shards);
  checks.push(coverageCheck(tables, first.params, gaps));
  if (bad.length || gaps.length) return result(first, shards, tables, [], checks, []);

  // 3. The union, shard after shard, through the checks of a single run.
  const generic = new GenericChecks(tables);
  const observer = scenario.observer?.(first.params);
  const rowsOf = new Map<string, number>();
  const { instance, con } = await openDuck(':memory:', { preserve_insertion_order: 'true' });
  try {
    await con.run(`SET TimeZone = 'UTC'`);
    for (const def of tables) {
      const name = def.spec.name;
      onTable(name);
      let rows = 0;
      for (const s of shards) {
        const t = s.manifest.tables.find((x) => x.name === name);
        const paths = (t?.files ?? []).map((f) => locate(f.path, s.manifest.out, s.dir));
        if (!t || t.rows === 0 || paths.length === 0) continue;
        const select = `SELECT ${def.spec.columns.map(generatorValueSql).join(', ')} FROM ${readerOf(first.manifest.target, def, paths)}`;
        const reader = await con.stream(select);
        for (;;) {
          const chunk = await reader.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          const batch = chunk.getRows() as Row[];
          generic.observe(name, batch);
          observer?.observe(name, batch);
          rows += batch.length;
        }
      }
      rowsOf.set(name, rows);
    }
  } finally {
    con.closeSync();
    instance.closeSync();
  }
  checks.push(...generic.results(first.params), ...(observer?.checks() ?? []));
  return result(first, shards, tables, [...rowsOf], checks, observer?.headlines() ?? []);
}

function result(first: ShardOutput, shards: ShardOutput[], tables: TableDef[], rows: [string, number][], checks: CheckResult[], headlines: string[]): MergedRun {
  const rowsOf = new Map(rows);
  return {
    scenario: first.manifest.scenario,
    seed: first.manifest.seed,
    params: first.params,
    target: first.manifest.target,
    shards: shards.map((s) => ({ index: s.index, dir: s.dir })),
    tables: tables.map((def) => ({
      name: def.spec.name,
      rows: rowsOf.get(def.spec.name) ?? shards.reduce((a, s) => a + (s.manifest.tables.find((t) => t.name === def.spec.name)?.rows ?? 0), 0),
      files: shards.flatMap((s) => s.manifest.tables.find((t) => t.name === def.spec.name)?.files ?? []),
    })),
    checks,
    headlines,
    ok: checks.every((c) => c.ok),
  };
}
