// What the wizard needs from the outside world, as one object: the real
// implementations here, the same engine and config code the headless CLI uses.
import { join, resolve } from 'node:path';
import { loadConfig, saveProfile, type Profile } from '../config/profiles.js';
import { UserError } from '../errors.js';
import type { EventListener } from '../engine/events.js';
import type { Scenario } from '../engine/model.js';
import type { RunSummary } from '../engine/runner.js';
import { examineOutput, type Existing } from '../sinks/output.js';
import { defaultOut, executeRun, pipelineProblem, workersFor } from '../commands/run.js';
import { pipelineText } from '../commands/transform.js';
import { inspectDataset } from '../inspect/index.js';
import type { InspectReport } from '../inspect/model.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { checkOutPath, type PathCheck } from './outpath.js';
import { defaultUrl } from './pgconn.js';
import { probePostgres, type Probe } from './pgprobe.js';

export interface RunRequest {
  scenario: Scenario;
  params: Profile['params'] & object;
  seed: number;
  target: string;
  out: string;
  force: boolean;
  /** postgres: where (URL without a password) and the password the prompt got, if any. */
  url?: string;
  schema?: string;
  password?: string | null;
  /** Keys of a loaded profile the wizard does not show, honoured as `synthgen run --profile` does. */
  pipeline?: boolean;
  batchSize?: number;
  lockTimeout?: number;
}

/** Where a PostgreSQL output to inspect is, and the password the prompt got. */
export interface PgWhere {
  url: string;
  schema: string;
  password: string | null;
}

export interface WizardDeps {
  scenarios: Scenario[];
  targets: { name: string; label: string }[];
  loadProfiles(): Promise<{ filepath: string; profiles: Record<string, Profile> } | null>;
  saveProfile(name: string, profile: Profile): Promise<string>;
  /** What is at an output path and whether it may be replaced (the CLI's --force rule). */
  examine(path: string, target: string): Existing;
  /** An output path typed on the target step, checked as the run will check it. */
  checkOut(path: string, target: string): PathCheck;
  defaultOut(scenario: Scenario, target: string): string;
  /** The server `synthgen run --target postgres` reaches without --url (the PG* variables). */
  defaultPgUrl(): string;
  /** The connection test before a PostgreSQL run. */
  probePostgres(url: string, password: string | null, schema: string, tables: string[]): Promise<Probe>;
  run(req: RunRequest, onEvent: EventListener, signal: AbortSignal): Promise<RunSummary>;
  /** The report of a run's output: the same one `synthgen inspect` prints. */
  inspect(target: string, out: string, pg?: PgWhere): Promise<InspectReport>;
  now(): number;
}

export function realDeps(cwd = process.cwd()): WizardDeps {
  return {
    scenarios: SCENARIOS,
    targets: [
      { name: 'csv', label: 'CSV folder' },
      { name: 'sqlite', label: 'SQLite file' },
      { name: 'parquet', label: 'Parquet folder' },
      { name: 'duckdb', label: 'DuckDB file' },
      { name: 'postgres', label: 'PostgreSQL schema' },
    ],
    loadProfiles: async () => {
      const c = await loadConfig(undefined, cwd);
      return c && { filepath: c.filepath, profiles: c.profiles };
    },
    saveProfile: (name, profile) => saveProfile(name, profile, cwd),
    examine: (path, target) => (target === 'postgres' ? { state: 'absent' } : examineOutput(resolve(cwd, path), target)),
    checkOut: (path, target) => checkOutPath(path, target, cwd),
    defaultOut: (s, target) => defaultOut(s.name, { target: s.defaultTarget, out: s.defaultOut }, target),
    defaultPgUrl: () => defaultUrl(),
    probePostgres,
    run: async (req, onEvent, signal) => {
      const refused = req.pipeline ? pipelineProblem(req.scenario, req.target) : null;
      if (refused) throw new UserError(refused);
      const outcome = await executeRun(
        {
          spec: { scenario: req.scenario, params: req.params as never, seed: req.seed, batchSize: req.batchSize, workers: workersFor(req.scenario) },
          target: req.target,
          out: resolve(cwd, req.out),
          force: req.force,
          pipeline: req.pipeline ?? false,
          url: req.url,
          schema: req.schema,
          lockTimeout: req.lockTimeout,
        },
        { onEvent, signal, password: req.password ?? undefined, manifestDir: cwd, log: () => {} },
      );
      // What `synthgen run` prints after the summary, as more headline lines (the pipeline's layers, the dbt project).
      const more = [
        ...(outcome.pipeline ? pipelineText(outcome.pipeline).trimEnd().split('\n') : []),
        ...(outcome.dbtDir ? [`dbt project: ${outcome.dbtDir}`] : []),
      ];
      return more.length ? { ...outcome.summary, headlines: [...outcome.summary.headlines, '', ...more] } : outcome.summary;
    },
    inspect: (target, out, pg) =>
      target === 'postgres' && pg
        ? inspectDataset({ url: pg.url, schema: pg.schema, password: pg.password ?? undefined, manifest: join(cwd, `synthgen-manifest.postgres.${pg.schema}.json`) })
        : inspectDataset({ path: resolve(cwd, out) }),
    now: () => Date.now(),
  };
}
