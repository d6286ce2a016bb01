// The platform tables' rules, measured on the streamed rows: mixes and bands,
// MRR and subscription continuity, trials, churn and growth against what the
// parameters predict, temporal order, sessions against their page views,
// features against tiers and releases, and the seed's correlations.
import { count, pct, shareNear, shareTolerance, sumTolerance } from '../../../src/checks/figures.js';
import { Pearson } from '../../../src/checks/correlation.js';
import { Tally } from '../../../src/checks/tally.js';
import type { CheckResult, Row } from '../../../src/engine/model.js';
import * as S from '../settings.js';
import type { Settings } from '../settings.js';
import { FEATURES } from '../vocab.js';
import { DAY, MONTH, YEAR } from '../time.js';
import { Growable } from './growable.js';

type Add = (name: string, ok: boolean, figure: string, info?: boolean) => void;

/** E[f(z)] for z standard normal, on a grid of step 0.01 over ±8 (smooth f: far finer than any tolerance here). */
function expectNormal(f: (z: number) => number): number {
  let sum = 0;
  let mass = 0;
  for (let z = -8; z <= 8; z += 0.01) {
    const w = Math.exp(-z * z / 2);
    sum += w * f(z);
    mass += w;
  }
  return sum / mass;
}

export class PlatformChecks {
  // Accounts, by account_id.
  readonly created: Float64Array;
  readonly end: Float64Array; // churned_at or as_of
  readonly status: Uint8Array; // 0 active, 1 trialing, 2 churned, 3 trial expired
  readonly tier: Int8Array;
  readonly mrr: Float64Array;
  readonly trial: Uint8Array;
  private industries = new Tally();
  private tiers = new Tally();
  private roles = new Tally();
  private badBands = 0;
  /** NULLs where a value belongs or values where NULL belongs (churned_at, trial dates, error codes). */
  private missing = 0;
  private names = new Set<string>();
  private duplicateNames = 0;
  private domains: string[] = [];
  private created_ = { byYear: [] as number[] };
  // Locations and users per account.
  readonly locations: Uint16Array;
  readonly users: Uint16Array;
  readonly devices: Uint16Array;
  private locationOpened = new Growable();
  private mainNotFirst = 0;
  private otherTypes = new Tally();
  private userCreated = new Growable();
  private badEmails = 0;
  private emails = new Set<string>();
  // Subscriptions.
  private currentSubs: Uint8Array;
  private mrrMismatch = 0;
  private gaps = 0;
  private lastSub = { account: -1, ended: 0 as number | null };
  private subBands = 0;
  private segStarts: number[][] = [];
  private segTiers: number[][] = [];
  // Sessions (for page views) and activity per account.
  /** Seconds after the history's start (fits 32 bits for 136 years), duration and pages: 10 bytes a session. */
  private sessionStart: Growable;
  private sessionDuration: Growable;
  private sessionPages: Growable;
  private sessionsPerAccount: Float64Array;
  private pv = { session: -1, seen: 0, t: 0, bad: 0, exitBad: 0 };
  private featureBad = { tier: 0, release: 0 };
  private featureOutcomes = { n: 0, failed: 0 };
  private clocks = new Map<string, Clock>();
  /** Feature index by name, for 30M feature events. */
  private featureIndex = new Map(FEATURES.map((f, i) => [f.name, i]));
  readonly rows = new Map<string, number>();

  constructor(private s: Settings) {
    const n = s.accounts + 1;
    this.created = new Float64Array(n);
    this.end = new Float64Array(n);
    this.status = new Uint8Array(n);
    this.tier = new Int8Array(n).fill(-1);
    this.mrr = new Float64Array(n);
    this.trial = new Uint8Array(n);
    this.locations = new Uint16Array(n);
    this.users = new Uint16Array(n);
    this.devices = new Uint16Array(n);
    this.currentSubs = new Uint8Array(n);
    this.sessionsPerAccount = new Float64Array(n);
    const sessions = s.counts.user_sessions;
    this.sessionStart = new Growable(Uint32Array, sessions);
    this.sessionDuration = new Growable(Uint32Array, sessions);
    this.sessionPages = new Growable(Uint16Array, sessions);
  }

  private account(id: number): boolean {
    return Number.isInteger(id) && id > 0 && id <= this.s.accounts;
  }

  /** A table's timestamps (made on first use): fetched once per batch, not per row. */
  clock(table: string): Clock {
    let c = this.clocks.get(table);
    if (!c) this.clocks.set(table, (c = new Clock(this.s.start, this.s.end)));
    return c;
  }

  observe(table: string, rows: Row[]): void {
    this.rows.set(table, (this.rows.get(table) ?? 0) + rows.length);
    if (table !== 'page_views' && this.rows.has('page_views') && this.sessionPages.length > 0) this.endPageViews();
    const clock = this.clock(table);
    switch (table) {
      case 'accounts':
        for (const r of rows) {
          const id = r[0] as number;
          const tier = S.TIERS.indexOf(r[4] as string);
          const mrr = (r[5] as number) / 100;
          this.industries.add(r[3] as string);
          this.tiers.add(r[4] as string);
          if (tier < 0 || mrr < S.MRR_BANDS[tier][0] || mrr > S.MRR_BANDS[tier][1] || (r[6] as number) < S.EMPLOYEE_BANDS[tier][0] || (r[6] as number) > S.EMPLOYEE_BANDS[tier][1]) this.badBands++;
          if (this.names.has(r[1] as string) || this.names.has('@' + (r[2] as string))) this.duplicateNames++;
          this.names.add(r[1] as string).add('@' + (r[2] as string));
          const created = r[8] as number;
          clock.see(created);
          const year = Math.floor((created - this.s.start) / YEAR);
          this.created_.byYear[year] = (this.created_.byYear[year] ?? 0) + 1;
          if (r[11] !== null) clock.see(r[11] as number, created);
          if ((r[11] === null) !== (r[10] !== 'churned')) this.missing++;
          if (!this.account(id)) continue;
          this.created[id] = created;
          this.end[id] = r[11] === null ? this.s.end : (r[11] as number);
          this.status[id] = Math.max(0, ['active', 'trialing', 'churned'].indexOf(r[10] as string));
          this.tier[id] = tier;
          this.mrr[id] = mrr;
          this.trial[id] = r[9] === null ? 0 : 1;
          this.domains[id] = r[2] as string;
        }
        break;
      case 'locations':
        for (const r of rows) {
          const a = r[1] as number;
          const opened = r[9] as number;
          this.locationOpened.push(opened);
          if (!this.account(a)) continue;
          const first = this.locations[a]++ === 0;
          if (first !== (r[3] === 'Main')) this.mainNotFirst++;
          if (!first) this.otherTypes.add(r[3] as string);
          clock.see(opened, this.created[a]);
        }
        break;
      case 'users':
        for (const r of rows) {
          const a = r[1] as number;
          this.roles.add(r[5] as string);
          this.userCreated.push(r[8] as number);
          const email = r[2] as string;
          if (this.emails.has(email)) this.badEmails++;
          this.emails.add(email);
          if (!this.account(a)) continue;
          this.users[a]++;
          if (!email.endsWith('@' + this.domains[a])) this.badEmails++;
          clock.see(r[8] as number, this.created[a]);
        }
        break;
      case 'subscriptions':
        for (const r of rows) {
          const a = r[1] as number;
          const tier = S.TIERS.indexOf(r[2] as string);
          const mrr = (r[3] as number) / 100;
          if (tier < 0 || mrr < S.MRR_BANDS[tier][0] || mrr > S.MRR_BANDS[tier][1]) this.subBands++;
          if ((r[8] === null) !== (r[9] === null)) this.missing++;
          if (!this.account(a)) continue;
          const started = r[6] as number;
          const ended = r[7] as number | null;
          clock.see(started, this.created[a]);
          // Gap-free: the first row starts with the account, each next one where the last ended.
          if (this.lastSub.account !== a) {
            if (started !== this.created[a]) this.gaps++;
            this.segStarts[a] = [];
            this.segTiers[a] = [];
          } else if (this.lastSub.ended !== started) this.gaps++;
          this.lastSub = { account: a, ended };
          this.segStarts[a].push(started);
          this.segTiers[a].push(tier);
          if (r[4] !== 'replaced') {
            this.currentSubs[a]++;
            if (mrr !== this.mrr[a]) this.mrrMismatch++;
            if ((ended === null) !== (this.status[a] !== 2) || (ended !== null && ended !== this.end[a])) this.gaps++;
            if (r[4] === 'trial_expired') this.status[a] = 3;
          } else if (ended === null) this.gaps++;
        }
        break;
      case 'user_sessions':
        for (const r of rows) {
          const user = r[1] as number;
          const a = r[2] as number;
          const start = r[3] as number;
          this.sessionStart.push(start - this.s.start);
          this.sessionDuration.push(r[5] as number);
          this.sessionPages.push(r[6] as number);
          if ((r[4] as number) !== start + (r[5] as number)) this.pv.bad++;
          clock.see(start, this.userCreated.at(user - 1) ?? Infinity);
          if (this.account(a)) {
            this.sessionsPerAccount[a]++;
            clock.see(r[4] as number, start);
            if ((r[4] as number) > this.end[a]) clock.paradoxes++;
          }
        }
        break;
      case 'page_views':
        for (const r of rows) this.pageView(r);
        break;
      case 'feature_usage':
        for (const r of rows) {
          const a = r[2] as number;
          const t = r[5] as number;
          const f = this.featureIndex.get(r[3] as string) ?? -1;
          this.featureOutcomes.n++;
          if ((r[7] === true) !== (r[8] === null)) this.missing++;
          if (r[7] === false) this.featureOutcomes.failed++;
          clock.see(t, this.userCreated.at((r[1] as number) - 1) ?? Infinity);
          if (f < 0 || t < this.s.start + FEATURES[f].release * MONTH) this.featureBad.release++;
          if (!this.account(a) || f < 0) continue;
          if (t >= this.end[a]) clock.paradoxes++;
          if (FEATURES[f].tier > this.tierAt(a, t)) this.featureBad.tier++;
        }
        break;
    }
  }

  private tierAt(a: number, t: number): number {
    const starts = this.segStarts[a];
    if (!starts) return -1;
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1] <= t) k++;
    return this.segTiers[a][k];
  }

  /** Page views arrive grouped by session, in order: each session's views start at its start, follow each other, add up to its duration and count. */
  private pageView(r: Row): void {
    const session = r[1] as number;
    const t = r[4] as number;
    const pv = this.pv;
    if (session !== pv.session) {
      this.closeSession();
      pv.session = session;
      pv.seen = 0;
      pv.t = this.s.start + (this.sessionStart.at(session - 1) ?? NaN);
    }
    pv.seen++;
    if (t !== pv.t || r[5] !== pv.seen) pv.bad++;
    pv.t = t + (r[6] as number);
    const last = pv.seen === this.sessionPages.at(session - 1);
    if ((r[7] === true) !== last) pv.exitBad++;
  }

  /** Page views are done (tables stream one after another): close the last session and let the sessions' 10 bytes each go. */
  private endPageViews(): void {
    this.closeSession();
    this.pv.session = 0;
    this.sessionStart = new Growable(Uint32Array, 16);
    this.sessionDuration = new Growable(Uint32Array, 16);
    this.sessionPages = new Growable(Uint16Array, 16);
  }

  private closeSession(): void {
    const pv = this.pv;
    if (pv.session < 1) return;
    const k = pv.session - 1;
    if (pv.seen !== this.sessionPages.at(k) || pv.t !== this.s.start + (this.sessionStart.at(k) ?? NaN) + (this.sessionDuration.at(k) ?? NaN)) pv.bad++;
  }

  /** Paying accounts (not an expired trial) whose paid time began before as_of: when it began. */
  private paidStart(a: number): number {
    return this.created[a] + (this.trial[a] ? S.TRIAL_DAYS * DAY : 0);
  }

  checks(add: Add): void {
    const s = this.s;
    const n = s.accounts;
    const tally = (name: string, t: Tally, keys: string[], weights: number[]) => {
      const r = t.check(keys, weights);
      add(name, r.ok, r.figure);
    };
    tally('industry mix', this.industries, S.INDUSTRIES, s.industryMix);
    tally('tier mix', this.tiers, S.TIERS, s.tierMix);
    tally('role mix', this.roles, S.ROLES, s.roleMix);
    add('MRR and employees within their tier bands', this.badBands === 0 && this.subBands === 0, `${count(this.badBands)} accounts and ${count(this.subBands)} subscriptions outside Basic $299-999, Pro $999-2,999, Enterprise $2,999-9,999 (employees 5-500 by tier)`);
    add('company names and domains unique', this.duplicateNames === 0, `${count(this.duplicateNames)} repeated of ${count(n)}`);
    add('emails unique, on the company domain', this.badEmails === 0, `${count(this.badEmails)} of ${count(this.rows.get('users') ?? 0)} users`);
    tally('Branch and Franchise 2:1 after each Main', this.otherTypes, ['Branch', 'Franchise'], [2, 1]);
    add("each account's first location is its Main", this.mainNotFirst === 0, `${count(this.mainNotFirst)} locations out of place; Main is ${pct(n / Math.max(1, this.rows.get('locations') ?? 1))} of locations (one per account)`);
    const ranges: [string, Uint16Array, [number, number]][] = [
      ['locations', this.locations, S.LOCATIONS_RANGE],
      ['users', this.users, S.USERS_RANGE],
    ];
    for (const [what, per, [lo, hi]] of ranges) {
      let outside = 0;
      for (let a = 1; a <= n; a++) if (per[a] < lo || per[a] > hi) outside++;
      add(`${lo}-${hi} ${what} per account`, outside === 0, `${count(outside)} accounts outside; mean ${((this.rows.get(what) ?? 0) / n).toFixed(2)}`);
    }
    let missingCurrent = 0;
    for (let a = 1; a <= n; a++) if (this.currentSubs[a] !== 1) missingCurrent++;
    add('account MRR equals its current subscription MRR', this.mrrMismatch === 0 && missingCurrent === 0, `${count(this.mrrMismatch)} differ; ${count(missingCurrent)} accounts without exactly one current subscription`);
    add('subscription history gap-free', this.gaps === 0, `${count(this.gaps)} breaks (a row not starting where the last ended, the first not at the account's creation, the current one not ending at churn)`);
    this.trialAndChurn(add);
    this.growth(add);
    this.correlations(add);
    this.closeSession();
    add("sessions are their page views (count, times, duration, exit page)", this.pv.bad === 0 && this.pv.exitBad === 0, `${count(this.pv.bad)} sessions or views out of step, ${count(this.pv.exitBad)} exit flags wrong, over ${count(this.rows.get('page_views') ?? 0)} views`);
    add('features only after release and within the tier at the time', this.featureBad.tier === 0 && this.featureBad.release === 0, `${count(this.featureBad.tier)} above the tier, ${count(this.featureBad.release)} before release, of ${count(this.featureOutcomes.n)}`);
    const fo = this.featureOutcomes;
    const near = shareNear(fo.n ? fo.failed / fo.n : 0, fo.n, 0.03);
    add('feature errors about 3%', near.ok, near.figure);
    add('missing values only where the design leaves them', this.missing === 0, `${count(this.missing)} rows with churned_at, trial dates or error_code set or empty against their row`);
  }

  private trialAndChurn(add: Add): void {
    const s = this.s;
    // Trials decided by as_of: converted or expired.
    let decided = 0;
    let converted = 0;
    for (let a = 1; a <= s.accounts; a++) {
      if (!this.trial[a] || this.created[a] + S.TRIAL_DAYS * DAY >= s.end) continue;
      decided++;
      if (this.status[a] !== 3) converted++;
    }
    const t = shareNear(decided ? converted / decided : 0, decided, s.trialConversion);
    add('trials convert as trial_conversion says', t.ok, t.figure);
    // Churn: each paying account churns by as_of with 1 - E_z[exp(-hazard x m(z) x years paid)].
    const base = -Math.log(1 - Math.min(s.annualChurn, 0.999999));
    const norm = Math.exp((S.ENGAGEMENT_CHURN * S.ENGAGEMENT_CHURN) / 2);
    const cache = new Map<number, number>();
    const chance = (years: number) => {
      const key = Math.round(years * 365.25);
      let p = cache.get(key);
      if (p === undefined) {
        p = 1 - expectNormal((z) => Math.exp((-base * Math.exp(-S.ENGAGEMENT_CHURN * z) * key) / 365.25 / norm));
        cache.set(key, p);
      }
      return p;
    };
    let expected = 0;
    let variance = 0;
    let churned = 0;
    let exposure = 0;
    let paying = 0;
    for (let a = 1; a <= s.accounts; a++) {
      if (this.status[a] === 3) continue;
      const start = this.paidStart(a);
      if (start >= s.end) continue;
      paying++;
      const p = chance((s.end - start) / YEAR);
      expected += p;
      variance += p * (1 - p);
      if (this.status[a] === 2) churned++;
      exposure += (this.end[a] - start) / YEAR;
    }
    const tol = sumTolerance(1, variance, 1);
    add('churn as annual_churn predicts', Math.abs(churned - expected) <= tol, `${count(churned)} of ${count(paying)} paying accounts churned (expected ${expected.toFixed(1)} ±${tol.toFixed(1)}); ${pct(exposure ? churned / exposure : 0)} per account-year`);
  }

  private growth(add: Add): void {
    const s = this.s;
    const g = 1 + s.growth;
    const full = Math.floor(s.years);
    const shares: number[] = [];
    const total = g === 1 ? s.years : (g ** s.years - 1) / Math.log(g);
    for (let y = 0; y < full; y++) shares.push(g === 1 ? 1 / s.years : (g ** (y + 1) - g ** y) / Math.log(g) / total);
    let ok = true;
    const parts: string[] = [];
    const counts = this.created_.byYear;
    for (let y = 0; y < full; y++) {
      const got = counts[y] ?? 0;
      const tol = shareTolerance(shares[y], s.accounts);
      if (Math.abs(got / s.accounts - shares[y]) > tol) ok = false;
      parts.push(`${count(got)}`);
    }
    const ratios = counts.slice(1, full).map((c, y) => (counts[y] ? c / counts[y] : 0));
    const mean = ratios.length ? Math.exp(ratios.reduce((x, r) => x + Math.log(Math.max(r, 1e-9)), 0) / ratios.length) : 0;
    add('accounts grow by growth a year', ok, `new accounts per year ${parts.join(', ')}: x${mean.toFixed(2)} a year on average (expected x${g.toFixed(2)}; each year's share within its tolerance for ${count(s.accounts)} accounts)`);
  }

  private correlations(add: Add): void {
    const s = this.s;
    // Higher tiers get more of the extra locations, users and devices: mean per account by tier.
    for (const [what, per, spread] of [['users', this.users, 8], ['devices', this.devices, 45]] as const) {
      const sum = [0, 0, 0];
      const n = [0, 0, 0];
      const c = new Pearson();
      for (let a = 1; a <= s.accounts; a++) {
        const t = this.tier[a];
        if (t < 0) continue;
        sum[t] += per[a];
        n[t]++;
        c.add(this.mrr[a], per[a]);
      }
      const r = c.r();
      const mean = sum.map((x, t) => (n[t] ? x / n[t] : NaN));
      // One-sided: a higher tier's mean may fall below a lower one's only by the tolerance of the two samples.
      let ok = true;
      for (let lo = 0; lo < 3; lo++) for (let hi = lo + 1; hi < 3; hi++) {
        if (!n[lo] || !n[hi]) continue;
        const tol = sumTolerance(n[lo], (spread * spread) / 4, spread) / n[lo] + sumTolerance(n[hi], (spread * spread) / 4, spread) / n[hi];
        if (mean[hi] < mean[lo] - tol) ok = false;
      }
      add(`higher-MRR accounts have more ${what}`, ok, `mean ${what} per account Basic ${fmt(mean[0])}, Pro ${fmt(mean[1])}, Enterprise ${fmt(mean[2])}; Pearson r with MRR ${Number.isFinite(r) ? r.toFixed(2) : 'n/a'} over ${count(c.n)} accounts`);
    }
    // Engaged accounts churn less: churn among the less and the more engaged halves of paying accounts.
    const paying: { a: number; rate: number }[] = [];
    for (let a = 1; a <= s.accounts; a++) {
      if (this.status[a] === 3 || this.status[a] === 1 || !this.users[a]) continue;
      const days = (this.end[a] - this.created[a]) / DAY;
      if (days > 0) paying.push({ a, rate: this.sessionsPerAccount[a] / this.users[a] / days });
    }
    paying.sort((x, y) => x.rate - y.rate || x.a - y.a);
    const half = Math.floor(paying.length / 2);
    const churnOf = (list: typeof paying) => (list.length ? list.filter((x) => this.status[x.a] === 2).length / list.length : 0);
    const low = churnOf(paying.slice(0, half));
    const high = churnOf(paying.slice(half));
    const tol = shareTolerance(0.5, half) + shareTolerance(0.5, paying.length - half);
    add('engaged accounts churn less', !(high > low + tol), `churned: ${pct(low)} of the less engaged half, ${pct(high)} of the more engaged half (sessions per user per day; ±${pct(Math.min(1, tol))} for sample size)`);
  }

  /** Temporal paradoxes and freshness, for every table this part saw. */
  temporalReport(): { paradoxes: Map<string, number>; latest: Map<string, number> } {
    const clocks = [...this.clocks];
    return {
      paradoxes: new Map(clocks.map(([t, c]) => [t, c.paradoxes])),
      latest: new Map(clocks.filter(([, c]) => c.latest > -Infinity).map(([t, c]) => [t, c.latest])),
    };
  }

  /** Plan changes the accounts' paid tenures can hold (the same rule the plan uses). */
  planChangeRoom(): number {
    let room = 0;
    for (let a = 1; a <= this.s.accounts; a++) if (this.status[a] !== 3) room += S.planChangeRoom(Math.floor((this.end[a] - this.paidStart(a)) / DAY));
    return room;
  }

  countDevice(account: number): void {
    if (this.account(account)) this.devices[account]++;
  }
}

/** One table's timestamps: how many fall before what they follow or outside the history, and the latest (freshness). */
export class Clock {
  paradoxes = 0;
  latest = -Infinity;

  constructor(
    private start: number,
    private end: number,
  ) {}

  /** A timestamp: never at or after as_of, never before `notBefore` (the history's start by default). */
  see(t: number, notBefore = this.start): void {
    if (!(t >= notBefore && t < this.end)) this.paradoxes++;
    if (t > this.latest) this.latest = t;
  }
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
