// bar-platform (seed 003, part 1): DEV end to end through the real binary on every
// file target, the environments (presets, DATAGEN_ENV) and their structure at small
// sizes, determinism, knob isolation and corrupted data.
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import { SIZES, settingsOf } from '../scenarios/bar-platform/settings.js';
import { resolveParams } from '../src/engine/params.js';
import { expectRefused, runCli, sandbox, snapshot as snapshotDir, USER_FILES } from './helpers/binary.js';
import { tampered } from './helpers/corrupt.js';
import { tableFiles } from './helpers/parquet.js';
import { runTo, snapshot, tempDir } from './helpers/run.js';

interface Summary {
  ok: boolean;
  tables: { name: string; rows: number }[];
  checks: { name: string; ok: boolean; figure: string; info?: boolean }[];
}
const failed = (s: Summary) => s.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`);
const rowsOf = (s: Summary) => Object.fromEntries(s.tables.map((t) => [t.name, t.rows]));
const SEED_TABLES = Object.keys(SIZES.DEV);

function jsonRun(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; summary: Summary; dir: string; stderr: string } {
  const dir = sandbox();
  const r = runCli(dir, ['run', '--scenario', 'bar-platform', '--json', ...args], 120_000, env);
  return { status: r.status, summary: r.stdout ? (JSON.parse(r.stdout) as Summary) : ({} as Summary), dir, stderr: r.stderr };
}

describe('bar-platform DEV end to end', () => {
  it.each([
    ['csv', 'raw'],
    ['sqlite', 'raw.db'],
    ['parquet', 'raw'],
    ['duckdb', 'raw.duckdb'],
  ])('%s: the seed\'s exact DEV counts, every check passing', async (target, out) => {
    const { status, summary, dir, stderr } = jsonRun(['--target', target, '--out', out]);
    expect(failed(summary), stderr).toEqual([]);
    expect(status).toBe(0);
    const rows = rowsOf(summary);
    for (const t of SEED_TABLES) expect(rows[t], t).toBe(SIZES.DEV[t]);
    expect(rows.device_health).toBeGreaterThan(450);
    // Every check the seed names is there with its figure.
    const names = summary.checks.map((c) => c.name);
    for (const want of [/^row counts of DEV$/, /account MRR equals its current subscription MRR/, /subscription history gap-free/, /pours peak 6-10pm local time/, /accounts grow by growth a year/, /engaged accounts churn less/, /higher-MRR accounts have more users/, /no temporal paradoxes/, /^freshness/, /device_health's pours are the device's tap_events/]) {
      expect(names.some((n) => want.test(n)), String(want)).toBe(true);
    }
    if (target === 'sqlite' || target === 'duckdb') expect(names.filter((n) => n.endsWith('(SQL)')).length).toBe(barPlatform.sqlChecks!(resolveParams(barPlatform, {}, {})).length);
    if (target === 'parquet') {
      // An independent reader (hyparquet) sees the rows the run counted.
      for (const t of ['accounts', 'products', 'devices', 'tap_events']) {
        let n = 0;
        for (const f of tableFiles(join(dir, out), t)) n += Number((await parquetMetadataAsync(await asyncBufferFromFile(f))).num_rows);
        expect(n, t).toBe(rows[t]);
      }
    }
    if (target === 'csv') {
      const accounts = readFileSync(join(dir, out, 'accounts.csv'), 'utf8').trim().split('\n');
      expect(accounts[0]).toBe('account_id,company_name,domain,industry,tier,mrr,employees,hq_state,created_at,trial_started_at,status,churned_at');
      expect(accounts.length).toBe(101);
    }
  }, 120_000);
});

describe('bar-platform environments', () => {
  it('each preset resolves to the seed\'s exact counts, from the env parameter or DATAGEN_ENV', () => {
    for (const env of ['DEV', 'QA', 'PRODUCTION'] as const) {
      expect(settingsOf(resolveParams(barPlatform, {}, { DATAGEN_ENV: env })).counts).toEqual(SIZES[env]);
      expect(settingsOf(resolveParams(barPlatform, { env }, {})).counts).toEqual(SIZES[env]);
    }
    // Nothing set: DEV.
    expect(settingsOf(resolveParams(barPlatform, {}, {})).counts).toEqual(SIZES.DEV);
    // --set (or a profile) wins over DATAGEN_ENV.
    expect(settingsOf(resolveParams(barPlatform, { env: 'DEV' }, { DATAGEN_ENV: 'PRODUCTION' })).env).toBe('DEV');
  });

  it('DATAGEN_ENV=QA gives QA\'s counts in describe (the real binary)', () => {
    const dir = sandbox();
    const r = runCli(dir, ['describe', 'bar-platform'], 20_000, { DATAGEN_ENV: 'QA' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tap_events (about 50,000,000 rows)');
    expect(r.stdout).toContain('accounts (about 10,000 rows)');
    const dev = runCli(dir, ['describe', 'bar-platform']);
    expect(dev.stdout).toContain('tap_events (about 500,000 rows)');
  });

  it('an unknown DATAGEN_ENV is refused with one line, exit 2, nothing written', () => {
    const dir = sandbox(USER_FILES);
    const before = snapshotDir(dir);
    const r = runCli(dir, ['run', '--scenario', 'bar-platform', '--target', 'csv', '--out', 'out'], 20_000, { DATAGEN_ENV: 'STAGING' });
    expectRefused(dir, before, r, 'synthgen: DATAGEN_ENV=STAGING is not a value for env: it must be one of DEV, QA, PRODUCTION (unset DATAGEN_ENV for the default, DEV)');
  });

  it.each([
    ['QA', { DATAGEN_ENV: 'QA' }, [], 'QA'],
    ['PRODUCTION', { DATAGEN_ENV: 'PRODUCTION' }, [], 'PRODUCTION'],
    ['--set env=DEV over DATAGEN_ENV=QA', { DATAGEN_ENV: 'QA' }, ['--set', 'env=DEV'], 'DEV'],
  ] as const)('%s at 40 accounts: the environment\'s ratios, every check passing', (_name, env, sets, want) => {
    const { status, summary, stderr } = jsonRun(['--target', 'csv', '--out', 'o', '--set', 'accounts=40', ...sets], env);
    expect(failed(summary), stderr).toEqual([]);
    expect(status).toBe(0);
    const seed = SIZES[want];
    const rows = rowsOf(summary);
    const ratio = (child: string, parent: string) => seed[child] / seed[parent];
    expect(rows.accounts).toBe(40);
    expect(rows.locations).toBe(60);
    expect(rows.users).toBe(120);
    expect(rows.devices).toBe(180);
    expect(rows.subscriptions).toBe(50);
    expect(rows.user_sessions).toBe(Math.round(120 * ratio('user_sessions', 'users')));
    expect(rows.page_views).toBe(rows.user_sessions * 5);
    expect(rows.feature_usage).toBe(Math.round(120 * ratio('feature_usage', 'users')));
    expect(rows.tap_events).toBe(Math.round(180 * ratio('tap_events', 'devices')));
    expect(summary.checks.find((c) => c.name.startsWith('row counts of'))!.name).toBe(`row counts of ${want} (scaled)`);
  }, 120_000);
});

describe('bar-platform determinism', () => {
  const small = { accounts: 25, tap_events_per_device: 300 };
  const files = async (set: Record<string, unknown>, batchSize?: number) => {
    const out = join(tempDir(), 'o');
    await runTo(barPlatform, 'csv', out, { set, batchSize });
    return snapshot(out);
  };

  it('byte-identical for the same inputs, whatever the batch size', async () => {
    const a = await files(small, 97);
    const b = await files(small, 5000);
    expect([...a.keys()].length).toBe(barPlatform.tables(resolveParams(barPlatform, small, {}), 42).length + 1); // every table and CATALOG.md
    for (const [name, bytes] of a) expect(bytes.equals(b.get(name)!), name).toBe(true);
  }, 60_000);

  it('a knob of one table leaves unrelated tables byte-identical', async () => {
    const base = await files(small);
    // CATALOG.md records the parameters, so it changes with any knob by design.
    const changed = (other: Map<string, Buffer>) => [...base.keys()].filter((k) => k !== 'CATALOG.md' && !base.get(k)!.equals(other.get(k)!)).sort();
    expect(changed(await files({ ...small, tap_events_per_device: 150 }))).toEqual(['device_health.csv', 'tap_events.csv']);
    expect(changed(await files({ ...small, sessions_per_user: 40 }))).toEqual(['page_views.csv', 'user_sessions.csv', 'users.csv']);
    expect(changed(await files({ ...small, page_views_per_session: 3 }))).toEqual(['page_views.csv', 'user_sessions.csv']);
    expect(changed(await files({ ...small, feature_events_per_user: 30 }))).toEqual(['feature_usage.csv']);
  }, 120_000);
});

describe('bar-platform checks fail on corrupted data', () => {
  const cases: [string, string, (r: unknown[], i: number) => unknown, RegExp][] = [
    ['an account MRR off its subscription', 'accounts', (r, i) => i === 3 && (r[5] = (r[5] as number) + 100), /^account MRR equals its current subscription MRR: 1 differ/],
    ['a pour before its device was installed', 'tap_events', (r, i) => i === 10 && (r[2] = (r[2] as number) - 400 * 86_400), /^pours only while the device is installed/],
    ['a page view moved by a second', 'page_views', (r, i) => i === 7 && (r[4] = (r[4] as number) + 1), /^sessions are their page views/],
    ['a health row with one pour too many', 'device_health', (r, i) => i === 2 && (r[7] = (r[7] as number) + 1), /^device_health's pours are the device's tap_events: 0 pours beyond their month's count, 1 device-months short/],
    ['a Staff user turned Admin everywhere', 'users', (r) => (r[5] = 'Admin'), /^role mix/],
    ['a feature above the tier', 'feature_usage', (r, i) => i === 0 && (r[3] = 'custom_roles'), /^features only after release and within the tier/],
  ];
  it.each(cases)('%s', async (_name, table, change, fails) => {
    const out = join(tempDir(), 'o');
    const s = await runTo(tampered(barPlatform, table, change as never), 'csv', out, { set: { accounts: 20, tap_events_per_device: 200 } });
    expect(s.ok).toBe(false);
    expect(failed(s as unknown as Summary).some((f) => fails.test(f)), failed(s as unknown as Summary).join('\n')).toBe(true);
  }, 60_000);
});
