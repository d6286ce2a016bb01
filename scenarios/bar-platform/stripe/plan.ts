// Stripe's side of the plan, made once per run from the platform's subscriptions
// (their segments, intervals and items, in plan.accounts.billing): one customer and
// card per account, one Stripe subscription per platform subscription, an invoice
// per billing period, a charge and balance transaction per paid invoice. Invoices
// are a few hundred thousand at most, so they live in typed arrays.
import { stream, type Rng } from '../../../src/engine/random.js';
import { addMonthsAt, PRICES } from '../billing.js';
import { perRun, SCENARIO, type Plan } from '../plan.js';
import { DAY, HOUR } from '../time.js';

export const INVOICE_STATUSES = ['paid', 'open', 'uncollectible', 'void', 'draft'] as const;
export const PAID = 0;
export const OPEN = 1;
export const UNCOLLECTIBLE = 2;
export const VOID = 3;
export const DRAFT = 4;

/** Share of invoices paid (the seed's 95%), of paid ones paid late (after failed attempts). */
export const PAID_SHARE = 0.95;
export const LATE_SHARE = 0.08;
/** Smart retries: days after finalization of attempts 2, 3 and 4. */
export const RETRY_DAYS = [3, 8, 15];
/** An unpaid invoice older than this is written off (uncollectible) or voided; younger ones stay open. */
export const OPEN_DAYS = 30;
export const FINALIZE_AFTER = HOUR;

export interface Invoices {
  n: number;
  segment: Int32Array;
  /** the billing period's index within its segment */
  period: Int32Array;
  created: Float64Array;
  periodEnd: Float64Array;
  amount: Int32Array;
  status: Uint8Array;
  attempts: Uint8Array;
  /** paid invoices: when; else NaN */
  paidAt: Float64Array;
  /** paid invoices: the charge's index; else -1 */
  charge: Int32Array;
}

export interface StripePlan {
  plan: Plan;
  seed: number;
  invoices: Invoices;
  charges: number;
  /** invoice index of each charge */
  chargeInvoice: Int32Array;
  /** per segment: first invoice index (segments' invoices are contiguous, in period order) */
  segInvoice: Float64Array;
  /** per account: has an open invoice at as_of (past due) */
  delinquent: Uint8Array;
  /** the account of every segment */
  segAccount: Int32Array;
}

const rngOf = (seed: number, name: string): Rng => stream(seed, SCENARIO, 'stripe_invoice', 0, name);

/** What a segment's items cost per billing period, cents. */
export function periodAmount(plan: Plan, seg: number): number {
  const b = plan.accounts.billing;
  let c = 0;
  for (let j = b.itemOffset[seg]; j < b.itemOffset[seg + 1]; j++) c += PRICES[b.itemPrice[j]].unit * b.itemQty[j];
  return c;
}

function buildInvoices(plan: Plan, seed: number): StripePlan {
  const a = plan.accounts;
  const b = a.billing;
  const s = plan.s;
  const segs = a.segOffset[a.n];
  const segInvoice = new Float64Array(segs + 1);
  for (let seg = 0; seg < segs; seg++) segInvoice[seg + 1] = segInvoice[seg] + b.periods[seg];
  const n = segInvoice[segs];
  const inv: Invoices = {
    n,
    segment: new Int32Array(n),
    period: new Int32Array(n),
    created: new Float64Array(n),
    periodEnd: new Float64Array(n),
    amount: new Int32Array(n),
    status: new Uint8Array(n),
    attempts: new Uint8Array(n),
    paidAt: new Float64Array(n).fill(NaN),
    charge: new Int32Array(n).fill(-1),
  };
  const accountOf = segmentAccounts(plan);
  for (let seg = 0; seg < segs; seg++) {
    const months = b.interval[seg] ? 12 : 1;
    const amount = periodAmount(plan, seg);
    for (let k = 0; k < b.periods[seg]; k++) {
      const j = segInvoice[seg] + k;
      inv.segment[j] = seg;
      inv.period[j] = k;
      inv.created[j] = addMonthsAt(b.paidFrom[seg], k * months);
      inv.periodEnd[j] = addMonthsAt(b.paidFrom[seg], (k + 1) * months);
      inv.amount[j] = amount;
    }
  }
  // Unpaid: exactly 5%. Invoices too young to finalize stay drafts; the rest are drawn
  // by weight (a churned account's last invoices mostly: failed payments precede churn).
  const rng = rngOf(seed, 'outcome');
  const unpaid = n - Math.round(PAID_SHARE * n);
  const key = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const seg = inv.segment[j];
    const acc = accountOf[seg];
    const lastOfChurned = a.status[acc] === 2 && seg === a.segOffset[acc + 1] - 1 && j === segInvoice[seg + 1] - 1;
    const w = lastOfChurned ? 20 : 1;
    key[j] = inv.created[j] + FINALIZE_AFTER >= s.end ? 2 : rng() ** (1 / w); // drafts first
  }
  const threshold = unpaid > 0 ? Float64Array.from(key).sort()[n - unpaid] : Infinity;
  const retry = rngOf(seed, 'retries');
  let charges = 0;
  const delinquent = new Uint8Array(a.n);
  for (let j = 0; j < n; j++) {
    const finalized = inv.created[j] + FINALIZE_AFTER;
    const u = retry();
    const v = retry();
    if (finalized >= s.end) {
      inv.status[j] = DRAFT; // not finalized by as_of, whatever the quota says
      continue;
    }
    if (key[j] >= threshold && unpaid > 0) {
      if (s.end - finalized < OPEN_DAYS * DAY) {
        inv.status[j] = OPEN;
        delinquent[accountOf[inv.segment[j]]] = 1;
      } else inv.status[j] = u < 0.7 ? UNCOLLECTIBLE : VOID;
      // Attempts made before as_of (void invoices were never retried past the first).
      let attempts = 1;
      if (inv.status[j] !== VOID) for (const d of RETRY_DAYS) if (finalized + d * DAY < s.end) attempts++;
      inv.attempts[j] = attempts;
      continue;
    }
    // Paid: on the first attempt within minutes, or late on a retry that falls before as_of.
    let attempt = 0;
    if (u < LATE_SHARE) {
      attempt = 1 + Math.floor(v * RETRY_DAYS.length);
      while (attempt > 0 && finalized + RETRY_DAYS[attempt - 1] * DAY + 600 >= s.end) attempt--;
    }
    const paidAt = attempt === 0 ? finalized + 5 + Math.floor(v * 595) : finalized + RETRY_DAYS[attempt - 1] * DAY + Math.floor(v * 595);
    inv.status[j] = PAID;
    inv.attempts[j] = attempt + 1;
    inv.paidAt[j] = Math.min(paidAt, s.end - 1);
    inv.charge[j] = charges++;
  }
  const chargeInvoice = new Int32Array(charges);
  for (let j = 0; j < n; j++) if (inv.charge[j] >= 0) chargeInvoice[inv.charge[j]] = j;
  return { plan, seed, invoices: inv, charges, chargeInvoice, segInvoice, delinquent, segAccount: accountOf };
}

/** Stripe's plan of a run, made once per (plan, seed). */
export const stripePlanOf = perRun(buildInvoices);

/** The account of every segment. */
function segmentAccounts(plan: Plan): Int32Array {
  const a = plan.accounts;
  const out = new Int32Array(a.segOffset[a.n]);
  for (let i = 0; i < a.n; i++) for (let seg = a.segOffset[i]; seg < a.segOffset[i + 1]; seg++) out[seg] = i;
  return out;
}
