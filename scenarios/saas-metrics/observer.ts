// The seed's validations (sections 5 and 7) and its printed summary (section 6),
// computed in one pass over the streamed rows.
import { count, dollars, pct, shareNear, shareTolerance } from '../../src/checks/figures.js';
import { addMonths, formatDate, monthStart, monthsBetween } from '../../src/engine/dates.js';
import type { CheckResult, Observer, Row } from '../../src/engine/model.js';
import { DAYS_FOR_CHANGES, EDGE_CASES, LifeModel, TIER_WEIGHTS, TIERS, type Settings } from './lifecycle.js';
import type { Names } from './tables.js';

interface CustomerFacts {
  signup: number;
  active: boolean;
  mrrCurrent: number;
  /** customers.plan_tier: the current plan, or the last one of a churned customer */
  tier: string;
}

interface LifeSummary {
  subs: number;
  upgrades: number;
  downgrades: number;
  firstStart: number;
  lastEnd: number | null;
  lastMrr: number;
  firstTier: string;
  prevTier: string;
  prevEnd: number | null;
  prevMrr: number;
  ordered: boolean;
}

const TIER_RANK: Record<string, number> = { Starter: 0, Pro: 1, Enterprise: 2 };

export class SaasMetricsObserver implements Observer {
  private customers = new Map<string, CustomerFacts>();
  private months: number;
  private fromSubs: number[][]; // new, expansion, contraction, churn (cents) by month
  private fromTable = new Map<number, Row>();
  private outOfRange = 0;
  private datesSeen = 0;
  private badSpans = 0;
  private negativeMrr = 0;
  private mrrValues = 0;
  private outsideLifetime = 0;
  private openSubMrr = 0;
  private current: { id: string; life: LifeSummary } | null = null;
  private lives: LifeSummary[] = [];
  private lifeOwners: string[] = [];
  private subRows = 0;
  /** The seed's edge-case customers (the first ones streamed): kept out of the statistical checks. */
  private edgeIds = new Set<string>();
  private model: LifeModel;

  /** atSeed: the rates have the seed's values, so the seed's own rules apply. */
  constructor(
    private s: Settings,
    private names: Names,
    private atSeed = false,
  ) {
    this.model = new LifeModel(s);
    this.months = s.window.months;
    this.fromSubs = [0, 1, 2, 3].map(() => new Array<number>(this.months).fill(0));
  }

  private date(day: number | null): void {
    if (day === null) return;
    this.datesSeen++;
    if (day < this.s.window.start || day > this.s.window.end) this.outOfRange++;
  }

  /** A movements row is labelled with the first day of a month that overlaps the window. */
  private month(day: number): void {
    this.datesSeen++;
    if (day !== monthStart(day) || day < monthStart(this.s.window.start) || day > this.s.window.end) this.outOfRange++;
  }

  private money(cents: number): void {
    this.mrrValues++;
    if (cents < 0) this.negativeMrr++;
  }

  private monthOf(day: number): number {
    return Math.min(this.months - 1, Math.max(0, monthsBetween(this.s.window.start, day)));
  }

  observe(table: string, rows: Row[]): void {
    if (table === this.names.customers) {
      for (const r of rows) {
        this.date(r[2] as number);
        this.money(r[4] as number);
        if (this.customers.size < EDGE_CASES) this.edgeIds.add(r[0] as string);
        this.customers.set(r[0] as string, { signup: r[2] as number, active: r[5] === 'active', mrrCurrent: r[4] as number, tier: r[3] as string });
      }
    } else if (table === this.names.subscriptions) {
      for (const r of rows) this.subscription(r);
    } else if (table === this.names.movements) {
      for (const r of rows) {
        this.month(r[0] as number);
        this.fromTable.set(r[0] as number, r);
      }
    }
  }

  private subscription(r: Row): void {
    const [, cid, start, end, mrr, tier] = r as [string, string, number, number | null, number, string];
    this.subRows++;
    this.date(start);
    this.date(end);
    this.money(mrr);
    if (end !== null && end <= start) this.badSpans++;
    if (end === null) this.openSubMrr += mrr;
    const facts = this.customers.get(cid);
    if (facts && (start < facts.signup || (end ?? start) < facts.signup)) this.outsideLifetime++;

    if (this.current?.id !== cid) {
      this.closeLife();
      this.current = {
        id: cid,
        life: { subs: 0, upgrades: 0, downgrades: 0, firstStart: start, lastEnd: end, lastMrr: mrr, firstTier: tier, prevTier: tier, prevEnd: null, prevMrr: mrr, ordered: true },
      };
      this.fromSubs[0][this.monthOf(start)] += mrr;
    } else {
      const life = this.current.life;
      // A change starts on the day the previous period ended.
      if (life.prevEnd === null || start < life.prevEnd) life.ordered = false;
      const delta = mrr - life.prevMrr;
      if (delta >= 0) this.fromSubs[1][this.monthOf(start)] += delta;
      else this.fromSubs[2][this.monthOf(start)] -= delta;
      if (TIER_RANK[tier] > TIER_RANK[life.prevTier]) life.upgrades++;
      if (TIER_RANK[tier] < TIER_RANK[life.prevTier]) life.downgrades++;
    }
    const life = this.current.life;
    life.subs++;
    life.prevTier = tier;
    life.prevEnd = end;
    life.prevMrr = mrr;
    life.lastEnd = end;
    life.lastMrr = mrr;
  }

  private closeLife(): void {
    if (!this.current) return;
    const life = this.current.life;
    if (life.lastEnd !== null) this.fromSubs[3][this.monthOf(life.lastEnd)] += life.lastMrr;
    this.lives.push(life);
    this.lifeOwners.push(this.current.id);
    this.current = null;
  }

  private finish(): void {
    this.closeLife();
  }

  checks(): CheckResult[] {
    this.finish();
    const out: CheckResult[] = [];
    const add = (name: string, ok: boolean, figure: string) => out.push({ name, ok, figure, phase: 'stream' });
    const { window } = this.s;
    const n = this.customers.size;

    add('all dates within the window', this.outOfRange === 0,
      `${count(this.outOfRange)} of ${count(this.datesSeen)} dates outside ${formatDate(window.start)}..${formatDate(window.end)} (months labelled by their 1st)`);
    add('no negative MRR values', this.negativeMrr === 0, `${count(this.negativeMrr)} negative of ${count(this.mrrValues)}`);
    add('end_date after start_date', this.badSpans === 0, `${count(this.badSpans)} of ${count(this.subRows)} subscriptions end on or before their start`);

    // Subscriptions inside each customer's lifetime, in order, matching the status.
    let misfits = this.outsideLifetime;
    this.lives.forEach((life, k) => {
      const facts = this.customers.get(this.lifeOwners[k]);
      if (!facts) return; // an orphan: the foreign key check reports it
      const statusAgrees = facts.active === (life.lastEnd === null);
      const mrrAgrees = facts.mrrCurrent === (facts.active ? life.lastMrr : 0);
      if (life.firstStart !== facts.signup || !life.ordered || !statusAgrees || !mrrAgrees) misfits++;
    });
    add('subscription dates within customer lifetime', misfits === 0,
      `${count(misfits)} of ${count(this.lives.length)} customers with a subscription outside their life, out of order, or disagreeing with status/mrr_current`);

    // MRR movements: each row's formula, and the table against the subscriptions.
    let badNet = 0;
    let mismatched = 0;
    let netTotal = 0;
    for (let m = 0; m < this.months; m++) {
      const row = [...this.fromTable.values()].find((r) => this.monthOf(r[0] as number) === m);
      if (!row) {
        mismatched++;
        continue;
      }
      const [, nw, ex, co, ch, net] = row as number[];
      if (nw + ex - co - ch !== net) badNet++;
      if (nw !== this.fromSubs[0][m] || ex !== this.fromSubs[1][m] || co !== this.fromSubs[2][m] || ch !== this.fromSubs[3][m]) mismatched++;
      netTotal += net;
    }
    add('net_mrr = new + expansion - contraction - churn', badNet === 0, `${badNet} of ${this.fromTable.size} months off`);
    add('MRR movements match subscriptions', mismatched === 0 && this.fromTable.size === this.months,
      `${mismatched} of ${this.months} months differ from the subscription history`);

    let activeMrr = 0;
    for (const f of this.customers.values()) if (f.active) activeMrr += f.mrrCurrent;
    add('current MRR = sum of active subscriptions', netTotal === this.openSubMrr && activeMrr === this.openSubMrr,
      `movements ${dollars(netTotal)}, open subscriptions ${dollars(this.openSubMrr)}, active customers ${dollars(activeMrr)}`);

    // Plan changes among customers whose life is long enough for every change they draw
    // (churn and signup are drawn apart from the plan, so this leaves the shares as set),
    // leaving out the seed's edge cases.
    const eligible = this.lives.filter((l, k) => !this.edgeIds.has(this.lifeOwners[k]) && (l.lastEnd ?? window.end + 1) - l.firstStart >= DAYS_FOR_CHANGES);
    const m = eligible.length;
    const [w0, w1, w2] = TIER_WEIGHTS;
    const uc = this.model.upgradeChance;
    const dc = this.model.downgradeChance;
    const shares: [string, number, number][] = [
      ['customers with one subscription', eligible.filter((l) => l.subs === 1).length, w0 * (1 - uc) + w1 * (1 - uc) * (1 - dc) + w2 * (1 - dc)],
      ['customers with an upgrade', eligible.filter((l) => l.upgrades > 0).length, (w0 + w1) * uc],
      ['customers with a downgrade', eligible.filter((l) => l.downgrades > 0).length, (w1 + w2 + w0 * uc) * dc],
    ];
    for (const [name, k, target] of shares) {
      const r = shareNear(k / Math.max(1, m), m, target);
      add(name, r.ok, `${r.figure}; customers living ${DAYS_FOR_CHANGES}+ days, edge cases aside`);
    }
    out.push(this.seedRules());

    // Survival over tenure months 1-6, among customers observable for 6 months: the
    // seed's retention curve scaled by churn_rate (capped at 95% a month) predicts it.
    const early = this.earlyChurn();
    if (early.n > 0) {
      const hazard = this.model.hazard;
      let target = 1;
      for (let t = 1; t <= 6; t++) target *= 1 - hazard[Math.min(t, hazard.length - 1)];
      const survive = shareNear(early.survived / early.n, early.n, target);
      const monthly = 1 - Math.pow(early.survived / early.n, 1 / 6);
      add('monthly churn rate (tenure months 1-6)', survive.ok,
        `${pct(monthly)} monthly (churn_rate ${pct(this.s.churnRate)}, expected ${pct(1 - Math.pow(target, 1 / 6))}); ${count(early.survived)} of ${count(early.n)} retained 6 months: ${survive.figure}`);
    }

    const edges = this.edgeCases();
    const days = window.end - window.start + 1;
    const possible = n >= EDGE_CASES && days >= DAYS_FOR_CHANGES;
    add('seed edge cases present', edges.every(([, c]) => c > 0) || !possible,
      `${edges.map(([k, c]) => `${k} ${c}`).join(', ')}${possible ? '' : ` (they need ${EDGE_CASES}+ customers and a window of ${DAYS_FOR_CHANGES}+ days)`}`);
    return out;
  }

  /** The seed's rules: at least 50% of customers with one subscription and 15% with 2+; checks at the seed's rates, for information otherwise. */
  private seedRules(): CheckResult {
    const n = this.lives.length;
    const single = this.lives.filter((l) => l.subs === 1).length;
    const tol = shareTolerance(0.5, n);
    const figure = `${pct(single / Math.max(1, n))} with one subscription, ${pct((n - single) / Math.max(1, n))} with 2+, of ${count(n)} (the seed: at least 50% and 15%`;
    if (!this.atSeed) return { name: "subscriptions per customer against the seed's rules", ok: true, info: true, figure: `${figure} at its own rates; these differ)`, phase: 'stream' };
    const ok = n === 0 || (single / n >= 0.5 - tol && (n - single) / n >= 0.15 - tol);
    return { name: "subscriptions per customer within the seed's rules", ok, figure: `${figure}, ±${pct(tol)} for sample size)`, phase: 'stream' };
  }

  private earlyChurn(): { n: number; survived: number } {
    let total = 0;
    let survived = 0;
    this.lives.forEach((life, k) => {
      const facts = this.customers.get(this.lifeOwners[k]);
      if (!facts || this.edgeIds.has(this.lifeOwners[k])) return;
      const sixMonths = addMonths(facts.signup, 6);
      if (sixMonths > this.s.window.end + 1) return;
      total++;
      if (life.lastEnd === null || life.lastEnd >= sixMonths) survived++;
    });
    return { n: total, survived };
  }

  private edgeCases(): [string, number][] {
    let twice = 0;
    let upThenDown = 0;
    let month1 = 0;
    let longActive = 0;
    let bigEnterprise = 0;
    this.lives.forEach((life, k) => {
      const facts = this.customers.get(this.lifeOwners[k]);
      if (!facts) return;
      if (life.upgrades >= 2) twice++;
      if (life.upgrades >= 1 && life.downgrades >= 1) upThenDown++;
      if (life.lastEnd !== null && life.lastEnd < addMonths(facts.signup, 1)) month1++;
      if (life.lastEnd === null && monthsBetween(facts.signup, this.s.window.end) >= Math.min(23, this.months - 1)) longActive++;
      if (facts.active && facts.mrrCurrent >= 200_000 && life.prevTier === 'Enterprise') bigEnterprise++;
    });
    return [
      ['upgraded twice', twice],
      ['upgraded then downgraded', upThenDown],
      ['churned in month 1', month1],
      ['active the whole window', longActive],
      ['Enterprise at $2K+', bigEnterprise],
    ];
  }

  headlines(): string[] {
    this.finish();
    const { window } = this.s;
    const n = this.customers.size;
    const p = (x: number) => `${Math.round((100 * x) / Math.max(1, n))}%`;
    const initial = TIERS.map((t) => this.lives.filter((l) => l.firstTier === t).length);
    const current = TIERS.map((t) => [...this.customers.values()].filter((c) => c.tier === t).length);
    const mix = (byTier: number[]) => TIERS.map((t, i) => `  - ${t} tier: ${count(byTier[i])} customers (${p(byTier[i])})`);
    const active = [...this.customers.values()].filter((c) => c.active).length;
    const upgrades = this.lives.reduce((a, l) => a + l.upgrades, 0);
    const downgrades = this.lives.reduce((a, l) => a + l.downgrades, 0);
    const churned = this.lives.filter((l) => l.lastEnd !== null).length;
    const totals = this.fromSubs.map((col) => col.reduce((a, b) => a + b, 0));
    let mrr = 0;
    const mrrByMonth = this.fromSubs[0].map((_, m) => (mrr += this.fromSubs[0][m] + this.fromSubs[1][m] - this.fromSubs[2][m] - this.fromSubs[3][m]));
    const first = mrrByMonth[0] ?? 0;
    const last = mrrByMonth[this.months - 1] ?? 0;
    const ym = (day: number) => formatDate(day).slice(0, 7);
    const lines = [
      `Created ${count(n)} customers across ${this.months} months (${ym(window.start)} to ${ym(window.end)})`,
      "  Initial plan mix (each customer's first subscription):",
      ...mix(initial),
      '  Current plan mix (customers.plan_tier: the plan now, the last one for churned customers):',
      ...mix(current),
      `  - Active customers: ${count(active)} (${p(active)})`,
      `  - Churned customers: ${count(n - active)} (${p(n - active)})`,
      '',
      `Generated ${count(this.subRows)} subscription records`,
      `  - New subscriptions: ${count(this.lives.length)}`,
      `  - Upgrades (Expansion): ${count(upgrades)} (${pct(upgrades / Math.max(1, n))})`,
      `  - Downgrades (Contraction): ${count(downgrades)} (${pct(downgrades / Math.max(1, n))})`,
      `  - Churned subscriptions: ${count(churned)} (${pct(churned / Math.max(1, n))})`,
      '',
      `MRR Movements Summary (${this.months} months):`,
      `  - Total New MRR: ${dollars(totals[0])}`,
      `  - Total Expansion MRR: ${dollars(totals[1])}`,
      `  - Total Contraction MRR: ${dollars(totals[2])}`,
      `  - Total Churn MRR: ${dollars(totals[3])}`,
      `  - Net MRR Growth: ${dollars(totals[0] + totals[1] - totals[2] - totals[3])}`,
      '',
      `Current MRR (Month ${this.months}): ${dollars(last)}`,
      `  - Starting MRR (Month 1): ${dollars(first)}`,
      `  - MRR Growth: ${first > 0 ? Math.round((100 * (last - first)) / first) : 0}% over ${this.months} months`,
      '',
      'Cohort Retention Analysis:',
      ...this.cohortRetention(),
    ];
    return lines;
  }

  /** Share of each sampled cohort still active at the end of the window. */
  private cohortRetention(): string[] {
    const { window } = this.s;
    const picks = [0, 5, 12, 17].filter((m) => m < this.months);
    const sizes = new Map<number, [number, number]>();
    for (const f of this.customers.values()) {
      const m = monthsBetween(window.start, f.signup);
      const s = sizes.get(m) ?? [0, 0];
      s[0]++;
      if (f.active) s[1]++;
      sizes.set(m, s);
    }
    return picks.map((m) => {
      const [size, kept] = sizes.get(m) ?? [0, 0];
      const age = this.months - m;
      const label = formatDate(addMonths(window.start, m)).slice(0, 7);
      return `  - ${label} cohort (${age} months old): ${size ? Math.round((100 * kept) / size) : 0}% retained`;
    });
  }
}
