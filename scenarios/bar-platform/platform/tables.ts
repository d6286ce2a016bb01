// The platform's own tables: accounts, locations, users and subscriptions from
// the plan, and the app activity (user_sessions, page_views, feature_usage)
// user chunk by user chunk.
import { inBatches } from '../../../src/engine/batches.js';
import type { ChunkContext, Row, TableDef } from '../../../src/engine/model.js';
import { pickCumulative, cumulate } from '../../../src/engine/random.js';
import { FIRST_NAMES, LAST_NAMES } from '../../shared/names.js';
import { ACCOUNT_STATUSES, type Plan } from '../plan.js';
import * as S from '../settings.js';
import { DAY } from '../time.js';
import { ERROR_CODES, FEATURE_ERROR_RATE, FEATURES, PAGES, STATES, STREETS, STREET_KINDS } from '../vocab.js';
import { accountOffset, adoptedAt, chunkUsers, drawTime, featuresAt, pagePath, userChunks, userSessions } from './activity.js';

const accountFk = [{ columns: ['account_id'], references: { table: 'accounts', columns: ['account_id'] } }];
const userFk = [{ columns: ['user_id'], references: { table: 'users', columns: ['user_id'] } }];
const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);

export const PERMISSIONS = [
  '{"billing":"manage","users":"manage","devices":"manage","reports":"all","settings":"manage"}',
  '{"billing":"view","users":"view","devices":"manage","reports":"all","settings":"view"}',
  '{"billing":"none","users":"none","devices":"view","reports":"own_location","settings":"none"}',
];
export const DEVICE_TYPES = ['desktop', 'mobile', 'tablet'];
/** What loginFrequency returns, most often first. */
export const LOGIN_FREQUENCIES = ['daily', 'weekly', 'monthly', 'never'];
const unique = (xs: string[]) => [...new Set(xs)];
const DEVICE_TYPE_CUM = cumulate([0.55, 0.3, 0.15]);

/** Login frequency a user shows: sessions per week active. */
export function loginFrequency(sessions: number, days: number): string {
  const perWeek = (sessions * 7) / Math.max(1, days);
  const [daily, weekly, monthly, never] = LOGIN_FREQUENCIES;
  return perWeek >= 4 ? daily : perWeek >= 1 ? weekly : perWeek > 0 ? monthly : never;
}

function* accountRows(plan: Plan): Generator<Row> {
  const a = plan.accounts;
  for (let i = 0; i < a.n; i++) {
    const churned = a.status[i] === 2;
    yield [
      i + 1,
      a.names[i],
      a.domains[i],
      S.INDUSTRIES[a.industry[i]],
      S.TIERS[a.tier[i]],
      a.mrr[i] * 100,
      a.employees[i],
      STATES[plan.locations.state[plan.locations.offset[i]]].code,
      a.created[i],
      a.trial[i] ? a.created[i] : null,
      ACCOUNT_STATUSES[a.status[i]],
      churned ? a.end[i] : null,
    ];
  }
}

export function* locationRows(plan: Plan, ctx: Pick<ChunkContext, "stream">): Generator<Row> {
  const rng = ctx.stream();
  const l = plan.locations;
  for (let j = 0; j < l.n; j++) {
    const st = STATES[l.state[j]];
    const city = st.cities[Math.floor(rng() * st.cities.length)];
    const prefix = st.zip[0] + Math.floor(rng() * (st.zip[1] - st.zip[0] + 1));
    const zip = String(prefix * 100 + Math.floor(rng() * 100)).padStart(5, '0');
    const address = `${100 + Math.floor(rng() * 9_800)} ${STREETS[Math.floor(rng() * STREETS.length)]} ${STREET_KINDS[Math.floor(rng() * STREET_KINDS.length)]}`;
    const type = S.LOCATION_TYPES[l.type[j]];
    yield [j + 1, l.account[j] + 1, `${plan.accounts.names[l.account[j]]} ${type === 'Main' ? city : `${city} ${type}`}`, type, address, city, st.code, zip, st.tz, l.opened[j]];
  }
}

function* userRows(plan: Plan, ctx: ChunkContext): Generator<Row> {
  const rng = ctx.stream();
  const u = plan.users;
  for (let i = 0; i < plan.accounts.n; i++) {
    const taken = new Set<string>();
    for (let j = u.offset[i]; j < u.offset[i + 1]; j++) {
      const first = FIRST_NAMES[Math.floor(rng() * FIRST_NAMES.length)];
      const last = LAST_NAMES[Math.floor(rng() * LAST_NAMES.length)];
      let local = `${first}.${last}`;
      for (let k = 2; taken.has(local); k++) local = `${first}.${last}${k}`;
      taken.add(local);
      const days = (plan.accounts.end[i] - u.created[j]) / DAY;
      yield [j + 1, i + 1, `${local}@${plan.accounts.domains[i]}`, capitalize(first), capitalize(last), S.ROLES[u.role[j]], PERMISSIONS[u.role[j]], loginFrequency(u.sessions[j], days), u.created[j], plan.accounts.status[i] !== 2];
    }
  }
}

export const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'canceled', 'trial_expired', 'replaced'];
export const CHANGE_TYPES = ['new', 'upgrade', 'downgrade'];

function* subscriptionRows(plan: Plan): Generator<Row> {
  const a = plan.accounts;
  for (let i = 0; i < a.n; i++) {
    const last = a.segOffset[i + 1] - 1;
    for (let seg = a.segOffset[i]; seg <= last; seg++) {
      const current = seg === last;
      const status = !current ? 'replaced' : a.status[i] === 0 ? 'active' : a.status[i] === 1 ? 'trialing' : a.trial[i] === 2 ? 'trial_expired' : 'canceled';
      const trial = seg === a.segOffset[i] && a.trial[i] !== 0;
      yield [
        seg + 1,
        i + 1,
        S.TIERS[a.segTier[seg]],
        a.segMrr[seg] * 100,
        status,
        CHANGE_TYPES[a.segChange[seg]],
        a.segStart[seg],
        current && a.status[i] !== 2 ? null : a.segEnd[seg],
        trial ? a.created[i] : null,
        trial ? a.paidStart[i] : null,
      ];
    }
  }
}

/** The IP block of a state (a /8 per state from 24.x), so addresses follow where the account is. */
function ipAddress(state: number, r: () => number): string {
  return `${24 + state * 3 + Math.floor(r() * 3)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
}

function* sessionRows(plan: Plan, ctx: ChunkContext): Generator<Row> {
  const [from, to] = chunkUsers(plan, ctx.chunk);
  const walk = ctx.stream('walk', 'user_sessions');
  const rng = ctx.stream();
  const u = plan.users;
  for (let j = from; j < to; j++) {
    const account = u.account[j];
    const state = plan.locations.state[plan.locations.offset[account]];
    let id = u.sessionOffset[j];
    for (const s of userSessions(plan, j, walk)) {
      const duration = s.pages.reduce((x, y) => x + y, 0);
      yield [++id, j + 1, account + 1, s.start, s.start + duration, duration, s.pages.length, DEVICE_TYPES[pickCumulative(rng, DEVICE_TYPE_CUM)], ipAddress(state, rng)];
    }
  }
}

function* pageViewRows(plan: Plan, ctx: ChunkContext): Generator<Row> {
  const [from, to] = chunkUsers(plan, ctx.chunk);
  const walk = ctx.stream('walk', 'user_sessions');
  const rng = ctx.stream();
  const u = plan.users;
  for (let j = from; j < to; j++) {
    let session = u.sessionOffset[j];
    let id = u.pageViewOffset[j];
    for (const s of userSessions(plan, j, walk)) {
      session++;
      const path = pagePath(rng, s.pages.length);
      let t = s.start;
      for (let k = 0; k < s.pages.length; k++) {
        yield [++id, session, j + 1, PAGES[path[k]], t, k + 1, s.pages[k], k === s.pages.length - 1];
        t += s.pages[k];
      }
    }
  }
}

function* featureRows(plan: Plan, ctx: ChunkContext, seed: number): Generator<Row> {
  const [from, to] = chunkUsers(plan, ctx.chunk);
  const rng = ctx.stream();
  const u = plan.users;
  for (let j = from; j < to; j++) {
    const account = u.account[j];
    const offset = accountOffset(plan, account);
    const adopted = FEATURES.map((_, f) => adoptedAt(plan, seed, account, f));
    const times = new Float64Array(u.features[j]);
    for (let k = 0; k < times.length; k++) times[k] = drawTime(rng, offset, u.created[j], plan.accounts.end[account]);
    times.sort();
    let id = u.featureOffset[j];
    for (let k = 0; k < times.length; k++) {
      const t = times[k];
      const eligible = featuresAt(plan, seed, account, t, adopted);
      const f = eligible.list[pickCumulative(rng, eligible.cumulative)];
      const failed = rng() < FEATURE_ERROR_RATE;
      const duration = Math.round(150 * Math.exp(0.8 * (rng() + rng() + rng() - 1.5)) * (1 + FEATURES[f].tier));
      yield [++id, j + 1, account + 1, FEATURES[f].name, FEATURES[f].category, t, duration, !failed, failed ? ERROR_CODES[Math.floor(rng() * ERROR_CODES.length)] : null];
    }
  }
}

export function platformTables(plan: Plan, seed: number): TableDef[] {
  const one = (rows: (ctx: ChunkContext) => Iterable<Row>) => (ctx: ChunkContext) => inBatches(rows(ctx), ctx.batchSize);
  const userChunkCount = () => userChunks(plan);
  return [
    {
      spec: {
        name: 'accounts',
        description: 'Customer accounts: company, industry, tier and MRR, created over the history growing 40% a year',
        columns: [
          { name: 'account_id', type: 'integer' },
          { name: 'company_name', type: 'text', description: 'unique: a stem and an industry word (Harbor Grill, Ironwood Taproom), then a place word, then a number' },
          { name: 'domain', type: 'text', description: 'the company name as a .com domain, unique' },
          { name: 'industry', type: 'text', description: 'Restaurant 40% / Bar 30% / Hotel 20% / Other 10%', values: S.INDUSTRIES },
          { name: 'tier', type: 'text', description: 'current plan: Basic 50% / Pro 35% / Enterprise 15%', values: S.TIERS },
          { name: 'mrr', type: 'decimal', precision: 10, scale: 2, description: 'the current subscription\'s MRR: its plan\'s list price plus add-ons (stripe_subscription_item), inside the tier band Basic 299-999, Pro 999-2,999, Enterprise 2,999-9,999' },
          { name: 'employees', type: 'integer', description: 'log-uniform by tier: Basic 5-60, Pro 25-200, Enterprise 100-500' },
          { name: 'hq_state', type: 'text', description: "the main location's state", values: STATES.map((st) => st.code) },
          { name: 'created_at', type: 'timestamp', description: 'over the history with density growing 40% a year' },
          { name: 'trial_started_at', type: 'timestamp', nullable: true, description: 'accounts that began with a 14-day trial (trial_share of them)' },
          { name: 'status', type: 'text', description: 'active, trialing or churned', values: ACCOUNT_STATUSES },
          { name: 'churned_at', type: 'timestamp', nullable: true, description: 'churn: 10% a year (exponential, lower for engaged accounts) or a trial that did not convert' },
        ],
        primaryKey: ['account_id'],
        keyOrder: 'ascending',
        timeColumn: 'created_at',
      },
      estimateRows: () => plan.accounts.n,
      exactRows: true,
      chunks: () => 1,
      generate: one(() => accountRows(plan)),
    },
    {
      spec: {
        name: 'locations',
        description: '1-5 locations per account (about 1.5, more for higher tiers); the first is the Main',
        columns: [
          { name: 'location_id', type: 'integer' },
          { name: 'account_id', type: 'integer' },
          { name: 'location_name', type: 'text' },
          { name: 'location_type', type: 'text', description: "Main (each account's first), then Branch and Franchise 2:1", values: S.LOCATION_TYPES },
          { name: 'address', type: 'text' },
          { name: 'city', type: 'text', description: 'a city of the state' },
          { name: 'state', type: 'text', description: "US state by population; 60% of an account's other locations in its home state", values: STATES.map((st) => st.code) },
          { name: 'zip_code', type: 'text', description: "5 digits within the state's zip range" },
          { name: 'timezone', type: 'text', description: "the state's IANA time zone", values: unique(STATES.map((st) => st.tz)) },
          { name: 'opened_at', type: 'timestamp', description: "Main: the account's creation; others: uniform over the first 90% of the account's life" },
        ],
        primaryKey: ['location_id'],
        keyOrder: 'ascending',
        foreignKeys: accountFk,
        timeColumn: 'opened_at',
      },
      estimateRows: () => plan.locations.n,
      exactRows: true,
      chunks: () => 1,
      generate: one((ctx) => locationRows(plan, ctx)),
    },
    {
      spec: {
        name: 'users',
        description: '2-10 app users per account (about 3, more for higher tiers), emails on the company domain',
        columns: [
          { name: 'user_id', type: 'integer' },
          { name: 'account_id', type: 'integer' },
          { name: 'email', type: 'text', description: 'first.last@company domain, unique' },
          { name: 'first_name', type: 'text' },
          { name: 'last_name', type: 'text' },
          { name: 'role', type: 'text', description: 'Admin 10% / Manager 30% / Staff 60%', values: S.ROLES },
          { name: 'permissions', type: 'json', description: 'by role' },
          { name: 'login_frequency', type: 'text', description: "from the user's sessions per week: daily (4+), weekly (1+), monthly, never; admins and managers log in 1.8x and 1.5x as often as staff", values: LOGIN_FREQUENCIES },
          { name: 'created_at', type: 'timestamp', description: "the first user at the account's creation, the others early in its life" },
          { name: 'is_active', type: 'boolean', description: 'false once the account churned' },
        ],
        primaryKey: ['user_id'],
        keyOrder: 'ascending',
        foreignKeys: accountFk,
        timeColumn: 'created_at',
      },
      estimateRows: () => plan.users.n,
      exactRows: true,
      chunks: () => 1,
      generate: one((ctx) => userRows(plan, ctx)),
    },
    {
      spec: {
        name: 'subscriptions',
        description: "Each account's plan history, gap-free: a subscription, then a row per upgrade or downgrade (70/30); the current one carries the account's MRR",
        columns: [
          { name: 'subscription_id', type: 'integer' },
          { name: 'account_id', type: 'integer' },
          { name: 'plan', type: 'text', description: 'Basic, Pro or Enterprise', values: S.TIERS },
          { name: 'mrr', type: 'decimal', precision: 10, scale: 2, description: "the sum of its Stripe items a month (plan price monthly $349/$1,149/$3,449 or annual $299/$999/$2,999 a month, plus add-ons), inside the tier's band; the current row equals the account's MRR" },
          { name: 'status', type: 'text', description: 'active, trialing, canceled or trial_expired for the current row; replaced for earlier rows', values: SUBSCRIPTION_STATUSES },
          { name: 'change_type', type: 'text', description: 'new, upgrade or downgrade', values: CHANGE_TYPES },
          { name: 'started_at', type: 'timestamp', description: "the account's creation, then the previous row's end" },
          { name: 'ended_at', type: 'timestamp', nullable: true, description: 'the next row\'s start, churn, or NULL while current' },
          { name: 'trial_start', type: 'timestamp', nullable: true },
          { name: 'trial_end', type: 'timestamp', nullable: true, description: '14 days after trial_start; 70% of trials convert' },
        ],
        primaryKey: ['subscription_id'],
        keyOrder: 'ascending',
        foreignKeys: accountFk,
        timeColumn: 'started_at',
      },
      estimateRows: () => plan.accounts.segOffset[plan.accounts.n],
      exactRows: true,
      chunks: () => 1,
      generate: one(() => subscriptionRows(plan)),
    },
    {
      spec: {
        name: 'user_sessions',
        description: 'App sessions: by role, engagement and days active; working hours in the account\'s local time',
        columns: [
          { name: 'session_id', type: 'bigint' },
          { name: 'user_id', type: 'integer' },
          { name: 'account_id', type: 'integer' },
          { name: 'started_at', type: 'timestamp', description: "weekday working hours, the account's main location's time zone" },
          { name: 'ended_at', type: 'timestamp', description: 'started_at + duration_seconds' },
          { name: 'duration_seconds', type: 'integer', description: "the sum of its page views' time on page" },
          { name: 'page_view_count', type: 'integer', description: 'its page_views rows: 1 + an even share of the user\'s other views (about 5 per session)' },
          { name: 'device_type', type: 'text', description: 'desktop 55% / mobile 30% / tablet 15%', values: DEVICE_TYPES },
          { name: 'ip_address', type: 'text', description: "an IPv4 address in the account state's block" },
        ],
        primaryKey: ['session_id'],
        keyOrder: 'ascending',
        foreignKeys: [...userFk, ...accountFk],
        timeColumn: 'started_at',
      },
      estimateRows: () => plan.users.sessionOffset[plan.users.n],
      exactRows: true,
      chunks: userChunkCount,
      generate: one((ctx) => sessionRows(plan, ctx)),
    },
    {
      spec: {
        name: 'page_views',
        description: 'Page views inside each session: an entry page, then the page flow; time on page lognormal',
        columns: [
          { name: 'page_view_id', type: 'bigint' },
          { name: 'session_id', type: 'bigint' },
          { name: 'user_id', type: 'integer' },
          { name: 'page_path', type: 'text', description: 'entry /dashboard 62%, then a transition matrix (page flow)', values: PAGES },
          { name: 'viewed_at', type: 'timestamp', description: 'the session start plus the time on the pages before' },
          { name: 'view_number', type: 'integer', description: '1 = the entry page' },
          { name: 'time_on_page_seconds', type: 'integer', description: 'lognormal, median 35 s, at most 30 minutes' },
          { name: 'is_exit', type: 'boolean', description: "the session's last page" },
        ],
        primaryKey: ['page_view_id'],
        keyOrder: 'ascending',
        foreignKeys: [{ columns: ['session_id'], references: { table: 'user_sessions', columns: ['session_id'] } }, ...userFk],
        timeColumn: 'viewed_at',
      },
      estimateRows: () => plan.users.pageViewOffset[plan.users.n],
      exactRows: true,
      chunks: userChunkCount,
      generate: one((ctx) => pageViewRows(plan, ctx)),
    },
    {
      spec: {
        name: 'feature_usage',
        description: "Feature events: only features released, adopted by the account and in its tier at the time",
        columns: [
          { name: 'usage_id', type: 'bigint' },
          { name: 'user_id', type: 'integer' },
          { name: 'account_id', type: 'integer' },
          { name: 'feature_name', type: 'text', description: 'by popularity among the eligible features', values: FEATURES.map((f) => f.name) },
          { name: 'feature_category', type: 'text', description: 'analytics, inventory, reporting, integrations, admin', values: unique(FEATURES.map((f) => f.category)) },
          { name: 'used_at', type: 'timestamp', description: "working hours, account's local time; after the feature's release plus the account's adoption lag (exponential, mean 90 days)" },
          { name: 'duration_ms', type: 'integer' },
          { name: 'success', type: 'boolean', description: '97% succeed' },
          { name: 'error_code', type: 'text', nullable: true, description: 'set when success is false', values: ERROR_CODES },
        ],
        primaryKey: ['usage_id'],
        keyOrder: 'ascending',
        foreignKeys: [...userFk, ...accountFk],
        timeColumn: 'used_at',
      },
      estimateRows: () => plan.users.featureOffset[plan.users.n],
      exactRows: true,
      chunks: userChunkCount,
      generate: one((ctx) => featureRows(plan, ctx, seed)),
    },
  ];
}
