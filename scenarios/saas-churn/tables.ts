// The four raw tables of seeds 002/004. Every child table rebuilds its customers'
// latent lives (signup, plan, disengagement and cancellation days, log-drop rate)
// from the customers stream of the same chunk, so foreign keys and "no child
// before its parent" hold without a lookup, and any chunk can be made alone.
import { byParent, inBatches } from '../../src/engine/batches.js';
import { cumulate, normal, pickCumulative, poisson, uniform, type Rng } from '../../src/engine/random.js';
import type { ChunkContext, Row, TableDef } from '../../src/engine/model.js';
import * as S from './settings.js';
import type { Settings } from './settings.js';
import { expectation, mixture, type Moments } from './expect.js';

export const CUSTOMERS_PER_CHUNK = 5_000;
export const DAY_MONTHS = 30.4375;
/** Days between two bills: 12, 13 or 14, equally likely (about every 13 days). */
export const BILL_GAPS = [12, 13, 14];
/**
 * IDs are customer_id x slots + sequence number, so they ascend and never collide as
 * long as no customer has more rows than slots. Bills: at most 1 + 3,652 / 12 = 305 in
 * the longest window (120 months). Tickets are Poisson, about 12,000 at the highest
 * rate and window, so the count is capped just below its slots, far out of reach.
 * The largest ID, 50M customers x 100,000, stays below 2^53.
 */
export const BILL_SLOTS = 1_000;
export const TICKET_SLOTS = 100_000;
const CATEGORIES = Object.keys(S.CATEGORY_MIX);
const PRIORITIES = Object.keys(S.PRIORITY_MIX);
const STATUSES = Object.keys(S.PAYMENT_MIX);
const SESSIONS_MEAN = S.inOrder(S.SESSIONS_MEAN, S.PLANS);
const MINUTES_MEAN = S.inOrder(S.MINUTES_MEAN, S.PLANS);
const EVENTS_PER_SESSION = S.inOrder(S.EVENTS_PER_SESSION, S.PLANS);

export interface Life {
  id: number;
  signup: number;
  plan: number;
  region: number;
  /** First day without usage: disengagement or cancellation, at most the day after the window. */
  usageEnd: number;
  /** First day without a bill (paid plans): cancellation, at most the day after the window. */
  billingEnd: number;
  drop: number;
}

/** Everything derived from the settings alone. */
export class Model {
  readonly planCum: number[];
  readonly regionCum: number[];
  readonly paymentCum: number[];
  readonly categoryCum: number[];
  readonly priorityCum: number[];
  readonly disengageRate: number[];
  readonly cancelPerDay: number;
  readonly windowDays: number;

  constructor(readonly s: Settings) {
    this.planCum = cumulate(s.planMix);
    this.regionCum = cumulate(s.regionMix);
    this.paymentCum = cumulate(s.paymentMix);
    this.categoryCum = cumulate(s.categoryMix);
    this.priorityCum = cumulate(s.priorityMix);
    // S(180) = base retention -> daily hazard ln(1/r)/180.
    this.disengageRate = s.retention.map((r) => Math.log(1 / Math.max(r, 1e-9)) / S.RETENTION_HORIZON_DAYS);
    this.cancelPerDay = -Math.log(1 - Math.min(s.cancelRate, 0.999999)) / DAY_MONTHS;
    this.windowDays = s.end - s.start + 1;
  }

  chunks(): number {
    return Math.max(1, Math.ceil(this.s.customers / CUSTOMERS_PER_CHUNK));
  }

  /** The customers of one chunk, rebuilt from the customers table's stream (6 draws each). */
  *lives(ctx: ChunkContext, chunk: number): Generator<Life> {
    const rng = ctx.stream('', 'customers', chunk);
    const from = chunk * CUSTOMERS_PER_CHUNK;
    const to = Math.min(this.s.customers, from + CUSTOMERS_PER_CHUNK);
    const after = this.s.end + 1;
    for (let i = from; i < to; i++) {
      const signup = this.s.start + Math.floor(rng() * this.windowDays);
      const plan = pickCumulative(rng, this.planCum);
      const region = pickCumulative(rng, this.regionCum);
      const engaged = -Math.log(1 - rng()) / this.disengageRate[plan];
      const cancel = plan === 0 || this.cancelPerDay === 0 ? Infinity : -Math.log(1 - rng()) / this.cancelPerDay;
      if (plan === 0 || this.cancelPerDay === 0) rng(); // keep the draw count fixed
      const drop = uniform(rng, this.s.dropRange[0], this.s.dropRange[1]);
      const usageEnd = Math.min(after, signup + Math.max(1, Math.ceil(Math.min(engaged, cancel))));
      const billingEnd = plan === 0 ? signup : Math.min(after, signup + Math.max(1, Math.ceil(cancel)));
      yield { id: i + 1, signup, plan, region, usageEnd, billingEnd, drop };
    }
  }
}

/** Days a customer uses the product: each engaged day with the plan's activity rate, minus dropped logs (geometric skips). */
function usageRows(m: Model, life: Life, rng: Rng, out: Row[]): void {
  const p = m.s.activity[life.plan] * (1 - life.drop);
  if (p <= 0) return;
  const logQ = Math.log(1 - p);
  const mean = SESSIONS_MEAN[life.plan];
  const minutes = MINUTES_MEAN[life.plan];
  const sd = minutes / 3;
  const events = EVENTS_PER_SESSION[life.plan];
  let day = life.signup - 1;
  for (;;) {
    day += p >= 1 ? 1 : 1 + Math.floor(Math.log(1 - rng()) / logQ);
    if (day >= life.usageEnd) return;
    const sessions = 1 + poisson(rng, mean - 1);
    const used = Math.min(minutes + 3 * sd, Math.max(1, minutes + sd * normal(rng)));
    out.push([life.id, day, sessions, Math.round(used * 100), poisson(rng, sessions * events)]);
  }
}

function billingRows(m: Model, life: Life, rng: Rng, out: Row[]): void {
  if (life.plan === 0) return;
  const amount = Math.round(m.s.prices[life.plan] * 100);
  let day = life.signup;
  for (let k = 0; day < life.billingEnd && day <= m.s.end; k++) {
    out.push([life.id * BILL_SLOTS + k, life.id, day, amount, STATUSES[pickCumulative(rng, m.paymentCum)]]);
    day += BILL_GAPS[Math.floor(rng() * BILL_GAPS.length)];
  }
}

function supportRows(m: Model, life: Life, rng: Rng, out: Row[]): void {
  const tenure = life.usageEnd - life.signup;
  const n = Math.min(TICKET_SLOTS - 1, poisson(rng, (m.s.ticketsPerMonth * tenure) / DAY_MONTHS));
  const days = Array.from({ length: n }, () => life.signup + Math.floor(rng() * tenure)).sort((a, b) => a - b);
  for (let k = 0; k < n; k++) {
    out.push([life.id * TICKET_SLOTS + k, life.id, days[k], CATEGORIES[pickCumulative(rng, m.categoryCum)], PRIORITIES[pickCumulative(rng, m.priorityCum)]]);
  }
}

/** A child table: for each life of the chunk, its rows from the table's own stream. */
function childGenerator(m: Model, table: string, rowsOf: (m: Model, life: Life, rng: Rng, out: Row[]) => void) {
  return (ctx: ChunkContext) => {
    const rng = ctx.stream('', table, ctx.chunk);
    return byParent(m.lives(ctx, ctx.chunk), (life, out) => rowsOf(m, life, rng, out), ctx.batchSize);
  };
}

export function buildTables(s: Settings): TableDef[] {
  const m = new Model(s);
  // Expected rows from the parameters, for progress and size estimates.
  const expected = (moments: Moments[]) => Math.round(s.customers * mixture(moments, s.planMix).mean);
  const customerFk = [{ columns: ['customer_id'], references: { table: 'customers', columns: ['customer_id'] } }];
  return [
    {
      spec: {
        name: 'customers',
        description: 'One row per customer: signup date over the window, plan and region',
        columns: [
          { name: 'customer_id', type: 'integer' },
          { name: 'signup_date', type: 'date' },
          { name: 'plan', type: 'text', description: 'Free, Basic, Pro or Enterprise', values: S.PLANS },
          { name: 'region', type: 'text', description: 'NA, EU, APAC or LATAM', values: S.REGIONS },
        ],
        primaryKey: ['customer_id'],
        keyOrder: 'ascending',
      },
      estimateRows: () => s.customers,
      exactRows: true,
      chunks: () => m.chunks(),
      generate: (ctx) => {
        function* rows(): Generator<Row> {
          for (const life of m.lives(ctx, ctx.chunk)) yield [life.id, life.signup, S.PLANS[life.plan], S.REGIONS[life.region]];
        }
        return inBatches(rows(), ctx.batchSize);
      },
    },
    {
      spec: {
        name: 'usage_daily',
        description: 'One row per customer per active day (12-18% of logs dropped)',
        columns: [
          { name: 'customer_id', type: 'integer' },
          { name: 'usage_date', type: 'date' },
          { name: 'sessions', type: 'integer', description: '1 + Poisson by plan' },
          { name: 'usage_minutes', type: 'decimal', precision: 8, scale: 2, description: 'Normal by plan, capped at 3 sigma' },
          { name: 'feature_events', type: 'integer', description: 'Poisson(sessions x rate by plan)' },
        ],
        primaryKey: ['customer_id', 'usage_date'],
        keyOrder: 'ascending',
        foreignKeys: customerFk,
      },
      estimateRows: () => expected(expectation(m).usage_daily),
      chunks: () => m.chunks(),
      generate: childGenerator(m, 'usage_daily', usageRows),
    },
    {
      spec: {
        name: 'billing',
        description: 'Paid plans: a bill about every 13 days while subscribed',
        columns: [
          { name: 'bill_id', type: 'bigint', description: 'customer_id x 1000 + bill number' },
          { name: 'customer_id', type: 'integer' },
          { name: 'bill_date', type: 'date' },
          { name: 'amount', type: 'decimal', precision: 10, scale: 2 },
          { name: 'payment_status', type: 'text', description: 'paid, late or failed', values: STATUSES },
        ],
        primaryKey: ['bill_id'],
        keyOrder: 'ascending',
        foreignKeys: customerFk,
      },
      estimateRows: () => expected(expectation(m).billing),
      chunks: () => m.chunks(),
      generate: childGenerator(m, 'billing', billingRows),
    },
    {
      spec: {
        name: 'support',
        description: 'Support tickets: Poisson by tenure; category and priority mixes',
        columns: [
          { name: 'ticket_id', type: 'bigint', description: 'customer_id x 100000 + ticket number' },
          { name: 'customer_id', type: 'integer' },
          { name: 'ticket_date', type: 'date' },
          { name: 'category', type: 'text', description: 'billing, technical or onboarding', values: CATEGORIES },
          { name: 'priority', type: 'text', description: 'low, medium or high', values: PRIORITIES },
        ],
        primaryKey: ['ticket_id'],
        keyOrder: 'ascending',
        foreignKeys: customerFk,
      },
      estimateRows: () => expected(expectation(m).support),
      chunks: () => m.chunks(),
      generate: childGenerator(m, 'support', supportRows),
    },
  ];
}
