// bar-platform's HubSpot source (seed 003 steps 17-21): DEV through the real
// binary on CSV and SQLite with every check passing and the seed's exact counts,
// the QA and PRODUCTION counts from the settings, checks failing on corrupted
// rows, and determinism across runs and batch sizes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubspotSource } from '../scenarios/bar-platform/hubspot/index.js';
import { describe, expect, it } from 'vitest';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import { crmOf } from '../scenarios/bar-platform/hubspot/plan.js';
import { planOf } from '../scenarios/bar-platform/plan.js';
import { settingsOf, SOURCE_SIZES } from '../scenarios/bar-platform/settings.js';
import { resolveParams } from '../src/engine/params.js';
import { runCli, sandbox } from './helpers/binary.js';
import { tampered } from './helpers/corrupt.js';
import { runTo, snapshot, tempDir } from './helpers/run.js';

interface Summary {
  ok: boolean;
  tables: { name: string; rows: number }[];
  checks: { name: string; ok: boolean; figure: string }[];
}
const failed = (s: Summary) => s.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`);
const rowsOf = (s: Summary) => Object.fromEntries(s.tables.map((t) => [t.name, t.rows]));
const SIZED = ['hubspot_company', 'hubspot_contact', 'hubspot_deal', 'hubspot_engagement', 'hubspot_ticket'];

describe('bar-platform HubSpot DEV end to end', () => {
  it.each([
    ['csv', 'raw'],
    ['sqlite', 'raw.db'],
  ])("%s: the seed's exact DEV counts, every check passing", (target, out) => {
    const dir = sandbox();
    const r = runCli(dir, ['run', '--scenario', 'bar-platform', '--json', '--target', target, '--out', out], 120_000);
    const summary = JSON.parse(r.stdout) as Summary;
    expect(failed(summary), r.stderr).toEqual([]);
    expect(r.status).toBe(0);
    const rows = rowsOf(summary);
    for (const t of SIZED) expect(rows[t], t).toBe(SOURCE_SIZES.DEV[t]);
    // Type rows and links: one per engagement, split by type; every ticket linked once.
    const types = ['call', 'email', 'meeting', 'note', 'task'].reduce((n, t) => n + rows[`hubspot_engagement_${t}`], 0);
    expect(types).toBe(2_500);
    expect(rows.hubspot_engagement_contact).toBe(2_500);
    expect(rows.hubspot_engagement_company).toBe(2_500);
    expect(rows.hubspot_ticket_company).toBe(400);
    expect(rows.hubspot_deal_company).toBe(250);
    const names = summary.checks.map((c) => c.name);
    for (const want of [/^HubSpot row counts of DEV$/, /^win rate 25% of closed deals$/, /closed-won deals are accounts' new business/, /deal stage history ordered and gap-free/, /^every account is one HubSpot company/, /engagements on or after their deal/, /tickets only from customers/, /no temporal paradoxes/]) {
      expect(names.some((n) => want.test(n)), String(want)).toBe(true);
    }
    const win = summary.checks.find((c) => c.name === 'win rate 25% of closed deals')!;
    expect(win.figure).toMatch(/^55 won of 220 closed: 25\.0%/);
    if (target === 'sqlite') for (const rule of hubspotSource.sqlChecks) expect(names).toContain(`${rule.name} (SQL)`);
    if (target === 'csv') {
      const header = readFileSync(join(dir, out, 'hubspot_company.csv'), 'utf8').split('\n')[0];
      expect(header.split(',')).toContain('property_account_id');
      const contacts = readFileSync(join(dir, out, 'hubspot_contact.csv'), 'utf8').trim().split('\n').slice(1);
      // Role addresses and person addresses both occur.
      expect(contacts.some((l) => /,(gm|owner|ops|bar\.manager)@/.test(l))).toBe(true);
      expect(contacts.some((l) => /,[a-z]+\.[a-z]+\d*@/.test(l))).toBe(true);
    }
  }, 120_000);
});

describe('bar-platform HubSpot sizes', () => {
  it("QA and PRODUCTION resolve to the seed's HubSpot counts", () => {
    for (const env of ['QA', 'PRODUCTION'] as const) {
      const s = settingsOf(resolveParams(barPlatform, { env }, {}));
      for (const t of SIZED) expect(s.sources[t], `${env} ${t}`).toBe(SOURCE_SIZES[env][t]);
    }
    expect(SOURCE_SIZES.QA.hubspot_company).toBe(12_500);
    expect(SOURCE_SIZES.PRODUCTION.hubspot_engagement).toBe(1_000_000);
  });

  it('the CRM plan is exact at a custom size: counts, 25% of closed won, won deals before their account', () => {
    const s = settingsOf(resolveParams(barPlatform, { accounts: 400 }, {}));
    const plan = planOf(s, 7);
    const crm = crmOf(plan, 7);
    expect(crm.companies.n).toBe(s.sources.hubspot_company);
    expect(crm.contacts.n).toBe(s.sources.hubspot_contact);
    expect(crm.deals.n).toBe(s.sources.hubspot_deal);
    expect(crm.engagements.n).toBe(s.sources.hubspot_engagement);
    expect(crm.tickets.n).toBe(s.sources.hubspot_ticket);
    expect(crm.deals.won * 4).toBe(crm.deals.won + crm.deals.lost);
    expect(crm.contacts.mqls).toBe(s.sources.marketing_qualified_leads);
    for (let d = 0; d < crm.deals.n; d++) {
      if (crm.deals.outcome[d] !== 1) continue;
      const acc = crm.companies.account[crm.deals.company[d]];
      expect(acc).toBeGreaterThanOrEqual(0);
      expect(plan.accounts.created[acc]).toBeGreaterThanOrEqual(crm.deals.closed[d]);
      expect(plan.accounts.trial[acc]).toBe(0);
    }
  });
});

describe('bar-platform HubSpot checks fail on corrupted data', () => {
  const cases: [string, string, (r: unknown[], i: number) => unknown, RegExp[]][] = [
    ["a company's domain changed", 'hubspot_company', (r, i) => i === 2 && (r[4] = 'elsewhere.com'), [/^HubSpot company's domain and industry are its account's: 1 domains/, /^HubSpot company resolves to its account, same domain \(SQL\)/]],
    ['a won deal closed a year later', 'hubspot_deal', (r) => r[2] === 'closedwon' && (r[10] = (r[10] as number) + 365 * 86_400), [/^closed-won deals are accounts' new business/, /^deal stage history ordered and gap-free/]],
    ['a lost deal turned won', 'hubspot_deal', (r, i) => i === 60 && (r[2] = 'closedwon'), [/^win rate 25% of closed deals/, /^win rate 25% of closed deals \(SQL\)/]],
    ['a stage row moved a day', 'hubspot_deal_stage', (r, i) => i === 3 && (r[2] = (r[2] as number) + 86_400), [/^deal stage history ordered and gap-free: [1-9]/]],
    ['an engagement a year before its deal', 'hubspot_engagement', (r, i) => i === 5 && (r[6] = (r[6] as number) - 365 * 86_400), [/^engagements on or after their deal, contact and company were created: [1-9]/, /^engagement on or after its deal was created \(SQL\)/]],
    ['a ticket before its account', 'hubspot_ticket', (r, i) => i === 0 && (r[9] = (r[9] as number) - 400 * 86_400), [/^tickets only from customers, inside their account's life: 1 of/, /^ticket inside its account's life \(SQL\)/]],
  ];
  it.each(cases)('%s', async (_name, table, change, fails) => {
    const out = join(tempDir(), 'o.db');
    const s = (await runTo(tampered(barPlatform, table, change as never), 'sqlite', out, { set: { accounts: 40, tap_events_per_device: 20, sessions_per_user: 5, feature_events_per_user: 5 } })) as unknown as Summary;
    expect(s.ok).toBe(false);
    for (const f of fails) expect(failed(s).some((x) => f.test(x)), `${f}\n${failed(s).join('\n')}`).toBe(true);
  }, 60_000);
});

describe('bar-platform HubSpot determinism', () => {
  const small = { accounts: 30, tap_events_per_device: 20, sessions_per_user: 5, feature_events_per_user: 5 };
  const files = async (batchSize: number) => {
    const out = join(tempDir(), 'o');
    await runTo(barPlatform, 'csv', out, { set: small, batchSize });
    return snapshot(out);
  };
  it('byte-identical for the same seed, whatever the batch size', async () => {
    const a = await files(97);
    const b = await files(5000);
    const c = await files(97);
    const hubspot = [...a.keys()].filter((k) => k.startsWith('hubspot_'));
    expect(hubspot.length).toBe(23);
    for (const name of a.keys()) {
      expect(a.get(name)!.equals(b.get(name)!), name).toBe(true);
      expect(a.get(name)!.equals(c.get(name)!), name).toBe(true);
    }
  }, 60_000);
});
