// The marketing campaigns of a run, made once per (plan, seed) from named
// streams: channel (exact 40/30/20/10 shares), dates, budgets and the factors
// their daily performance draws around, plus an index of the campaigns running
// on each day by channel (ga_sessions and touchpoints pick from it). Campaigns
// are a few thousand rows, so they live in typed arrays; their performance days
// are made campaign chunk by campaign chunk.
import { allocate, offsets } from '../../../src/engine/allocate.js';
import { apportion, normal, stream, type Rng } from '../../../src/engine/random.js';
import { perRun, SCENARIO, type Plan } from '../plan.js';
import type { Settings } from '../settings.js';
import { DAY, YEAR, monthIndex, monthStartOf } from '../time.js';
import { AUDIENCES, CHANNEL_MIX, CHANNEL_RATES, CHANNELS, EMAIL, EMAIL_DAILY_SENDS, FACTOR_RANGE, FACTOR_SD, MIN_CAMPAIGN_DAYS, MONTH_SPEND, OBJECTIVES, WEEKDAY_SPEND } from './vocab.js';

export interface Campaigns {
  n: number;
  /** Index into CHANNELS. */
  channel: Uint8Array;
  objective: Uint8Array;
  audience: Uint8Array;
  /** First day (days since 1970) and how many days it runs: one performance row per day. */
  startDay: Int32Array;
  days: Int32Array;
  /** First performance_id - 1 of each campaign (n + 1 entries). */
  perfOffset: Float64Array;
  /** Budget in cents (0 for email) and its planned spend weights summed over the campaign's days. */
  budget: Float64Array;
  weightSum: Float64Array;
  /** Emails delivered on an average day (email only). */
  dailySends: Float64Array;
  ctrFactor: Float64Array;
  cpcFactor: Float64Array;
  cvrFactor: Float64Array;
  /** When the campaign was set up: up to two weeks before it started, never before the history. */
  created: Float64Array;
}

/** Campaigns running each day, by channel: slot (channel x days + day - startDay) -> ids[offset[slot] .. offset[slot + 1]), with cumulative pick weights per slot. */
export interface Running {
  days: number;
  offset: Float64Array;
  ids: Int32Array;
  cum: Float64Array;
}

/** ga_sessions per calendar month (chunk k = month firstMonth + k): exact, growing with the company. */
export interface WebMonths {
  firstMonth: number;
  offset: Float64Array;
}

export interface MarketingPlan {
  campaigns: Campaigns;
  running: Running;
  web: WebMonths;
}

export const CAMPAIGNS_PER_CHUNK = 50;

const rngOf = (seed: number, table: string, name: string) => stream(seed, SCENARIO, table, 0, name);
const capped = (x: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, x));
const factor = (rng: Rng) => capped(Math.exp(FACTOR_SD * normal(rng)), FACTOR_RANGE);

/** Planned spend weight of a day: its month's and weekday's (1970-01-01 was a Thursday). */
export function spendWeight(day: number): number {
  return MONTH_SPEND[monthIndex(day * DAY) % 12] * WEEKDAY_SPEND[(day + 3) % 7];
}

/** A time in [0, years) with density growing by `growth` a year, as accounts are created. */
export function growthYears(u: number, growth: number, years: number): number {
  const g = 1 + growth;
  return g === 1 ? u * years : Math.log(1 + u * (g ** years - 1)) / Math.log(g);
}

function buildCampaigns(s: Settings, seed: number): Campaigns {
  const n = s.sources.marketing_campaigns;
  const total = s.sources.campaign_performance;
  const history = s.endDay - s.startDay;
  const rng = rngOf(seed, 'marketing_campaigns', '');
  // Exact channel counts (largest remainder), dealt in a random order.
  const perChannel = apportion(n, CHANNEL_MIX);
  const channels: number[] = perChannel.flatMap((k, c) => new Array<number>(k).fill(c));
  for (let i = channels.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [channels[i], channels[j]] = [channels[j], channels[i]];
  }
  // Days per campaign: exactly the seed's performance rows, longer for always-on search.
  const weights = Float64Array.from(channels, (c) => CHANNEL_RATES[c].length * Math.exp(0.6 * normal(rng)));
  const days = allocate(total, weights, Math.min(MIN_CAMPAIGN_DAYS, history), history);
  // Centres follow the growth curve of new accounts; each campaign fits inside the history.
  const start = new Int32Array(n);
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const years = growthYears(rng(), s.growth, s.years);
    // Budgets grow with the business too: x (1 + growth) a year, 1 at the history's middle.
    scale[i] = (1 + s.growth) ** (years - s.years / 2);
    const centre = s.startDay + Math.floor((years * history) / s.years);
    start[i] = Math.max(s.startDay, Math.min(s.endDay - days[i], centre - Math.floor(days[i] / 2)));
  }
  // Ids in start order (ties by draw order).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => start[a] - start[b] || a - b);
  const c: Campaigns = {
    n,
    channel: Uint8Array.from(order, (i) => channels[i]),
    objective: new Uint8Array(n),
    audience: new Uint8Array(n),
    startDay: Int32Array.from(order, (i) => start[i]),
    days: Int32Array.from(order, (i) => days[i]),
    perfOffset: new Float64Array(0),
    budget: new Float64Array(n),
    weightSum: new Float64Array(n),
    dailySends: new Float64Array(n),
    ctrFactor: new Float64Array(n),
    cpcFactor: new Float64Array(n),
    cvrFactor: new Float64Array(n),
    created: new Float64Array(n),
  };
  c.perfOffset = offsets(c.days);
  for (let i = 0; i < n; i++) {
    const ch = c.channel[i];
    c.objective[i] = Math.floor(rng() * OBJECTIVES[ch].length);
    c.audience[i] = Math.floor(rng() * AUDIENCES.length);
    let w = 0;
    for (let d = 0; d < c.days[i]; d++) w += spendWeight(c.startDay[i] + d);
    c.weightSum[i] = w;
    const daily = CHANNEL_RATES[ch].dailyBudget * scale[order[i]] * Math.exp(0.5 * normal(rng));
    // Whole dollars, at least $1 a day of the campaign.
    c.budget[i] = ch === EMAIL ? 0 : 100 * Math.max(c.days[i], Math.round(daily * w));
    c.dailySends[i] = ch === EMAIL ? EMAIL_DAILY_SENDS * Math.exp(0.5 * normal(rng)) : 0;
    c.ctrFactor[i] = factor(rng);
    c.cpcFactor[i] = factor(rng);
    c.cvrFactor[i] = factor(rng);
    const first = c.startDay[i] * DAY;
    c.created[i] = Math.max(s.start, first - Math.floor(rng() * 14 * DAY) - 3600 * (9 + Math.floor(rng() * 8)));
  }
  return c;
}

/** Which campaigns run on each day of the history, by channel, weighted by daily budget (email by sends). */
function buildRunning(s: Settings, c: Campaigns): Running {
  const days = s.endDay - s.startDay;
  const slots = CHANNELS.length * days;
  const counts = new Int32Array(slots);
  for (let i = 0; i < c.n; i++) {
    const base = c.channel[i] * days + c.startDay[i] - s.startDay;
    for (let d = 0; d < c.days[i]; d++) counts[base + d]++;
  }
  const offset = offsets(counts);
  const fill = Float64Array.from(offset.subarray(0, slots));
  const ids = new Int32Array(offset[slots]);
  const cum = new Float64Array(offset[slots]);
  for (let i = 0; i < c.n; i++) {
    const base = c.channel[i] * days + c.startDay[i] - s.startDay;
    const w = c.channel[i] === EMAIL ? c.dailySends[i] : c.budget[i] / c.days[i];
    for (let d = 0; d < c.days[i]; d++) {
      const k = fill[base + d]++;
      ids[k] = i;
      cum[k] = (k > offset[base + d] ? cum[k - 1] : 0) + w;
    }
  }
  return { days, offset, ids, cum };
}

/** A campaign of `channel` running on `day`, picked by weight; -1 when none runs. */
export function pickRunning(r: Running, rng: Rng, channel: number, dayIndex: number): number {
  if (dayIndex < 0 || dayIndex >= r.days) return -1;
  const slot = channel * r.days + dayIndex;
  const lo = r.offset[slot];
  const hi = r.offset[slot + 1];
  if (lo === hi) return -1;
  const x = rng() * r.cum[hi - 1];
  let k = lo;
  while (k < hi - 1 && x >= r.cum[k]) k++;
  return r.ids[k];
}

/** Sessions per month in proportion to its seconds inside the history, the growth curve and the month's seasonality. */
function buildWeb(s: Settings): WebMonths {
  const firstMonth = monthIndex(s.start);
  const months = monthIndex(s.end - 1) - firstMonth + 1;
  const g = 1 + s.growth;
  const weights = new Float64Array(months);
  for (let k = 0; k < months; k++) {
    const from = Math.max(s.start, monthStartOf(firstMonth + k));
    const to = Math.min(s.end, monthStartOf(firstMonth + k + 1));
    weights[k] = (to - from) * g ** ((from + to) / 2 / YEAR - s.start / YEAR) * MONTH_SPEND[(firstMonth + k) % 12];
  }
  return { firstMonth, offset: offsets(allocate(s.sources.ga_sessions, weights)) };
}

/** First and last second (exclusive) of web chunk k inside the history. */
export function webWindow(s: Settings, web: WebMonths, k: number): [number, number] {
  return [Math.max(s.start, monthStartOf(web.firstMonth + k)), Math.min(s.end, monthStartOf(web.firstMonth + k + 1))];
}

/** The marketing plan of a run, made once per (plan, seed): every marketing table reads the same one. */
export const marketingPlanOf = perRun((plan, seed): MarketingPlan => {
  const campaigns = buildCampaigns(plan.s, seed);
  return { campaigns, running: buildRunning(plan.s, campaigns), web: buildWeb(plan.s) };
});
