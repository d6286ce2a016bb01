// Scenario saas-metrics, from seed 001: customers, subscription history and a
// monthly MRR waterfall for a SaaS company, 500 customers over 24 months.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { monthStart, monthsBetween, parseDate } from '../../src/engine/dates.js';
import type { Params, Scenario, SqlDialect } from '../../src/engine/model.js';
import type { Settings } from './lifecycle.js';
import { SaasMetricsObserver } from './observer.js';
import { buildTables, tableNames } from './tables.js';

export function settingsOf(p: Params): Settings {
  const start = parseDate(p.start_date as string)!;
  const end = p.end_date ? parseDate(p.end_date as string)! : monthStart(start, p.months as number) - 1;
  return {
    customers: p.customers as number,
    window: { start, end, months: monthsBetween(start, end) + 1 },
    churnRate: p.churn_rate as number,
    upgradeRate: p.upgrade_rate as number,
    downgradeRate: p.downgrade_rate as number,
  };
}

const LAST_DAY = parseDate('9999-12-31')!;

/** The views' SQL: SQLite's own, or the SQL DuckDB and PostgreSQL share. */
const viewsSql = (dialect: SqlDialect) => readFileSync(fileURLToPath(new URL(dialect === 'sqlite' ? './views.sqlite.sql' : './views.sql', import.meta.url)), 'utf8');

export const saasMetrics: Scenario = {
  name: 'saas-metrics',
  description: 'SaaS customers, subscription history and monthly MRR movements (MRR waterfall, cohort retention)',
  seedFile: '001_c5aa5265df0d6c9e.txt',
  defaultSeed: 42,
  defaultTarget: 'sqlite',
  defaultOut: 'data/saas_metrics.db',
  params: [
    { name: 'customers', type: 'integer', default: 500, min: 1, max: 20_000_000, help: 'number of customers' },
    { name: 'months', type: 'integer', default: 24, min: 1, max: 240, help: 'length of the window in months (ignored when end_date is set)' },
    { name: 'start_date', type: 'date', default: '2023-01-01', help: 'first day of the window' },
    { name: 'end_date', type: 'date', default: null, optional: true, help: 'last day of the window; when set it replaces months' },
    { name: 'churn_rate', type: 'number', default: 0.055, min: 0, max: 0.5, help: 'mean monthly churn over tenure months 1-6; churn falls with tenure (seed: 5-8%)' },
    { name: 'upgrade_rate', type: 'number', default: 0.18, min: 0, max: 0.85, help: 'share of customers with at least one upgrade (seed: 15-20%)' },
    { name: 'downgrade_rate', type: 'number', default: 0.08, min: 0, max: 0.6, help: 'share of customers with at least one downgrade (seed: 5-10%)' },
    {
      name: 'prefix',
      type: 'string',
      default: '',
      help: 'prefix for table and view names, e.g. day06_',
      pattern: /^([a-z_][a-z0-9_]*)?$/,
      patternHelp: 'empty or lowercase letters, digits and _ (not starting with a digit)',
    },
  ],
  validate(p) {
    if (p.end_date) {
      const start = parseDate(p.start_date as string)!;
      const end = parseDate(p.end_date as string)!;
      if (end < start) return `end_date ${p.end_date} is before start_date ${p.start_date}; set an end_date on or after the start`;
      if (monthsBetween(start, end) + 1 > 240) return `the window from ${p.start_date} to ${p.end_date} is longer than 240 months; pick a later start_date or an earlier end_date`;
    } else if (monthStart(parseDate(p.start_date as string)!, p.months as number) - 1 > LAST_DAY) {
      // Dates are written as YYYY-MM-DD: the window must end within year 9999.
      return `start_date ${p.start_date} plus ${p.months} months runs past 9999-12-31; pick an earlier start_date, fewer months or an end_date`;
    }
    return null;
  },
  tables(p, seed) {
    return buildTables(settingsOf(p), seed, tableNames(p.prefix as string));
  },
  observer(p) {
    const rates = ['churn_rate', 'upgrade_rate', 'downgrade_rate'];
    const atSeed = saasMetrics.params.every((spec) => !rates.includes(spec.name) || p[spec.name] === spec.default);
    return new SaasMetricsObserver(settingsOf(p), tableNames(p.prefix as string), atSeed);
  },
  sqlChecks(p) {
    const { customers: c, subscriptions: s, movements: m } = tableNames(p.prefix as string);
    return [
      { name: 'net_mrr = new + expansion - contraction - churn', sql: `SELECT count(*) FROM ${m} WHERE round(net_mrr, 2) <> round(new_mrr + expansion_mrr - contraction_mrr - churn_mrr, 2)` },
      { name: 'end_date after start_date', sql: `SELECT count(*) FROM ${s} WHERE end_date IS NOT NULL AND end_date <= start_date` },
      { name: 'no subscription before signup', sql: `SELECT count(*) FROM ${s} x JOIN ${c} y ON y.customer_id = x.customer_id WHERE x.start_date < y.signup_date` },
      { name: 'no negative MRR', sql: `SELECT count(*) FROM ${s} WHERE mrr < 0` },
      {
        name: 'current MRR = sum of active subscriptions',
        sql: `SELECT CASE WHEN round((SELECT coalesce(sum(net_mrr), 0) FROM ${m}), 2) = round((SELECT coalesce(sum(mrr), 0) FROM ${s} WHERE end_date IS NULL), 2) THEN 0 ELSE 1 END`,
      },
    ];
  },
  views(p, dialect) {
    const prefix = p.prefix as string;
    return viewsSql(dialect)
      .split(/^-- view: /m)
      .slice(1)
      .map((block) => {
        const name = block.slice(0, block.indexOf('\n')).trim();
        return { name: prefix + name, sql: block.slice(block.indexOf('\n') + 1).replaceAll('{p}', prefix).replaceAll('{churn_rate}', String(Math.max(0.001, p.churn_rate as number))).trim() };
      });
  },
  notes: [
    'Signups: a launch cohort in month 1 (weight 4) then monthly signups falling linearly from weight 1 to 0.5, so MRR starts near $50K and grows to about $200K at the default size.',
    'Churn falls with tenure along the seed\'s retention bands (month 1 92.5%, 3 82.5%, 6 72.5%, 12 62.5%, 24 52.5%); churn_rate scales that curve and is the mean monthly churn of tenure months 1-6.',
    'customers.plan_tier and mrr_current are the current (or last) plan; mrr_current is 0 once a customer has churned, so current MRR = sum of mrr_current = sum of open subscriptions.',
    'A plan change ends one subscription and starts the next on the same day; prices are whole dollars inside the seed\'s bands.',
    'The first four customers carry the seed\'s edge cases at any seed: Starter->Pro->Enterprise staying 24 months, Starter->Pro->Starter, churn in month 1, Enterprise above $2K.',
    'retention_curves counts a customer retained at month N while its last subscription has not ended before signup + N months (month 0 is therefore 100%), one row per cohort and calendar month from the cohort\'s on.',
    'customer_health scores LTV/CAC with assumed CACs per tier (Starter $300, Pro $1,500, Enterprise $6,000): the seed names the view but no CAC data.',
  ],
};
