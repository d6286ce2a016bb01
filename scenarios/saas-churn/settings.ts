// Seeds 002 and 004 in one place: mixes, rates and prices, and the settings a
// run derives from its parameters.
import { addMonths, parseDate } from '../../src/engine/dates.js';
import type { Params } from '../../src/engine/model.js';
import { inOrder, type Mix } from '../shared/mixes.js';

export { inOrder, type Mix };

export const PLANS = ['Free', 'Basic', 'Pro', 'Enterprise'];
export const PLAN_MIX = { Free: 0.4, Basic: 0.35, Pro: 0.2, Enterprise: 0.05 };
export const REGIONS = ['NA', 'EU', 'APAC', 'LATAM'];
export const REGION_MIX = { NA: 0.35, EU: 0.3, APAC: 0.25, LATAM: 0.1 };
/** Seed 004: share of a plan's customers still engaged 180 days after signup; exponential decay. */
export const BASE_RETENTION = { Free: 0.22, Basic: 0.35, Pro: 0.5, Enterprise: 0.7 };
export const RETENTION_HORIZON_DAYS = 180;
/** Chance an engaged customer uses the product on a given day (tuned to the seed's ~4M rows). */
export const DAILY_ACTIVITY = { Free: 0.3, Basic: 0.4, Pro: 0.5, Enterprise: 0.6 };
/** Sessions = 1 + Poisson(mean - 1); minutes ~ Normal(mean, mean/3) capped at 3 sigma; events ~ Poisson(sessions x rate). */
export const SESSIONS_MEAN = { Free: 1.5, Basic: 2.5, Pro: 4, Enterprise: 6 };
export const MINUTES_MEAN = { Free: 15, Basic: 25, Pro: 40, Enterprise: 55 };
export const EVENTS_PER_SESSION = { Free: 2, Basic: 3, Pro: 4, Enterprise: 5 };
export const LOG_DROP_RANGE: [number, number] = [0.12, 0.18];

export const BILL_INTERVAL_DAYS = 13;
/** Price per bill (USD), one bill about every 13 days. */
export const PRICES = { Basic: 29, Pro: 99, Enterprise: 499 };
export const PAYMENT_MIX = { paid: 0.75, late: 0.15, failed: 0.1 };
/** Paid subscriptions are cancelled at this monthly rate; usage ends with the subscription. */
export const PAID_CANCEL_RATE = 0.01;

export const TICKETS_PER_MONTH = 0.95;
export const CATEGORY_MIX = { billing: 0.25, technical: 0.6, onboarding: 0.15 };
export const PRIORITY_MIX = { low: 0.55, medium: 0.4, high: 0.05 };

/** The seeds' row counts at 100,000 customers, scaled linearly for other sizes. */
export const SEED_ROWS = { usage_daily: 4_000_000, billing: 1_200_000, support: 380_000 };
export const SEED_CUSTOMERS = 100_000;
export const ROW_COUNT_TOLERANCE = 0.15;


export interface Settings {
  customers: number;
  start: number;
  end: number;
  planMix: number[];
  regionMix: number[];
  retention: number[];
  activity: number[];
  dropRange: [number, number];
  prices: number[]; // per plan, Free = 0
  paymentMix: number[];
  cancelRate: number;
  ticketsPerMonth: number;
  categoryMix: number[];
  priorityMix: number[];
}


export function settingsOf(p: Params): Settings {
  const start = parseDate(p.start_date as string)!;
  return {
    customers: p.customers as number,
    start,
    end: addMonths(start, p.months as number) - 1,
    planMix: inOrder(p.plan_mix as Mix, PLANS),
    regionMix: inOrder(p.region_mix as Mix, REGIONS),
    retention: inOrder(p.base_retention as Mix, PLANS),
    activity: inOrder(DAILY_ACTIVITY, PLANS),
    dropRange: [p.log_drop_min as number, p.log_drop_max as number],
    prices: [0, ...inOrder(p.prices as Mix, PLANS.slice(1))],
    paymentMix: inOrder(p.payment_mix as Mix, Object.keys(PAYMENT_MIX)),
    cancelRate: p.paid_cancel_rate as number,
    ticketsPerMonth: p.tickets_per_month as number,
    categoryMix: inOrder(p.category_mix as Mix, Object.keys(CATEGORY_MIX)),
    priorityMix: inOrder(p.priority_mix as Mix, Object.keys(PRIORITY_MIX)),
  };
}
