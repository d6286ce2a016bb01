// Stripe's rules, measured on the streamed rows against the platform's own: one
// customer per account, one subscription per platform subscription with the same
// dates, MRR from subscription items equal to the platform's MRR every month,
// invoices covering every billing period with amounts equal to their line items,
// charges equal to paid invoices and never before them, fees and nets, events in
// time order, and the seed's counts. Objects are found by the index their ids carry.
import { count, dollars, pct } from '../../../src/checks/figures.js';
import { Tally } from '../../../src/checks/tally.js';
import type { Row } from '../../../src/engine/model.js';
import type { PlatformChecks } from '../platform/checks.js';
import type { Settings } from '../settings.js';
import type { Add, SourceChecks } from '../source.js';
import { monthIndex, monthStartOf } from '../time.js';
import { periodCount } from '../billing.js';
import { OPTIONAL_EVENTS } from './events.js';
import { indexOfId } from './ids.js';
import { FINALIZE_AFTER, PAID_SHARE } from './plan.js';
import { FEE_FIXED, FEE_RATE, CARD_BRANDS } from './tables.js';

const TABLES = ['stripe_customer', 'stripe_price', 'stripe_subscription', 'stripe_subscription_item', 'stripe_invoice', 'stripe_charge', 'stripe_event'];

/** Grows on demand: objects are found by id index, never more than the rows seen. */
class Column64 {
  data = new Float64Array(1024).fill(NaN);
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      let size = this.data.length;
      while (size <= i) size *= 2;
      const grown = new Float64Array(size).fill(NaN);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[i] = v;
  }
  get(i: number): number {
    return i >= 0 && i < this.data.length ? this.data[i] : NaN;
  }
}

export class StripeChecks implements SourceChecks {
  private rows = new Map<string, number>();
  // Platform side.
  private accountCreated = new Map<number, number>();
  private accountDomain = new Map<number, string>();
  private platformSubs: { mrr: number; start: number; end: number; trialEnd: number }[] = [];
  // Customers.
  private customerAccount = new Set<number>();
  private customerBad = 0;
  // Prices: monthly cents per unit, by price index.
  private priceMonthly = new Column64();
  private priceAnnual = new Column64();
  // Subscriptions, by sub_ index.
  private subCreated = new Column64();
  private subAnchor = new Column64();
  private subEnded = new Column64();
  private subTrialEnd = new Column64();
  private subMrr = new Column64();
  private subAnnual = new Column64();
  private subPeriodEnd = new Column64();
  private subBad = 0;
  private subUnmatched = 0;
  // Invoices, by in_ index.
  private invSubtotal = new Column64();
  private invLines = new Column64();
  private invFinalized = new Column64();
  private invPaidAmount = new Column64();
  private invPeriodGaps = 0;
  private invBeforeSub = 0;
  private invAmountBad = 0;
  private statuses = new Tally();
  private late = 0;
  private drafts = 0;
  private paid = 0;
  // Charges, by ch_ index.
  private chargeAmount = new Column64();
  private chargeBad = { amount: 0, early: 0, unpaid: 0 };
  private feeBad = 0;
  private chargeBrand = new Column64();
  // Events.
  private lastEvent = -Infinity;
  private eventsOutOfOrder = 0;
  private eventTypes = new Tally();
  private badIds = 0;

  constructor(
    private s: Settings,
    private platform: PlatformChecks,
  ) {}

  observe(table: string, rows: Row[]): void {
    if (table === 'accounts') for (const r of rows) (this.accountCreated.set(r[0] as number, r[8] as number), this.accountDomain.set(r[0] as number, r[2] as string));
    else if (table === 'subscriptions') for (const r of rows) this.platformSubs[(r[0] as number) - 1] = { mrr: r[3] as number, start: r[6] as number, end: (r[7] as number | null) ?? Infinity, trialEnd: (r[9] as number | null) ?? -Infinity };
    if (!table.startsWith('stripe_')) return;
    this.rows.set(table, (this.rows.get(table) ?? 0) + rows.length);
    const clock = this.platform.clock(table);
    switch (table) {
      case 'stripe_price':
        for (const r of rows) {
          const k = this.index('price', r[0]);
          this.priceMonthly.set(k, r[8] === 'year' ? (r[5] as number) / 12 : (r[5] as number));
          this.priceAnnual.set(k, r[8] === 'year' ? 1 : 0);
        }
        break;
      case 'stripe_customer':
        for (const r of rows) {
          const account = Number(JSON.parse(r[17] as string).account_id);
          clock.see(r[1] as number);
          const ok = this.accountCreated.get(account) === r[1] && (r[2] as string).endsWith('@' + this.accountDomain.get(account)) && !this.customerAccount.has(account);
          if (!ok) this.customerBad++;
          this.customerAccount.add(account);
        }
        break;
      case 'stripe_subscription':
        for (const r of rows) this.subscription(r, clock);
        break;
      case 'stripe_subscription_item':
        for (const r of rows) {
          const sub = this.index('sub', r[1]);
          this.subAnnual.set(sub, this.priceAnnual.get(this.index('price', r[2])));
          this.subMrr.set(sub, (this.subMrr.get(sub) || 0) + this.priceMonthly.get(this.index('price', r[2])) * (r[3] as number));
        }
        break;
      case 'stripe_invoice':
        for (const r of rows) this.invoice(r, clock);
        break;
      case 'stripe_invoice_line_item':
        for (const r of rows) {
          const j = this.index('in', r[1]);
          this.invLines.set(j, (this.invLines.get(j) || 0) + (r[6] as number));
        }
        break;
      case 'stripe_charge':
        for (const r of rows) {
          const j = this.index('in', r[1]);
          const t = r[11] as number;
          clock.see(t, this.invFinalized.get(j));
          if (r[4] !== this.invPaidAmount.get(j)) this.chargeBad.amount++;
          if (!(t >= this.invFinalized.get(j))) this.chargeBad.early++;
          this.chargeAmount.set(this.index('ch', r[0]), r[4] as number);
          this.chargeBrand.set(this.index('ch', r[0]), CARD_BRANDS.indexOf(r[28] as string));
        }
        break;
      case 'stripe_balance_transaction':
        for (const r of rows) {
          const brand = this.chargeBrand.get(this.index('ch', r[1]));
          const amount = r[2] as number;
          clock.see(r[6] as number);
          if (!(brand >= 0) || amount !== this.chargeAmount.get(this.index('ch', r[1])) || r[3] !== Math.round(amount * FEE_RATE[brand]) + FEE_FIXED || r[4] !== amount - (r[3] as number)) this.feeBad++;
        }
        break;
      case 'stripe_event':
        for (const r of rows) {
          const t = r[2] as number;
          clock.see(t);
          if (t < this.lastEvent) this.eventsOutOfOrder++;
          this.lastEvent = t;
          this.eventTypes.add(r[1] as string);
        }
        break;
    }
  }

  private index(prefix: string, id: unknown): number {
    const i = indexOfId(prefix, id);
    if (i < 0) this.badIds++;
    return i;
  }

  private subscription(r: Row, clock: ReturnType<PlatformChecks['clock']>): void {
    const i = this.index('sub', r[0]);
    const meta = JSON.parse(r[14] as string);
    const p = this.platformSubs[Number(meta.subscription_id) - 1];
    const created = r[3] as number;
    const ended = (r[10] as number | null) ?? Infinity;
    const trialEnd = (r[12] as number | null) ?? -Infinity;
    clock.see(created);
    if (ended !== Infinity) clock.see(ended, created);
    this.subCreated.set(i, created);
    this.subAnchor.set(i, r[5] as number);
    this.subEnded.set(i, ended);
    this.subTrialEnd.set(i, trialEnd);
    if (!p) this.subUnmatched++;
    else if (p.start !== created || p.end !== ended || p.trialEnd !== trialEnd) this.subBad++;
  }

  private invoice(r: Row, clock: ReturnType<PlatformChecks['clock']>): void {
    const j = this.index('in', r[0]);
    const sub = this.index('sub', r[2]);
    const created = r[8] as number;
    const periodStart = r[9] as number;
    clock.see(created, this.subCreated.get(sub));
    if (!(created >= this.subAnchor.get(sub) && created >= this.subCreated.get(sub))) this.invBeforeSub++;
    // Periods follow each other from the billing anchor.
    const prev = this.subPeriodEnd.get(sub);
    if (periodStart !== (Number.isNaN(prev) ? this.subAnchor.get(sub) : prev)) this.invPeriodGaps++;
    this.subPeriodEnd.set(sub, r[10] as number);
    const status = r[4] as string;
    this.statuses.add(status);
    if (r[11] !== r[13] || r[15] !== (status === 'paid' ? r[13] : 0)) this.invAmountBad++;
    this.invSubtotal.set(j, r[11] as number);
    this.invFinalized.set(j, (r[21] as number | null) ?? NaN);
    if (r[21] !== null && r[21] !== created + FINALIZE_AFTER) this.invAmountBad++;
    if (status === 'draft') this.drafts++;
    if (status === 'paid') {
      this.paid++;
      if ((r[17] as number) > 1) this.late++;
      this.invPaidAmount.set(j, r[13] as number);
      clock.see(r[22] as number, created);
    }
  }

  checks(add: Add): void {
    if (!this.rows.has('stripe_customer')) return;
    const s = this.s;
    const rows = (t: string) => this.rows.get(t) ?? 0;
    const invoices = rows('stripe_invoice');
    const bill = this.billingRoom(invoices);
    const paidExpected = Math.min(Math.round(PAID_SHARE * invoices), invoices - this.drafts);
    const optional = OPTIONAL_EVENTS.reduce((n, t) => n + (this.eventTypes.counts.get(t) ?? 0), 0);
    const mandatory = rows('stripe_event') - optional;
    const eventsExpected = Math.min(Math.max(s.sources.stripe_event, mandatory), mandatory + OPTIONAL_EVENTS.length * this.paid);
    const expected: Record<string, number> = { ...Object.fromEntries(TABLES.map((t) => [t, s.sources[t]])), stripe_subscription: this.platformSubs.length, stripe_invoice: bill.expected, stripe_charge: paidExpected, stripe_event: eventsExpected };
    const wrong = TABLES.filter((t) => rows(t) !== expected[t]);
    const notes = [
      this.platformSubs.length !== s.sources.stripe_subscription ? `subscriptions: one per platform subscription (${count(this.platformSubs.length)})` : '',
      bill.note,
      paidExpected !== Math.round(PAID_SHARE * s.sources.stripe_invoice) ? `charges: 95% of the invoices made${this.drafts ? `, less ${count(this.drafts)} drafts` : ''}` : '',
      eventsExpected !== s.sources.stripe_event ? `events ${count(eventsExpected)}, not ${count(s.sources.stripe_event)}: the objects give ${count(mandatory)} events of their own and paid invoices room for ${count(OPTIONAL_EVENTS.length * this.paid)} more` : '',
    ].filter(Boolean);
    add(`Stripe row counts of ${s.env}`, wrong.length === 0, (wrong.length ? wrong.map((t) => `${t} ${count(rows(t))} (expected ${count(expected[t])})`).join(', ') : TABLES.map((t) => `${t} ${count(rows(t))}`).join(', ')) + (notes.length ? '; ' + notes.join('; ') : ''));
    add('Stripe ids carry their object index', this.badIds === 0, `${count(this.badIds)} ids not in Stripe's shape`);
    const missing = [...this.accountCreated.keys()].filter((a) => !this.customerAccount.has(a)).length;
    add('one Stripe customer per account (metadata account_id, billing email on its domain, created with it)', this.customerBad === 0 && missing === 0, `${count(this.customerBad)} customers off, ${count(missing)} accounts without one, of ${count(this.accountCreated.size)}`);
    add('one Stripe subscription per platform subscription, same start, end and trial', this.subBad === 0 && this.subUnmatched === 0 && rows('stripe_subscription') === this.platformSubs.length, `${count(this.subBad)} differ, ${count(this.subUnmatched)} unmatched; ${count(rows('stripe_subscription'))} Stripe vs ${count(this.platformSubs.length)} platform subscriptions`);
    this.mrrCheck(add);
    let lineOff = 0;
    for (let j = 0; j < invoices; j++) if (this.invLines.get(j) !== this.invSubtotal.get(j)) lineOff++;
    add('invoice amounts equal their line items; totals, amounts paid and finalization consistent', lineOff === 0 && this.invAmountBad === 0, `${count(lineOff)} invoices whose line items do not sum to the subtotal, ${count(this.invAmountBad)} with inconsistent amounts, of ${count(invoices)}`);
    add('invoices cover every billing period: each starts where the last ended, the first at the billing anchor, none before its subscription', this.invPeriodGaps === 0 && this.invBeforeSub === 0, `${count(this.invPeriodGaps)} gaps or overlaps, ${count(this.invBeforeSub)} before their subscription`);
    add('95% of invoices paid', this.paid === Math.round(PAID_SHARE * invoices), `${count(this.paid)} of ${count(invoices)} paid (${pct(this.paid / Math.max(1, invoices))}); ${[...this.statuses.counts].map(([k, n]) => `${k} ${count(n)}`).join(', ')}; ${count(this.late)} paid late after failed attempts (${pct(this.late / Math.max(1, this.paid))})`);
    add('charges equal their paid invoices and follow them', this.chargeBad.amount === 0 && this.chargeBad.early === 0 && rows('stripe_charge') === this.paid, `${count(this.chargeBad.amount)} amounts differ, ${count(this.chargeBad.early)} before their invoice was finalized; ${count(rows('stripe_charge'))} charges for ${count(this.paid)} paid invoices`);
    add('balance transactions: amount of their charge, fee 2.9% + 30c (Amex 3.5%), net = amount - fee', this.feeBad === 0 && rows('stripe_balance_transaction') === rows('stripe_charge'), `${count(this.feeBad)} off of ${count(rows('stripe_balance_transaction'))}`);
    add('Stripe events in time order', this.eventsOutOfOrder === 0, `${count(this.eventsOutOfOrder)} events earlier than the one before; ${[...this.eventTypes.counts].sort((x, y) => y[1] - x[1]).slice(0, 6).map(([k, n]) => `${k} ${count(n)}`).join(', ')}, ...`);
  }

  /**
   * The invoices the subscriptions can give: every period billed monthly at most. Past
   * that the count is the seed's, unless annual billing could not land on it: then no
   * monthly-billed subscription could switch to annual without undershooting it.
   */
  private billingRoom(invoices: number): { expected: number; note: string } {
    const target = this.s.sources.stripe_invoice;
    const subs = this.rows.get('stripe_subscription') ?? 0;
    let capacity = 0;
    let smallestSaving = Infinity;
    for (let i = 0; i < subs; i++) {
      const from = this.subAnchor.get(i);
      const to = Math.min(this.subEnded.get(i), this.s.end);
      const monthly = periodCount(from, to, 1);
      capacity += monthly;
      const saving = monthly - periodCount(from, to, 12);
      if (this.subAnnual.get(i) === 0 && saving > 0) smallestSaving = Math.min(smallestSaving, saving);
    }
    if (capacity <= target) return { expected: capacity, note: capacity < target ? `invoices ${count(capacity)}, not ${count(target)}: every subscription billed monthly gives only that many` : '' };
    if (invoices > target && invoices - target < smallestSaving) return { expected: invoices, note: `invoices ${count(invoices)}, not ${count(target)}: no monthly subscription could bill annually without going below it` };
    return { expected: target, note: '' };
  }

  /** MRR from Stripe's items against the platform's subscriptions, at the start of every month of the history. */
  private mrrCheck(add: Add): void {
    const first = monthIndex(this.s.start) + 1;
    const last = monthIndex(this.s.end - 1);
    let worst = 0;
    let months = 0;
    let atEnd = [0, 0];
    const subs = this.rows.get('stripe_subscription') ?? 0;
    for (let m = first; m <= last + 1; m++) {
      const t = m > last ? this.s.end - 1 : monthStartOf(m);
      let platform = 0;
      for (const p of this.platformSubs) if (p && p.start <= t && t < p.end && p.trialEnd <= t) platform += p.mrr;
      let stripe = 0;
      for (let i = 0; i < subs; i++) if (this.subCreated.get(i) <= t && t < this.subEnded.get(i) && this.subTrialEnd.get(i) <= t) stripe += this.subMrr.get(i) || 0;
      worst = Math.max(worst, Math.abs(stripe - platform));
      months++;
      atEnd = [stripe, platform];
    }
    add('MRR from Stripe subscription items reconciles with the platform\'s subscriptions every month', worst === 0, `${months} month starts and as_of compared, largest difference ${dollars(worst)}; MRR at as_of ${dollars(atEnd[0])} (Stripe) vs ${dollars(atEnd[1])} (platform)`);
  }

  headlines(): string[] {
    const invoices = this.rows.get('stripe_invoice') ?? 0;
    return invoices ? [`  - Stripe: ${count(this.rows.get('stripe_customer') ?? 0)} customers, ${count(invoices)} invoices (${pct(this.paid / invoices)} paid), ${count(this.rows.get('stripe_event') ?? 0)} events`] : [];
  }
}
