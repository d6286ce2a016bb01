// `synthgen run`: resolve flags over a profile over scenario defaults, then run
// headless with progress on stderr and the summary on stdout.
import { getProfile, type Profile } from '../config/profiles.js';
import { UserError } from '../errors.js';
import { resolveParams, parseSetFlags } from '../engine/params.js';
import { run, type RunSpec } from '../engine/runner.js';
import { createSink, TARGETS } from '../sinks/index.js';
import type { Sink } from '../sinks/sink.js';
import { findScenario } from '../../scenarios/index.js';
import { headlessProgress } from '../headless/progress.js';
import { summaryJson, summaryText } from '../headless/summary.js';
import { pipelineText, transform } from './transform.js';
import { dirname } from 'node:path';
import { URL_PASSWORD_WARNING, urlHasPassword } from '../sinks/pgurl.js';

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
  url?: string;
  schema?: string;
  lockTimeout?: number;
}

function parseWhole(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new UserError(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
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
  const profileOnly = Object.fromEntries(Object.entries(profile.params ?? {}).filter(([k]) => !(k in set)));
  inProfile(from, true, () => resolveParams(scenario, profileOnly));
  const params = resolveParams(scenario, { ...profileOnly, ...set });
  const seed = flags.seed !== undefined ? parseWhole('--seed', flags.seed, 0, 2 ** 32 - 1) : profile.seed ?? scenario.defaultSeed;
  const target = flags.target ?? profile.target ?? scenario.defaultTarget;
  inProfile(from, !flags.target, () => {
    if (!(TARGETS as readonly string[]).includes(target)) throw new UserError(`unknown target "${target}"; choose one of ${TARGETS.join(', ')}`);
  });
  const out = flags.out ?? profile.out ?? defaultOut(scenario.name, { target: scenario.defaultTarget, out: scenario.defaultOut }, target);
  const batchSize = flags.batchSize !== undefined ? parseWhole('--batch-size', flags.batchSize, 1, 1_000_000) : profile.batchSize;
  const pipeline = flags.pipeline ?? profile.pipeline ?? false;
  if (pipeline && !scenario.pipeline) throw new UserError(`--pipeline: scenario ${scenario.name} has no SQL pipeline`);
  if (pipeline && target !== 'parquet') throw new UserError(`--pipeline runs over Parquet; use --target parquet (got ${target})`);
  const url = flags.url ?? profile.url;
  const schema = flags.schema ?? profile.schema ?? 'raw';
  if ((flags.url || flags.schema) && target !== 'postgres') throw new UserError(`--url and --schema are for --target postgres (got ${target})`);
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new UserError(`--schema must be lowercase letters, digits and _ (not starting with a digit), got ${JSON.stringify(schema)}`);
  const lockTimeout =
    flags.lockTimeout !== undefined
      ? parseWhole('--lock-timeout', flags.lockTimeout, 1, 3600)
      : profile.lockTimeout === undefined
        ? undefined
        : inProfile(from, true, () => parseWhole('lockTimeout', String(profile.lockTimeout), 1, 3600));
  if (flags.lockTimeout !== undefined && target !== 'postgres') throw new UserError(`--lock-timeout is for --target postgres (got ${target})`);
  return { spec: { scenario, params, seed, batchSize }, target, out, force: flags.force ?? profile.force ?? false, pipeline, url, schema, lockTimeout };
}

export async function runCommand(flags: RunFlags): Promise<number> {
  const resolved = await resolveRun(flags);
  if (urlHasPassword(flags.url)) process.stderr.write(URL_PASSWORD_WARNING);
  const controller = new AbortController();
  const sink: Sink = createSink(resolved.target, { out: resolved.out, force: resolved.force, url: resolved.url, schema: resolved.schema, lockTimeout: resolved.lockTimeout, signal: controller.signal });
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = headlessProgress();
  try {
    const summary = await run(resolved.spec, sink, { onEvent: progress.listener, signal: controller.signal });
    progress.stop();
    process.stdout.write(flags.json ? summaryJson(summary) : summaryText(summary));
    if (!summary.ok) return 1;
    if (resolved.pipeline) {
      const result = await transform(resolved.spec.scenario, summary.tables.map((t) => t.name), resolved.out, dirname(resolved.out), resolved.force);
      (flags.json ? process.stderr : process.stdout).write(pipelineText(result));
    }
    return 0;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
