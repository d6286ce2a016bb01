// `synthgen run`: resolve flags over a profile over scenario defaults, then run
// headless with progress on stderr and the summary on stdout.
import { getProfile, type Profile } from '../config/profiles.js';
import { UserError } from '../errors.js';
import { BATCH_SIZE_RANGE, checkWhole, resolveParams, parseSetFlags, SEED_RANGE } from '../engine/params.js';
import { outPathProblem, schemaProblem } from './destination.js';
import { run, type RunSpec, type RunSummary } from '../engine/runner.js';
import { createSink, TARGETS } from '../sinks/index.js';
import type { Sink } from '../sinks/sink.js';
import { findScenario } from '../../scenarios/index.js';
import { headlessProgress } from '../headless/progress.js';
import { summaryJson, summaryText } from '../headless/summary.js';
import { pipelineLog, pipelineText } from './transform.js';
import type { ParquetSink } from '../sinks/parquet.js';
import { dirname } from 'node:path';
import { URL_PASSWORD_WARNING, urlHasPassword } from '../sinks/pgurl.js';
import { LOCK_TIMEOUT_RANGE } from '../sinks/pglimits.js';
import { withSignals } from './signals.js';
import { buildPipeline, preparePipelineOutputs, type BuiltPipeline } from '../pipeline/run.js';
import { cleanLeftovers } from '../sinks/output.js';
import { checkRunDbtDir, writeRunDbt, writesDbt } from './dbt.js';

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
}

export interface ResolvedRun {
  spec: RunSpec;
  target: string;
  out: string;
  force: boolean;
  pipeline: boolean;
  /** parquet: big tables as folders of part files */
  parquetParts: boolean;
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
  if (pipeline && !scenario.pipeline) throw new UserError(`--pipeline: scenario ${scenario.name} has no SQL pipeline`);
  if (pipeline && target !== 'parquet') throw new UserError(`--pipeline runs over Parquet; use --target parquet (got ${target})`);
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
  return { spec: { scenario, params, seed, batchSize }, target, out, force: flags.force ?? profile.force ?? false, pipeline, parquetParts, url, schema, lockTimeout };
}

export async function runCommand(flags: RunFlags): Promise<number> {
  const resolved = await resolveRun(flags);
  // Anyone on this machine can read a password given on the command line (ps) while the run lasts.
  if (urlHasPassword(flags.url)) process.stderr.write(URL_PASSWORD_WARNING);
  const outRoot = dirname(resolved.out);
  // The pipeline's layers are claimed (or refused) before generating anything, not after.
  if (resolved.pipeline) cleanLeftovers(resolved.out); // the raw output's too, before a layer can refuse the run
  // The dbt project beside a file output: refused now, not after the run, when it could not be written.
  checkRunDbtDir(resolved.spec.scenario, resolved.target, resolved.out, resolved.force);
  const layerClaims = resolved.pipeline ? preparePipelineOutputs(resolved.spec.scenario, outRoot, resolved.force) : undefined;
  const sink: Sink = createSink(resolved.target, { out: resolved.out, force: resolved.force, url: resolved.url, schema: resolved.schema, lockTimeout: resolved.lockTimeout, parquetParts: resolved.parquetParts });
  const progress = headlessProgress();
  try {
    return await withSignals(async (signal) => {
      // --pipeline runs over the raw output before it is committed, and its layers
      // are put in place right after it: a stop anywhere leaves the old outputs.
      const built: { pipeline?: BuiltPipeline } = {};
      const beforeCommit = async (s: RunSummary) => {
        if (!resolved.pipeline || !s.ok) return;
        const staged = (sink as ParquetSink).staged;
        built.pipeline = await buildPipeline(resolved.spec.scenario, s.tables.map((t) => t.name), staged, outRoot, resolved.force, { log: pipelineLog, signal, claims: layerClaims, from: resolved.out });
      };
      let summary: RunSummary;
      try {
        summary = await run(resolved.spec, sink, { onEvent: progress.listener, signal, beforeCommit });
      } catch (e) {
        built.pipeline?.discard();
        throw e;
      }
      built.pipeline?.commit();
      progress.stop();
      process.stdout.write(flags.json ? summaryJson(summary) : summaryText(summary));
      if (!summary.ok) return 1;
      if (writesDbt(resolved.spec.scenario, resolved.target)) {
        const dir = writeRunDbt(resolved.spec, resolved.target, resolved.out, resolved.force, summary.files);
        (flags.json ? process.stderr : process.stdout).write(`dbt project: ${dir} (cd ${dir} && dbt build --profiles-dir . && dbt source freshness --profiles-dir .)\n`);
      }
      if (built.pipeline) (flags.json ? process.stderr : process.stdout).write(pipelineText(built.pipeline.result));
      return 0;
    });
  } finally {
    progress.stop();
    for (const claim of layerClaims?.values() ?? []) claim.release(); // after a commit: nothing (the lock stays until exit)
  }
}
