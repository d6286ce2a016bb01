// Everything about the platform's parents, made once per run from named streams:
// accounts (with their subscription history), locations, users and devices, and
// how many sessions, feature events and tap events each parent gets. Parents are
// at most a few hundred thousand rows, so they live in typed arrays; the big
// tables (sessions, page views, feature usage, tap events, device health) are
// made chunk by chunk from these arrays and never held.
import { allocate, offsets } from '../../src/engine/allocate.js';
import { cumulate, normal, pickCumulative, stream, type Rng } from '../../src/engine/random.js';
import { priceSegments, type Billing } from './billing.js';
import * as S from './settings.js';
import type { Settings } from './settings.js';
import { DAY, YEAR } from './time.js';
import { INDUSTRY_NOUNS, NAME_STEMS, PLACE_WORDS, STATES, DEVICE_MODELS } from './vocab.js';

export const SCENARIO = 'bar-platform';

export interface Accounts {
  n: number;
  created: Float64Array;
  industry: Uint8Array;
  tier: Uint8Array;
  mrr: Int32Array;
  employees: Int32Array;
  /** Latent engagement (standard normal): more app use, less churn. */
  engagement: Float64Array;
  /** 0 no trial, 1 trial converted, 2 trial not converted */
  trial: Uint8Array;
  paidStart: Float64Array;
  /** When the account stopped (churn or trial expiry), or the history's end. */
  end: Float64Array;
  status: Uint8Array; // 0 active, 1 trialing, 2 churned
  names: string[];
  domains: string[];
  /** Subscription segments: account i owns segments segOffset[i] .. segOffset[i+1]-1. */
  segOffset: Float64Array;
  segTier: Uint8Array;
  segMrr: Int32Array;
  segStart: Float64Array;
  segEnd: Float64Array;
  /** 0 new, 1 upgrade, 2 downgrade */
  segChange: Uint8Array;
  /** Per segment: billing interval and Stripe items (their sum is segMrr). */
  billing: Billing;
}

export const ACCOUNT_STATUSES = ['active', 'trialing', 'churned'];

export interface Locations {
  n: number;
  account: Int32Array;
  offset: Float64Array; // per account: first location index
  type: Uint8Array;
  state: Uint8Array;
  opened: Float64Array;
}

export interface Users {
  n: number;
  account: Int32Array;
  offset: Float64Array; // per account
  role: Uint8Array;
  created: Float64Array;
  sessions: Int32Array;
  sessionOffset: Float64Array;
  pageViews: Int32Array;
  pageViewOffset: Float64Array;
  features: Int32Array;
  featureOffset: Float64Array;
}

export interface Devices {
  n: number;
  location: Int32Array;
  offset: Float64Array; // per location
  model: Uint8Array;
  installed: Float64Array;
  status: Uint8Array; // 0 online, 1 offline, 2 maintenance, 3 decommissioned
  /** First second the device no longer pours: offline or maintenance since, churn, or as_of. */
  liveEnd: Float64Array;
  lastSeen: Float64Array;
  /** Seconds after a firmware release before the device runs it. */
  firmwareLag: Float64Array;
  taps: Int32Array;
  tapOffset: Float64Array;
}

export const DEVICE_STATUS_NAMES = ['online', 'offline', 'maintenance', 'decommissioned'];

export interface Plan {
  s: Settings;
  accounts: Accounts;
  locations: Locations;
  users: Users;
  devices: Devices;
}

const rngOf = (seed: number, table: string, name: string) => stream(seed, SCENARIO, table, 0, name);
const exp1 = (rng: Rng) => -Math.log(1 - rng());
/** Lognormal jitter with median 1. */
const jitter = (rng: Rng, sd: number) => Math.exp(sd * normal(rng));

/** Account creation times over the history, growing by `growth` a year, in ascending order. */
function creationTimes(s: Settings, rng: Rng): Float64Array {
  const out = new Float64Array(s.accounts);
  const g = 1 + s.growth;
  const span = s.end - s.start;
  for (let i = 0; i < out.length; i++) {
    const u = rng();
    const years = g === 1 ? u * s.years : Math.log(1 + u * (g ** s.years - 1)) / Math.log(g);
    // Whole seconds, strictly inside the history.
    out[i] = s.start + Math.min(span - DAY, Math.floor(years * YEAR));
  }
  return out.sort();
}

/** The k-th company name of an industry: plain names first, then with a place word, then numbered. */
export function companyName(industry: number, k: number): string {
  const nouns = INDUSTRY_NOUNS[S.INDUSTRIES[industry]];
  const plain = NAME_STEMS.length * nouns.length;
  const combo = (j: number) => `${NAME_STEMS[j % NAME_STEMS.length]} ${nouns[Math.floor(j / NAME_STEMS.length) % nouns.length]}`;
  if (k < plain) return combo((k * 367) % plain);
  const placed = plain * PLACE_WORDS.length;
  if (k < plain + placed) {
    const j = ((k - plain) * 367) % placed;
    return `${combo(j % plain)} ${PLACE_WORDS[Math.floor(j / plain)]}`;
  }
  const n = k - plain - placed;
  return `${combo((n * 367) % plain)} ${2 + Math.floor(n / plain)}`;
}

export const domainOf = (name: string) => name.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') + '.com';

function buildAccounts(s: Settings, seed: number): Accounts {
  const n = s.accounts;
  const rng = rngOf(seed, 'accounts', '');
  const created = creationTimes(s, rngOf(seed, 'accounts', 'created'));
  const industryCum = cumulate(s.industryMix);
  const tierCum = cumulate(s.tierMix);
  const a: Accounts = {
    n,
    created,
    industry: new Uint8Array(n),
    tier: new Uint8Array(n),
    mrr: new Int32Array(n),
    employees: new Int32Array(n),
    engagement: new Float64Array(n),
    trial: new Uint8Array(n),
    paidStart: new Float64Array(n),
    end: new Float64Array(n),
    status: new Uint8Array(n),
    names: [],
    domains: [],
    segOffset: new Float64Array(n + 1),
    segTier: new Uint8Array(0),
    segMrr: new Int32Array(0),
    segStart: new Float64Array(0),
    segEnd: new Float64Array(0),
    segChange: new Uint8Array(0),
    billing: null as unknown as Billing, // set by buildSegments
  };
  const ranks = new Array<number>(S.INDUSTRIES.length).fill(0);
  const baseHazard = -Math.log(1 - Math.min(s.annualChurn, 0.999999)) / YEAR;
  const meanMultiplier = Math.exp((S.ENGAGEMENT_CHURN * S.ENGAGEMENT_CHURN) / 2);
  for (let i = 0; i < n; i++) {
    const industry = pickCumulative(rng, industryCum);
    const tier = pickCumulative(rng, tierCum);
    const [elo, ehi] = S.EMPLOYEE_BANDS[tier];
    a.industry[i] = industry;
    a.tier[i] = tier;
    a.employees[i] = Math.round(elo * (ehi / elo) ** rng());
    const z = normal(rng);
    a.engagement[i] = z;
    const trial = rng() < s.trialShare;
    const converts = rng() < s.trialConversion;
    const hazard = (baseHazard * Math.exp(-S.ENGAGEMENT_CHURN * z)) / meanMultiplier;
    const churnAfter = hazard > 0 ? exp1(rng) / hazard : (rng(), Infinity); // annual_churn 0: never (one draw either way)
    const c = created[i];
    a.trial[i] = trial ? (converts ? 1 : 2) : 0;
    a.paidStart[i] = trial ? c + S.TRIAL_DAYS * DAY : c;
    let end = s.end;
    let status = 0;
    if (trial && a.paidStart[i] >= s.end) status = 1;
    else if (trial && !converts) {
      end = a.paidStart[i];
      status = 2;
    } else if (a.paidStart[i] + churnAfter < s.end) {
      // A churned account lived at least a day (room for its first location, users and devices), and ends before as_of.
      end = Math.min(s.end - 1, Math.max(c + DAY, Math.floor(a.paidStart[i] + churnAfter)));
      status = 2;
    }
    a.end[i] = end;
    a.status[i] = status;
    const name = companyName(industry, ranks[industry]++);
    a.names.push(name);
    a.domains.push(domainOf(name));
  }
  buildSegments(s, seed, a);
  return a;
}

/** Subscription history: one subscription per account plus the seed's extra rows as plan changes, tiers rebuilt backwards from today's. */
function buildSegments(s: Settings, seed: number, a: Accounts): void {
  const n = a.n;
  const rng = rngOf(seed, 'subscriptions', '');
  const weight = new Float64Array(n);
  const cap = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const paidDays = Math.floor((a.end[i] - a.paidStart[i]) / DAY);
    cap[i] = a.trial[i] === 2 ? 0 : S.planChangeRoom(paidDays);
    weight[i] = cap[i] > 0 ? (paidDays / 365.25) * (0.5 + rng()) : (rng(), 0);
  }
  const extra = allocate(Math.max(0, s.counts.subscriptions - n), weight, 0, cap);
  a.segOffset = offsets(Array.from(extra, (e) => e + 1));
  const total = a.segOffset[n];
  a.segTier = new Uint8Array(total);
  a.segMrr = new Int32Array(total);
  a.segStart = new Float64Array(total);
  a.segEnd = new Float64Array(total);
  a.segChange = new Uint8Array(total);
  for (let i = 0; i < n; i++) {
    const k = extra[i];
    const first = a.segOffset[i];
    // Change days: k distinct whole days inside the paid span, ascending.
    const paidDays = Math.floor((a.end[i] - a.paidStart[i]) / DAY);
    const days = new Set<number>();
    while (days.size < k) days.add(1 + Math.floor(rng() * (paidDays - 1)));
    const changes = [...days].sort((x, y) => x - y).map((d) => a.paidStart[i] + d * DAY);
    let tier = a.tier[i];
    for (let j = k; j >= 0; j--) {
      const seg = first + j;
      a.segTier[seg] = tier;
      a.segStart[seg] = j === 0 ? a.created[i] : changes[j - 1];
      a.segEnd[seg] = j === k ? a.end[i] : changes[j];
      if (j === 0) a.segChange[seg] = 0;
      else {
        // Into this tier by an upgrade (from the tier below) or a downgrade (from above).
        const up = tier === 0 ? false : tier === S.TIERS.length - 1 ? true : rng() < S.UPGRADE_SHARE;
        a.segChange[seg] = up ? 1 : 2;
        tier = up ? tier - 1 : tier + 1;
      }
    }
  }
  // What each subscription costs: its interval and items, whose sum is its MRR; the account's MRR is its current one's.
  const priced = priceSegments(s, rngOf(seed, 'subscriptions', 'billing'), { ...a, n });
  a.billing = priced.billing;
  a.segMrr = priced.mrr;
  for (let i = 0; i < n; i++) a.mrr[i] = a.segMrr[a.segOffset[i + 1] - 1];
}

function buildLocations(s: Settings, seed: number, a: Accounts): Locations {
  const rng = rngOf(seed, 'locations', '');
  const weights = Float64Array.from(a.tier, (t) => S.TIER_SIZE_WEIGHT[t] * jitter(rng, 0.8));
  const perAccount = allocate(s.counts.locations, weights, S.LOCATIONS_RANGE[0], S.LOCATIONS_RANGE[1]);
  const offset = offsets(perAccount);
  const n = offset[a.n];
  const l: Locations = { n, account: new Int32Array(n), offset, type: new Uint8Array(n), state: new Uint8Array(n), opened: new Float64Array(n) };
  const stateCum = cumulate(STATES.map((x) => x.weight));
  for (let i = 0; i < a.n; i++) {
    const opened = Array.from({ length: perAccount[i] - 1 }, () => a.created[i] + Math.floor(rng() * 0.9 * (a.end[i] - a.created[i]))).sort((x, y) => x - y);
    const home = pickCumulative(rng, stateCum);
    for (let k = 0; k < perAccount[i]; k++) {
      const j = offset[i] + k;
      l.account[j] = i;
      // The first location is the account's Main; the others are Branch or Franchise 2:1 (the seed's 40:20).
      l.type[j] = k === 0 ? 0 : rng() < 2 / 3 ? 1 : 2;
      l.state[j] = k === 0 || rng() < 0.6 ? home : pickCumulative(rng, stateCum);
      l.opened[j] = k === 0 ? a.created[i] : opened[k - 1];
    }
  }
  return l;
}

function buildUsers(s: Settings, seed: number, a: Accounts): Users {
  const rng = rngOf(seed, 'users', '');
  const weights = Float64Array.from(a.tier, (t) => S.TIER_SIZE_WEIGHT[t] * jitter(rng, 0.8));
  const perAccount = allocate(s.counts.users, weights, S.USERS_RANGE[0], S.USERS_RANGE[1]);
  const offset = offsets(perAccount);
  const n = offset[a.n];
  const roleCum = cumulate(s.roleMix);
  const u: Users = {
    n,
    account: new Int32Array(n),
    offset,
    role: new Uint8Array(n),
    created: new Float64Array(n),
    sessions: new Int32Array(0),
    sessionOffset: new Float64Array(0),
    pageViews: new Int32Array(0),
    pageViewOffset: new Float64Array(0),
    features: new Int32Array(0),
    featureOffset: new Float64Array(0),
  };
  for (let i = 0; i < a.n; i++) {
    const created = Array.from({ length: perAccount[i] - 1 }, () => a.created[i] + Math.floor(rng() ** 2 * 0.8 * (a.end[i] - a.created[i]))).sort((x, y) => x - y);
    for (let k = 0; k < perAccount[i]; k++) {
      const j = offset[i] + k;
      u.account[j] = i;
      u.role[j] = pickCumulative(rng, roleCum);
      u.created[j] = k === 0 ? a.created[i] : created[k - 1];
    }
  }
  // Activity: sessions and feature events in proportion to days active, role and the account's engagement.
  const active = (j: number) => Math.max(0, a.end[u.account[j]] - u.created[j]) / DAY;
  const engaged = (j: number) => Math.exp(S.ENGAGEMENT_SD * a.engagement[u.account[j]]);
  const srng = rngOf(seed, 'user_sessions', 'allocation');
  u.sessions = allocate(s.counts.user_sessions, Float64Array.from({ length: n }, (_, j) => active(j) * S.ROLE_SESSIONS[u.role[j]] * engaged(j) * jitter(srng, 0.4)));
  u.sessionOffset = offsets(u.sessions);
  // Page views: every session at least one, the rest in proportion to sessions.
  u.pageViews = allocate(s.counts.page_views, Float64Array.from(u.sessions), u.sessions);
  u.pageViewOffset = offsets(u.pageViews);
  const frng = rngOf(seed, 'feature_usage', 'allocation');
  u.features = allocate(
    s.counts.feature_usage,
    Float64Array.from({ length: n }, (_, j) => active(j) * (1 + a.tier[u.account[j]]) * engaged(j) * jitter(frng, 0.4)),
  );
  u.featureOffset = offsets(u.features);
  return u;
}

/** Pours per day relative to a restaurant, by industry. */
const INDUSTRY_POURS = [1, 1.6, 0.8, 0.7];

function buildDevices(s: Settings, seed: number, a: Accounts, l: Locations): Devices {
  const rng = rngOf(seed, 'devices', '');
  const weights = Float64Array.from(l.type, (t) => (t === 0 ? 1.3 : 1) * jitter(rng, 0.6));
  const perLocation = allocate(s.counts.devices, weights, S.DEVICES_RANGE[0], S.DEVICES_RANGE[1]);
  const offset = offsets(perLocation);
  const n = offset[l.n];
  const modelCum = cumulate(DEVICE_MODELS.map((m) => m.share));
  const statusCum = cumulate(s.statusMix);
  const d: Devices = {
    n,
    location: new Int32Array(n),
    offset,
    model: new Uint8Array(n),
    installed: new Float64Array(n),
    status: new Uint8Array(n),
    liveEnd: new Float64Array(n),
    lastSeen: new Float64Array(n),
    firmwareLag: new Float64Array(n),
    taps: new Int32Array(0),
    tapOffset: new Float64Array(0),
  };
  for (let loc = 0; loc < l.n; loc++) {
    const acc = l.account[loc];
    const end = a.end[acc];
    for (let k = 0; k < perLocation[loc]; k++) {
      const j = offset[loc] + k;
      d.location[j] = loc;
      d.model[j] = pickCumulative(rng, modelCum);
      // Installed within weeks of the location opening, always before the account's end.
      const room = end - l.opened[loc];
      d.installed[j] = l.opened[loc] + Math.floor(Math.min(room * 0.5, exp1(rng) * 20 * DAY + rng() * 3600));
      d.firmwareLag[j] = Math.floor(exp1(rng) * 45 * DAY);
      const status = pickCumulative(rng, statusCum);
      const since = rng();
      const seen = rng();
      const life = end - d.installed[j];
      if (a.status[acc] === 2) {
        d.status[j] = 3;
        d.liveEnd[j] = end;
        d.lastSeen[j] = end - Math.floor(seen * Math.min(life, 3600));
      } else if (status === 0) {
        d.status[j] = 0;
        d.liveEnd[j] = end;
        d.lastSeen[j] = end - 1 - Math.floor(seen * Math.min(life - 1, 900));
      } else {
        // Offline up to 30 days, in maintenance up to 14 days, never before it was installed.
        const maxDown = (status === 1 ? 30 : 14) * DAY;
        d.status[j] = status;
        d.liveEnd[j] = end - Math.floor(Math.min(life * 0.5, 3600 + since * (maxDown - 3600)));
        d.lastSeen[j] = d.liveEnd[j];
      }
    }
  }
  const trng = rngOf(seed, 'tap_events', 'allocation');
  d.taps = allocate(
    s.counts.tap_events,
    Float64Array.from({ length: n }, (_, j) => ((d.liveEnd[j] - d.installed[j]) / DAY) * INDUSTRY_POURS[a.industry[l.account[d.location[j]]]] * jitter(trng, 0.5)),
  );
  d.tapOffset = offsets(d.taps);
  return d;
}

/** Held weakly: while workers generate, the main thread lets its tables' plan go (runner.ts, counted). */
const plans = new Map<string, WeakRef<Plan>>();

/** What a source makes once per (plan, seed) for every table that reads it; it goes with the plan (a WeakMap). */
export function perRun<T>(make: (plan: Plan, seed: number) => T): (plan: Plan, seed: number) => T {
  const made = new WeakMap<Plan, Map<number, T>>();
  return (plan, seed) => {
    let bySeed = made.get(plan);
    if (!bySeed) made.set(plan, (bySeed = new Map()));
    let value = bySeed.get(seed);
    if (value === undefined) bySeed.set(seed, (value = make(plan, seed)));
    return value;
  };
}

/** The plan of a run, made once per (settings, seed) while it is in use: every table of the run reads the same one. */
export function planOf(s: Settings, seed: number): Plan {
  const key = JSON.stringify([s, seed]);
  let p = plans.get(key)?.deref();
  if (!p) {
    const accounts = buildAccounts(s, seed);
    const locations = buildLocations(s, seed, accounts);
    p = { s, accounts, locations, users: buildUsers(s, seed, accounts), devices: buildDevices(s, seed, accounts, locations) };
    plans.clear();
    plans.set(key, new WeakRef(p));
  }
  return p;
}
