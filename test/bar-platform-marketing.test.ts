// bar-platform's marketing source (seed 003 steps 22-26, 34): DEV through the real
// binary with every check passing and the seed's exact counts, the QA counts from
// the plan, corrupted data failing the checks that guard it, and determinism.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import { planOf } from '../scenarios/bar-platform/plan.js';
import { SOURCE_SIZES, settingsOf } from '../scenarios/bar-platform/settings.js';
import { crmOf } from '../scenarios/bar-platform/hubspot/plan.js';
import { HUBSPOT_COLUMNS, MARKETING_TABLES, correlationFloor } from '../scenarios/bar-platform/marketing/checks.js';
import { journeysOf, journeyWeights, MAX_TOUCHES, ONE } from '../scenarios/bar-platform/marketing/journeys.js';
import { marketingPlanOf } from '../scenarios/bar-platform/marketing/plan.js';
import { resolveParams } from '../src/engine/params.js';
import { runCli, sandbox } from './helpers/binary.js';
import { tampered } from './helpers/corrupt.js';
import { runTo, snapshot, tempDir } from './helpers/run.js';

interface Summary {
  ok: boolean;
  tables: { name: string; rows: number }[];
  checks: { name: string; ok: boolean; figure: string; info?: boolean }[];
}
const failed = (s: Summary) => s.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`);
const small = { accounts: 20, tap_events_per_device: 50, sessions_per_user: 5, feature_events_per_user: 5 };

describe('bar-platform marketing, DEV end to end', () => {
  it('SQLite: the seed\'s exact DEV counts, every check (stream and SQL) passing', () => {
    const dir = sandbox();
    const r = runCli(dir, ['run', '--scenario', 'bar-platform', '--json', '--target', 'sqlite', '--out', 'raw.db'], 120_000);
    const summary = JSON.parse(r.stdout) as Summary;
    expect(failed(summary), r.stderr).toEqual([]);
    expect(r.status).toBe(0);
    const rows = Object.fromEntries(summary.tables.map((t) => [t.name, t.rows]));
    for (const t of MARKETING_TABLES) expect(rows[t], t).toBe(SOURCE_SIZES.DEV[t]);
    const names = summary.checks.map((c) => c.name);
    for (const want of [
      /^marketing row counts of DEV$/,
      /^campaign channels: Google Ads 40%/,
      /^campaign continuity/,
      /^CTR and CPC per channel within realistic bands$/,
      /^spend paced to budget$/,
      /^marketing spend correlates with account growth/,
      /^attribution weights of each conversion sum to exactly 1$/,
      /^touchpoints on or before their conversion/,
      /^paid touchpoints inside a running campaign of their channel$/,
      /^attribution_touchpoints: hubspot_contact foreign key resolves$/,
      /^attribution_touchpoints: marketing_campaigns foreign key resolves$/,
      /^marketing_qualified_leads: hubspot_deal foreign key resolves$/,
      /^MQLs are HubSpot's marketing qualified contacts, on or after the contact's creation$/,
      /^MQL funnel consistent with HubSpot's deals$/,
      /^bounce rate by landing-page type$/,
      /^web source\/medium mix$/,
      /^attribution weights of each conversion sum to 1 \(SQL\)$/,
      /^MQLs on HubSpot's MQL date, after the contact's creation \(SQL\)$/,
    ]) {
      expect(names.some((n) => want.test(n)), String(want)).toBe(true);
    }
    // DEV's 100 accounts (1.7 a month) cannot show the spend-growth correlation: it is information there, with its figure.
    const r34 = summary.checks.find((c) => c.name.startsWith('marketing spend correlates'))!;
    expect(r34.info).toBe(true);
    expect(r34.figure).toMatch(/^Pearson r 0\.\d\d between monthly spend and monthly new accounts over 60 months/);
  }, 120_000);
});

describe('bar-platform marketing plan', () => {
  it("QA: exact counts from the plan (campaigns, performance days, touchpoints, MQLs, web sessions), budgets growing with new accounts", () => {
    const s = settingsOf(resolveParams(barPlatform, { env: 'QA' }, {}));
    for (const t of MARKETING_TABLES) expect(s.sources[t], t).toBe(SOURCE_SIZES.QA[t]);
    const plan = planOf(s, 42);
    const m = marketingPlanOf(plan, 42);
    expect(m.campaigns.n).toBe(1_250);
    expect(m.campaigns.perfOffset[m.campaigns.n]).toBe(375_000);
    expect(m.web.offset[m.web.offset.length - 1]).toBe(1_500_000);
    expect(journeysOf(plan, 42).touchOffset[crmOf(plan, 42).contacts.n]).toBe(750_000);
    expect(crmOf(plan, 42).contacts.mqls).toBe(20_000);
    // Campaigns inside the history, at least a week.
    for (let i = 0; i < m.campaigns.n; i++) {
      expect(m.campaigns.startDay[i]).toBeGreaterThanOrEqual(s.startDay);
      expect(m.campaigns.startDay[i] + m.campaigns.days[i]).toBeLessThanOrEqual(s.endDay);
      expect(m.campaigns.days[i]).toBeGreaterThanOrEqual(7);
    }
  });

  it('position-based weights sum to exactly one million millionths for every journey length', () => {
    for (let n = 1; n <= MAX_TOUCHES; n++) {
      const w = journeyWeights(n);
      expect(w.length).toBe(n);
      expect(w.reduce((x, y) => x + y, 0)).toBe(ONE);
      for (const x of w) expect(Number.isInteger(x) && x > 0).toBe(true);
    }
    expect(journeyWeights(5)).toEqual([400_000, 66_666, 66_666, 66_666, 400_002]);
  });

  it('the correlation floor rises with the months counted and is not positive for a weak expectation', () => {
    expect(correlationFloor(0.91, 60)).toBeGreaterThan(0.6);
    expect(correlationFloor(0.33, 60)).toBeLessThan(0);
    expect(correlationFloor(0.9, 240)).toBeGreaterThan(correlationFloor(0.9, 60));
  });

  it("the HubSpot columns the checks read are where HubSpot's tables put them", () => {
    const specs = new Map(barPlatform.tables(resolveParams(barPlatform, { accounts: 5 }, {}), 1).map((d) => [d.spec.name, d.spec.columns.map((c) => c.name)]));
    for (const [table, columns] of Object.entries(HUBSPOT_COLUMNS)) {
      for (const [name, index] of Object.entries(columns)) expect(specs.get(table)?.[index], `${table}.${name}`).toBe(name);
    }
  });
});

describe('bar-platform marketing checks fail on corrupted data', () => {
  const cases: [string, string, (r: unknown[], i: number) => unknown, RegExp[]][] = [
    ['a touchpoint weight one millionth too high', 'attribution_touchpoints', (r, i) => i === 4 && (r[10] = (r[10] as number) + 1), [/^attribution weights of each conversion sum to exactly 1: 1 of/]],
    ['a touchpoint after its conversion', 'attribution_touchpoints', (r, i) => i === 2 && (r[5] = (r[8] as number) + 60), [/^touchpoints on or before their conversion, in journey order: 1 after/]],
    ['an MQL a day before its contact existed', 'marketing_qualified_leads', (r, i) => i === 1 && (r[3] = (r[3] as number) - 400 * 86_400), [/^MQLs are HubSpot's marketing qualified contacts, on or after the contact's creation: 1 before/, /^no temporal paradoxes/]],
    ['an MQL whose score never crossed 50', 'marketing_qualified_leads', (r, i) => i === 0 && (r[5] = 49), [/^MQL criteria: lead score crossed 50 at the MQL: 1 of/]],
    ['every campaign day spending 10% more', 'campaign_performance', (r) => (r[5] = Math.round((r[5] as number) * 1.1)), [/^spend paced to budget: [1-9]/]],
    ['clicks tripled', 'campaign_performance', (r) => (r[4] = (r[4] as number) * 3), [/^CTR and CPC per channel within realistic bands/]],
    ['a campaign day missing', 'campaign_performance', (r, i) => i === 3 && (r[2] = (r[2] as number) + 1), [/^campaign continuity/]],
    ['a paid web session on a campaign of another channel', 'ga_sessions', (r, i) => r[4] !== null && i % 7 === 0 && (r[3] = 'organic'), [/^paid web sessions come from a running campaign of their channel/]],
    ['every blog visit engaged', 'ga_sessions', (r) => r[6] === 'blog' && ((r[12] = false), (r[10] = 2), (r[11] = 60)), [/^bounce rate by landing-page type/]],
  ];
  it.each(cases)('%s', async (_name, table, change, fails) => {
    const out = join(tempDir(), 'o');
    const s = (await runTo(tampered(barPlatform, table, change as never), 'csv', out, { set: small })) as unknown as Summary;
    expect(s.ok).toBe(false);
    for (const f of fails) expect(failed(s).some((x) => f.test(x)), `${f}\n${failed(s).join('\n')}`).toBe(true);
  }, 60_000);
});

describe('bar-platform marketing determinism', () => {
  const files = async (set: Record<string, unknown>, batchSize?: number) => {
    const out = join(tempDir(), 'o');
    await runTo(barPlatform, 'csv', out, { set, batchSize });
    const all = snapshot(out);
    return new Map(MARKETING_TABLES.map((t) => [t, all.get(`${t}.csv`)!]));
  };

  it('byte-identical for the same inputs whatever the batch size; platform knobs leave marketing alone', async () => {
    const a = await files(small, 97);
    const b = await files(small, 5000);
    for (const [name, bytes] of a) {
      expect(bytes.length, name).toBeGreaterThan(100);
      expect(bytes.equals(b.get(name)!), name).toBe(true);
    }
    const c = await files({ ...small, tap_events_per_device: 80, sessions_per_user: 9 });
    for (const [name, bytes] of a) expect(bytes.equals(c.get(name)!), name).toBe(true);
  }, 120_000);
});
