// Seed 000's rules as checks, and the summary it prints, from one pass over the rows.
import { count, dollars, pct, shareNear, shareTolerance, shareWithin } from '../../src/checks/figures.js';
import { formatDate, daysInMonth } from '../../src/engine/dates.js';
import type { CheckResult, Observer, Row } from '../../src/engine/model.js';
import * as S from './settings.js';
import type { Settings } from './settings.js';

/** The day of a YYYYMMDD key, by arithmetic: years before 1000 have keys of 7 digits. */
function dayOfKey(key: number): number {
  const d = new Date(0);
  d.setUTCFullYear(Math.floor(key / 10000), (Math.floor(key / 100) % 100) - 1, key % 100);
  return d.getTime() / 86_400_000;
}

export class ShowAndWellObserver implements Observer {
  private startKey: number;
  private endKey: number;
  private outside = 0;
  private datesSeen = 0;
  private signupsByDayGeo = new Map<string, number>();
  private addsByDayGeo = new Map<string, number>();
  private bySource = new Map<string, number>();
  private signups = 0;
  private wants = 0;
  private adds = 0;
  private conversions = 0;
  private overConverted = 0;
  private waitRows = 0;
  private requests = 0;
  private approved = 0;
  private cancellations = 0;
  private overApproved = 0;
  private matchRows = 0;
  private ttmOut = 0;
  private ttmSum = 0;
  private sessionsRows = 0;
  private csatOut = 0;
  private outcomeOut = 0;
  private csatSum = 0;
  private completed = 0;
  private noShows = 0;
  private negative = 0;
  private completedByProgram = new Map<number, number>();
  private noShowByProgram = new Map<number, [number, number]>();
  private completedByDayProgram = new Map<string, number>();
  private price = new Map<number, number>();
  private programName = new Map<number, string>();
  private fee = new Map<number, number>();
  private financeRows: Row[] = [];
  private money = { revenue: 0, refunds: 0, provider: 0, marketing: 0, ops: 0 };
  private memberRows = 0;
  private memberOff = 0;
  private memberRevenue = 0;
  private firstTier = new Map<number, number>();
  private lastDayKey = 0;
  private activeByTierLastDay = new Map<number, number>();
  private onboardOut = 0;
  /** Per day-geo-program: conversions + base requests - unserved, less every match request seen; 0 when they reconcile. */
  private unreconciled = new Map<string, number>();
  private matchKeysUnknown = 0;
  private baseRequests = 0;
  private unserved = 0;
  private baseByDayGeo = new Map<string, number>();
  /** Per waitlist row: day key, geo, conversions + base, unserved; checked against the providers once provider_geo_map is in. */
  private requestRows: [number, number, number, number][] = [];
  private onboard = new Map<number, number>();
  private homeGeo = new Map<number, number>();
  private csatWithout = 0;
  private csatRated = 0;

  constructor(private s: Settings) {
    this.startKey = S.dateKey(formatDate(s.start));
    this.endKey = S.dateKey(formatDate(s.end));
  }

  private date(key: number): void {
    this.datesSeen++;
    if (key < this.startKey || key > this.endKey) this.outside++;
  }

  observe(table: string, rows: Row[]): void {
    for (const r of rows) {
      const n = r as number[];
      switch (table) {
        case 'dim_program':
          this.price.set(n[0], n[2]);
          this.programName.set(n[0], r[1] as string);
          break;
        case 'dim_membership_tier':
          this.fee.set(n[0], n[2]);
          break;
        case 'dim_provider':
          if (n[3] < this.s.start || n[3] > this.s.end) this.onboardOut++;
          this.onboard.set(n[0], n[3]);
          break;
        case 'provider_geo_map':
          this.homeGeo.set(n[0], n[1]);
          break;
        case 'fact_signups': {
          this.date(n[0]);
          const k = `${n[0]}|${n[1]}`;
          this.signupsByDayGeo.set(k, (this.signupsByDayGeo.get(k) ?? 0) + n[3]);
          this.bySource.set(r[2] as string, (this.bySource.get(r[2] as string) ?? 0) + n[3]);
          this.signups += n[3];
          this.wants += n[4];
          if (n[3] < 0 || n[4] < 0 || n[4] > n[3]) this.negative++;
          break;
        }
        case 'fact_waitlist': {
          this.date(n[0]);
          const k = `${n[0]}|${n[1]}`;
          this.addsByDayGeo.set(k, (this.addsByDayGeo.get(k) ?? 0) + n[3]);
          this.adds += n[3];
          this.conversions += n[4];
          this.waitRows++;
          if (n[4] > n[3]) this.overConverted++;
          this.baseRequests += n[5];
          this.unserved += n[6];
          this.baseByDayGeo.set(k, (this.baseByDayGeo.get(k) ?? 0) + n[5]);
          this.unreconciled.set(`${k}|${n[2]}`, n[4] + n[5] - n[6]);
          this.requestRows.push([n[0], n[1], n[4] + n[5], n[6]]);
          if (n[5] < 0 || n[6] < 0) this.negative++;
          break;
        }
        case 'fact_matches': {
          this.date(n[0]);
          const k = `${n[0]}|${n[1]}|${n[2]}`;
          const left = this.unreconciled.get(k);
          if (left === undefined) this.matchKeysUnknown++;
          else this.unreconciled.set(k, left - n[4]);
          this.matchRows++;
          this.requests += n[4];
          this.approved += n[5];
          this.cancellations += n[7];
          this.ttmSum += n[6];
          if (n[5] > n[4]) this.overApproved++;
          if (n[6] < 600 || n[6] > 16800) this.ttmOut++;
          break;
        }
        case 'fact_sessions': {
          this.date(n[0]);
          this.sessionsRows++;
          const csat = r[5] as number | null;
          const outcome = r[6] as number | null;
          if (csat !== null && (csat < 320 || csat > 500)) this.csatOut++;
          if (outcome !== null && (outcome < 0 || outcome > 10000)) this.outcomeOut++;
          // A CSAT and an outcome exactly on the rows with a completed session.
          if ((n[3] > 0) !== (csat !== null) || (n[3] > 0) !== (outcome !== null)) this.csatWithout++;
          if (n[3] < 0 || n[4] < 0) this.negative++;
          if (csat !== null) {
            this.csatSum += csat;
            this.csatRated++;
          }
          this.completed += n[3];
          this.noShows += n[4];
          const k = `${n[0]}|${n[1]}`;
          this.completedByDayProgram.set(k, (this.completedByDayProgram.get(k) ?? 0) + n[3]);
          const ns = this.noShowByProgram.get(n[1]) ?? [0, 0];
          ns[0] += n[4];
          ns[1] += n[3] + n[4];
          this.noShowByProgram.set(n[1], ns);
          this.completedByProgram.set(n[1], (this.completedByProgram.get(n[1]) ?? 0) + n[3]);
          break;
        }
        case 'fact_finance':
          this.date(n[0]);
          this.financeRows.push(r);
          this.money.revenue += n[2];
          this.money.refunds += n[3];
          this.money.provider += n[4];
          this.money.marketing += n[5];
          this.money.ops += n[6];
          break;
        case 'fact_membership_revenue': {
          this.date(n[0]);
          this.memberRows++;
          const fee = this.fee.get(n[2]) ?? 0; // cents
          if (n[4] !== Math.round((fee * 100) / daysInMonth(dayOfKey(n[0])))) this.memberOff++;
          this.memberRevenue += n[4];
          if (!this.firstTier.has(n[1])) this.firstTier.set(n[1], n[2]);
          if (n[0] > this.lastDayKey) {
            this.lastDayKey = n[0];
            this.activeByTierLastDay.clear();
          }
          if (n[0] === this.lastDayKey) this.activeByTierLastDay.set(n[2], (this.activeByTierLastDay.get(n[2]) ?? 0) + n[3]);
          break;
        }
      }
    }
  }

  checks(): CheckResult[] {
    const out: CheckResult[] = [];
    const add = (name: string, ok: boolean, figure: string) => out.push({ name, ok, figure, phase: 'stream' });
    add('every date inside the range', this.outside === 0 && this.onboardOut === 0,
      `${count(this.outside)} of ${count(this.datesSeen)} fact dates and ${this.onboardOut} onboarding dates outside ${formatDate(this.s.start)}..${formatDate(this.s.end)}`);
    add('CSAT within 3.2-5.0', this.csatOut === 0, `${count(this.csatOut)} of ${count(this.csatRated)} rated session rows outside`);
    add('outcome index within 0-1', this.outcomeOut === 0, `${count(this.outcomeOut)} of ${count(this.csatRated)} rated session rows outside`);
    add('CSAT and outcome only where a session was completed', this.csatWithout === 0,
      `${count(this.csatWithout)} of ${count(this.sessionsRows)} session rows off (${count(this.sessionsRows - this.csatRated)} rows with no completed session, both NULL)`);
    out.push(...this.requestChecks());
    add('time to match within 6-168 h', this.ttmOut === 0, `${count(this.ttmOut)} of ${count(this.matchRows)} match rows outside`);

    // wl_rate is not a column: adds = round(signups x wl_rate), so adds/signups must sit in 0.05-0.65 up to rounding.
    let rateOut = 0;
    let rated = 0;
    for (const [k, demand] of this.signupsByDayGeo) {
      if (demand === 0) continue;
      rated++;
      const adds = this.addsByDayGeo.get(k) ?? 0;
      if (adds < Math.round(demand * 0.05) || adds > Math.round(demand * 0.65)) rateOut++;
    }
    add('waitlist rate within 0.05-0.65', rateOut === 0, `${count(rateOut)} of ${count(rated)} city-days with waitlist adds / signups outside (rounded)`);

    let revenueOff = 0;
    for (const r of this.financeRows) {
      const [key, program, revenue] = r as number[];
      if (revenue !== (this.completedByDayProgram.get(`${key}|${program}`) ?? 0) * (this.price.get(program) ?? 0)) revenueOff++;
    }
    add('revenue = sessions x price', revenueOff === 0, `${count(revenueOff)} of ${count(this.financeRows.length)} day-program rows differ`);
    add('membership revenue = fee / days in month', this.memberOff === 0, `${count(this.memberOff)} of ${count(this.memberRows)} rows differ`);
    add('matches approved never exceed requests', this.overApproved === 0, `${count(this.overApproved)} of ${count(this.matchRows)} rows; ${count(this.approved)} approved of ${count(this.requests)} requests`);
    add('conversions never exceed waitlist adds', this.overConverted === 0, `${count(this.overConverted)} of ${count(this.waitRows)} rows; ${count(this.conversions)} of ${count(this.adds)}`);
    add('counts non-negative, wants-trainer within signups', this.negative === 0, `${count(this.negative)} rows off`);

    // No-show share per program inside the seed's range, widened by the tolerance for its
    // sample size: each provider-day draws its own rate in the range, so every session is a
    // no-show with a chance inside it.
    const noShowFigures: string[] = [];
    let noShowOk = true;
    for (const [program, [ns, base]] of [...this.noShowByProgram].sort((a, b) => a[0] - b[0])) {
      if (base === 0) continue;
      const name = this.programName.get(program) ?? String(program);
      const [lo, hi] = S.NO_SHOW_RANGE[name] ?? S.OTHER_NO_SHOW_RANGE;
      const share = shareWithin(ns / base, base, lo, hi);
      if (!share.ok) noShowOk = false;
      noShowFigures.push(`${name} ${pct(ns / base)} of ${count(base)} (range ${pct(lo, 0)}-${pct(hi, 0)}, ±${pct(share.tol)})`);
    }
    add('no-show share within each program range', noShowOk, noShowFigures.join('; ') || 'no sessions');

    // Observed shares against the seed's weights.
    const total = S.SOURCES.reduce((a, x) => a + (this.s.sourceWeights[x] ?? 0), 0);
    const figures: string[] = [];
    let ok = true;
    for (const src of S.SOURCES) {
      const target = (this.s.sourceWeights[src] ?? 0) / total;
      const observed = this.signups ? (this.bySource.get(src) ?? 0) / this.signups : 0;
      if (this.signups > 0 && Math.abs(observed - target) > shareTolerance(target, this.signups)) ok = false;
      figures.push(`${src} ${pct(observed)} (target ${pct(target)})`);
    }
    add('source split close to its weights', ok, `${figures.join(', ')}; ±${pct(shareTolerance(0.5, this.signups))} or less for ${count(this.signups)} signups`);
    const wants = shareNear(this.signups ? this.wants / this.signups : 0, this.signups, this.s.wantsTrainerRate);
    add('wants-trainer rate close to its setting', wants.ok, wants.figure);
    const n = this.firstTier.size;
    if (n === 0) add('initial tier mix close to 50/35/15', true, 'no providers, so no memberships');
    else {
      const tierFigures = S.TIERS.map((t, k) => {
        const observed = [...this.firstTier.values()].filter((x) => x === k + 1).length / n;
        return { t, observed, target: S.INITIAL_TIER_PROBS[k], ok: Math.abs(observed - S.INITIAL_TIER_PROBS[k]) <= shareTolerance(S.INITIAL_TIER_PROBS[k], n) };
      });
      add('initial tier mix close to 50/35/15', tierFigures.every((x) => x.ok),
        `${tierFigures.map((x) => `${x.t} ${pct(x.observed)} (target ${pct(x.target, 0)})`).join(', ')}; ±${pct(shareTolerance(0.5, n))} or less for ${n} providers`);
    }
    return out;
  }

  /**
   * The seed's matching: requests = waitlist conversions + base requests, and base
   * requests = round(40% of the city-day's signups). Both are identities of the
   * counts, so exact; requests in a city with no onboarded provider are the
   * unserved ones, and only those.
   */
  private requestChecks(): CheckResult[] {
    const out: CheckResult[] = [];
    const add = (name: string, ok: boolean, figure: string) => out.push({ name, ok, figure, phase: 'stream' });
    let off = this.matchKeysUnknown;
    for (const left of this.unreconciled.values()) if (left !== 0) off++;
    const requests = this.conversions + this.baseRequests;
    add('match requests = waitlist conversions + base requests', off === 0,
      `${count(off)} of ${count(this.unreconciled.size)} day-city-programs off: ${count(this.requests)} in fact_matches + ${count(this.unserved)} unserved = ${count(this.requests + this.unserved)}; ${count(this.conversions)} conversions + ${count(this.baseRequests)} base = ${count(requests)}`);
    let baseOff = 0;
    for (const [k, signups] of this.signupsByDayGeo) if ((this.baseByDayGeo.get(k) ?? 0) !== Math.round(S.BASE_REQUEST_SHARE * signups)) baseOff++;
    for (const k of this.baseByDayGeo.keys()) if (!this.signupsByDayGeo.has(k)) baseOff++;
    add('base requests = round(40% of signups) per city-day', baseOff === 0, `${count(baseOff)} of ${count(this.signupsByDayGeo.size)} city-days off`);
    // A city is served from the day its first provider is onboarded.
    const firstDay = new Map<number, number>();
    for (const [provider, geo] of this.homeGeo) {
      const from = this.onboard.get(provider);
      if (from !== undefined && from < (firstDay.get(geo) ?? Infinity)) firstDay.set(geo, from);
    }
    let wrong = 0;
    for (const [key, geo, requested, unserved] of this.requestRows) {
      const open = dayOfKey(key) >= (firstDay.get(geo) ?? Infinity);
      if (unserved !== (open ? 0 : requested)) wrong++;
    }
    add('unserved requests exactly where no provider is onboarded', wrong === 0,
      `${count(wrong)} of ${count(this.requestRows.length)} day-city-programs off; ${count(this.unserved)} requests unserved (${pct(requests ? this.unserved / requests : 0)})`);
    return out;
  }

  headlines(): string[] {
    const m = this.money;
    const costs = m.refunds + m.provider + m.marketing + m.ops;
    const margin = m.revenue - costs;
    const days = this.s.end - this.s.start + 1;
    const lines = [
      `Show & Well: ${formatDate(this.s.start)} to ${formatDate(this.s.end)} (${count(Math.max(0, days))} days), ${this.s.cities.length} cities, ${this.s.programs.length} programs, ${this.s.providers} providers`,
      `  - Signups: ${count(this.signups)} (${pct(this.signups ? this.wants / this.signups : 0)} want a trainer)`,
      `  - Waitlist: ${count(this.adds)} adds, ${count(this.conversions)} converted`,
      `  - Matches: ${count(this.approved)} approved of ${count(this.requests)} requests, ${count(this.cancellations)} cancelled; avg time to match ${this.matchRows ? (this.ttmSum / 100 / this.matchRows).toFixed(1) : '-'} h`,
      `  - Unserved: ${count(this.unserved)} requests (${pct(this.unserved / Math.max(1, this.conversions + this.baseRequests))}) in cities with no onboarded provider that day (fact_waitlist.unserved_requests)`,
      `  - Sessions: ${count(this.completed)} completed, ${count(this.noShows)} no-shows; avg CSAT ${this.csatRated ? (this.csatSum / 100 / this.csatRated).toFixed(2) : '-'} over ${count(this.csatRated)} provider-days with a completed session`,
      `  - Revenue: ${dollars(m.revenue)}; refunds and costs ${dollars(costs)}; margin ${dollars(margin)} (${m.revenue ? pct(margin / m.revenue) : '-'})`,
      `  - Membership revenue: ${dollars(this.memberRevenue / 100)}; active memberships on the last day: ${S.TIERS.map((t, k) => `${t} ${this.activeByTierLastDay.get(k + 1) ?? 0}`).join(', ')}`,
    ];
    if (this.s.providers === 0) lines.push('  - No providers: no supply, so no matches, sessions or memberships (every signup pressure maxes the waitlist rate)');
    return lines;
  }
}
