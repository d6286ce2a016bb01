// Stripe's tables in the shape ELT connectors land them (columns the public dbt
// package reads, see shared/reference/connector-shapes.md), source-prefixed in the
// one raw schema: products and prices, a customer and card per account, a
// subscription per platform subscription with its items, invoices and their line
// items, charges and balance transactions, and the event log.
import { inBatches } from '../../../src/engine/batches.js';
import type { ChunkContext, Column, Row, TableDef } from '../../../src/engine/model.js';
import { cumulate, pickCumulative, stream } from '../../../src/engine/random.js';
import { INTERVALS, PRICES, PRODUCTS } from '../billing.js';
import { SCENARIO, type Plan } from '../plan.js';
import { locationRows } from '../platform/tables.js';
import * as S from '../settings.js';
import { DAY } from '../time.js';
import { EVENT_TYPES, eventCountsOf, OBJECT_OF, timelineOf } from './events.js';
import { saltOf, stripeId } from './ids.js';
import { DRAFT, FINALIZE_AFTER, INVOICE_STATUSES, OPEN, PAID, stripePlanOf, UNCOLLECTIBLE, VOID, type StripePlan } from './plan.js';

export const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'canceled'];
export const CARD_BRANDS = ['Visa', 'MasterCard', 'American Express', 'Discover'];
const BRAND_CUM = cumulate([0.52, 0.24, 0.18, 0.06]);
export const CARD_FUNDING = ['credit', 'debit'];
/** Processing fees: 2.9% + 30c, American Express 3.5% + 30c. */
export const FEE_RATE = [0.029, 0.029, 0.035, 0.029];
export const FEE_FIXED = 30;
export const STATEMENT_DESCRIPTOR = 'TAPLINE';
export const API_VERSION = '2024-06-20';
const CHUNK = 50_000;

const PREFIX = { product: 'prod', price: 'price', customer: 'cus', card: 'card', subscription: 'sub', item: 'si', invoice: 'in', line: 'il', charge: 'ch', txn: 'txn', event: 'evt', payment_intent: 'pi' } as const;

/** Id makers, one per object type, salted by the run's seed. */
export function idMakers(seed: number): Record<keyof typeof PREFIX, (i: number) => string> {
  const out = {} as Record<keyof typeof PREFIX, (i: number) => string>;
  for (const [k, p] of Object.entries(PREFIX)) {
    const salt = saltOf(seed, p);
    out[k as keyof typeof PREFIX] = (i: number) => stripeId(p, i, salt);
  }
  return out;
}

const id = (description: string): Column => ({ name: 'id', type: 'text', description });
const ref = (name: string, table: string, nullable = false): Column => ({ name, type: 'text', nullable, description: `${table}.id` });
const ts = (name: string, description: string, nullable = false): Column => ({ name, type: 'timestamp', nullable, description });
const text = (name: string, description: string, values?: string[], nullable = false): Column => ({ name, type: 'text', nullable, description, ...(values ? { values } : {}) });
const cents = (name: string, description: string, nullable = false): Column => ({ name, type: 'bigint', nullable, description: `${description}, integer cents` });
const bool = (name: string, description: string): Column => ({ name, type: 'boolean', description });
const CONNECTOR = [
  bool('livemode', 'always true: live data (the dbt package keeps only livemode rows)'),
  ts('_fivetran_synced', "when the connector last synced the row: minutes after the row's last change, before as_of"),
];
const fk = (column: string, table: string) => ({ columns: [column], references: { table, columns: ['id'] } });

/** A sync time after the row's last change and before as_of. */
const synced = (plan: Plan, last: number) => Math.min(plan.s.end - 1, Math.max(last + 60, plan.s.end - 900));
const json = (o: Record<string, string | number>) => JSON.stringify(o);

interface Ctx {
  plan: Plan;
  sp: StripePlan;
  ids: ReturnType<typeof idMakers>;
  segAccount: Int32Array;
  seed: number;
}

function* productRows({ plan, ids }: Ctx): Generator<Row> {
  const t = plan.s.start;
  for (let p = 0; p < PRODUCTS.length; p++) yield [ids.product(p), PRODUCTS[p].name, PRODUCTS[p].description, true, 'service', t, t, false, ...tail(plan, t)];
}

const tail = (plan: Plan, last: number) => [true, synced(plan, last)];

function* priceRows({ plan, ids }: Ctx): Generator<Row> {
  const t = plan.s.start;
  for (let k = 0; k < PRICES.length; k++) {
    const pr = PRICES[k];
    const product = PRODUCTS[pr.product];
    const meta: Record<string, string> = product.tier >= 0 ? { tier: product.name } : { addon: product.name };
    yield [ids.price(k), ids.product(pr.product), `${product.name} ${pr.interval ? 'annual' : 'monthly'}`, true, 'usd', pr.unit, 'per_unit', 'recurring', INTERVALS[pr.interval], 1, 'licensed', t, false, json(meta), ...tail(plan, t)];
  }
}

/** Each account's main location row (address for the customer and card), replayed from the locations table's own stream. */
function mainLocations(plan: Plan, seed: number): Row[] {
  const rows = [...locationRows(plan, { stream: () => stream(seed, SCENARIO, 'locations', 0, '') })];
  return Array.from({ length: plan.accounts.n }, (_, i) => rows[plan.locations.offset[i]]);
}

const INVOICE_PREFIX_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function invoicePrefix(i: number): string {
  let v = (i * 2_654_435_761) >>> 0;
  let out = '';
  for (let k = 0; k < 8; k++, v = Math.floor(v / 32)) out += INVOICE_PREFIX_CHARS[v % 32];
  return out;
}

function* customerRows(c: Ctx): Generator<Row> {
  const { plan, sp, ids } = c;
  const a = plan.accounts;
  const mains = mainLocationsOf(c);
  for (let i = 0; i < a.n; i++) {
    const loc = mains[i];
    yield [
      ids.customer(i), a.created[i], `billing@${a.domains[i]}`, a.names[i], `${S.INDUSTRIES[a.industry[i]]} account ${i + 1}`,
      loc[4], loc[5], loc[6], loc[7], 'US', 'usd', 0, sp.delinquent[i] === 1, ids.card(i), invoicePrefix(i), 'none', false,
      json({ account_id: String(i + 1) }), ...tail(plan, a.created[i] + 120),
    ];
  }
}

function* cardRows(c: Ctx, ctx: ChunkContext): Generator<Row> {
  const { plan, ids } = c;
  const rng = ctx.stream();
  const a = plan.accounts;
  const mains = mainLocationsOf(c);
  for (let i = 0; i < a.n; i++) {
    const brand = pickCumulative(rng, BRAND_CUM);
    const funding = brand === 2 || rng() < 0.75 ? 0 : 1;
    const t = a.created[i] + 120 < plan.s.end ? a.created[i] + 120 : a.created[i];
    const exp = new Date(t * 1000).getUTCFullYear() + 2 + Math.floor(rng() * 4);
    const last4 = String(Math.floor(rng() * 10_000)).padStart(4, '0');
    yield [ids.card(i), ids.customer(i), CARD_BRANDS[brand], CARD_FUNDING[funding], last4, 1 + Math.floor(rng() * 12), exp, 'US', mains[i][6], mains[i][7], a.names[i], t, ...tail(plan, t)];
  }
}

/** A subscription's status at as_of and its current (or last) billing period. */
function subscriptionState(c: Ctx, seg: number): { status: number; periodStart: number; periodEnd: number } {
  const a = c.plan.accounts;
  const i = c.segAccount[seg];
  const current = seg === a.segOffset[i + 1] - 1;
  const first = c.sp.segInvoice[seg];
  const last = c.sp.segInvoice[seg + 1] - 1;
  const status = !current || a.status[i] === 2 ? 3 : a.status[i] === 1 ? 1 : c.sp.delinquent[i] ? 2 : 0;
  if (last >= first) return { status, periodStart: c.sp.invoices.created[last], periodEnd: c.sp.invoices.periodEnd[last] };
  // Never billed: the trial is its period.
  return { status, periodStart: a.segStart[seg], periodEnd: a.trial[i] ? a.paidStart[i] : a.segEnd[seg] };
}

function* subscriptionRows(c: Ctx): Generator<Row> {
  const a = c.plan.accounts;
  for (let seg = 0; seg < a.segOffset[a.n]; seg++) {
    const i = c.segAccount[seg];
    const st = subscriptionState(c, seg);
    const ended = st.status === 3 ? a.segEnd[seg] : null;
    const trial = seg === a.segOffset[i] && a.trial[i] !== 0;
    yield [
      c.ids.subscription(seg), c.ids.customer(i), SUBSCRIPTION_STATUSES[st.status], a.segStart[seg], a.segStart[seg], a.billing.paidFrom[seg],
      st.periodStart, st.periodEnd, false, ended, ended, trial ? a.created[i] : null, trial ? a.paidStart[i] : null, 'charge_automatically',
      json({ account_id: String(i + 1), subscription_id: String(seg + 1) }), true, ...tail(c.plan, ended ?? Math.min(a.segStart[seg], c.plan.s.end - 1)),
    ];
  }
}

function* itemRows(c: Ctx): Generator<Row> {
  const a = c.plan.accounts;
  const b = a.billing;
  for (let seg = 0; seg < a.segOffset[a.n]; seg++) {
    const st = subscriptionState(c, seg);
    for (let j = b.itemOffset[seg]; j < b.itemOffset[seg + 1]; j++) {
      yield [c.ids.item(j), c.ids.subscription(seg), c.ids.price(b.itemPrice[j]), b.itemQty[j], a.segStart[seg], st.periodStart, st.periodEnd, '{}', ...tail(c.plan, a.segStart[seg])];
    }
  }
}

const chunkRange = (n: number, chunk: number): [number, number] => [chunk * CHUNK, Math.min(n, (chunk + 1) * CHUNK)];

function invoiceTimes(sp: StripePlan, j: number) {
  const inv = sp.invoices;
  const finalized = inv.created[j] + FINALIZE_AFTER;
  const s = inv.status[j];
  return {
    finalized: s === DRAFT ? null : finalized,
    paid: s === PAID ? inv.paidAt[j] : null,
    voided: s === VOID ? finalized + 7 * DAY : null,
    uncollectible: s === UNCOLLECTIBLE ? finalized + 21 * DAY : null,
  };
}

function* invoiceRows(c: Ctx, chunk: number): Generator<Row> {
  const { sp, plan } = c;
  const inv = sp.invoices;
  const a = plan.accounts;
  const [from, to] = chunkRange(inv.n, chunk);
  for (let j = from; j < to; j++) {
    const seg = inv.segment[j];
    const i = c.segAccount[seg];
    const status = inv.status[j];
    const paid = status === PAID;
    const t = invoiceTimes(sp, j);
    const number = status === DRAFT ? null : `${invoicePrefix(i)}-${String(j - sp.segInvoice[a.segOffset[i]] + 1).padStart(4, '0')}`;
    const reason = inv.period[j] === 0 ? 'subscription_create' : 'subscription_cycle';
    const last = Math.max(inv.created[j], t.finalized ?? 0, t.paid ?? 0, t.voided ?? 0, t.uncollectible ?? 0);
    const due = status === VOID ? 0 : inv.amount[j];
    yield [
      c.ids.invoice(j), c.ids.customer(i), c.ids.subscription(seg), number, INVOICE_STATUSES[status], reason, 'charge_automatically', 'usd',
      inv.created[j], inv.created[j], inv.periodEnd[j], inv.amount[j], 0, inv.amount[j], due, paid ? inv.amount[j] : 0, paid || status === VOID ? 0 : inv.amount[j],
      inv.attempts[j], inv.attempts[j] > 0, paid, status === OPEN || status === DRAFT, t.finalized, t.paid, t.voided, t.uncollectible,
      paid ? c.ids.charge(inv.charge[j]) : null, false, '{}', ...tail(plan, last),
    ];
  }
}

/** Line items: one per subscription item, in invoice order; the first line of invoice j is lineOffset(j). */
function lineOffsets(c: Ctx): Float64Array {
  const inv = c.sp.invoices;
  const b = c.plan.accounts.billing;
  const out = new Float64Array(inv.n + 1);
  for (let j = 0; j < inv.n; j++) out[j + 1] = out[j] + b.itemOffset[inv.segment[j] + 1] - b.itemOffset[inv.segment[j]];
  return out;
}

function* lineRows(c: Ctx, chunk: number, lines: Float64Array): Generator<Row> {
  const inv = c.sp.invoices;
  const b = c.plan.accounts.billing;
  const [from, to] = chunkRange(inv.n, chunk);
  for (let j = from; j < to; j++) {
    const seg = inv.segment[j];
    for (let k = b.itemOffset[seg]; k < b.itemOffset[seg + 1]; k++) {
      const pr = PRICES[b.itemPrice[k]];
      const qty = b.itemQty[k];
      const price = c.ids.price(b.itemPrice[k]);
      const desc = `${qty} × ${PRODUCTS[pr.product].name} (at $${(pr.unit / 100).toFixed(2)} / ${INTERVALS[pr.interval]})`;
      yield [c.ids.line(lines[j] + k - b.itemOffset[seg]), c.ids.invoice(j), c.ids.subscription(seg), c.ids.item(k), price, price, pr.unit * qty, 'usd', desc, qty, inv.created[j], inv.periodEnd[j], false, 'subscription', true, ...tail(c.plan, inv.created[j])];
    }
  }
}

function* chargeRows(c: Ctx, chunk: number, brands: Uint8Array, ctx: ChunkContext): Generator<Row> {
  const rng = ctx.stream();
  const { sp, plan } = c;
  const inv = sp.invoices;
  const mains = mainLocationsOf(c);
  const [from, to] = chunkRange(sp.charges, chunk);
  for (let k = from; k < to; k++) {
    const j = sp.chargeInvoice[k];
    const i = c.segAccount[inv.segment[j]];
    const t = inv.paidAt[j];
    const first = inv.period[j] === 0;
    yield [
      c.ids.charge(k), c.ids.invoice(j), c.ids.customer(i), c.ids.card(i), inv.amount[j], 0, true, true, false, 'succeeded', 'usd', t,
      c.ids.txn(k), c.ids.payment_intent(j), c.ids.card(i), `billing@${plan.accounts.domains[i]}`, first ? 'Subscription creation' : 'Subscription update',
      STATEMENT_DESCRIPTOR, `${STATEMENT_DESCRIPTOR}* ${plan.accounts.names[i].toUpperCase()}`.slice(0, 22), 'authorized', 'approved_by_network', 'normal',
      Math.floor(rng() * 65), 'Payment complete.', plan.accounts.names[i], mains[i][6], mains[i][7], 'US', CARD_BRANDS[brands[i]], '{}', ...tail(plan, t),
    ];
  }
}

const mainCache = new WeakMap<StripePlan, Row[]>();
/** The main locations, replayed once per run for customers, cards and charges. */
function mainLocationsOf(c: Ctx): Row[] {
  let m = mainCache.get(c.sp);
  if (!m) mainCache.set(c.sp, (m = mainLocations(c.plan, c.seed)));
  return m;
}

/** Each customer's card brand: the card table's own draws, replayed (fees depend on it). */
function cardBrands(c: Ctx): Uint8Array {
  const out = new Uint8Array(c.plan.accounts.n);
  let i = 0;
  for (const row of cardRows(c, { stream: () => stream(c.seed, SCENARIO, 'stripe_card', 0, '') } as ChunkContext)) out[i++] = CARD_BRANDS.indexOf(row[2] as string);
  return out;
}

export function fee(amount: number, brand: number): number {
  return Math.round(amount * FEE_RATE[brand]) + FEE_FIXED;
}

function* balanceRows(c: Ctx, chunk: number, brands: Uint8Array): Generator<Row> {
  const { sp, plan } = c;
  const inv = sp.invoices;
  const [from, to] = chunkRange(sp.charges, chunk);
  for (let k = from; k < to; k++) {
    const j = sp.chargeInvoice[k];
    const i = c.segAccount[inv.segment[j]];
    const t = inv.paidAt[j];
    const f = fee(inv.amount[j], brands[i]);
    const available = t + 2 * DAY;
    const pending = available >= plan.s.end;
    yield [c.ids.txn(k), c.ids.charge(k), inv.amount[j], f, inv.amount[j] - f, 'usd', t, pending ? null : available, pending ? 'pending' : 'available', 'charge', 'charge', `Payment for invoice ${c.ids.invoice(j)}`, ...tail(plan, pending ? t : available)];
  }
}

function* eventRows(c: Ctx, chunk: number): Generator<Row> {
  const tl = timelineOf(c.sp);
  const [from, to] = chunkRange(tl.n, chunk);
  for (let k = from; k < to; k++) {
    const e = tl.order[k];
    const type = EVENT_TYPES[tl.type[e]];
    const kind = OBJECT_OF[type];
    const o = tl.object[e];
    const objectId = kind === 'customer' ? c.ids.customer(o) : kind === 'card' ? c.ids.card(o) : kind === 'subscription' ? c.ids.subscription(o) : kind === 'invoice' ? c.ids.invoice(o) : kind === 'charge' ? c.ids.charge(o) : c.ids.payment_intent(o);
    const object = kind === 'card' ? 'payment_method' : kind;
    yield [c.ids.event(k), type, tl.time[e], object, objectId, c.ids.customer(tl.account[e]), API_VERSION, 0, `{"object":{"id":"${objectId}","object":"${object}"}}`, ...tail(c.plan, tl.time[e])];
  }
}

export function stripeTables(plan: Plan, seed: number): TableDef[] {
  const made = () => {
    const sp = stripePlanOf(plan, seed);
    return { plan, sp, ids: idMakers(seed), segAccount: sp.segAccount, seed } satisfies Ctx;
  };
  let c: Ctx | null = null;
  const ctxOf = () => (c ??= made());
  let brands: Uint8Array | null = null;
  const brandsOf = () => (brands ??= cardBrands(ctxOf()));
  let lines: Float64Array | null = null;
  const linesOf = () => (lines ??= lineOffsets(ctxOf()));
  const one = (rows: (x: ChunkContext) => Iterable<Row>) => (x: ChunkContext) => inBatches(rows(x), x.batchSize);
  const chunksOf = (n: () => number) => () => Math.max(1, Math.ceil(n() / CHUNK));
  const a = plan.accounts;
  const segs = a.segOffset[a.n];
  const nInvoices = () => ctxOf().sp.invoices.n;
  const nCharges = () => ctxOf().sp.charges;
  const nEvents = () => eventCountsOf(ctxOf().sp).n; // the timeline itself is made when the table starts
  const key = (name: string, description: string, columns: Column[], extra: Partial<TableDef['spec']> = {}) => ({ name, description, columns: [...columns, ...CONNECTOR], primaryKey: ['id'], keyOrder: 'ascending' as const, ...extra });
  return [
    {
      spec: key('stripe_product', 'Stripe products: the three plans and three add-ons', [
        id('prod_ id'), text('name', 'Basic, Pro, Enterprise, Additional location, Extra tap device, Analytics Plus', PRODUCTS.map((p) => p.name)), text('description', 'what the product gives'),
        bool('active', 'all sold today'), text('type', 'service', ['service']), ts('created', "the history's start"), ts('updated', "the history's start"), bool('is_deleted', 'always false'),
      ]), // a price list, all made at the start: no time column for freshness
      estimateRows: () => PRODUCTS.length, exactRows: true, chunks: () => 1, generate: one(() => productRows(ctxOf())),
    },
    {
      spec: key('stripe_price', 'Stripe prices: each product monthly and annual (12): annual plans cost the tier band\'s floor a month', [
        id('price_ id'), ref('product_id', 'stripe_product'), text('nickname', 'product and interval'), bool('active', 'all sold today'), text('currency', 'usd', ['usd']),
        cents('unit_amount', 'per unit per interval: Basic $349/month or $3,588/year, Pro $1,149 or $11,988, Enterprise $3,449 or $35,988; add-ons $99, $29, $199 a month (12x a year)'),
        text('billing_scheme', 'per_unit', ['per_unit']), text('type', 'recurring', ['recurring']), text('recurring_interval', 'month or year', [...INTERVALS]), { name: 'recurring_interval_count', type: 'integer', description: 'always 1' },
        text('recurring_usage_type', 'licensed', ['licensed']), ts('created', "the history's start"), bool('is_deleted', 'always false'), { name: 'metadata', type: 'json', description: 'JSON: the tier or add-on' },
      ], { foreignKeys: [fk('product_id', 'stripe_product')] }),
      estimateRows: () => PRICES.length, exactRows: true, chunks: () => 1, generate: one(() => priceRows(ctxOf())),
    },
    {
      spec: key('stripe_customer', 'Stripe customers: one per account, created with it', [
        id('cus_ id'), ts('created', "the account's created_at"), text('email', 'billing@ the account\'s domain'), text('name', "the account's company name"), text('description', 'industry and account number'),
        text('address_line_1', "the main location's address"), text('address_city', "the main location's city"), text('address_state', "the main location's state"), text('address_postal_code', "the main location's zip"),
        text('address_country', 'US', ['US']), text('currency', 'usd', ['usd']), cents('balance', 'customer credit: 0'), bool('delinquent', 'has an open invoice past its first attempt at as_of'),
        ref('default_card_id', 'stripe_card'), text('invoice_prefix', "8 characters: the prefix of the customer's invoice numbers"), text('tax_exempt', 'none', ['none']), bool('is_deleted', 'always false'),
        { name: 'metadata', type: 'json', description: 'JSON {"account_id": "<accounts.account_id>"}: the platform account' },
      ], { timeColumn: 'created' }),
      estimateRows: () => a.n, exactRows: true, chunks: () => 1, generate: one(() => customerRows(ctxOf())),
    },
    {
      spec: key('stripe_card', "Stripe cards: each customer's default payment method, added two minutes after it signed up", [
        id('card_ id'), ref('customer_id', 'stripe_customer'), text('brand', 'Visa 52% / MasterCard 24% / American Express 18% / Discover 6%', CARD_BRANDS), text('funding', 'credit 75% / debit 25% (Amex always credit)', CARD_FUNDING),
        text('last4', '4 digits'), { name: 'exp_month', type: 'integer', description: '1-12' }, { name: 'exp_year', type: 'integer', description: '2-5 years after it was added' }, text('country', 'US', ['US']),
        text('address_state', "the main location's state"), text('address_zip', "the main location's zip"), text('name', 'the company name'), ts('created', 'two minutes after the customer'),
      ], { foreignKeys: [fk('customer_id', 'stripe_customer')], timeColumn: 'created' }),
      estimateRows: () => a.n, exactRows: true, chunks: () => 1, generate: one((x) => cardRows(ctxOf(), x)),
    },
    {
      spec: key('stripe_subscription', "Stripe subscriptions: one per platform subscription (a plan change cancels one and starts the next), same periods, trials and status", [
        id('sub_ id'), ref('customer_id', 'stripe_customer'), text('status', 'at as_of: active, trialing, past_due (an open invoice) or canceled (replaced by a plan change, churned or trial expired)', SUBSCRIPTION_STATUSES),
        ts('created', "the platform subscription's started_at"), ts('start_date', 'same as created'), ts('billing_cycle_anchor', 'when billing starts: created, or the trial\'s end'),
        ts('current_period_start', 'the latest billing period (the trial while never billed)'), ts('current_period_end', 'its end (may be after as_of)'), bool('cancel_at_period_end', 'always false: cancellations are immediate'),
        ts('canceled_at', 'canceled subscriptions: when', true), ts('ended_at', 'same as canceled_at', true), ts('trial_start', 'the account\'s trial, on its first subscription', true), ts('trial_end', 'the trial\'s end', true),
        text('billing', 'charge_automatically', ['charge_automatically']), { name: 'metadata', type: 'json', description: 'JSON {"account_id", "subscription_id"}: the platform account and subscription' },
        bool('_fivetran_active', 'always true: the current version of the row'),
      ], { foreignKeys: [fk('customer_id', 'stripe_customer')], timeColumn: 'created' }),
      estimateRows: () => segs, exactRows: true, chunks: () => 1, generate: one(() => subscriptionRows(ctxOf())),
    },
    {
      spec: key('stripe_subscription_item', 'Stripe subscription items: the plan\'s price plus 0-3 add-ons (about 1.4 items a subscription, more for higher tiers); their monthly amounts sum to the platform subscription\'s MRR', [
        id('si_ id'), ref('subscription_id', 'stripe_subscription'), ref('plan_id', 'stripe_price'), { name: 'quantity', type: 'integer', description: 'plans 1; locations and devices 1 or more, fewer when the tier band caps the MRR' },
        ts('created', "the subscription's created"), ts('current_period_start', "the subscription's"), ts('current_period_end', "the subscription's"), { name: 'metadata', type: 'json', description: 'JSON: empty' },
      ], { foreignKeys: [fk('subscription_id', 'stripe_subscription'), fk('plan_id', 'stripe_price')], timeColumn: 'created' }),
      estimateRows: () => a.billing.itemOffset[segs], exactRows: true, chunks: () => 1, generate: one(() => itemRows(ctxOf())),
    },
    {
      spec: key('stripe_invoice', 'Stripe invoices: one per billing period of every subscription (monthly, or yearly for annual plans), created at the period\'s start; 95% paid, some late after failed attempts', [
        id('in_ id'), ref('customer_id', 'stripe_customer'), ref('subscription_id', 'stripe_subscription'), text('number', 'invoice_prefix-sequence; NULL for drafts', undefined, true),
        text('status', 'paid 95%; open (unpaid, under 30 days old), uncollectible or void (older); draft while not finalized at as_of', [...INVOICE_STATUSES]),
        text('billing_reason', 'subscription_create (first period) or subscription_cycle', ['subscription_create', 'subscription_cycle']), text('billing', 'charge_automatically', ['charge_automatically']), text('currency', 'usd', ['usd']),
        ts('created', "the billing period's start"), ts('period_start', 'the billed period'), ts('period_end', 'its end (may be after as_of)'),
        cents('subtotal', 'the items for the period'), cents('tax', '0: prices include tax'), cents('total', 'subtotal + tax'), cents('amount_due', 'total (0 once voided)'), cents('amount_paid', 'total when paid, else 0'), cents('amount_remaining', 'what is still owed'),
        { name: 'attempt_count', type: 'integer', description: 'payment attempts before as_of: 1, or up to 4 with retries 3, 8 and 15 days after finalizing' }, bool('attempted', 'at least one attempt'), bool('paid', 'status is paid'), bool('auto_advance', 'open and draft invoices'),
        ts('status_transitions_finalized_at', 'an hour after created; NULL for drafts', true), ts('status_transitions_paid_at', 'paid invoices: minutes after finalizing, or at a retry', true),
        ts('status_transitions_voided_at', 'void invoices: a week after finalizing', true), ts('status_transitions_marked_uncollectible_at', 'uncollectible: 21 days after finalizing', true),
        ref('charge_id', 'stripe_charge (paid invoices)', true), bool('is_deleted', 'always false'), { name: 'metadata', type: 'json', description: 'JSON: empty' },
      ], { foreignKeys: [fk('customer_id', 'stripe_customer'), fk('subscription_id', 'stripe_subscription')], timeColumn: 'created' }),
      estimateRows: nInvoices, exactRows: true, chunks: chunksOf(nInvoices), generate: one((x) => invoiceRows(ctxOf(), x.chunk)),
    },
    {
      spec: key('stripe_invoice_line_item', "Stripe invoice line items: one per subscription item on each of its subscription's invoices; amounts sum to the invoice's subtotal", [
        id('il_ id'), ref('invoice_id', 'stripe_invoice'), ref('subscription_id', 'stripe_subscription'), ref('subscription_item_id', 'stripe_subscription_item'), ref('price_id', 'stripe_price'), ref('plan_id', 'stripe_price (same as price_id)'),
        cents('amount', 'unit amount x quantity'), text('currency', 'usd', ['usd']), text('description', 'quantity x product (at unit price / interval)'), { name: 'quantity', type: 'integer', description: "the item's quantity" },
        ts('period_start', "the invoice's period"), ts('period_end', 'its end (may be after as_of)'), bool('proration', 'always false: plan changes start a new subscription'), text('type', 'subscription', ['subscription']), bool('discountable', 'always true'),
      ], { foreignKeys: [fk('invoice_id', 'stripe_invoice'), fk('subscription_id', 'stripe_subscription'), fk('subscription_item_id', 'stripe_subscription_item'), fk('price_id', 'stripe_price'), fk('plan_id', 'stripe_price')], timeColumn: 'period_start' }),
      estimateRows: () => linesOf()[nInvoices()], exactRows: true, chunks: chunksOf(nInvoices), generate: one((x) => lineRows(ctxOf(), x.chunk, linesOf())),
    },
    {
      spec: key('stripe_charge', 'Stripe charges: one succeeded charge per paid invoice, of its total, on the customer\'s card, when the invoice was paid', [
        id('ch_ id'), ref('invoice_id', 'stripe_invoice'), ref('customer_id', 'stripe_customer'), ref('card_id', 'stripe_card'), cents('amount', "the invoice's total"), cents('amount_refunded', '0'),
        bool('captured', 'always true'), bool('paid', 'always true'), bool('refunded', 'always false'), text('status', 'succeeded', ['succeeded']), text('currency', 'usd', ['usd']), ts('created', "the invoice's paid_at"),
        ref('balance_transaction_id', 'stripe_balance_transaction'), text('payment_intent_id', 'pi_ id of the invoice\'s payment intent'), ref('payment_method_id', 'stripe_card (the card paid with)'), text('receipt_email', "the customer's email"),
        text('description', 'Subscription creation (first period) or Subscription update', ['Subscription creation', 'Subscription update']), text('statement_descriptor', STATEMENT_DESCRIPTOR, [STATEMENT_DESCRIPTOR]),
        text('calculated_statement_descriptor', 'descriptor and company, at most 22 characters'), text('outcome_type', 'authorized', ['authorized']), text('outcome_network_status', 'approved_by_network', ['approved_by_network']),
        text('outcome_risk_level', 'normal', ['normal']), { name: 'outcome_risk_score', type: 'integer', description: 'Radar risk score 0-64 (normal)' }, text('outcome_seller_message', 'Payment complete.'),
        text('billing_detail_name', 'the company name'), text('billing_detail_address_state', "the main location's state (charges follow where customers are)"), text('billing_detail_address_postal_code', "the main location's zip"),
        text('billing_detail_address_country', 'US', ['US']), text('payment_method_details_card_brand', "the card's brand", CARD_BRANDS), { name: 'metadata', type: 'json', description: 'JSON: empty' },
      ], { foreignKeys: [fk('invoice_id', 'stripe_invoice'), fk('customer_id', 'stripe_customer'), fk('card_id', 'stripe_card')], timeColumn: 'created' }),
      estimateRows: nCharges, exactRows: true, chunks: chunksOf(nCharges), generate: one((x) => chargeRows(ctxOf(), x.chunk, brandsOf(), x)),
    },
    {
      spec: key('stripe_balance_transaction', 'Stripe balance transactions: one per charge, less the processing fee, available two days later', [
        id('txn_ id'), ref('source', 'stripe_charge'), cents('amount', "the charge's amount"), cents('fee', '2.9% + 30c (American Express 3.5% + 30c), rounded to the cent'), cents('net', 'amount - fee'),
        text('currency', 'usd', ['usd']), ts('created', "the charge's created"), ts('available_on', 'two days after created; NULL while pending', true), text('status', 'available, or pending when available_on would fall on or after as_of', ['available', 'pending']),
        text('type', 'charge', ['charge']), text('reporting_category', 'charge', ['charge']), text('description', 'the invoice paid'),
      ], { foreignKeys: [fk('source', 'stripe_charge')], timeColumn: 'created' }),
      estimateRows: nCharges, exactRows: true, chunks: chunksOf(nCharges), generate: one((x) => balanceRows(ctxOf(), x.chunk, brandsOf())),
    },
    {
      spec: key('stripe_event', "Stripe events: every object change as Stripe reports it, in time order (ids ascend with time)", [
        id('evt_ id'), text('type', 'customer, payment method, subscription, invoice, charge and payment intent events', [...EVENT_TYPES]), ts('created', 'when the change happened'),
        text('object', "the changed object's type", ['customer', 'payment_method', 'subscription', 'invoice', 'charge', 'payment_intent']), text('object_id', "the changed object's id (a payment intent's pi_ id is on its charge)"),
        ref('customer_id', 'stripe_customer'), text('api_version', API_VERSION, [API_VERSION]), { name: 'pending_webhooks', type: 'integer', description: '0: delivered' }, { name: 'data', type: 'json', description: 'JSON {"object": {"id", "object"}}' },
      ], { foreignKeys: [fk('customer_id', 'stripe_customer')], timeColumn: 'created' }),
      estimateRows: nEvents, exactRows: true, chunks: chunksOf(nEvents), generate: one((x) => eventRows(ctxOf(), x.chunk)),
    },
  ];
}
