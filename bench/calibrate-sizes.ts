// The sizes bench/calibrate.ts measures each scenario at: each run is 0.2-1.2M rows,
// large enough that start-up costs do not dominate the rates.
import type { Scenario, TableSpec } from '../src/engine/model.js';
import { resolveParams } from '../src/engine/params.js';
import { loadOrder } from '../src/engine/planner.js';

export const SIZES: Record<string, Record<string, unknown>> = {
  'saas-metrics': { customers: 100_000 },
  'show-and-well': { providers: 600, end_date: '2027-09-01' },
  'saas-churn': { customers: 5_000 },
  'bar-platform': {},
};

export const calibrationParams = (s: Scenario) => resolveParams(s, SIZES[s.name] ?? {});

/** The tables of a scenario at its calibration size, with their planned rows. */
export function planTables(s: Scenario): { spec: TableSpec; rows: number }[] {
  const params = calibrationParams(s);
  return loadOrder(s.tables(params, s.defaultSeed)).map((t) => ({ spec: t.spec, rows: t.estimateRows(params) }));
}
