import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SCENARIOS } from '../scenarios/index.js';
import { saasMetrics, settingsOf } from '../scenarios/saas-metrics/index.js';
import { LifeModel } from '../scenarios/saas-metrics/lifecycle.js';
import { saasChurn } from '../scenarios/saas-churn/index.js';
import { showAndWell } from '../scenarios/show-and-well/index.js';
import { resolveParams } from '../src/engine/params.js';
import { runCommand } from '../src/commands/run.js';
import { tampered, withOrphan } from './helpers/corrupt.js';
import { runTo, tempDir } from './helpers/run.js';
import { makeSandbox, removeSandbox, runCli, type CliResult } from './helpers/binary.js';
import { shareNear, shareTolerance, sumTolerance } from '../src/checks/figures.js';
import type { CheckResult, Scenario } from '../src/engine/model.js';
import { summaryText } from '../src/headless/summary.js';

const orphan = withOrphan();
let eighth = '';
const duplicate = tampered(saasMetrics, 'customers', (r, i) => (i === 8 ? (eighth = r[0] as string) : i === 9 && (r[0] = eighth)), 'saas-duplicate');

const failed = (s: { checks: { name: string; ok: boolean; figure: string }[] }) => s.checks.filter((c) => !c.ok);

describe('checks', () => {
  it('pass on the default saas-metrics run with the seed figures', async () => {
    const s = await runTo(saasMetrics, 'sqlite', join(tempDir(), 'x.db'));
    expect(failed(s)).toEqual([]);
    expect(s.tables.map((t) => [t.name, t.rows])).toEqual([
      ['customers', 500],
      ['subscriptions', 648],
      ['mrr_movements', 24],
    ]);
    const fk = s.checks.find((c) => c.name === 'subscriptions: customers foreign key resolves')!;
    expect(fk.figure).toBe('0 orphan subscriptions of 648');
    expect(s.checks.find((c) => c.name === 'PRAGMA integrity_check')!.figure).toBe('ok');
  });

  it('an orphan foreign key fails the stream check and PRAGMA foreign_key_check', async () => {
    const s = await runTo(orphan, 'sqlite', join(tempDir(), 'x.db'));
    expect(s.ok).toBe(false);
    const subs = s.tables.find((t) => t.name === 'subscriptions')!.rows;
    const names = failed(s).map((c) => `${c.name}: ${c.figure}`);
    expect(names).toContain(`subscriptions: customers foreign key resolves: 1 orphan subscriptions of ${subs}`);
    expect(names).toContain('PRAGMA foreign_key_check: 1 violations');
  });

  it('a duplicate key fails the stream check and the read-back row count', async () => {
    const s = await runTo(duplicate, 'sqlite', join(tempDir(), 'x.db'));
    const names = failed(s).map((c) => `${c.name}: ${c.figure}`);
    expect(names).toContain('customers: primary key unique: 1 duplicate customer_id of 500');
    expect(names).toContain('customers: rows in database: 499 read back of 500 generated');
    const csv = await runTo(duplicate, 'csv', join(tempDir(), 'out'));
    expect(failed(csv).map((c) => c.name)).toContain('customers: primary key unique');
  });

  it('a failed check makes the run command return exit code 1', async () => {
    SCENARIOS.push(orphan, duplicate);
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const dir = tempDir();
      expect(await runCommand({ scenario: 'saas-orphan', target: 'csv', out: join(dir, 'a'), json: true })).toBe(1);
      expect(await runCommand({ scenario: 'saas-duplicate', target: 'sqlite', out: join(dir, 'b.db'), json: true })).toBe(1);
      expect(await runCommand({ scenario: 'saas-metrics', target: 'sqlite', out: join(dir, 'c.db'), json: true })).toBe(0);
      expect(existsSync(join(dir, 'c.db'))).toBe(true);
    } finally {
      quiet.mockRestore();
      SCENARIOS.splice(SCENARIOS.indexOf(orphan), 2);
    }
  });
});

/** The real binary writing CSV into a sandbox that is removed afterwards. */
function csvRun(scenario: string, sets: string[], extra: string[] = []): CliResult & { dir: string } {
  const dir = makeSandbox();
  sandboxes.push(dir);
  const r = runCli(dir, ['run', '--scenario', scenario, '--target', 'csv', '--out', 'o', ...sets.flatMap((s) => ['--set', s]), ...extra], 60_000);
  return { ...r, dir };
}
const sandboxes: string[] = [];
afterEach(() => {
  for (const dir of sandboxes.splice(0)) removeSandbox(dir);
});
const csvColumn = (file: string, column: number) => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[column]);

describe('checks follow the resolved parameters', () => {
  // Each of these correct runs exited 1 ("FAILED") when the checks expected the seed's defaults.
  const cases: [string, string[]][] = [
    ['saas-churn', ['customers=50']],
    ['saas-churn', ['customers=2000', 'months=6']],
    ['saas-churn', ['customers=2000', 'tickets_per_month=2']],
    ['saas-churn', ['customers=2000', 'plan_mix=Free:0.9']],
    ['saas-churn', ['customers=2000', 'paid_cancel_rate=0.2']],
    ['saas-churn', ['customers=2000', 'base_retention=Free:0.9']],
    ['saas-churn', ['customers=2000', 'log_drop_min=0.5', 'log_drop_max=0.9']],
    ['saas-metrics', ['upgrade_rate=0.8']],
    ['show-and-well', ['end_date=2025-12-31']],
  ];
  it.each(cases)('%s %j exits 0 with every check passing', (scenario, sets) => {
    const r = csvRun(scenario, sets);
    expect(r.stdout).not.toContain('FAILED');
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('All checks passed');
  });

  it("shows the seed's reference numbers as information when the parameters differ, never as a failure", () => {
    const churn = csvRun('saas-churn', ['customers=2000', 'months=6'], ['--json']);
    expect(churn.status).toBe(0);
    const summary = JSON.parse(churn.stdout);
    const seed = summary.checks.find((c: CheckResult) => c.name === "rows against the seed's reference");
    expect(seed).toMatchObject({ ok: true, info: true });
    expect(seed.figure).toMatch(/^[\d,]+ \/ [\d,]+ \/ [\d,]+ usage \/ bill \/ ticket rows; the seed's about 80,000 \/ 24,000 \/ 7,600 for 2,000 customers \(at the seed's parameters; these differ\)$/);
    const text = summaryText({ ...summary, checks: [seed] });
    expect(text).toContain(`  i rows against the seed's reference: ${seed.figure}`);
    expect(text).toContain('All checks passed');

    const metrics = csvRun('saas-metrics', ['upgrade_rate=0.8'], ['--json']);
    const rules = JSON.parse(metrics.stdout).checks.find((c: CheckResult) => c.name.includes("the seed's rules"));
    expect(rules).toMatchObject({ name: "subscriptions per customer against the seed's rules", ok: true, info: true });
  });

  it("keeps the seed's rules as checks at the seed's parameters", () => {
    const r = csvRun('saas-churn', ['customers=2000'], ['--json']);
    const names = JSON.parse(r.stdout).checks.filter((c: CheckResult) => c.name.includes('seed')).map((c: CheckResult) => [c.name, c.ok, c.info ?? false]);
    expect(names).toEqual([["rows near the seed's", true, false]]);
  });

  it('saas-metrics supports a start_date that is not the 1st and dates before 1970, and refuses a window past 9999-12-31', () => {
    const mid = csvRun('saas-metrics', ['start_date=2023-01-15']);
    expect(mid.status, mid.stdout).toBe(0);
    const signups = csvColumn(join(mid.dir, 'o', 'customers.csv'), 2).sort();
    expect(signups[0]).toBe('2023-01-15');
    expect(csvColumn(join(mid.dir, 'o', 'subscriptions.csv'), 2).sort()[0] >= '2023-01-15').toBe(true);
    expect(csvColumn(join(mid.dir, 'o', 'mrr_movements.csv'), 0)[0]).toBe('2023-01-01');

    const early = csvRun('saas-metrics', ['start_date=1969-12-31']);
    expect(early.status, early.stdout).toBe(0);
    expect(csvColumn(join(early.dir, 'o', 'customers.csv'), 2).sort()[0]).toBe('1969-12-31');

    const late = csvRun('saas-metrics', ['start_date=9999-12-31']);
    expect([late.status, late.stdout, late.stderr]).toEqual([2, '', 'synthgen: start_date 9999-12-31 plus 24 months runs past 9999-12-31; pick an earlier start_date, fewer months or an end_date\n']);
    expect(existsSync(join(late.dir, 'o'))).toBe(false);
    // One month from the last day is the shortest window, and it fits.
    const lastDay = csvRun('saas-metrics', ['start_date=9999-12-31', 'months=1', 'customers=10']);
    expect(lastDay.status, lastDay.stdout).toBe(0);
    expect(new Set(csvColumn(join(lastDay.dir, 'o', 'customers.csv'), 2))).toEqual(new Set(['9999-12-31']));
  });
});

describe('tolerances for sample size', () => {
  it('state a Bernstein bound: about 5.4 standard errors for large samples, a floor for tiny ones', () => {
    expect(shareTolerance(0.5, 1_000_000)).toBeCloseTo(5.39 * 0.0005, 4);
    expect(shareTolerance(0.5, 1)).toBeGreaterThan(1);
    expect(shareTolerance(0, 1000)).toBeCloseTo((2 * Math.log(2e6)) / 3 / 1000, 6);
    expect(sumTolerance(0, 1, 1)).toBe(0);
  });

  it('a correct binomial sample stays inside them, whatever its size and share', () => {
    const rng = seedrandom.alea('tolerance');
    let outside = 0;
    let trials = 0;
    for (const n of [1, 2, 5, 10, 30, 100, 1000]) {
      for (const p of [0, 0.01, 0.05, 0.3, 0.5, 0.9, 1]) {
        for (let t = 0; t < 300; t++) {
          let k = 0;
          for (let i = 0; i < n; i++) if (rng() < p) k++;
          trials++;
          if (!shareNear(k / n, n, p).ok) outside++;
        }
      }
    }
    expect([outside, trials]).toEqual([0, 14_700]);
    // ...and a share that is clearly off still fails at a modest size.
    expect(shareNear(0.3, 1000, 0.5).ok).toBe(false);
  });
});

describe('data made with other parameters than the ones declared fails', () => {
  /** `scenario` whose rows come from `actual` parameters while its checks see the declared ones. */
  const madeWith = (scenario: Scenario, actual: Record<string, unknown>): Scenario => ({
    ...scenario,
    tables: (p, seed) => scenario.tables(resolveParams(scenario, { ...p, ...actual }), seed),
  });
  const cases: [string, Scenario, Record<string, unknown>, Record<string, unknown>, string[]][] = [
    ['saas-churn, more cancellations', saasChurn, { customers: 3000 }, { paid_cancel_rate: 0.1 }, [
      'usage_daily rows as the parameters predict', 'billing rows as the parameters predict', 'support rows as the parameters predict', "rows near the seed's", 'active days per customer by plan (retention x activity)',
    ]],
    ['saas-churn, more tickets', saasChurn, { customers: 3000 }, { tickets_per_month: 1.5 }, ['support rows as the parameters predict', "rows near the seed's"]],
    ['saas-metrics, more upgrades', saasMetrics, { customers: 3000 }, { upgrade_rate: 0.3 }, ['customers with one subscription', 'customers with an upgrade']],
    ['saas-metrics, more churn', saasMetrics, { customers: 3000 }, { churn_rate: 0.1 }, ['monthly churn rate (tenure months 1-6)']],
    ['show-and-well, more trainer wishes', showAndWell, {}, { wants_trainer_rate: 0.45 }, ['wants-trainer rate close to its setting']],
  ];
  it.each(cases)('%s', async (_, scenario, declared, actual, expected) => {
    const dir = makeSandbox();
    sandboxes.push(dir);
    const s = await runTo(madeWith(scenario, actual), 'csv', join(dir, 'o'), { set: declared });
    const names = s.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(names).toEqual(expected);
  });
});

describe('ID schemes hold at the extremes of the parameters', () => {
  it('saas-metrics: a life never has more subscriptions than its 8 ID slots (at most 4: two upgrades, one downgrade)', () => {
    const extreme = settingsOf(resolveParams(saasMetrics, { customers: 20_000, months: 240, churn_rate: 0, upgrade_rate: 0.85, downgrade_rate: 0.6 }));
    const model = new LifeModel(extreme);
    const rng = seedrandom.alea('ids');
    let most = 0;
    for (let i = 0; i < extreme.customers; i++) most = Math.max(most, model.life(i, rng).segments.length);
    expect(most).toBe(4);
  });
});
