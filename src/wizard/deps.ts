// What the wizard needs from the outside world, as one object: the real
// implementations here, the same engine and config code the headless CLI uses.
import { resolve } from 'node:path';
import { loadConfig, saveProfile, type Profile } from '../config/profiles.js';
import type { EventListener } from '../engine/events.js';
import type { Scenario } from '../engine/model.js';
import { run, type RunSummary } from '../engine/runner.js';
import { createSink } from '../sinks/index.js';
import { examineOutput, type Existing } from '../sinks/output.js';
import { defaultOut } from '../commands/run.js';
import { inspectDataset } from '../inspect/index.js';
import type { InspectReport } from '../inspect/model.js';
import { SCENARIOS } from '../../scenarios/index.js';

export interface RunRequest {
  scenario: Scenario;
  params: Profile['params'] & object;
  seed: number;
  target: string;
  out: string;
  force: boolean;
}

export interface WizardDeps {
  scenarios: Scenario[];
  targets: { name: string; label: string }[];
  loadProfiles(): Promise<{ filepath: string; profiles: Record<string, Profile> } | null>;
  saveProfile(name: string, profile: Profile): Promise<string>;
  /** What is at an output path and whether it may be replaced (the CLI's --force rule). */
  examine(path: string, target: string): Existing;
  defaultOut(scenario: Scenario, target: string): string;
  run(req: RunRequest, onEvent: EventListener, signal: AbortSignal): Promise<RunSummary>;
  /** The report of a run's output: the same one `synthgen inspect` prints. */
  inspect(target: string, out: string): Promise<InspectReport>;
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
    ],
    loadProfiles: async () => {
      const c = await loadConfig(undefined, cwd);
      return c && { filepath: c.filepath, profiles: c.profiles };
    },
    saveProfile: (name, profile) => saveProfile(name, profile, cwd),
    examine: (path, target) => examineOutput(resolve(cwd, path), target),
    defaultOut: (s, target) => defaultOut(s.name, { target: s.defaultTarget, out: s.defaultOut }, target),
    run: (req, onEvent, signal) =>
      run(
        { scenario: req.scenario, params: req.params as never, seed: req.seed },
        createSink(req.target, { out: resolve(cwd, req.out), force: req.force }),
        { onEvent, signal },
      ),
    // Every target the wizard offers writes a file or folder (PostgreSQL is headless only so far).
    inspect: (_target, out) => inspectDataset({ path: resolve(cwd, out) }),
    now: () => Date.now(),
  };
}
