// Scenario show-and-well, from seed 000: a wellness-coaching marketplace star
// schema (5 dimensions, 6 facts, a helper map) for BI sandboxes.
import { parseDate } from '../../src/engine/dates.js';
import type { ParamSpec, Scenario } from '../../src/engine/model.js';
import { ShowAndWellObserver } from './observer.js';
import * as S from './settings.js';
import { buildTables } from './tables.js';

const num = (name: string, def: number, min: number, max: number, help: string): ParamSpec => ({ name, type: 'number', default: def, min, max, help });

export const showAndWell: Scenario = {
  name: 'show-and-well',
  description: 'Wellness-coaching marketplace star schema: 5 dimensions, 6 daily facts and a provider-geo map',
  seedFile: '000_dd2cc7f3a29e089c.txt',
  defaultSeed: 3102,
  defaultTarget: 'csv',
  defaultOut: 'output',
  params: [
    { name: 'start_date', type: 'date', default: '2025-12-01', help: 'first day of the range' },
    { name: 'end_date', type: 'date', default: '2026-09-01', help: 'last day of the range (inclusive)' },
    { name: 'providers', type: 'integer', default: 28, min: 0, max: 100_000, help: 'number of providers (supply)' },
    { name: 'cities', type: 'list', default: S.DEFAULT_CITIES, help: 'cities; one unknown to the seed gets factor 0.5, region Other' },
    { name: 'programs', type: 'list', default: S.DEFAULT_PROGRAMS, help: 'programs; one unknown to the seed costs $90 a session' },
    { name: 'city_factors', type: 'map', default: S.CITY_FACTOR, keysFrom: 'cities', min: 0, max: 100, help: 'demand factor per city' },
    { name: 'seasonality', type: 'map', default: S.SEASONALITY, keys: S.MONTHS, min: 0, max: 10, help: 'demand multiplier per month' },
    num('weekend_multiplier', S.WEEKEND_MULT, 0, 10, 'demand multiplier on Saturday and Sunday'),
    { name: 'source_weights', type: 'map', default: S.SOURCE_WEIGHTS, keys: S.SOURCES, min: 0, max: 1000, help: 'signup source split (normalised)' },
    num('wants_trainer_rate', S.WANTS_TRAINER_RATE, 0, 1, 'share of signups who want a trainer'),
    num('base_waitlist_rate', S.BASE_WAITLIST_RATE, 0, 1, 'waitlist rate before the demand/supply pressure'),
    num('waitlist_conversion_min', S.WAITLIST_CONV_RANGE[0], 0, 1, 'lowest per-program waitlist conversion rate'),
    num('waitlist_conversion_max', S.WAITLIST_CONV_RANGE[1], 0, 1, 'highest per-program waitlist conversion rate'),
    num('util_min', S.UTIL_RANGE[0], 0, 1, 'lowest daily utilisation of a provider\'s slots'),
    num('util_cap', S.UTIL_RANGE[1], 0, 1, 'utilisation cap: highest daily utilisation of a provider\'s slots'),
    num('affinity_weight', S.AFFINITY_WEIGHT, 0, 100, 'matching weight when the provider\'s affinity is the program'),
    { name: 'prices', type: 'map', default: S.PRICES, keysFrom: 'programs', min: 0, max: 100_000, help: 'price per session by program (USD)' },
    { name: 'membership_fees', type: 'map', default: S.MEMBERSHIP_FEES, keys: S.TIERS, min: 0, max: 100_000, help: 'monthly fee by membership tier (USD)' },
  ],
  validate(p) {
    const start = parseDate(p.start_date as string)!;
    const end = parseDate(p.end_date as string)!;
    if (end < start) return `end_date ${p.end_date} is before start_date ${p.start_date}; set an end_date on or after the start`;
    if (end - start > 3660) return `the range from ${p.start_date} to ${p.end_date} is longer than 10 years; pick a shorter range`;
    if ((p.waitlist_conversion_min as number) > (p.waitlist_conversion_max as number)) return 'waitlist_conversion_min is above waitlist_conversion_max; set min <= max';
    if ((p.util_min as number) > (p.util_cap as number)) return 'util_min is above util_cap; set util_min <= util_cap';
    if (Object.values(p.source_weights as Record<string, number>).every((w) => w === 0)) return 'source_weights are all 0; give at least one source a weight';
    return null;
  },
  tables: (p) => buildTables(S.settingsOf(p)),
  observer: (p) => new ShowAndWellObserver(S.settingsOf(p)),
  sqlChecks: () => [
    {
      name: 'revenue = sessions x price',
      sql: `SELECT count(*) FROM fact_finance f JOIN dim_program p ON p.program_key = f.program_key
            WHERE round(f.revenue, 2) <> round(coalesce((SELECT sum(s.sessions_completed) FROM fact_sessions s WHERE s.date_key = f.date_key AND s.program_key = f.program_key), 0) * p.price_per_session, 2)`,
    },
    { name: 'matches approved never exceed requests', sql: 'SELECT count(*) FROM fact_matches WHERE matches_approved > match_requests' },
    { name: 'conversions never exceed waitlist adds', sql: 'SELECT count(*) FROM fact_waitlist WHERE waitlist_conversions > waitlist_adds' },
    { name: 'CSAT within 3.2-5.0', sql: 'SELECT count(*) FROM fact_sessions WHERE avg_csatscore < 3.2 OR avg_csatscore > 5.0' },
    {
      name: 'CSAT and outcome only where a session was completed',
      sql: `SELECT count(*) FROM fact_sessions
            WHERE (sessions_completed = 0 AND (avg_csatscore IS NOT NULL OR outcome_delta_index IS NOT NULL))
               OR (sessions_completed > 0 AND (avg_csatscore IS NULL OR outcome_delta_index IS NULL))`,
    },
    {
      name: 'match requests = waitlist conversions + base requests',
      sql: `SELECT count(*) FROM fact_waitlist w
              LEFT JOIN (SELECT date_key, geo_key, program_key, sum(match_requests) AS n FROM fact_matches GROUP BY date_key, geo_key, program_key) m
                ON m.date_key = w.date_key AND m.geo_key = w.geo_key AND m.program_key = w.program_key
            WHERE coalesce(m.n, 0) + w.unserved_requests <> w.waitlist_conversions + w.base_requests`,
    },
    {
      name: 'unserved requests exactly where no provider is onboarded',
      sql: `SELECT count(*) FROM fact_waitlist w JOIN dim_date d ON d.date_key = w.date_key
            WHERE w.unserved_requests <> CASE
              WHEN EXISTS (SELECT 1 FROM provider_geo_map g JOIN dim_provider p ON p.provider_key = g.provider_key WHERE g.geo_key = w.geo_key AND p.onboarding_date <= d.date) THEN 0
              ELSE w.waitlist_conversions + w.base_requests END`,
    },
  ],
  notes: [
    'Program affinity (open in the seed): Coach -> Movement, RD -> Nutrition, LPC and LMFT -> Stress; for a custom program list, a credential without its program takes the program at its credential index.',
    'Seasonality for Oct (1.00) and Nov (1.05) is assumed: the seed lists Dec-Sep only.',
    'Waitlist adds = round(signups x wl_rate) per city-day, split over programs by multinomial [0.28, 0.26, 0.24, 0.22] (equal for other program counts); conversions are binomial with one Uniform(min, max) rate per program for the run.',
    'Match requests are allocated to the city\'s active providers by multinomial on affinity x utilised slots; approvals are requests minus cancellations, capped by the provider\'s remaining slots that day; rows only where a provider got requests.',
    'The seed drops requests in a city with no onboarded provider yet; here fact_waitlist records them (unserved_requests, with base_requests, the 40% of signups), so requests = waitlist conversions + base requests = fact_matches requests + unserved, per day-city-program.',
    'A provider-day whose sessions were all no-shows has no CSAT and no outcome (NULL): nobody attended to rate one.',
    'Sessions: each approved match is scheduled 0-5 days out (dropped past the end date); a provider-day\'s sessions count under its top program so far, as the seed says, so fact_sessions has one program per provider-day.',
    'Marketing cost per day-program = Uniform(2, 5) x the day\'s signups x the program\'s waitlist share, so the day\'s marketing is not counted once per program.',
    'Memberships: every active provider holds one; the initial tier is drawn at onboarding and moves on the first of each month along the seed\'s matrix. Revenue = fee / days in month, at 4 decimals.',
    'Cities outside the seed are state MN, region Other, population bucket S, factor 0.5 unless city_factors names them.',
  ],
};
