// The review's size estimates against real runs at sizes other than the ones measured
// (bench/calibrate.ts measured saas-metrics at 100,000 customers, show-and-well with 600
// providers): within 20% for every file target (Parquet compresses better the larger a table:
// show-and-well's defaults, 20x smaller than measured, come out at 0.84). They were 1.5-2x low
// with one factor per target.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saasMetrics } from '../scenarios/saas-metrics/index.js';
import { showAndWell } from '../scenarios/show-and-well/index.js';
import { estimateBytes, estimateSeconds } from '../src/engine/estimate.js';
import type { Scenario } from '../src/engine/model.js';
import { resolveParams } from '../src/engine/params.js';
import { plan } from '../src/engine/runner.js';
import { runCli } from './helpers/binary.js';
import { tempDir } from './helpers/run.js';

const bytesOf = (path: string): number => (statSync(path).isDirectory() ? readdirSync(path).reduce((a, f) => a + bytesOf(join(path, f)), 0) : statSync(path).size);

function estimated(scenario: Scenario, given: Record<string, unknown>, target: string) {
  const params = resolveParams(scenario, given);
  const tables = plan({ scenario, params, seed: scenario.defaultSeed }).map((t) => ({ spec: t.spec, rows: t.estimateRows(params) }));
  return { bytes: tables.reduce((a, t) => a + estimateBytes(t.spec, t.rows, target, scenario.name), 0), seconds: estimateSeconds(tables, target, scenario.name) };
}

describe('review estimates', () => {
  for (const [scenario, given, set] of [
    [saasMetrics, { customers: 20_000 }, ['customers=20000']],
    [showAndWell, {}, []],
  ] as const) {
    for (const target of ['csv', 'sqlite', 'parquet', 'duckdb']) {
      it(`${scenario.name} ${set.join(' ') || 'defaults'} into ${target}: the size within 20% of the output's`, () => {
        const cwd = tempDir();
        const out = target === 'csv' || target === 'parquet' ? 'out' : 'out.db';
        const r = runCli(cwd, ['run', '--scenario', scenario.name, ...set.flatMap((s) => ['--set', s]), '--target', target, '--out', out]);
        expect(r.status, r.stderr).toBe(0);
        // The output alone: not the manifest or the catalog beside it.
        const real = target === 'csv' || target === 'parquet' ? bytesOf(join(cwd, out)) - bytesOf(join(cwd, out, 'synthgen-manifest.json')) - bytesOf(join(cwd, out, 'CATALOG.md')) : bytesOf(join(cwd, out));
        const est = estimated(scenario, given, target);
        expect(est.bytes / real).toBeGreaterThan(0.8);
        expect(est.bytes / real).toBeLessThan(1.2);
        expect(est.seconds).toBeGreaterThan(0);
      });
    }
  }
});
