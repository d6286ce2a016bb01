// Runs the engine in-process into a temporary folder, for tests.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveParams } from '../../src/engine/params.js';
import { run, type RunSummary } from '../../src/engine/runner.js';
import type { Scenario } from '../../src/engine/model.js';
import { createSink } from '../../src/sinks/index.js';
import { removeWhenDone } from './temp.js';

/** A fresh folder in the system temp folder, removed when the test that made it ends, passed or failed. */
export function tempDir(prefix = 'synthgen-test-'): string {
  return removeWhenDone(mkdtempSync(join(tmpdir(), prefix)));
}

export async function runTo(
  scenario: Scenario,
  target: 'csv' | 'sqlite',
  out: string,
  opts: { seed?: number; set?: Record<string, unknown>; batchSize?: number; force?: boolean } = {},
): Promise<RunSummary> {
  const params = resolveParams(scenario, opts.set ?? {});
  const sink = createSink(target, { out, force: opts.force ?? false });
  return run({ scenario, params, seed: opts.seed ?? scenario.defaultSeed, batchSize: opts.batchSize }, sink);
}

/** Every file under a folder (or the file itself) -> its bytes, by relative name. */
export function snapshot(path: string, skip = /synthgen-manifest\.json$/): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!statSync(path).isDirectory()) {
    out.set('', readFileSync(path));
    return out;
  }
  for (const name of readdirSync(path).sort()) if (!skip.test(name)) out.set(name, readFileSync(join(path, name)));
  return out;
}
