// Scenario bar-platform, from seed 003: the raw layer of a bar-management SaaS:
// accounts, locations, users, subscriptions and app activity (platform/), devices,
// their health and every pour (iot/), and the same company's billing (stripe/),
// CRM (hubspot/) and marketing (marketing/) sources, in the seed's
// DEV/QA/PRODUCTION sizes up to 200M tap events.
import { parseDate } from '../../src/engine/dates.js';
import type { ParamSpec, Params, Scenario } from '../../src/engine/model.js';
import { iotTables } from './iot/tables.js';
import { BarPlatformObserver } from './observer.js';
import { planOf } from './plan.js';
import { platformTables } from './platform/tables.js';
import * as S from './settings.js';
import { NOTES } from './notes.js';
import { SQL_CHECKS } from './sqlchecks.js';
import { SOURCES } from './sources.js';
import { allZeroMix, mixParam } from '../shared/mixes.js';

const perParent = (name: string, help: string, max: number): ParamSpec => ({ name, type: 'number', default: null, optional: true, min: 0, max, help: `${help} (empty: the environment's, from the seed's counts)` });

const FIRST_DAY = parseDate('1970-01-01')!;
const LAST_DAY = parseDate('9999-12-31')!;

const sizeHelp = (env: S.Environment) => {
  const c = S.SIZES[env];
  return `${c.accounts.toLocaleString('en-US')} accounts, ${c.devices.toLocaleString('en-US')} devices, ${c.tap_events.toLocaleString('en-US')} tap events`;
};

export const barPlatform: Scenario = {
  name: 'bar-platform',
  description: 'Bar-management SaaS raw layer: accounts, locations, users, subscriptions, app activity, IoT tap devices and every pour (DEV/QA/PRODUCTION)',
  seedFile: '003_25ddec6fedc37250.txt',
  defaultSeed: 42,
  defaultTarget: 'postgres',
  defaultOut: 'raw',
  params: [
    { name: 'env', type: 'enum', default: 'DEV', choices: [...S.ENVIRONMENTS], envVar: 'DATAGEN_ENV', help: 'size preset: DEV, QA or PRODUCTION (the seed\'s exact counts); the default comes from DATAGEN_ENV when set' },
    { name: 'accounts', type: 'integer', default: null, optional: true, min: 1, max: 1_000_000, help: "customer accounts (empty: the environment's); every other table scales from it by the environment's ratios" },
    { name: 'as_of', type: 'date', default: '2026-01-01', help: 'the history ends here (exclusive): nothing is dated on or after it, whatever day synthgen runs' },
    { name: 'years', type: 'integer', default: 5, min: 1, max: 20, help: 'years of history before as_of' },
    { name: 'growth', type: 'number', default: 0.4, min: 0, max: 5, help: 'yearly growth of new accounts (0.4 = +40% a year)' },
    mixParam('industry_mix', S.INDUSTRY_MIX, 'share of accounts per industry'),
    mixParam('tier_mix', S.TIER_MIX, 'share of accounts per current tier'),
    mixParam('role_mix', S.ROLE_MIX, 'share of users per role'),
    mixParam('device_status_mix', S.DEVICE_STATUS_MIX, "share of active accounts' devices per status"),
    { name: 'annual_churn', type: 'number', default: 0.1, min: 0, max: 0.95, help: 'share of paying accounts that churn in a year (exponential; lower for engaged accounts)' },
    { name: 'trial_share', type: 'number', default: 0.4, min: 0, max: 1, help: 'share of accounts that began with a 14-day trial' },
    { name: 'trial_conversion', type: 'number', default: 0.7, min: 0, max: 1, help: 'share of trials that convert to paid' },
    perParent('sessions_per_user', 'app sessions per user', 10_000),
    { name: 'page_views_per_session', type: 'number', default: 5, min: 1, max: 100, help: 'page views per session (each session has at least one)' },
    perParent('feature_events_per_user', 'feature events per user', 100_000),
    perParent('tap_events_per_device', 'tap events per device', 1_000_000),
  ],
  presets: S.ENVIRONMENTS.map((env) => ({
    name: env,
    help: sizeHelp(env),
    params: { env, accounts: null, sessions_per_user: null, page_views_per_session: 5, feature_events_per_user: null, tap_events_per_device: null },
  })),
  validate(p: Params) {
    const zero = allZeroMix(p, ['industry_mix', 'tier_mix', 'role_mix', 'device_status_mix']);
    if (zero) return zero;
    const asOf = parseDate(p.as_of as string)!;
    if (asOf - Math.round((p.years as number) * 365.25) < FIRST_DAY) return `as_of ${p.as_of} less ${p.years} years starts before 1970-01-01; pick a later as_of or fewer years`;
    if (asOf > LAST_DAY - 1) return `as_of ${p.as_of} is too late; pick a date before 9999-12-31`;
    const s = S.settingsOf(p);
    // Ids and counts stay exact integers well inside 2^53; past 2^31 rows a table is beyond any sink here.
    for (const [table, n] of Object.entries(s.counts)) {
      if (n > 2 ** 31 - 1) return `${table} would have ${n.toLocaleString('en-US')} rows; lower accounts or the per-parent rates`;
    }
    if (s.counts.page_views < s.counts.user_sessions) return 'page_views_per_session below 1: every session has at least one page view';
    return null;
  },
  tables: (p, seed) => {
    const plan = planOf(S.settingsOf(p), seed);
    return [...platformTables(plan, seed), ...iotTables(plan, seed), ...SOURCES.flatMap((src) => src.tables(plan, seed))];
  },
  observer: (p) => new BarPlatformObserver(S.settingsOf(p)),
  sqlChecks: () => [...SQL_CHECKS, ...SOURCES.flatMap((src) => src.sqlChecks)],
  notes: [...NOTES, ...SOURCES.flatMap((src) => src.notes)],
  // The dbt project: freshness against as_of over `years` of history; device_health is stamped with its month's
  // first day; a contact's touchpoints are one journey ending at its creation.
  dbt: {
    asOf: (p) => p.as_of as string,
    historyDays: (p) => Math.round((p.years as number) * 365.25),
    periodDays: { device_health: 31 },
    arrivals: (p) => ({ attribution_touchpoints: S.settingsOf(p).sources.hubspot_contact }),
  },
};
