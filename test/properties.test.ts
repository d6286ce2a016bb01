// Property test: a check fails only when the data is wrong. For each scenario, random
// parameter sets drawn from every parameter's declared range (sizes kept small so the
// file stays fast) must pass every check, and the same data with one row corrupted
// must fail. The property seeds are fixed, so a failure reproduces; its message holds
// the parameter set.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import { saasChurn } from '../scenarios/saas-churn/index.js';
import { saasMetrics } from '../scenarios/saas-metrics/index.js';
import { showAndWell } from '../scenarios/show-and-well/index.js';
import { formatDate, parseDate } from '../src/engine/dates.js';
import type { ParamSpec, ParamValue, Params, Row, Scenario } from '../src/engine/model.js';
import { formatParam, resolveParams } from '../src/engine/params.js';
import { run } from '../src/engine/runner.js';
import { createSink } from '../src/sinks/index.js';
import { CLI } from './helpers/binary.js';
import { tampered } from './helpers/corrupt.js';

type Rng = () => number;

const DIR = mkdtempSync(join(tmpdir(), 'synthgen-props-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

// The earliest date parseDate takes (years 0000-0099 would be read as 1900-1999 by Date.UTC, so they are refused).
const FIRST_DAY = parseDate('0100-01-01')!;
const LAST_DAY = parseDate('9999-12-31')!;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** A value inside the parameter's declared range; one draw in five sits on a bound. */
function draw(spec: ParamSpec, rng: Rng): ParamValue {
  const edge = rng() < 0.2;
  const between = (lo: number, hi: number, integer: boolean) => {
    if (edge) return rng() < 0.5 ? lo : hi;
    return integer ? lo + Math.floor(rng() * (hi - lo + 1)) : round3(lo + rng() * (hi - lo));
  };
  switch (spec.type) {
    case 'integer':
    case 'number':
      return between(spec.min ?? 0, spec.max ?? 1000, spec.type === 'integer');
    case 'date':
      return formatDate(edge ? (rng() < 0.5 ? FIRST_DAY : LAST_DAY) : FIRST_DAY + Math.floor(rng() * (LAST_DAY - FIRST_DAY)));
    case 'map': {
      const value = { ...(spec.default as Record<string, number>) };
      for (const key of spec.keys ?? Object.keys(value)) if (rng() < 0.6) value[key] = between(spec.min ?? 0, spec.max ?? 10, false);
      return value;
    }
    case 'list': {
      const names = (spec.default as string[]).filter(() => rng() < 0.6);
      if (rng() < 0.3) names.push('Unlisted ' + Math.floor(rng() * 100));
      return names.length ? names : [(spec.default as string[])[0]];
    }
    case 'string':
      return ['', 'p_', 'day06_'][Math.floor(rng() * 3)];
    default:
      return spec.default;
  }
}

/** Per scenario: the parameters drawn, then the size ones overridden to keep a run small. */
interface Plan {
  scenario: Scenario;
  /** Size parameters: small values instead of the declared (up to millions) range. */
  shrink(p: Record<string, ParamValue>, rng: Rng): void;
  /** One corruption per property seed: a row changed so that some check must fail. */
  corruptions: { table: (p: Params) => string; change: (r: Row, i: number) => void; fails: RegExp }[];
}

/** saas-churn: at most about 15,000 child rows, whatever the rates and window. */
function churnSize(p: Record<string, ParamValue>, rng: Rng): void {
  p.customers = 1;
  const one = resolveParams(saasChurn, p);
  const perCustomer = saasChurn.tables(one, 42).slice(1).reduce((a, t) => a + t.estimateRows(one), 0);
  const most = Math.max(1, Math.min(400, Math.floor(15_000 / Math.max(1, perCustomer))));
  p.customers = rng() < 0.15 ? 1 : 1 + Math.floor(rng() * most);
}

const PLANS: Plan[] = [
  {
    scenario: saasChurn,
    shrink: churnSize,
    corruptions: [
      { table: () => 'customers', change: (r, i) => i === 0 && (r[1] = (r[1] as number) - 100_000), fails: /^dates within the window/ },
      { table: () => 'customers', change: (r, i) => i === 0 && (r[2] = 'Gold'), fails: /^plan mix: .*unexpected Gold/ },
    ],
  },
  {
    scenario: saasMetrics,
    shrink(p, rng) {
      p.customers = rng() < 0.15 ? 1 : 1 + Math.floor(rng() * 600);
      // end_date is optional: set on a third of the runs, within 240 months of the start.
      if (rng() < 0.33) p.end_date = formatDate(Math.min(LAST_DAY, parseDate(p.start_date as string)! + Math.floor(rng() * 7000)));
      else p.end_date = null;
    },
    corruptions: [
      { table: (p) => `${p.prefix}customers`, change: (r, i) => i === 0 && (r[4] = -100), fails: /^no negative MRR values/ },
      { table: (p) => `${p.prefix}subscriptions`, change: (r, i) => i === 0 && (r[3] = r[2]), fails: /^end_date after start_date/ },
    ],
  },
  {
    scenario: showAndWell,
    shrink(p, rng) {
      p.providers = rng() < 0.15 ? 0 : Math.floor(rng() * 40);
      p.end_date = formatDate(Math.min(LAST_DAY, parseDate(p.start_date as string)! + Math.floor(rng() * 200)));
    },
    corruptions: [
      { table: () => 'fact_signups', change: (r, i) => i === 0 && (r[4] = (r[3] as number) + 1), fails: /^counts non-negative, wants-trainer within signups/ },
      { table: () => 'fact_finance', change: (r, i) => i === 0 && (r[2] = (r[2] as number) + 100), fails: /^revenue = sessions x price/ },
    ],
  },
  {
    scenario: barPlatform,
    shrink(p, rng) {
      // Any environment's ratios, at most 40 accounts and a few thousand pours.
      p.env = ['DEV', 'QA', 'PRODUCTION'][Math.floor(rng() * 3)];
      p.accounts = 1 + Math.floor(rng() * 40);
      p.sessions_per_user = rng() < 0.3 ? null : round3(rng() * 30);
      p.page_views_per_session = round3(1 + rng() * 5);
      p.feature_events_per_user = rng() < 0.3 ? null : round3(rng() * 30);
      p.tap_events_per_device = round3(1 + rng() * 100);
      if (p.sessions_per_user === null && p.env !== 'DEV') p.sessions_per_user = 20;
      if (p.feature_events_per_user === null && p.env !== 'DEV') p.feature_events_per_user = 20;
    },
    corruptions: [
      { table: () => 'accounts', change: (r, i) => i === 0 && (r[5] = (r[5] as number) + 100), fails: /^account MRR equals its current subscription MRR/ },
      // Before 1970: before any device's install, however long the device waited for its first pour.
      { table: () => 'tap_events', change: (r, i) => i === 0 && (r[2] = -86_400), fails: /^pours only while the device is installed/ },
    ],
  },
];

/** A parameter set the scenario accepts, from one property seed (redrawn until valid). */
function paramsFor(plan: Plan, seed: number): Params {
  const rng = seedrandom.alea(`${plan.scenario.name}/${seed}`);
  for (let attempt = 0; ; attempt++) {
    const p: Record<string, ParamValue> = {};
    for (const spec of plan.scenario.params) p[spec.name] = draw(spec, rng);
    // A map keyed by a list (prices by program) may name only the drawn list's entries, and may set new ones.
    for (const spec of plan.scenario.params) {
      if (!spec.keysFrom) continue;
      const names = p[spec.keysFrom] as string[];
      const map = p[spec.name] as Record<string, number>;
      p[spec.name] = Object.fromEntries(names.map((n) => [n, map[n] ?? round3((spec.min ?? 0) + rng() * ((spec.max ?? 10) - (spec.min ?? 0)))]));
    }
    try {
      plan.shrink(p, rng);
      return resolveParams(plan.scenario, p);
    } catch (e) {
      if (attempt > 200) throw e;
    }
  }
}

/** Odd property seeds write the scenario's default target (SQLite or Parquet, with its read-back rules; SQLite for PostgreSQL), even ones CSV. */
async function runIn(scenario: Scenario, params: Params, name: string, seed: number) {
  // A PostgreSQL default (bar-platform) is written to SQLite here: the same SQL read-back rules, no server.
  const target = seed % 2 ? (scenario.defaultTarget === 'postgres' ? 'sqlite' : scenario.defaultTarget) : 'csv';
  const out = join(DIR, target === 'sqlite' ? `${name}.db` : name);
  try {
    return await run({ scenario, params, seed: 7 }, createSink(target, { out, force: false }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// 24 parameter sets a scenario, each run clean and corrupted (40 took 1.7x the time; all 40 passed when cut).
const SEEDS = Array.from({ length: 24 }, (_, i) => i + 1);

describe.each(PLANS)('$scenario.name: random parameters within the declared ranges', (plan) => {
  it.each(SEEDS)('property seed %i: every check passes, and a corrupted row fails one', async (seed) => {
    const params = paramsFor(plan, seed);
    const context = `${plan.scenario.name} property seed ${seed}: ${JSON.stringify(params)}`;
    const clean = await runIn(plan.scenario, params, `${plan.scenario.name}-${seed}`, seed);
    expect(clean.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`), context).toEqual([]);
    expect(clean.ok, context).toBe(true);

    const bad = plan.corruptions[seed % plan.corruptions.length];
    const broken = await runIn(tampered(plan.scenario, bad.table(params), bad.change), params, `${plan.scenario.name}-${seed}-bad`, seed);
    expect(broken.ok, context).toBe(false);
    expect(broken.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`).some((f) => bad.fails.test(f)), `${context}\nexpected a failure like ${bad.fails}`).toBe(true);
  });

  it('the real binary exits 0 on the first parameter set', () => {
    const params = paramsFor(plan, SEEDS[0]);
    // The resolved maps hold the defaults' names too; --set may name only the list's (prices by program).
    const given = (s: ParamSpec) => (s.keysFrom ? Object.fromEntries(Object.entries(params[s.name] as Record<string, number>).filter(([k]) => (params[s.keysFrom!] as string[]).includes(k))) : params[s.name]);
    const sets = plan.scenario.params.filter((s) => params[s.name] !== null).flatMap((s) => ['--set', `${s.name}=${formatParam(given(s) as ParamValue)}`]);
    const out = join(DIR, `${plan.scenario.name}-cli`);
    const r = spawnSync(process.execPath, [CLI, 'run', '--scenario', plan.scenario.name, '--target', 'csv', '--out', out, '--seed', '7', ...sets], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    rmSync(out, { recursive: true, force: true });
    expect(r.status, `${plan.scenario.name}: ${JSON.stringify(params)}\n${r.stdout}`).toBe(0);
  });
});
