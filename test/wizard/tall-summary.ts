// A run summary as tall as show-and-well's or bar-platform's, for the summary screen's
// layout tests (ink: summary-screen.test.tsx; a real terminal: layout.e2e.test.ts).
import type { CheckResult } from '../../src/engine/model.js';
import type { RunSummary } from '../../src/engine/runner.js';

const passed = (i: number): CheckResult => ({ name: `table_${String(i).padStart(2, '0')}`, ok: true, figure: `rows read back ${i * 100} of ${i * 100}`, phase: 'target' });

/** A summary as tall as show-and-well's or bar-platform's: 14 headlines, 12 tables, 40 passed checks, 2 failed ones in the middle. */
export function tallSummary(failures = 2): RunSummary {
  const checks: CheckResult[] = Array.from({ length: 40 }, (_, i) => passed(i + 1));
  for (let f = 0; f < failures; f++) {
    checks.splice(20 + f, 0, { name: `fact_${f + 1}`, ok: false, figure: `customers foreign key resolves: ${f + 1} orphan rows of 6,600, the first at row 4,${f}12 (customer_id 99999 is not in customers)`, phase: 'stream' });
  }
  checks.push({ name: 'seed reference', ok: true, info: true, figure: 'the seed reports 1,100 signups a month', phase: 'stream' });
  return {
    ok: failures === 0,
    scenario: 'show-and-well',
    seed: 42,
    params: {},
    target: 'csv',
    out: 'out',
    tables: Array.from({ length: 12 }, (_, i) => ({ name: `fact_table_${i + 1}`, rows: 1000 * (i + 1), ms: 120, bytes: 40_000 })),
    checks,
    headlines: ['Show & Well, 2025-12-01 to 2026-09-01', '', ...Array.from({ length: 12 }, (_, i) => `Headline ${i + 1}: revenue $${(i + 1) * 1000}`)],
    files: [{ table: null, path: 'out/a.csv', bytes: 480_000, sha256: '' }],
    manifest: 'out/synthgen-manifest.json',
    catalog: { table: null, path: 'out/CATALOG.md', bytes: 1, sha256: '' },
    timings: { generateMs: 1000, checkMs: 200, totalMs: 1500 },
  };
}

