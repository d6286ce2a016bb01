// `synthgen run`: resolve flags over a profile over scenario defaults, then run
// headless with progress on stderr and the summary on stdout.
import { getProfile, type Profile } from '../config/profiles.js';
import { UserError } from '../errors.js';
import { BATCH_SIZE_RANGE, checkWhole, resolveParams, parseSetFlags, SEED_RANGE } from '../engine/params.js';
import { outPathProblem, schemaProblem } from './destination.js';
import { run, type RunSpec, type RunSummary } from '../engine/runner.js';
import { createSink, TARGETS } from '../sinks/index.js';
import type { Sink } from '../sinks/sink.js';
import { PostgresSink } from '../sinks/postgres.js';
import { PgShardSink, shardsSchemaProblem } from '../sinks/pgshard.js';
import type { EventListener } from '../engine/events.js';
import type { Scenario } from '../engine/model.js';
import { findScenario, isBuiltIn } from '../../scenarios/index.js';
import { headlessProgress } from '../headless/progress.js';
import { summaryJson, summaryText } from '../headless/summary.js';
import { pipelineLog, pipelineText } from './transform.js';
import type { ParquetSink } from '../sinks/parquet.js';
import { dirname } from 'node:path';
import { URL_PASSWORD_WARNING, urlHasPassword } from '../sinks/pgurl.js';
import { LOCK_TIMEOUT_RANGE } from '../sinks/pglimits.js';
import { withSignals } from './signals.js';
import { buildPipeline, preparePipelineOutputs, type BuiltPipeline, type PipelineResult } from '../pipeline/run.js';
import { cleanLeftovers } from '../sinks/output.js';
import { checkRunDbtDir, writeRunDbt, writesDbt } from './dbt.js';
import { parseShard, SHARD_TARGETS } from '../engine/shard.js';
import { WORKERS_RANGE } from '../engine/chunk-pool.js';

export interface RunFlags {
  scenario?: string;
  seed?: string;
  set?: string[];
  target?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
  profile?: string;
  config?: string;
  batchSize?: string;
  pipeline?: boolean;
  parquetParts?: boolean;
  url?: string;
  schema?: string;
  lockTimeout?: string;
  shard?: string;
  workers?: string;
}

export interface ResolvedRun {
  spec: RunSpec;
  target: string;
  out: string;
  force: boolean;
  pipeline: boolean;
  /** parquet: big tables as folders of part files (--parquet-parts) */
  parquetParts?: boolean;
  url?: string;
  schema?: string;
  lockTimeout?: number;
}

function parseWhole(flag: string, text: string, range: { min: number; max: number }): number {
  const r = checkWhole(flag, text, range.min, range.max);
  if ('error' in r) throw new UserError(r.error);
  return r.value;
}

export function defaultOut(scenarioName: string, scenarioDefault: { target: string; out: string }, target: string): string {
  if (target === scenarioDefault.target) return scenarioDefault.out;
  const base = scenarioName.replaceAll('-', '_');
  switch (target) {
    case 'csv':
      return `output/${scenarioName}`;
    case 'parquet':
      return `data/${base}_parquet`;
    case 'sqlite':
      return `data/${base}.db`;
    default:
      return `data/${base}.${target}`;
  }
}

/** Prefixes an error that a profile's own value caused with where that value lives. */
function inProfile<T>(from: string, fromProfile: boolean, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (from && fromProfile && e instanceof UserError) throw new UserError(from + e.message);
    throw e;
  }
}

/**
 * Threads that generate the run's chunks: the ones asked for (--workers), else
 * 'auto' (the runner sizes them to the rows it plans, defaultWorkers). None for a
 * scenario a worker cannot rebuild (not built in and without a module).
 */
export function workersFor(scenario: Scenario, asked?: number): number | 'auto' {
  if (!isBuiltIn(scenario) && !scenario.module) return 0;
  return asked ?? 'auto';
}

/** Flags win over the profile, the profile over the scenario's defaults. */
export async function resolveRun(flags: RunFlags): Promise<ResolvedRun> {
  let profile: Profile = { scenario: '' };
  let from = '';
  if (flags.profile) {
    const found = await getProfile(flags.profile, flags.config);
    profile = found.profile;
    from = `profile "${flags.profile}" in ${found.filepath}: `;
  } else if (flags.config) throw new UserError('--config needs --profile NAME to say which profile to run');
  const name = flags.scenario ?? profile.scenario;
  if (!name) throw new UserError('run needs --scenario NAME or --profile NAME (see synthgen scenarios)');
  const scenario = inProfile(from, !flags.scenario, () => findScenario(name));
  const set = parseSetFlags(flags.set ?? []);
  const profileOnly = Object.fromEntries(Object.entries(profile.params ?? {}).filter(([k]) => !Object.hasOwn(set, k)));
  inProfile(from, true, () => resolveParams(scenario, profileOnly, {}));
  const params = resolveParams(scenario, { ...profileOnly, ...set });
  const seed = flags.seed !== undefined ? parseWhole('--seed', flags.seed, SEED_RANGE) : profile.seed ?? scenario.defaultSeed;
  const target = flags.target ?? profile.target ?? scenario.defaultTarget;
  inProfile(from, !flags.target, () => {
    if (!(TARGETS as readonly string[]).includes(target)) throw new UserError(`unknown target "${target}"; choose one of ${TARGETS.join(', ')}`);
  });
  const out = flags.out ?? profile.out ?? defaultOut(scenario.name, { target: scenario.defaultTarget, out: scenario.defaultOut }, target);
  const outGiven = flags.out !== undefined || profile.out !== undefined;
  inProfile(from, flags.out === undefined, () => {
    const problem = target !== 'postgres' || outGiven ? outPathProblem(out, flags.out !== undefined ? '--out' : 'out') : null;
    if (problem) throw new UserError(problem);
  });
  const batchSize = flags.batchSize !== undefined ? parseWhole('--batch-size', flags.batchSize, BATCH_SIZE_RANGE) : profile.batchSize;
  const pipeline = flags.pipeline ?? profile.pipeline ?? false;
  const pipelineRefused = pipeline ? pipelineProblem(scenario, target) : null;
  if (pipelineRefused) throw new UserError(pipelineRefused);
  const parquetParts = flags.parquetParts ?? profile.parquetParts ?? false;
  if (flags.parquetParts && target !== 'parquet') throw new UserError(`--parquet-parts is for --target parquet (got ${target})`);
  const url = flags.url ?? profile.url;
  const schema = flags.schema ?? profile.schema ?? 'raw';
  if ((flags.url || flags.schema) && target !== 'postgres') throw new UserError(`--url and --schema are for --target postgres (got ${target})`);
  inProfile(from, flags.schema === undefined, () => {
    const problem = schemaProblem(schema, flags.schema !== undefined ? '--schema' : 'schema');
    if (problem) throw new UserError(problem);
  });
  const lockTimeout = flags.lockTimeout !== undefined ? parseWhole('--lock-timeout', flags.lockTimeout, LOCK_TIMEOUT_RANGE) : profile.lockTimeout; // (a profile's is checked on load)
  if (flags.lockTimeout !== undefined && target !== 'postgres') throw new UserError(`--lock-timeout is for --target postgres (got ${target})`);
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  const asked = flags.workers !== undefined ? parseWhole('--workers', flags.workers, WORKERS_RANGE) : undefined;
  const workers = workersFor(scenario, asked);
  if (shard && !SHARD_TARGETS.includes(target) && target !== 'postgres') throw new UserError(`--shard writes ${SHARD_TARGETS.join(', ')} or postgres (got ${target})`);
  if (shard && target === 'postgres') {
    const problem = shardsSchemaProblem(schema, flags.schema !== undefined ? '--schema' : 'schema');
    if (problem) throw new UserError(problem);
  }
  if (shard && pipeline) throw new UserError('--shard and --pipeline: run the pipeline once over the whole output, not over a shard');
  return { spec: { scenario, params, seed, batchSize, shard, workers }, target, out, force: flags.force ?? profile.force ?? false, pipeline, parquetParts, url, schema, lockTimeout };
}

export async function runCommand(flags: RunFlags): Promise<number> {
  const resolved = await resolveRun(flags);
  // Anyone on this machine can read a password given on the command line (ps) while the run lasts.
  if (urlHasPassword(flags.url)) process.stderr.write(URL_PASSWORD_WARNING);
  const progress = headlessProgress();
  try {
    return await withSignals(async (signal) => {
      const outcome = await executeRun(resolved, { onEvent: progress.listener, signal });
      progress.stop();
      const summary = outcome.summary;
      process.stdout.write(flags.json ? summaryJson(summary) : summaryText(summary));
      if (!summary.ok) return 1;
      const side = flags.json ? process.stderr : process.stdout;
      if (outcome.dbtDir) side.write(`dbt project: ${outcome.dbtDir} (cd ${outcome.dbtDir} && dbt build --profiles-dir . && dbt source freshness --profiles-dir .)\n`);
      if (outcome.pipeline) side.write(pipelineText(outcome.pipeline));
      return 0;
    });
  } finally {
    progress.stop();
  }
}

/** The one line when a profile or flags ask for the SQL pipeline where it cannot run; null when it can. */
export function pipelineProblem(scenario: Scenario, target: string): string | null {
  if (!scenario.pipeline) return `--pipeline: scenario ${scenario.name} has no SQL pipeline`;
  if (target !== 'parquet') return `--pipeline runs over Parquet; use --target parquet (got ${target})`;
  return null;
}

export interface RunOutcome {
  summary: RunSummary;
  /** The SQL pipeline's layers (--pipeline, all checks passed). */
  pipeline?: PipelineResult;
  /** The dbt project written beside the output (scenarios that have one). */
  dbtDir?: string;
}

export interface ExecuteOptions {
  onEvent: EventListener;
  signal: AbortSignal;
  /** The PostgreSQL password the wizard's prompt got (never in the URL). */
  password?: string;
  /** Where the PostgreSQL manifest goes (default: the current folder). */
  manifestDir?: string;
  /** The pipeline's progress lines (default: stderr). */
  log?: (line: string) => void;
}

/** Everything `synthgen run` does once the run is resolved; the wizard runs a profile through it too. */
export async function executeRun(resolved: ResolvedRun, opts: ExecuteOptions): Promise<RunOutcome> {
  const outRoot = dirname(resolved.out);
  // The pipeline's layers are claimed (or refused) before generating anything, not after.
  if (resolved.pipeline) cleanLeftovers(resolved.out); // the raw output's too, before a layer can refuse the run
  // The dbt project beside a file output: refused now, not after the run, when it could not be written.
  const dbt = writesDbt(resolved.spec.scenario, resolved.target) && !resolved.spec.shard; // one project for the whole run, not one per shard
  if (dbt) checkRunDbtDir(resolved.spec.scenario, resolved.target, resolved.out, resolved.force);
  const layerClaims = resolved.pipeline ? preparePipelineOutputs(resolved.spec.scenario, outRoot, resolved.force) : undefined;
  try {
    const pgOptions = { url: resolved.url, password: opts.password, schema: resolved.schema ?? 'raw', force: resolved.force, lockTimeout: resolved.lockTimeout, manifestDir: opts.manifestDir };
    const sink: Sink =
      resolved.target === 'postgres' && resolved.spec.shard
        ? new PgShardSink(pgOptions, resolved.spec.shard) // a slice into the shards schema; merge-manifests makes the schema's tables
        : resolved.target === 'postgres' && (opts.password !== undefined || opts.manifestDir !== undefined)
        ? new PostgresSink(pgOptions)
        : createSink(resolved.target, { out: resolved.out, force: resolved.force, url: resolved.url, schema: resolved.schema, lockTimeout: resolved.lockTimeout, parquetParts: resolved.parquetParts });
    // --pipeline runs over the raw output before it is committed, and its layers
    // are put in place right after it: a stop anywhere leaves the old outputs.
    const built: { pipeline?: BuiltPipeline } = {};
    const beforeCommit = async (s: RunSummary) => {
      if (!resolved.pipeline || !s.ok) return;
      const staged = (sink as ParquetSink).staged;
      built.pipeline = await buildPipeline(resolved.spec.scenario, s.tables.map((t) => t.name), staged, outRoot, resolved.force, { log: opts.log ?? pipelineLog, signal: opts.signal, claims: layerClaims, from: resolved.out });
    };
    let summary: RunSummary;
    try {
      summary = await run(resolved.spec, sink, { onEvent: opts.onEvent, signal: opts.signal, beforeCommit });
    } catch (e) {
      built.pipeline?.discard();
      throw e;
    }
    built.pipeline?.commit();
    if (!summary.ok) return { summary };
    const dbtDir = dbt ? writeRunDbt(resolved.spec, resolved.target, resolved.out, resolved.force, summary.files) : undefined;
    return { summary, pipeline: built.pipeline?.result, dbtDir };
  } finally {
    for (const claim of layerClaims?.values() ?? []) claim.release(); // after a commit: nothing (the lock stays until exit)
  }
}
