// The three tables of seed 001, each generated chunk by chunk from the customer
// lives of lifecycle.ts.
import { inBatches } from '../../src/engine/batches.js';
import { idKeys, stripeId } from '../../src/engine/ids.js';
import { monthsBetween } from '../../src/engine/dates.js';
import type { ChunkContext, Row, TableDef } from '../../src/engine/model.js';
import { LifeModel, TIERS, type Life, type Settings } from './lifecycle.js';

/** Customers per chunk: the unit of deterministic, splittable generation. */
export const CUSTOMERS_PER_CHUNK = 10_000;
/** Subscription IDs are permuted from customer index * 8 + sequence (a life has at most 4). */
const SUBS_PER_CUSTOMER_SLOT = 8;

export interface Names {
  customers: string;
  subscriptions: string;
  movements: string;
}

export function tableNames(prefix: string): Names {
  return { customers: `${prefix}customers`, subscriptions: `${prefix}subscriptions`, movements: `${prefix}mrr_movements` };
}

function chunkCount(s: Settings): number {
  return Math.max(1, Math.ceil(s.customers / CUSTOMERS_PER_CHUNK));
}

/** Every life of one customer chunk, rebuilt from the customers table's stream. */
function* livesOfChunk(model: LifeModel, ctx: ChunkContext, chunk: number, customersTable: string): Generator<Life> {
  const rng = ctx.stream('lives', customersTable, chunk);
  const from = chunk * CUSTOMERS_PER_CHUNK;
  const to = Math.min(model.s.customers, from + CUSTOMERS_PER_CHUNK);
  for (let i = from; i < to; i++) yield model.life(i, rng);
}

export function buildTables(s: Settings, seed: number, names: Names): TableDef[] {
  const cusKeys = idKeys(seed, 'cus');
  const subKeys = idKeys(seed, 'sub');
  const customerId = (i: number) => stripeId('cus', i, cusKeys);

  const customers: TableDef = {
    spec: {
      name: names.customers,
      description: 'One row per customer: signup, current plan and MRR, status',
      columns: [
        { name: 'customer_id', type: 'text', description: 'Stripe-style cus_ + 16 hex' },
        { name: 'email', type: 'text' },
        { name: 'signup_date', type: 'date' },
        { name: 'plan_tier', type: 'text', description: 'current (or last) plan: Starter, Pro, Enterprise' },
        { name: 'mrr_current', type: 'decimal', precision: 10, scale: 2, description: 'current MRR; 0 once churned' },
        { name: 'status', type: 'text', description: 'active or churned' },
      ],
      primaryKey: ['customer_id'],
      indexes: [
        { name: `idx_${names.customers}_signup_date`, columns: ['signup_date'] },
        { name: `idx_${names.customers}_status`, columns: ['status'] },
      ],
    },
    estimateRows: () => s.customers,
    exactRows: true,
    chunks: () => chunkCount(s),
    generate(ctx) {
      const model = new LifeModel(s);
      function* rows(): Generator<Row> {
        for (const life of livesOfChunk(model, ctx, ctx.chunk, names.customers)) {
          const last = life.segments[life.segments.length - 1];
          const active = life.churn === null;
          yield [customerId(life.index), life.email, life.signup, TIERS[last.tier], active ? last.mrr * 100 : 0, active ? 'active' : 'churned'];
        }
      }
      return inBatches(rows(), ctx.batchSize);
    },
  };

  const subscriptions: TableDef = {
    spec: {
      name: names.subscriptions,
      description: 'Subscription history: one row per plan period; a change ends one and starts the next',
      columns: [
        { name: 'subscription_id', type: 'text', description: 'Stripe-style sub_ + 16 hex' },
        { name: 'customer_id', type: 'text' },
        { name: 'start_date', type: 'date' },
        { name: 'end_date', type: 'date', nullable: true, description: 'NULL while active' },
        { name: 'mrr', type: 'decimal', precision: 10, scale: 2 },
        { name: 'plan_tier', type: 'text' },
      ],
      primaryKey: ['subscription_id'],
      foreignKeys: [{ columns: ['customer_id'], references: { table: names.customers, columns: ['customer_id'] } }],
      indexes: [
        { name: `idx_${names.subscriptions}_customer_id`, columns: ['customer_id'] },
        { name: `idx_${names.subscriptions}_start_date`, columns: ['start_date'] },
      ],
    },
    estimateRows: () => Math.round(s.customers * (1 + s.upgradeRate * 1.2 + s.downgradeRate)),
    chunks: () => chunkCount(s),
    generate(ctx) {
      const model = new LifeModel(s);
      function* rows(): Generator<Row> {
        for (const life of livesOfChunk(model, ctx, ctx.chunk, names.customers)) {
          const cid = customerId(life.index);
          for (let k = 0; k < life.segments.length; k++) {
            const seg = life.segments[k];
            yield [stripeId('sub', life.index * SUBS_PER_CUSTOMER_SLOT + k, subKeys), cid, seg.start, seg.end, seg.mrr * 100, TIERS[seg.tier]];
          }
        }
      }
      return inBatches(rows(), ctx.batchSize);
    },
  };

  const movements: TableDef = {
    spec: {
      name: names.movements,
      description: 'Monthly MRR waterfall: new, expansion, contraction, churn and net MRR',
      columns: [
        { name: 'month', type: 'date', description: 'first day of the month' },
        { name: 'new_mrr', type: 'decimal', precision: 12, scale: 2 },
        { name: 'expansion_mrr', type: 'decimal', precision: 12, scale: 2 },
        { name: 'contraction_mrr', type: 'decimal', precision: 12, scale: 2 },
        { name: 'churn_mrr', type: 'decimal', precision: 12, scale: 2 },
        { name: 'net_mrr', type: 'decimal', precision: 12, scale: 2, description: 'new + expansion - contraction - churn' },
      ],
      primaryKey: ['month'],
    },
    estimateRows: () => s.window.months,
    exactRows: true,
    chunks: () => 1,
    *generate(ctx) {
      const model = new LifeModel(s);
      const m = s.window.months;
      const [nw, ex, co, ch] = [0, 1, 2, 3].map(() => new Array<number>(m).fill(0));
      const at = (day: number) => monthsBetween(s.window.start, day);
      for (let chunk = 0; chunk < chunkCount(s); chunk++) {
        for (const life of livesOfChunk(model, ctx, chunk, names.customers)) {
          addMovements(life, at, nw, ex, co, ch);
        }
      }
      const rows: Row[] = [];
      for (let k = 0; k < m; k++) {
        rows.push([model.monthFirstDay[k], nw[k] * 100, ex[k] * 100, co[k] * 100, ch[k] * 100, (nw[k] + ex[k] - co[k] - ch[k]) * 100]);
      }
      yield rows;
    },
  };

  return [customers, subscriptions, movements];
}

/** Books one life's MRR events into month buckets (whole dollars). */
export function addMovements(life: Life, monthOf: (day: number) => number, nw: number[], ex: number[], co: number[], ch: number[]): void {
  const segs = life.segments;
  nw[monthOf(segs[0].start)] += segs[0].mrr;
  for (let k = 1; k < segs.length; k++) {
    const delta = segs[k].mrr - segs[k - 1].mrr;
    if (delta >= 0) ex[monthOf(segs[k].start)] += delta;
    else co[monthOf(segs[k].start)] -= delta;
  }
  const last = segs[segs.length - 1];
  if (last.end !== null) ch[monthOf(last.end)] += last.mrr;
}
