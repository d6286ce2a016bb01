// bar-platform's Stripe source: the seed's counts, the connector's shape, MRR that
// reconciles with the platform's subscriptions (recomputed here from the files),
// and checks that fail when the billing data is wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import { SOURCE_SIZES } from '../scenarios/bar-platform/settings.js';
import { tampered } from './helpers/corrupt.js';
import { runTo, tempDir } from './helpers/run.js';

type Summary = { ok: boolean; checks: { name: string; ok: boolean; figure: string; info?: boolean }[]; tables: { name: string; rows: number }[] };
const failed = (s: Summary) => s.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`);

/** A CSV file as objects (these files have no quoted commas in the columns read here). */
function csv(dir: string, table: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(dir, `${table}.csv`), 'utf8').trim().split('\n');
  const names = head.split(',');
  return lines.map((l) => {
    const cells = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replaceAll('""', '"'));
    return Object.fromEntries(names.map((n, i) => [n, cells[i]]));
  });
}

describe('bar-platform Stripe at DEV', () => {
  const out = join(tempDir(), 'dev');
  let summary: Summary;

  it('has the seed\'s DEV counts and passes every check', async () => {
    summary = (await runTo(barPlatform, 'csv', out, {})) as unknown as Summary;
    expect(failed(summary)).toEqual([]);
    const rows = Object.fromEntries(summary.tables.map((t) => [t.name, t.rows]));
    for (const t of ['stripe_customer', 'stripe_price', 'stripe_subscription', 'stripe_subscription_item', 'stripe_invoice', 'stripe_charge', 'stripe_event']) expect(rows[t], t).toBe(SOURCE_SIZES.DEV[t]);
    expect(rows.stripe_product).toBe(6);
    expect(rows.stripe_balance_transaction).toBe(rows.stripe_charge);
    expect(summary.checks.find((c) => c.name.startsWith('MRR from Stripe'))!.figure).toMatch(/largest difference \$0/);
  }, 120_000);

  it('ids in Stripe\'s shape, ascending; metadata names the account', () => {
    for (const [table, prefix] of [['stripe_customer', 'cus'], ['stripe_invoice', 'in'], ['stripe_charge', 'ch'], ['stripe_event', 'evt']] as const) {
      const ids = csv(out, table).map((r) => r.id);
      for (const id of ids) expect(id).toMatch(new RegExp(`^${prefix}_[0-9A-Za-z]{24}$`));
      expect([...ids].sort()).toEqual(ids);
    }
    const accounts = new Map(csv(out, 'accounts').map((a) => [a.account_id, a]));
    for (const c of csv(out, 'stripe_customer')) {
      const a = accounts.get(JSON.parse(c.metadata).account_id)!;
      expect(c.email).toBe(`billing@${a.domain}`);
      expect(c.created).toBe(a.created_at);
    }
  });

  it('MRR from items equals the platform\'s at every month start (recomputed from the files)', () => {
    const prices = new Map(csv(out, 'stripe_price').map((p) => [p.id, p.recurring_interval === 'year' ? Number(p.unit_amount) / 12 : Number(p.unit_amount)]));
    const itemMrr = new Map<string, number>();
    for (const i of csv(out, 'stripe_subscription_item')) itemMrr.set(i.subscription_id, (itemMrr.get(i.subscription_id) ?? 0) + prices.get(i.plan_id)! * Number(i.quantity));
    const t = (x: string) => (x ? Date.parse(x.replace(' ', 'T') + (x.endsWith('Z') ? '' : 'Z')) : NaN);
    const stripe = csv(out, 'stripe_subscription').map((s) => ({ start: t(s.created), end: s.ended_at ? t(s.ended_at) : Infinity, trial: s.trial_end ? t(s.trial_end) : -Infinity, mrr: itemMrr.get(s.id)! }));
    const platform = csv(out, 'subscriptions').map((s) => ({ start: t(s.started_at), end: s.ended_at ? t(s.ended_at) : Infinity, trial: s.trial_end ? t(s.trial_end) : -Infinity, mrr: Math.round(Number(s.mrr) * 100) }));
    const at = (subs: typeof stripe, when: number) => subs.filter((s) => s.start <= when && when < s.end && s.trial <= when).reduce((x, s) => x + s.mrr, 0);
    let compared = 0;
    for (let y = 2021; y <= 2025; y++) {
      for (let m = 0; m < 12; m++) {
        const when = Date.UTC(y, m, 1);
        expect(at(stripe, when), `${y}-${m + 1}`).toBe(at(platform, when));
        compared++;
      }
    }
    expect(compared).toBe(60);
    expect(at(platform, Date.UTC(2025, 11, 31))).toBeGreaterThan(0);
  });

  it('charges equal their invoices; 95% paid; line items sum to the invoice', () => {
    const invoices = new Map(csv(out, 'stripe_invoice').map((i) => [i.id, i]));
    const lines = new Map<string, number>();
    for (const l of csv(out, 'stripe_invoice_line_item')) lines.set(l.invoice_id, (lines.get(l.invoice_id) ?? 0) + Number(l.amount));
    for (const [id, i] of invoices) expect(lines.get(id), id).toBe(Number(i.subtotal));
    const charges = csv(out, 'stripe_charge');
    for (const c of charges) {
      const i = invoices.get(c.invoice_id)!;
      expect(i.status).toBe('paid');
      expect(c.amount).toBe(i.total);
      expect(c.created >= i.status_transitions_finalized_at).toBe(true);
    }
    expect(charges.length).toBe(Math.round(0.95 * invoices.size));
  });
});

describe('bar-platform Stripe checks fail on corrupted data', () => {
  const cases: [string, string, (r: unknown[], i: number) => unknown, RegExp][] = [
    ['an item quantity changed', 'stripe_subscription_item', (r, i) => i === 2 && (r[3] = (r[3] as number) + 1), /^MRR from Stripe subscription items reconciles/],
    ['a line item off by a cent', 'stripe_invoice_line_item', (r, i) => i === 5 && (r[6] = (r[6] as number) + 1), /^invoice amounts equal their line items/],
    ['a charge a day before its invoice', 'stripe_charge', (r, i) => i === 4 && (r[11] = (r[11] as number) - 86_400), /^charges equal their paid invoices and follow them/],
    ['a fee rounded wrong', 'stripe_balance_transaction', (r, i) => i === 1 && (r[3] = (r[3] as number) + 1), /^balance transactions/],
    ['an event out of time order', 'stripe_event', (r, i) => i === 30 && (r[2] = (r[2] as number) - 86_400 * 30), /^Stripe events in time order/],
    ['a subscription starting a day late', 'stripe_subscription', (r, i) => i === 1 && (r[3] = (r[3] as number) + 86_400), /^one Stripe subscription per platform subscription/],
    ['an invoice skipping a period', 'stripe_invoice', (r, i) => i === 9 && (r[9] = (r[9] as number) + 86_400), /^invoices cover every billing period/],
  ];
  it.each(cases)('%s', async (_name, table, change, fails) => {
    const out = join(tempDir(), 'o');
    const s = (await runTo(tampered(barPlatform, table, change as never), 'csv', out, { set: { accounts: 20, tap_events_per_device: 20, sessions_per_user: 5, feature_events_per_user: 5 } })) as unknown as Summary;
    expect(s.ok).toBe(false);
    expect(failed(s).some((f) => fails.test(f)), failed(s).join('\n')).toBe(true);
  }, 60_000);
});
