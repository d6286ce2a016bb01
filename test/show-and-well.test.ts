import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { showAndWell } from '../scenarios/show-and-well/index.js';
import type { Scenario } from '../src/engine/model.js';
import { tampered } from './helpers/corrupt.js';
import { runTo, snapshot, tempDir } from './helpers/run.js';
import { csvRun } from './helpers/binary.js';

const BIN = resolve('dist/src/cli.js');
const failed = (s: { checks: { name: string; ok: boolean; figure: string }[] }) => s.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`);


describe('show-and-well', () => {
  it('builds every table of seed 000 at its defaults and passes every check', async () => {
    const s = await runTo(showAndWell, 'csv', join(tempDir(), 'out'));
    expect(failed(s)).toEqual([]);
    expect(s.tables.map((t) => t.name)).toEqual([
      'dim_date', 'dim_geo', 'dim_program', 'dim_provider', 'dim_membership_tier',
      'fact_signups', 'fact_waitlist', 'fact_matches', 'fact_sessions', 'fact_finance', 'fact_membership_revenue', 'provider_geo_map',
    ]);
    const rows = Object.fromEntries(s.tables.map((t) => [t.name, t.rows]));
    expect(rows).toMatchObject({ dim_date: 275, dim_geo: 8, dim_program: 4, dim_provider: 28, dim_membership_tier: 3, fact_signups: 275 * 8 * 3, fact_waitlist: 275 * 8 * 4, fact_finance: 275 * 4 });
    expect(s.headlines[0]).toBe('Show & Well: 2025-12-01 to 2026-09-01 (275 days), 8 cities, 4 programs, 28 providers');
    expect(s.headlines.join('\n')).toMatch(/Revenue: \$[\d,]+; refunds and costs \$[\d,]+; margin \$[\d,]+/);
    const csv = (name: string) => readFileSync(join(s.out, `${name}.csv`), 'utf8').split('\n');
    expect(csv('dim_date')[0]).toBe('date_key,date,year,quarter,month,day,weekofyear,dow,is_weekend');
    expect(csv('dim_date')[1]).toBe('20251201,2025-12-01,2025,4,12,1,49,0,0');
    expect(csv('dim_program').slice(1, 5)).toEqual(['1,Movement,75.00,Physical activity', '2,Nutrition,95.00,Diet', '3,Stress,100.00,Mental health', '4,Weight Loss Goal,85.00,Weight management']);
    expect(csv('dim_membership_tier').slice(1, 4)).toEqual(['1,Basic,50.00', '2,Premium,150.00', '3,Elite,300.00']);
    expect(csv('fact_membership_revenue')[0]).toBe('date_key,provider_key,tier_key,memberships_active,membership_revenue_usd');
  });

  it('is byte-identical for a fixed seed, and a price change touches only dim_program and fact_finance', async () => {
    const dir = tempDir();
    await runTo(showAndWell, 'csv', join(dir, 'a'));
    await runTo(showAndWell, 'csv', join(dir, 'b'), { batchSize: 100 });
    await runTo(showAndWell, 'csv', join(dir, 'c'), { set: { prices: 'Movement:80' } });
    await runTo(showAndWell, 'csv', join(dir, 'd'), { seed: 1 });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => snapshot(join(dir, x)));
    for (const [name, bytes] of a) {
      expect(b.get(name)!.equals(bytes), name).toBe(true);
      // (the catalog holds the parameters, so it changes with them)
      expect(c.get(name)!.equals(bytes), name).toBe(!['dim_program.csv', 'fact_finance.csv', 'CATALOG.md'].includes(name));
    }
    expect(d.get('fact_signups.csv')!.equals(a.get('fact_signups.csv')!)).toBe(false);
  });

  it('fails its checks on corrupted data', async () => {
    const cases: [Scenario, string][] = [
      [tampered(showAndWell, 'fact_finance', (r, i) => i === 10 && (r[2] = (r[2] as number) + 100)), 'revenue = sessions x price: 1 of 1,100 day-program rows differ'],
      [tampered(showAndWell, 'fact_sessions', (r, i) => i === 3 && (r[5] = 510)), 'CSAT within 3.2-5.0: 1 of'],
      [tampered(showAndWell, 'fact_matches', (r, i) => i === 0 && (r[5] = (r[4] as number) + 1)), 'matches approved never exceed requests: 1 of'],
      [tampered(showAndWell, 'fact_matches', (r, i) => i === 1 && (r[6] = 20000)), 'time to match within 6-168 h: 1 of'],
      [tampered(showAndWell, 'fact_waitlist', (r, i) => i === 2 && (r[4] = (r[3] as number) + 1)), 'conversions never exceed waitlist adds: 1 of'],
      [tampered(showAndWell, 'fact_membership_revenue', (r, i) => i === 5 && (r[4] = (r[4] as number) + 1)), 'membership revenue = fee / days in month: 1 of'],
      [tampered(showAndWell, 'fact_signups', (r, i) => i === 7 && (r[1] = 99)), 'fact_signups: dim_geo foreign key resolves: 1 orphan'],
      [tampered(showAndWell, 'fact_sessions', (r, i) => i === 4 && (r[0] = 20270101)), 'every date inside the range: 1 of'],
      [tampered(showAndWell, 'fact_signups', (r) => r[2] === 'Event' && (r[2] = 'Web ')), 'source split close to its weights'],
    ];
    for (const [scenario, expected] of cases) {
      const s = await runTo(scenario, 'csv', join(tempDir(), 'out'));
      expect(s.ok, expected).toBe(false);
      expect(failed(s).some((f) => f.startsWith(expected)), `${expected}\nfailed: ${failed(s).join('\n')}`).toBe(true);
    }
  });

  it('takes a custom city list, program list and date range', async () => {
    const s = await runTo(showAndWell, 'sqlite', join(tempDir(), 'x.db'), {
      set: { cities: 'Minneapolis,Duluth, Rochester', programs: 'Movement,Yoga', start_date: '2026-02-20', end_date: '2026-03-10', 'city_factors': 'Duluth:0.7' },
    });
    expect(failed(s)).toEqual([]);
    const db = new Database(s.out, { readonly: true });
    expect(db.prepare('SELECT city, state, region, population_bucket FROM dim_geo ORDER BY geo_key').raw().all()).toEqual([
      ['Minneapolis', 'MN', 'Core', 'M'],
      ['Duluth', 'MN', 'Other', 'S'],
      ['Rochester', 'MN', 'Other', 'S'],
    ]);
    expect(db.prepare('SELECT program_name, price_per_session FROM dim_program').raw().all()).toEqual([['Movement', 75], ['Yoga', 90]]);
    expect(db.prepare('SELECT count(*), min(date_key), max(date_key) FROM dim_date').raw().get()).toEqual([19, 20260220, 20260310]);
    expect(db.prepare('SELECT count(*) FROM fact_signups').raw().get()).toEqual([19 * 3 * 3]);
    expect(db.prepare('SELECT count(*) FROM fact_signups WHERE date_key NOT IN (SELECT date_key FROM dim_date)').raw().get()).toEqual([0]);
    db.close();
  });

  it('numbers ISO weeks across a year end', async () => {
    const s = await runTo(showAndWell, 'sqlite', join(tempDir(), 'w.db'), { set: { start_date: '2020-12-27', end_date: '2021-01-04' } });
    const db = new Database(s.out, { readonly: true });
    expect(db.prepare('SELECT weekofyear FROM dim_date ORDER BY date_key').raw().all().flat()).toEqual([52, 53, 53, 53, 53, 53, 53, 53, 1]);
    expect(db.prepare('SELECT dow, is_weekend FROM dim_date WHERE date_key = 20210102').raw().get()).toEqual([5, 1]);
    db.close();
  });

  it('handles a one-day range and zero providers with a clear outcome', async () => {
    const one = await runTo(showAndWell, 'csv', join(tempDir(), 'one'), { set: { start_date: '2026-01-15', end_date: '2026-01-15' } });
    expect(failed(one)).toEqual([]);
    expect(one.tables.find((t) => t.name === 'dim_date')!.rows).toBe(1);
    const none = await runTo(showAndWell, 'csv', join(tempDir(), 'none'), { set: { providers: 0 } });
    expect(failed(none)).toEqual([]);
    const rows = Object.fromEntries(none.tables.map((t) => [t.name, t.rows]));
    expect(rows).toMatchObject({ dim_provider: 0, fact_matches: 0, fact_sessions: 0, fact_membership_revenue: 0, provider_geo_map: 0, fact_signups: 6600 });
    expect(none.headlines).toContain('  - No providers: no supply, so no matches, sessions or memberships (every signup pressure maxes the waitlist rate)');
    expect(none.checks.find((c) => c.name === 'initial tier mix close to 50/35/15')!.figure).toBe('no providers, so no memberships');
  });

  it('through the binary: lists and maps from --set and a profile, and the seed quick-start profile', () => {
    const cwd = tempDir();
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    const bad = run('run', '--scenario', 'show-and-well', '--set', 'start_date=2026-05-01', '--set', 'end_date=2026-04-01');
    expect([bad.status, bad.stderr, bad.stdout]).toEqual([2, 'synthgen: end_date 2026-04-01 is before start_date 2026-05-01; set an end_date on or after the start\n', '']);
    const badMap = run('run', '--scenario', 'show-and-well', '--set', 'seasonality=Foo:1');
    expect([badMap.status, badMap.stderr]).toEqual([2, 'synthgen: seasonality has no entry "Foo"; names are Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec\n']);
    const badValue = run('run', '--scenario', 'show-and-well', '--set', 'source_weights=Web:-1');
    expect([badValue.status, badValue.stderr]).toEqual([2, 'synthgen: source_weights: Web must be a number from 0 to 1000, got "-1"\n']);
    expect(existsSync(join(cwd, 'output'))).toBe(false);

    writeFileSync(join(cwd, '.synthgenrc.json'), JSON.stringify({ profiles: { twin: { scenario: 'show-and-well', params: { cities: ['Minneapolis', 'St Paul'], seasonality: { Jan: 2 }, end_date: '2025-12-31' }, out: 'twin' } } }));
    const ok = run('run', '--profile', 'twin', '--json');
    expect(ok.status).toBe(0);
    const summary = JSON.parse(ok.stdout);
    expect(summary.params.cities).toEqual(['Minneapolis', 'St Paul']);
    expect(summary.params.seasonality).toMatchObject({ Jan: 2, Dec: 1.15 });
    expect(summary.tables.find((t: { name: string }) => t.name === 'fact_signups').rows).toBe(31 * 2 * 3);

    const example = JSON.parse(readFileSync(resolve('.synthgenrc.example.json'), 'utf8'));
    expect(example.profiles['show-and-well']).toEqual({ scenario: 'show-and-well', seed: 3102, params: { start_date: '2025-12-01', end_date: '2026-09-01', providers: 28 }, target: 'csv', out: './output' });
    const quick = run('run', '--profile', 'show-and-well', '--config', resolve('.synthgenrc.example.json'));
    expect(quick.status).toBe(0);
    expect(quick.stdout).toContain('Show & Well: 2025-12-01 to 2026-09-01 (275 days), 8 cities, 4 programs, 28 providers');
    expect(existsSync(join(cwd, 'output', 'fact_membership_revenue.csv'))).toBe(true);
  });
});

describe('show-and-well at the edges of its parameters', () => {
  const swCsv = (...sets: string[]) => csvRun('show-and-well', sets);

  it('a one-month range passes the no-show shares (a program with few sessions gets a wide tolerance)', () => {
    const r = swCsv('end_date=2025-12-31');
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/✓ no-show share within each program range: Movement [\d.]+% of [\d,]+ \(range 6%-14%, ±[\d.]+%\)/);
  });

  it('dates before the year 1000 (7-digit date keys) and a fee with sub-cent digits', () => {
    const r = swCsv('start_date=0999-12-25', 'end_date=1000-01-05', 'membership_fees=Premium:79740.332');
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('✓ membership revenue = fee / days in month: 0 of');
    const keys = readFileSync(join(r.dir, 'o', 'dim_date.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect([keys[0], keys.at(-1)]).toEqual(['9991225', '10000105']);
    // Premium is stored as $79,740.33, so a December day earns 7974033 / 31 cents.
    const fee = readFileSync(join(r.dir, 'o', 'dim_membership_tier.csv'), 'utf8');
    expect(fee).toContain('2,Premium,79740.33');
    const premium = readFileSync(join(r.dir, 'o', 'fact_membership_revenue.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).filter((c) => c[2] === '2' && c[0] === '9991225');
    expect(premium.length).toBeGreaterThan(0);
    for (const row of premium) expect(row[4]).toBe((Math.round((7974033 * 100) / 31) / 10000).toFixed(4));
  });
});
