// The dbt project of a run: written beside every file output (DuckDB, SQLite,
// Parquet, CSV) by `synthgen run`, and
// by `synthgen dbt --url URL --schema S --out DIR` for a PostgreSQL load. A
// database does not record the parameters a run used: `synthgen dbt` takes them
// from the run's manifest (synthgen-manifest.postgres.<schema>.json, where the run
// wrote it) and checks the database still holds what that run loaded.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import pg from 'pg';
import { UserError } from '../errors.js';
import { dbtProject, type DbtFile, type DbtKind } from '../dbt/project.js';
import { dbtDirProblem, writeDbtProject } from '../dbt/write.js';
import type { Params, Scenario } from '../engine/model.js';
import { paramDefaults } from '../engine/params.js';
import { plan, type RunSpec } from '../engine/runner.js';
import { isFolderTarget } from '../sinks/output.js';
import type { OutputFile } from '../sinks/sink.js';
import { connectOrExplain, explainPgError } from '../sinks/pgerrors.js';
import { SYNTHGEN_MARK } from '../sinks/pgreplace.js';
import { safeUrl } from '../sinks/pgurl.js';
import { findScenario } from '../../scenarios/index.js';
import { schemaProblem } from './destination.js';

/** The project's files for a run of `spec` into `kind`. */
export function dbtFilesOf(spec: RunSpec, kind: DbtKind, opts: { schema: string; rawPath?: string; partFolders?: readonly string[]; pg?: { host: string; port: number; user: string; database: string } }): DbtFile[] {
  const tables = plan(spec).map((t) => ({ spec: t.spec, expectedRows: t.estimateRows(spec.params) }));
  return dbtProject({ scenario: spec.scenario, params: spec.params, seed: spec.seed, tables, kind, schema: opts.schema, rawPath: opts.rawPath, partFolders: opts.partFolders, pg: opts.pg });
}

/** The targets whose output gets a dbt project beside it from `synthgen run` (PostgreSQL: `synthgen dbt`). */
const RUN_DBT_KINDS: ReadonlySet<string> = new Set<DbtKind>(['duckdb', 'sqlite', 'parquet', 'csv']);

/**
 * Where `synthgen run` puts the dbt project of an output: `<name>_dbt` beside it, never
 * inside (a folder output is synthgen's, replaced whole by --force; dbt's own files
 * there would make it one synthgen no longer recognises). A database file loses its
 * extension (data/bar_platform.duckdb -> data/bar_platform_dbt), a folder keeps its
 * whole name (data/bar_platform_parquet -> data/bar_platform_parquet_dbt).
 */
export function dbtDirFor(out: string, target = 'duckdb'): string {
  const name = basename(out);
  return join(dirname(out), `${isFolderTarget(target) ? name : basename(name, extname(name))}_dbt`);
}

/** Whether `synthgen run` writes a dbt project for this scenario and target. */
export const writesDbt = (scenario: Scenario, target: string) => !!scenario.dbt && RUN_DBT_KINDS.has(target);

/** Before a run: refuses at once when the project folder beside the output could not be written afterwards. */
export function checkRunDbtDir(scenario: Scenario, target: string, out: string, force: boolean): void {
  if (!writesDbt(scenario, target)) return;
  const dir = dbtDirFor(out, target);
  const problem = dbtDirProblem(dir, force, rawPathFrom(dir, out));
  if (problem) throw new UserError(problem);
}

/** The output as the project reads it: relative to the project folder, '/'-separated. */
const rawPathFrom = (dir: string, out: string) => relative(dir, out).split(sep).join('/');

/** After a committed run: the project beside the output, reading it by a path relative to the project. Returns its folder. */
export function writeRunDbt(spec: RunSpec, target: string, out: string, force: boolean, files: readonly OutputFile[] = []): string {
  const dir = dbtDirFor(out, target);
  // Parquet: the tables the sink wrote as a folder of part files (<out>/<table>/part-*.parquet).
  const partFolders = [...new Set(files.flatMap((f) => (f.table !== null && resolve(dirname(f.path)) === resolve(out, f.table) ? [f.table] : [])))];
  const rawPath = rawPathFrom(dir, out);
  const project = dbtFilesOf(spec, target as DbtKind, { schema: 'raw', rawPath, partFolders });
  writeDbtProject(dir, project, force, rawPath);
  return dir;
}

export interface DbtFlags {
  url?: string;
  schema?: string;
  out?: string;
  force?: boolean;
  manifest?: string;
}

interface PgManifest {
  synthgen?: unknown;
  scenario?: unknown;
  seed?: unknown;
  params?: unknown;
  target?: unknown;
  out?: unknown;
  tables?: { name?: unknown }[];
}

function readManifest(path: string, schema: string): PgManifest {
  const hint = `run synthgen dbt in the folder where synthgen run wrote it, or pass --manifest FILE`;
  if (!existsSync(path)) throw new UserError(`no synthgen manifest for schema ${schema} at ${path}; the database does not record the run's parameters: ${hint}`);
  let m: PgManifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as PgManifest;
  } catch {
    throw new UserError(`${path} is not a synthgen manifest (not JSON); ${hint}`);
  }
  if (typeof m?.synthgen !== 'string' || m.target !== 'postgres' || typeof m.scenario !== 'string' || typeof m.seed !== 'number' || !Array.isArray(m.tables)) {
    throw new UserError(`${path} is not the manifest of a synthgen PostgreSQL run; ${hint}`);
  }
  if (typeof m.out !== 'string' || !m.out.endsWith(` schema ${schema}`)) throw new UserError(`${path} is the manifest of a load into ${String(m.out)}, not schema ${schema}; ${hint}`);
  return m;
}

/** The tables in `schema` synthgen loaded (name -> true), or a UserError for an unreachable server or a missing schema. */
async function loadedTables(url: string | undefined, schema: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url, application_name: 'synthgen' });
  client.on('error', () => {});
  try {
    await connectOrExplain(client);
    const where = safeUrl(url);
    const s = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (!s.rowCount) throw new UserError(`no schema ${schema} in PostgreSQL at ${where}; load one first: synthgen run --target postgres --schema ${schema}`);
    const r = await client.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND obj_description(c.oid, 'pg_class') LIKE $2`,
      [schema, `${SYNTHGEN_MARK}%`],
    );
    if (!r.rowCount) throw new UserError(`schema ${schema} in PostgreSQL at ${where} holds no table synthgen loaded: not a synthgen schema; load one with synthgen run --target postgres --schema ${schema}`);
    return new Set(r.rows.map((row: { name: string }) => row.name));
  } catch (e) {
    throw explainPgError(e, url, schema);
  } finally {
    await client.end().catch(() => {});
  }
}

function pgDefaults(url: string | undefined) {
  const env = process.env;
  const fromEnv = { host: env.PGHOST ?? 'localhost', port: Number(env.PGPORT ?? 5432), user: env.PGUSER ?? 'postgres', database: env.PGDATABASE ?? env.PGUSER ?? 'postgres' };
  if (!url) return fromEnv;
  try {
    const u = new URL(url);
    return {
      host: decodeURIComponent(u.hostname) || fromEnv.host,
      port: u.port ? Number(u.port) : 5432,
      user: decodeURIComponent(u.username) || fromEnv.user,
      database: decodeURIComponent(u.pathname.slice(1)) || fromEnv.database,
    };
  } catch {
    return fromEnv;
  }
}

/** `synthgen dbt --url URL --schema S --out DIR`: the project for what a PostgreSQL run loaded. */
export async function dbtCommand(flags: DbtFlags): Promise<number> {
  if (!flags.out) throw new UserError('dbt needs --out DIR: the folder for the dbt project');
  const schema = flags.schema ?? 'raw';
  const bad = schemaProblem(schema, '--schema');
  if (bad) throw new UserError(bad);
  const out = flags.out;
  const force = flags.force ?? false;
  const problem = dbtDirProblem(out, force);
  if (problem) throw new UserError(problem);
  const tables = await loadedTables(flags.url, schema);
  const manifestPath = resolve(flags.manifest ?? `synthgen-manifest.postgres.${schema}.json`);
  const m = readManifest(manifestPath, schema);
  const scenario = findScenario(m.scenario as string);
  if (!scenario.dbt) throw new UserError(`scenario ${scenario.name} has no dbt project yet`);
  const params: Params = { ...paramDefaults(scenario, {}), ...(m.params as Params) };
  const spec: RunSpec = { scenario, params, seed: m.seed as number };
  const missing = (m.tables ?? []).map((t) => String(t.name)).filter((name) => !tables.has(name));
  if (missing.length) throw new UserError(`schema ${schema} no longer holds ${missing.join(', ')} that the run in ${manifestPath} loaded; load it again`);
  const files = dbtFilesOf(spec, 'postgres', { schema, pg: pgDefaults(flags.url) });
  writeDbtProject(out, files, force);
  process.stdout.write(`dbt project for ${scenario.name} (schema ${schema}) written to ${out}: ${files.length} files\nnext: cd ${out} && dbt build --profiles-dir . && dbt source freshness --profiles-dir .\n`);
  return 0;
}
