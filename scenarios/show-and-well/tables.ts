// The star schema of seed 000: five dimensions, six facts and the provider-geo map.
import { inBatches } from '../../src/engine/batches.js';
import { formatDate, yearMonth } from '../../src/engine/dates.js';
import type { ChunkContext, Column, ForeignKey, Row, TableDef, TableSpec } from '../../src/engine/model.js';
import * as S from './settings.js';
import type { Settings } from './settings.js';
import { buildProviders, simulate, type DayRows } from './simulation.js';

const int = (name: string, description?: string): Column => ({ name, type: 'integer', description });
const text = (name: string, description?: string): Column => ({ name, type: 'text', description });
const dec = (name: string, precision: number, scale: number, description?: string): Column => ({ name, type: 'decimal', precision, scale, description });
const fk = (column: string, table: string): ForeignKey => ({ columns: [column], references: { table, columns: [column] } });

const DATE = fk('date_key', 'dim_date');
const GEO = fk('geo_key', 'dim_geo');
const PROGRAM = fk('program_key', 'dim_program');
const PROVIDER = fk('provider_key', 'dim_provider');
const TIER = fk('tier_key', 'dim_membership_tier');

/** ISO 8601 week number: the week of the Thursday of the date's week. */
function isoWeek(day: number): number {
  const d = new Date(day * 86_400_000);
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

function fixed(spec: TableSpec, rows: (s: Settings, ctx: ChunkContext) => Row[], count: (s: Settings) => number, s: Settings): TableDef {
  return {
    spec,
    estimateRows: () => count(s),
    exactRows: true,
    chunks: () => 1,
    generate: (ctx) => inBatches(rows(s, ctx), ctx.batchSize),
  };
}

/** A fact table: its rows of every simulated day, replayed from the shared simulation. */
function fact(spec: TableSpec, pickRows: (d: DayRows) => Row[], estimate: (s: Settings) => number, s: Settings, exact = false): TableDef {
  return {
    spec,
    estimateRows: () => estimate(s),
    exactRows: exact,
    chunks: () => 1,
    generate(ctx) {
      function* rows(): Generator<Row> {
        for (const day of simulate(s, (table) => ctx.stream('', table, 0))) yield* pickRows(day);
      }
      return inBatches(rows(), ctx.batchSize);
    },
  };
}

export function buildTables(s: Settings): TableDef[] {
  const days = Math.max(0, s.end - s.start + 1);
  const G = s.cities.length;
  const P = s.programs.length;
  // Matches and sessions are limited by demand or by supply, whichever is smaller.
  const signupsPerDay = s.cities.reduce((a, c) => a + S.BASE_SIGNUPS_PER_DAY * S.factorOf(s, c), 0);
  const requestsPerDay = 0.6 * signupsPerDay;
  const dims: TableDef[] = [
    fixed(
      {
        name: 'dim_date',
        description: 'One row per calendar day in the range',
        columns: [int('date_key', 'YYYYMMDD'), { name: 'date', type: 'date' }, int('year'), int('quarter'), int('month'), int('day'), int('weekofyear', 'ISO week'), int('dow', '0 = Monday'), int('is_weekend', '1 on Saturday and Sunday')],
        primaryKey: ['date_key'],
      },
      () =>
        Array.from({ length: days }, (_, i) => {
          const day = s.start + i;
          const iso = formatDate(day);
          const { year, month } = yearMonth(day);
          const dow = (((day + 3) % 7) + 7) % 7;
          return [S.dateKey(iso), day, year, Math.floor(month / 3) + 1, month + 1, Number(iso.slice(8)), isoWeek(day), dow, dow >= 5 ? 1 : 0];
        }),
      () => days,
      s,
    ),
    fixed(
      {
        name: 'dim_geo',
        description: 'One row per city',
        columns: [int('geo_key'), text('city'), text('state'), text('region'), text('population_bucket', 'S or M')],
        primaryKey: ['geo_key'],
      },
      () =>
        s.cities.map((city, g) => {
          const info = S.CITY_INFO[city] ?? S.OTHER_CITY;
          return [g + 1, city, info.state, info.region, info.bucket];
        }),
      () => G,
      s,
    ),
    fixed(
      {
        name: 'dim_program',
        description: 'One row per program with its price per session',
        columns: [int('program_key'), text('program_name'), dec('price_per_session', 10, 2), text('focus_area')],
        primaryKey: ['program_key'],
      },
      () => s.programs.map((name, p) => [p + 1, name, Math.round(S.priceOf(s, name) * 100), S.FOCUS_AREA[name] ?? 'General wellness']),
      () => P,
      s,
    ),
    fixed(
      {
        name: 'dim_provider',
        description: 'One row per provider: credential, onboarding, weekly capacity, session length',
        columns: [int('provider_key'), text('provider_name'), text('credential_level', 'Coach, LPC, LMFT or RD'), { name: 'onboarding_date', type: 'date' }, int('capacity_slots_week'), int('avg_session_length_min')],
        primaryKey: ['provider_key'],
      },
      (st, ctx) => buildProviders(st, ctx.stream('', 'dim_provider', 0)).map((p) => [p.key, p.name, p.credential, p.onboard, p.weekly, p.minutes]),
      () => s.providers,
      s,
    ),
    fixed(
      {
        name: 'dim_membership_tier',
        description: 'Membership tiers and monthly fees',
        columns: [int('tier_key'), text('tier_name'), dec('monthly_fee_usd', 10, 2)],
        primaryKey: ['tier_key'],
      },
      () => S.TIERS.map((t, k) => [k + 1, t, Math.round((s.fees[t] ?? 0) * 100)]),
      () => S.TIERS.length,
      s,
    ),
  ];
  const facts: TableDef[] = [
    fact(
      {
        name: 'fact_signups',
        description: 'Grain day-geo-source: signups and how many want a trainer',
        columns: [int('date_key'), int('geo_key'), text('source', 'Web, Referral or Event'), int('signups'), int('wants_trainer_count')],
        primaryKey: ['date_key', 'geo_key', 'source'],
        foreignKeys: [DATE, GEO],
      },
      (d) => d.signups,
      () => days * G * S.SOURCES.length,
      s,
      true,
    ),
    fact(
      {
        name: 'fact_waitlist',
        description: 'Grain day-geo-program: waitlist adds and conversions to match requests, the base requests of the day, and requests no provider could take',
        columns: [
          int('date_key'), int('geo_key'), int('program_key'), int('waitlist_adds'), int('waitlist_conversions'),
          int('base_requests', "same-day match requests straight from signups (40% of the city-day's signups, split by program)"),
          int('unserved_requests', 'requests (conversions + base) in a city with no onboarded provider that day: in no fact_matches row'),
        ],
        primaryKey: ['date_key', 'geo_key', 'program_key'],
        foreignKeys: [DATE, GEO, PROGRAM],
      },
      (d) => d.waitlist,
      () => days * G * P,
      s,
      true,
    ),
    fact(
      {
        name: 'fact_matches',
        description: 'Grain day-geo-program-provider: requests, approvals, cancellations, time to match',
        columns: [int('date_key'), int('geo_key'), int('program_key'), int('provider_key'), int('match_requests'), int('matches_approved'), dec('time_to_match_hours', 8, 2), int('cancellations')],
        primaryKey: ['date_key', 'geo_key', 'program_key', 'provider_key'],
        foreignKeys: [DATE, GEO, PROGRAM, PROVIDER],
      },
      (d) => d.matches,
      () => Math.round(days * Math.min(requestsPerDay, s.providers * 0.75)),
      s,
    ),
    fact(
      {
        name: 'fact_sessions',
        description: "Grain day-program-provider: sessions completed, no-shows, CSAT, outcome (program = provider's top program)",
        columns: [
          int('date_key'), int('program_key'), int('provider_key'), int('sessions_completed'), int('no_shows'),
          { ...dec('avg_csatscore', 4, 2, '3.2 to 5.0; NULL when no session was completed'), nullable: true },
          { ...dec('outcome_delta_index', 6, 4, '0 to 1; NULL when no session was completed'), nullable: true },
        ],
        primaryKey: ['date_key', 'program_key', 'provider_key'],
        foreignKeys: [DATE, PROGRAM, PROVIDER],
      },
      (d) => d.sessions,
      () => Math.round(days * Math.min(0.65 * requestsPerDay, s.providers * 0.45)),
      s,
    ),
    fact(
      {
        name: 'fact_finance',
        description: 'Grain day-program: revenue, refunds and costs',
        columns: [int('date_key'), int('program_key'), dec('revenue', 12, 2), dec('refunds', 12, 2), dec('cost_provider', 12, 2), dec('cost_marketing', 12, 2), dec('cost_ops', 12, 2)],
        primaryKey: ['date_key', 'program_key'],
        foreignKeys: [DATE, PROGRAM],
      },
      (d) => d.finance,
      () => days * P,
      s,
      true,
    ),
    fact(
      {
        name: 'fact_membership_revenue',
        description: 'Grain day-provider-tier: active memberships and daily revenue (monthly fee / days in month)',
        columns: [int('date_key'), int('provider_key'), int('tier_key'), int('memberships_active'), dec('membership_revenue_usd', 12, 4)],
        primaryKey: ['date_key', 'provider_key', 'tier_key'],
        foreignKeys: [DATE, PROVIDER, TIER],
      },
      (d) => d.membership,
      () => Math.round(days * s.providers * 0.85),
      s,
    ),
  ];
  const map = fixed(
    {
      name: 'provider_geo_map',
      description: "Helper: each provider's home city",
      columns: [int('provider_key'), int('geo_key')],
      primaryKey: ['provider_key'],
      foreignKeys: [PROVIDER, GEO],
    },
    (st, ctx) => buildProviders(st, ctx.stream('', 'dim_provider', 0)).map((p) => [p.key, p.geo + 1]),
    () => s.providers,
    s,
  );
  return [...dims, ...facts, map];
}
