// Scenario saas-churn, from seeds 002 and 004: 100K SaaS customers with daily
// usage, billing and support tickets as Parquet, plus the Stage 2 SQL pipeline.
import { fileURLToPath } from 'node:url';
import { addMonths, parseDate } from '../../src/engine/dates.js';
import type { ParamSpec, Params, Scenario } from '../../src/engine/model.js';
import { allZeroMix, mixParam } from '../shared/mixes.js';
import { SaasChurnObserver } from './observer.js';
import * as S from './settings.js';
import { buildTables } from './tables.js';

const rate = (name: string, def: number, help: string, max = 1): ParamSpec => ({ name, type: 'number', default: def, min: 0, max, help });

const LAST_DAY = parseDate('9999-12-31')!;

/** Whether every parameter but customers has its seed value (the seed's row counts scale with customers). */
function atSeed(p: Params): boolean {
  return saasChurn.params.every((spec) => spec.name === 'customers' || JSON.stringify(p[spec.name]) === JSON.stringify(spec.default));
}

export const saasChurn: Scenario = {
  name: 'saas-churn',
  description: 'SaaS churn raw layer: customers, daily usage, billing and support tickets, plus a SQL feature pipeline',
  seedFile: '002_d825ddfaf004400e.txt + 004_b68faf1145a9d9c3.txt',
  defaultSeed: 42,
  defaultTarget: 'parquet',
  defaultOut: 'data/raw',
  params: [
    { name: 'customers', type: 'integer', default: 100_000, min: 1, max: 50_000_000, help: 'number of customers' },
    { name: 'start_date', type: 'date', default: '2024-01-01', help: 'first signup day of the window' },
    { name: 'months', type: 'integer', default: 18, min: 1, max: 120, help: 'length of the window in months' },
    mixParam('plan_mix', S.PLAN_MIX, 'share of customers per plan'),
    mixParam('region_mix', S.REGION_MIX, 'share of customers per region'),
    { name: 'base_retention', type: 'map', default: S.BASE_RETENTION, keys: S.PLANS, min: 0.001, max: 0.999, help: 'share still engaged 180 days after signup, per plan (exponential decay)' },
    rate('log_drop_min', S.LOG_DROP_RANGE[0], 'lowest share of usage logs dropped per customer'),
    rate('log_drop_max', S.LOG_DROP_RANGE[1], 'highest share of usage logs dropped per customer'),
    { name: 'prices', type: 'map', default: S.PRICES, keys: Object.keys(S.PRICES), min: 0, max: 1_000_000, help: 'price per bill (about every 13 days) per paid plan, USD' },
    mixParam('payment_mix', S.PAYMENT_MIX, 'payment status shares'),
    rate('paid_cancel_rate', S.PAID_CANCEL_RATE, 'monthly cancellation rate of paid subscriptions (ends bills and usage)'),
    rate('tickets_per_month', S.TICKETS_PER_MONTH, 'support tickets per customer per month of tenure (Poisson)', 100),
    mixParam('category_mix', S.CATEGORY_MIX, 'ticket category shares'),
    mixParam('priority_mix', S.PRIORITY_MIX, 'ticket priority shares'),
  ],
  validate(p) {
    if ((p.log_drop_min as number) > (p.log_drop_max as number)) return 'log_drop_min is above log_drop_max; set min <= max';
    const zero = allZeroMix(p, ['plan_mix', 'region_mix', 'payment_mix', 'category_mix', 'priority_mix']);
    if (zero) return zero;
    const start = parseDate(p.start_date as string);
    if (start === null) return 'start_date is not a date';
    // Dates are written as YYYY-MM-DD: the window must end within year 9999.
    if (addMonths(start, p.months as number) - 1 > LAST_DAY) return `start_date ${p.start_date} plus ${p.months} months runs past 9999-12-31; pick an earlier start_date or fewer months`;
    return null;
  },
  tables: (p) => buildTables(S.settingsOf(p)),
  pipeline: {
    steps: [
      { sqlFile: fileURLToPath(new URL('./sql/staging.sql', import.meta.url)), layer: 'staging' },
      { sqlFile: fileURLToPath(new URL('./sql/churn_features.sql', import.meta.url)), layer: 'analytics' },
    ],
  },
  observer: (p) => new SaasChurnObserver(S.settingsOf(p), atSeed(p)),
  sqlChecks: () => [
    { name: 'no usage before signup', sql: 'SELECT count(*) FROM usage_daily u JOIN customers c ON c.customer_id = u.customer_id WHERE u.usage_date < c.signup_date' },
    { name: 'no ticket before signup', sql: 'SELECT count(*) FROM support t JOIN customers c ON c.customer_id = t.customer_id WHERE t.ticket_date < c.signup_date' },
    { name: 'bills only for paid plans', sql: "SELECT count(*) FROM billing b JOIN customers c ON c.customer_id = b.customer_id WHERE c.plan = 'Free'" },
  ],
  notes: [
    'Base retention is read as the share of a plan still engaged 180 days after signup; engagement ends at an exponentially distributed day, and an engaged customer is active on a day with probability Free 0.30, Basic 0.40, Pro 0.50, Enterprise 0.60 (tuned to the seed\'s ~4M rows). Activity therefore decays exponentially with days since signup.',
    'Paid subscriptions are cancelled at paid_cancel_rate per month (default 1%); bills run every 12-14 days from signup until cancellation or the window end, and usage stops at cancellation too. Customers who disengage but keep paying are what makes billing ~1.2M rows.',
    'Sessions = 1 + Poisson(mean - 1) with means Free 1.5, Basic 2.5, Pro 4, Enterprise 6; minutes ~ Normal(15/25/40/55, mean/3) clipped to [1, mean + 3 sigma]; feature_events ~ Poisson(sessions x 2/3/4/5).',
    'Support tickets ~ Poisson(tickets_per_month x engaged months), dated uniformly within the engaged span.',
    'IDs: customer_id 1..N; bill_id = customer_id x 1000 + n (at most 305 bills in the longest window); ticket_id = customer_id x 100000 + n (tickets capped at 99,999 per customer, about 12,000 expected at the highest rate): ascending, unique by construction for every allowed parameter.',
  ],
};
