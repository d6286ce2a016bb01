// App activity, user chunk by user chunk: each user's sessions (with the page
// views inside them) and feature events. user_sessions and page_views walk the
// same stream the same way, so a session's duration and page count are exactly
// its page views, whichever table is being written.
import { binomial, cumulate, normal, pickCumulative, type Rng } from '../../../src/engine/random.js';
import type { Plan } from '../plan.js';
import { DAY, MONTH, drawInWindow, weekProfile } from '../time.js';
import { ENTRY_PAGE, FEATURES, HOURLY_SESSIONS, PAGE_FLOW, STATES, WEEKDAY_SESSIONS } from '../vocab.js';

export const USERS_PER_CHUNK = 500;
const SESSIONS_BY_HOUR_OF_WEEK = weekProfile(HOURLY_SESSIONS, WEEKDAY_SESSIONS);
export const ENTRY_CUM = cumulate(ENTRY_PAGE);
export const FLOW_CUM = PAGE_FLOW.map((row) => cumulate(row));
/** Seconds on a page: lognormal, median 35 s, capped at 30 minutes. */
export const TIME_ON_PAGE = { median: 35, sd: 0.9, max: 1_800 };

export function userChunks(plan: Plan): number {
  return Math.max(1, Math.ceil(plan.users.n / USERS_PER_CHUNK));
}

export function chunkUsers(plan: Plan, chunk: number): [number, number] {
  const from = chunk * USERS_PER_CHUNK;
  return [from, Math.min(plan.users.n, from + USERS_PER_CHUNK)];
}

/** UTC offset (hours) of an account's main location. */
export function accountOffset(plan: Plan, account: number): number {
  return STATES[plan.locations.state[plan.locations.offset[account]]].offset;
}

/** Draws a time in [from, to) by the working-week profile, falling back to uniform for tiny windows. */
export function drawTime(rng: Rng, offset: number, from: number, to: number): number {
  const t = drawInWindow(rng, SESSIONS_BY_HOUR_OF_WEEK, offset, from, to);
  return t >= 0 ? t : from + Math.floor(rng() * (to - from));
}

export interface Session {
  start: number;
  /** Seconds on each page, in order; the session ends when the last one does. */
  pages: number[];
}

/** User u's sessions in time order, from the chunk's walk stream. */
export function userSessions(plan: Plan, u: number, walk: Rng): Session[] {
  const users = plan.users;
  const account = users.account[u];
  const from = users.created[u];
  const to = plan.accounts.end[account];
  const n = users.sessions[u];
  const offset = accountOffset(plan, account);
  const starts = new Float64Array(n);
  for (let k = 0; k < n; k++) starts[k] = drawTime(walk, offset, from, to);
  starts.sort();
  // Every session has a page; the rest of the user's page views are spread evenly (chained binomials).
  let extra = users.pageViews[u] - n;
  const sessions: Session[] = [];
  for (let k = 0; k < n; k++) {
    const more = k === n - 1 ? extra : binomial(walk, extra, 1 / (n - k));
    extra -= more;
    const pages: number[] = [];
    let total = 0;
    for (let p = 0; p <= more; p++) {
      const secs = Math.max(1, Math.min(TIME_ON_PAGE.max, Math.round(TIME_ON_PAGE.median * Math.exp(TIME_ON_PAGE.sd * normal(walk)))));
      pages.push(secs);
      total += secs;
    }
    // A session ends before the account does: it starts early enough, and in a
    // window too short for it (a user added hours before the end) its pages shrink to fit.
    const room = to - 1 - from;
    if (total > room) {
      for (let p = 0; p < pages.length; p++) pages[p] = Math.floor((pages[p] * room) / total);
      total = pages.reduce((x, y) => x + y, 0);
    }
    const start = Math.max(from, Math.min(starts[k], to - 1 - total));
    sessions.push({ start, pages });
  }
  return sessions;
}

/** Pages of a session: an entry page, then the page flow. */
export function pagePath(rng: Rng, count: number): number[] {
  const out = [pickCumulative(rng, ENTRY_CUM)];
  for (let k = 1; k < count; k++) out.push(pickCumulative(rng, FLOW_CUM[out[k - 1]]));
  return out;
}

/** A number in [0, 1) fixed by (seed, a, b): for per-pair facts that no stream owns. */
export function hash01(seed: number, a: number, b: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(a + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(b + 0x27d4eb2f, 0x165667b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/** Mean days from a feature's release (or the account's start) to the account adopting it; features there from day one are adopted at once. */
export const ADOPTION_DAYS = 90;

/** When account a starts using feature f: its release or the account's start, plus the account's adoption lag. */
export function adoptedAt(plan: Plan, seed: number, a: number, f: number): number {
  const feature = FEATURES[f];
  const release = plan.s.start + feature.release * MONTH;
  const begin = Math.max(release, plan.accounts.created[a]);
  if (feature.release === 0) return begin;
  return begin + Math.floor(-Math.log(1 - hash01(seed, a, f)) * ADOPTION_DAYS * DAY);
}

/** The account's tier at second t, from its subscription history. */
export function tierAt(plan: Plan, a: number, t: number): number {
  const acc = plan.accounts;
  let seg = acc.segOffset[a];
  const last = acc.segOffset[a + 1] - 1;
  while (seg < last && acc.segEnd[seg] <= t) seg++;
  return acc.segTier[seg];
}

export interface Eligible {
  list: number[];
  /** Cumulative popularity weights of the list, for pickCumulative. */
  cumulative: number[];
}
/** Eligible sets by bit mask: the same few sets recur for every event of an account. */
const eligibleByMask = new Map<number, Eligible>();

/** Features user u's account could use at t: released, adopted, and in its tier then. */
export function featuresAt(plan: Plan, seed: number, a: number, t: number, adopted: number[]): Eligible {
  const tier = tierAt(plan, a, t);
  let mask = 0;
  for (let f = 0; f < FEATURES.length; f++) if (FEATURES[f].tier <= tier && adopted[f] <= t) mask |= 1 << f;
  let e = eligibleByMask.get(mask);
  if (!e) {
    const list = FEATURES.map((_, f) => f).filter((f) => mask & (1 << f));
    e = { list, cumulative: cumulate(list.map((f) => FEATURES[f].weight)) };
    eligibleByMask.set(mask, e);
  }
  return e;
}

