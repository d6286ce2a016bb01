// What every subscription costs: the price list (6 products, 12 Stripe prices) and,
// per subscription, its billing interval and items (the plan's price plus add-ons
// with quantities). The platform's MRR is the sum of the items, so the platform's
// subscriptions and Stripe's subscription items agree by construction, and
// Stripe's invoices follow from the intervals.
import { allocate } from '../../src/engine/allocate.js';
import { addMonths } from '../../src/engine/dates.js';
import { cumulate, pickCumulative, type Rng } from '../../src/engine/random.js';
import * as S from './settings.js';
import type { Settings } from './settings.js';
import { DAY } from './time.js';

export interface Product {
  name: string;
  description: string;
  /** the tier it is the plan of, or -1 for an add-on */
  tier: number;
}

export const PRODUCTS: Product[] = [
  { name: 'Basic', description: 'Tap monitoring, pour analytics and inventory for one bar', tier: 0 },
  { name: 'Pro', description: 'Multi-location analytics, staff reports and integrations', tier: 1 },
  { name: 'Enterprise', description: 'Unlimited locations, SSO, API and a dedicated success manager', tier: 2 },
  { name: 'Additional location', description: 'Each location beyond the plan\'s first, per location', tier: -1 },
  { name: 'Extra tap device', description: 'Each tap sensor beyond the plan\'s included ones, per device', tier: -1 },
  { name: 'Analytics Plus', description: 'Forecasting, variance alerts and exports', tier: -1 },
];

export const INTERVALS = ['month', 'year'] as const;

export interface Price {
  product: number;
  interval: 0 | 1;
  /** unit amount, cents */
  unit: number;
}

/**
 * Monthly list prices in whole dollars. Annual plans cost the band's floor a month
 * (Basic $299, Pro $999, Enterprise $2,999: 12 months for about 10 of the monthly
 * price), so every MRR stays inside the seed's tier bands; add-ons cost the same a
 * month either way.
 */
const MONTHLY = [349, 1_149, 3_449, 99, 29, 199];
const ANNUAL_MONTHLY = [299, 999, 2_999, 99, 29, 199];

/** 12 prices: each product monthly (even index) and annual (odd index). */
export const PRICES: Price[] = PRODUCTS.flatMap((_, p) => [
  { product: p, interval: 0 as const, unit: MONTHLY[p] * 100 },
  { product: p, interval: 1 as const, unit: ANNUAL_MONTHLY[p] * 1200 },
]);

export const priceOf = (product: number, interval: number) => 2 * product + interval;
/** A price's monthly recurring revenue per unit, cents. */
export const monthlyCents = (price: number) => (PRICES[price].interval === 1 ? PRICES[price].unit / 12 : PRICES[price].unit);

/** Add-ons a subscription takes (the first 0-3 of a random order by these weights), and how their quantities grow with tier. */
const ADDON_WEIGHTS = [0.45, 0.35, 0.2];
/** Higher tiers take more add-ons (weights of the extra items). */
const TIER_ADDONS = [1, 1.6, 2.4];
/** Higher tiers bill annually more often (weights in the order annual billing is offered). */
const TIER_ANNUAL = [1, 1.5, 2.5];

export interface Billing {
  /** Per subscription segment: 0 monthly, 1 annual. */
  interval: Uint8Array;
  /** Segment s owns items itemOffset[s] .. itemOffset[s+1]-1; the first is its plan. */
  itemOffset: Float64Array;
  itemPrice: Uint8Array;
  itemQty: Uint16Array;
  /** When the segment's billing starts (its start, or the trial's end), and how many invoices its periods give. */
  paidFrom: Float64Array;
  periods: Int32Array;
}

/** Second t plus n calendar months (the day clamped to the month's length), as Stripe bills. */
export function addMonthsAt(t: number, n: number): number {
  const day = Math.floor(t / DAY);
  return addMonths(day, n) * DAY + (t - day * DAY);
}

/** Billing periods that start in [from, to): every `months` months from `from`. */
export function periodCount(from: number, to: number, months: number): number {
  let k = 0;
  while (addMonthsAt(from, k * months) < to) k++;
  return k;
}

export interface Segments {
  n: number;
  segOffset: Float64Array;
  segTier: Uint8Array;
  segStart: Float64Array;
  segEnd: Float64Array;
  paidStart: Float64Array;
  trial: Uint8Array;
}

/**
 * Intervals and items of every segment, and each segment's MRR in whole dollars.
 * Intervals: annual billing is offered to segments in a random order (weighted by
 * tier) while it keeps the recurring invoices at or above the seed's invoice count,
 * so the invoices land on the count (the last few, one-off invoices, make it exact).
 */
export function priceSegments(s: Settings, rng: Rng, a: Segments): { billing: Billing; mrr: Int32Array } {
  const total = a.segOffset[a.n];
  const paidFrom = new Float64Array(total);
  const monthly = new Int32Array(total);
  const annual = new Int32Array(total);
  const tierOf = (seg: number) => a.segTier[seg];
  for (let i = 0; i < a.n; i++) {
    for (let seg = a.segOffset[i]; seg < a.segOffset[i + 1]; seg++) {
      const from = Math.max(a.segStart[seg], a.paidStart[i]);
      paidFrom[seg] = from;
      const to = Math.min(a.segEnd[seg], s.end);
      if (a.trial[i] === 2 || from >= to) continue;
      monthly[seg] = periodCount(from, to, 1);
      annual[seg] = periodCount(from, to, 12);
    }
  }
  let surplus = monthly.reduce((x, y) => x + y, 0) - s.sources.stripe_invoice;
  const interval = new Uint8Array(total);
  const order = Array.from({ length: total }, (_, seg) => ({ seg, key: rng() ** (1 / TIER_ANNUAL[tierOf(seg)]) })).sort((x, y) => y.key - x.key || x.seg - y.seg);
  for (const { seg } of order) {
    const saving = monthly[seg] - annual[seg];
    if (monthly[seg] === 0) interval[seg] = rng() < 0.25 ? 1 : 0; // never billed: no effect on invoices
    else if (surplus > 0 && saving <= surplus) {
      interval[seg] = 1;
      surplus -= saving;
    }
  }
  const periods = Int32Array.from({ length: total }, (_, seg) => (interval[seg] ? annual[seg] : monthly[seg]));

  const addons = allocate(
    Math.max(0, s.sources.stripe_subscription_item - total),
    Float64Array.from({ length: total }, (_, seg) => TIER_ADDONS[tierOf(seg)] * (0.5 + rng())),
    0,
    ADDON_WEIGHTS.length,
  );
  const itemOffset = new Float64Array(total + 1);
  for (let seg = 0; seg < total; seg++) itemOffset[seg + 1] = itemOffset[seg] + 1 + addons[seg];
  const itemPrice = new Uint8Array(itemOffset[total]);
  const itemQty = new Uint16Array(itemOffset[total]);
  const mrr = new Int32Array(total);
  for (let seg = 0; seg < total; seg++) {
    const tier = tierOf(seg);
    const first = itemOffset[seg];
    const iv = interval[seg];
    itemPrice[first] = priceOf(tier, iv);
    itemQty[first] = 1;
    // k distinct add-ons by weight, listed in catalog order.
    const chosen = pickDistinct(rng, addons[seg]).sort((x, y) => x - y);
    chosen.forEach((addon, k) => {
      itemPrice[first + 1 + k] = priceOf(3 + addon, iv);
      itemQty[first + 1 + k] = addon === 0 ? 1 + Math.floor(-Math.log(1 - rng()) * (0.5 + tier)) : addon === 1 ? 1 + Math.floor(-Math.log(1 - rng()) * 2 * (1 + tier)) : 1;
    });
    // Quantities give way (largest first, never below 1) until the MRR is inside the tier's band.
    const sum = () => {
      let c = 0;
      for (let j = first; j < itemOffset[seg + 1]; j++) c += monthlyCents(itemPrice[j]) * itemQty[j];
      return c / 100;
    };
    while (sum() > S.MRR_BANDS[tier][1]) {
      let big = -1;
      for (let j = first + 1; j < itemOffset[seg + 1]; j++) if (itemQty[j] > 1 && (big < 0 || itemQty[j] > itemQty[big])) big = j;
      if (big < 0) break;
      itemQty[big]--;
    }
    mrr[seg] = sum();
  }
  return { billing: { interval, itemOffset, itemPrice, itemQty, paidFrom, periods }, mrr };
}

const ADDON_CUM = cumulate(ADDON_WEIGHTS);

function pickDistinct(rng: Rng, k: number): number[] {
  const out: number[] = [];
  while (out.length < k) {
    const x = pickCumulative(rng, ADDON_CUM);
    if (!out.includes(x)) out.push(x);
  }
  return out;
}
