// The same data gives the same report: run after run, and whichever DuckDB-read form holds it
// (Parquet folder, DuckDB file, CSV folder), also for a table over EXACT_ROWS rows, whose
// quartiles are estimates (a t-digest fed in file order) and whose means and sds are sums
// DuckDB adds in parallel.
import { describe, expect, it } from 'vitest';
import { assertBuilt, makeSandbox, runCli } from './helpers/binary.js';
import { inspectJson, type Json } from './helpers/inspect-run.js';

/** Every figure of every column, without what differs by form (type names, CSV's hazards) or by run (ms). */
const figures = (report: Json) =>
  report.tables.map((t: Json) => ({ name: t.name, rows: t.rows, rowsByMonth: t.rowsByMonth, columns: t.columns.map(({ type, hazards, ...c }: Json) => c) }));

describe('inspect is deterministic', () => {
  it('gives identical figures twice over, from Parquet, DuckDB and CSV, with 1M+ rows in a table', () => {
    assertBuilt();
    const dir = makeSandbox();
    // 26,000 customers: about 1.06M usage_daily rows, over EXACT_ROWS.
    for (const [target, out] of [['parquet', 'pq'], ['duckdb', 'd.duckdb'], ['csv', 'csv']]) {
      const r = runCli(dir, ['run', '--scenario', 'saas-churn', '--set', 'customers=26000', '--target', target, '--out', out], 120_000);
      expect(r.status, r.stderr).toBe(0);
    }
    const reports = ['pq', 'pq', 'd.duckdb', 'd.duckdb', 'csv'].map((out) => inspectJson(dir, [out]).report);
    const usage = reports[0].tables.find((t: Json) => t.name === 'usage_daily');
    expect(usage.rows).toBeGreaterThan(1_000_000);
    expect(usage.columns.find((c: Json) => c.name === 'usage_minutes').number.quartilesApprox).toBe(true);
    for (const r of reports.slice(1)) expect(figures(r)).toEqual(figures(reports[0]));
  }, 240_000);
});
