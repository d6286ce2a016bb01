// What a run's parameters predict for one customer: the mean and variance of its
// usage, bill and ticket rows, by plan, from the same model tables.ts draws from
// (signup uniform over the window, exponential disengagement and cancellation,
// each engaged day active with a chance, a bill every 12-14 days, Poisson
// tickets). The checks compare the streamed row counts with these.
import * as S from './settings.js';
import { Model, DAY_MONTHS, BILL_GAPS } from './tables.js';

/** Per-customer row-count moments: mean, mean square and the most rows one customer can have. */
export interface Moments {
  mean: number;
  meanSq: number;
  max: number;
}

export interface Expectation {
  /** Index by plan (Free, Basic, Pro, Enterprise). */
  usage_daily: Moments[];
  billing: Moments[];
  support: Moments[];
}

export const variance = (m: Moments) => Math.max(0, m.meanSq - m.mean * m.mean);

/** Plan-weighted mixture: the moments of a customer whose plan is drawn from the mix. */
export function mixture(byPlan: Moments[], planMix: number[]): Moments {
  const total = planMix.reduce((a, b) => a + b, 0);
  let mean = 0;
  let meanSq = 0;
  byPlan.forEach((m, q) => {
    mean += (planMix[q] / total) * m.mean;
    meanSq += (planMix[q] / total) * m.meanSq;
  });
  return { mean, meanSq, max: Math.max(...byPlan.map((m) => m.max)) };
}

/**
 * The average over signup days of E[g(span)], where a customer signing up with
 * `left` days to the window's end has span min(left, max(1, ceil(T))), T exponential
 * with the given daily rate (Infinity when rate is 0). Signups are uniform over the
 * window's `days` days, so `left` runs over 1..days.
 */
function overSignups(days: number, rate: number, g: (span: number) => number): number {
  const tail = (t: number) => (t === 0 ? 1 : Math.exp(-rate * t)); // P(span > t) before the window cuts it
  let below = 0; // sum over spans b < left of P(span = b) g(b)
  let sum = 0;
  for (let left = 1; left <= days; left++) {
    sum += below + tail(left - 1) * g(left);
    below += (tail(left - 1) - tail(left)) * g(left);
  }
  return sum / days;
}

/** First and second moments of the number of bills in a paid span of b days (bills at day 0, then every 12-14 days). */
function billsBySpan(days: number): { m1: Float64Array; m2: Float64Array } {
  const m1 = new Float64Array(days + 1);
  const m2 = new Float64Array(days + 1);
  for (let b = 1; b <= days; b++) {
    let e1 = 0;
    let e2 = 0;
    for (const gap of BILL_GAPS) {
      const rest = b - gap;
      e1 += rest > 0 ? m1[rest] : 0;
      e2 += rest > 0 ? 2 * m1[rest] + m2[rest] : 0;
    }
    m1[b] = 1 + e1 / BILL_GAPS.length;
    m2[b] = 1 + e2 / BILL_GAPS.length;
  }
  return { m1, m2 };
}

export function expectation(m: Model): Expectation {
  const s = m.s;
  const days = m.windowDays;
  const dropMean = (s.dropRange[0] + s.dropRange[1]) / 2;
  const dropVar = (s.dropRange[1] - s.dropRange[0]) ** 2 / 12;
  const ticketsPerDay = s.ticketsPerMonth / DAY_MONTHS;
  const bills = billsBySpan(days);
  const paidBills = {
    mean: overSignups(days, m.cancelPerDay, (b) => bills.m1[b]),
    meanSq: overSignups(days, m.cancelPerDay, (b) => bills.m2[b]),
    max: bills.m1.length > 1 ? 1 + Math.floor((days - 1) / Math.min(...BILL_GAPS)) : 0,
  };
  const out: Expectation = { usage_daily: [], billing: [], support: [] };
  S.PLANS.forEach((_, q) => {
    // Usage ends at disengagement or, for paid plans, cancellation: the first of two exponentials.
    const rate = m.disengageRate[q] + (q === 0 ? 0 : m.cancelPerDay);
    const span = overSignups(days, rate, (b) => b);
    const spanSq = overSignups(days, rate, (b) => b * b);
    // Each day of the span is active with chance p = activity x (1 - drop), drop uniform.
    const p = s.activity[q] * (1 - dropMean);
    const pSq = s.activity[q] ** 2 * ((1 - dropMean) ** 2 + dropVar);
    out.usage_daily.push({ mean: span * p, meanSq: span * p - span * pSq + spanSq * pSq, max: days });
    out.billing.push(q === 0 ? { mean: 0, meanSq: 0, max: 0 } : paidBills);
    // Tickets ~ Poisson(rate x span).
    out.support.push({ mean: ticketsPerDay * span, meanSq: ticketsPerDay * span + ticketsPerDay ** 2 * spanSq, max: Math.max(1, ticketsPerDay * days) });
  });
  return out;
}
