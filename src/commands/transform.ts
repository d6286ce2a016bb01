// `synthgen transform --in data/raw`: the scenario's Stage 2 SQL pipeline over an
// existing Parquet output, writing data/staging and data/analytics beside it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { resolveParams } from '../engine/params.js';
import type { Scenario } from '../engine/model.js';
import { runPipeline, type PipelineResult } from '../pipeline/run.js';
import { findScenario } from '../../scenarios/index.js';
import { withSignals } from './signals.js';
import { outPathProblem } from './destination.js';
import { manifestPathFor } from '../sinks/output.js';

export interface TransformFlags {
  in?: string;
  out?: string;
  scenario?: string;
  force?: boolean;
}

export function pipelineText(r: PipelineResult): string {
  const lines = ['Stage 2 SQL pipeline:'];
  for (const layer of r.layers) for (const t of layer.tables) lines.push(`  ${join(layer.dir, `${t.name}.parquet`)}: ${t.rows.toLocaleString('en-US')} rows`);
  lines.push(`  runtime ${(r.ms / 1000).toFixed(2)} s`);
  return lines.join('\n') + '\n';
}

/** The pipeline's progress lines go to stderr, like the run's. */
export const pipelineLog = (line: string) => process.stderr.write(line + '\n');

/** The pipeline over `rawDir`, for a scenario whose raw tables are `tables`. */
export async function transform(scenario: Scenario, tables: string[], rawDir: string, outRoot: string, force: boolean, signal?: AbortSignal): Promise<PipelineResult> {
  return runPipeline(scenario, tables, rawDir, outRoot, force, { log: pipelineLog, signal });
}

export async function transformCommand(flags: TransformFlags): Promise<number> {
  const rawDir = flags.in;
  if (!rawDir) throw new UserError('transform needs --in DIR, the Parquet folder a run wrote (e.g. data/raw)');
  // The same path rules as run --out: not empty, not a database URL, names the filesystem can take.
  const outProblem = flags.out !== undefined ? outPathProblem(flags.out, '--out') : null;
  if (outProblem) throw new UserError(outProblem);
  if (!existsSync(rawDir)) throw new UserError(`${rawDir} does not exist; generate it first with synthgen run --target parquet --out ${rawDir}`);
  const manifestPath = manifestPathFor(rawDir, 'parquet');
  const manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { scenario: string; params: Record<string, unknown>; tables: { name: string }[] }) : null;
  const name = flags.scenario ?? manifest?.scenario;
  if (!name) throw new UserError(`${rawDir} has no synthgen-manifest.json; pass --scenario NAME`);
  const scenario = findScenario(name);
  if (!scenario.pipeline) throw new UserError(`scenario ${scenario.name} has no SQL pipeline`);
  const tables = manifest?.tables.map((t) => t.name) ?? scenario.tables(resolveParams(scenario, {}), scenario.defaultSeed).map((t) => t.spec.name);
  const result = await withSignals((signal) => transform(scenario, tables, rawDir, flags.out ?? dirname(rawDir), flags.force ?? false, signal));
  process.stdout.write(pipelineText(result));
  return 0;
}
