// The seeds' rates and counts, measured on the streamed rows: every share and row
// count against what the run's parameters predict, within a tolerance for the sample
// size; dates in the window and never before the customer's signup. The seed's own
// row counts are a check only at the seed's parameters, else shown for information.
import { count, dollars, pct, sumTolerance } from '../../src/checks/figures.js';
import { Pearson } from '../../src/checks/correlation.js';
import { Tally } from '../../src/checks/tally.js';
import { formatDate } from '../../src/engine/dates.js';
import type { CheckResult, Observer, Row } from '../../src/engine/model.js';
import { expectation, mixture, variance, type Expectation } from './expect.js';
import * as S from './settings.js';
import type { Settings } from './settings.js';
import { BILL_GAPS, Model } from './tables.js';

export class SaasChurnObserver implements Observer {
  private signup: Int32Array;
  private plan: Int8Array;
  private plans = new Tally();
  private regions = new Tally();
  private statuses = new Tally();
  private categories = new Tally();
  private priorities = new Tally();
  private rows = { usage_daily: 0, billing: 0, support: 0 };
  private outside = 0;
  private beforeSignup = 0;
  private freeBills = 0;
  private wrongAmount = 0;
  private badUsage = 0;
  private usageByPlan = [0, 0, 0, 0];
  private billed = 0;
  // Streaming Pearson correlation of sessions and feature_events.
  private c = new Pearson();
  private minutesCap = S.inOrder(S.MINUTES_MEAN, S.PLANS).map((m) => m * 2);
  /** Bills arrive grouped by customer: the current customer's last bill day. */
  private lastBill = { id: -1, day: 0 };
  private gaps = { n: 0, sum: 0, outside: 0 };
  private expected: Expectation;

  /** atSeed: every parameter but customers has the seed's value, so the seed's row counts apply. */
  constructor(
    private s: Settings,
    private atSeed: boolean,
  ) {
    this.expected = expectation(new Model(s));
    this.signup = new Int32Array(s.customers + 1);
    this.plan = new Int8Array(s.customers + 1).fill(-1);
  }

  private date(day: number, customer: number): void {
    if (day < this.s.start || day > this.s.end) this.outside++;
    if (customer > 0 && customer <= this.s.customers && this.plan[customer] >= 0 && day < this.signup[customer]) this.beforeSignup++;
  }

  observe(table: string, rows: Row[]): void {
    switch (table) {
      case 'customers':
        for (const r of rows) {
          const id = r[0] as number;
          const plan = S.PLANS.indexOf(r[2] as string);
          if (id > 0 && id <= this.s.customers) {
            this.signup[id] = r[1] as number;
            this.plan[id] = plan;
          }
          this.date(r[1] as number, 0);
          this.plans.add(r[2] as string);
          this.regions.add(r[3] as string);
        }
        break;
      case 'usage_daily':
        this.rows.usage_daily += rows.length;
        for (const r of rows) {
          const [id, day, sessions, minutes, events] = r as number[];
          this.date(day, id);
          const plan = this.plan[id] ?? -1;
          if (plan >= 0) this.usageByPlan[plan]++;
          // 3-sigma cap: mean + 3 x mean/3 = 2 x mean.
          if (sessions < 1 || minutes < 100 || (plan >= 0 && minutes > this.minutesCap[plan] * 100) || events < 0) this.badUsage++;
          this.c.add(sessions, events);
        }
        break;
      case 'billing':
        this.rows.billing += rows.length;
        for (const r of rows) {
          const id = r[1] as number;
          const day = r[2] as number;
          this.date(day, id);
          this.statuses.add(r[4] as string);
          const plan = this.plan[id] ?? -1;
          if (plan === 0) this.freeBills++;
          if (plan > 0 && r[3] !== Math.round(this.s.prices[plan] * 100)) this.wrongAmount++;
          this.billed += r[3] as number;
          if (this.lastBill.id === id) {
            this.gaps.n++;
            this.gaps.sum += day - this.lastBill.day;
            if (!BILL_GAPS.includes(day - this.lastBill.day)) this.gaps.outside++;
          }
          this.lastBill = { id, day };
        }
        break;
      case 'support':
        this.rows.support += rows.length;
        for (const r of rows) {
          this.date(r[2] as number, r[1] as number);
          this.categories.add(r[3] as string);
          this.priorities.add(r[4] as string);
        }
        break;
    }
  }

  checks(): CheckResult[] {
    const out: CheckResult[] = [];
    const add = (name: string, r: { ok: boolean; figure: string }) => out.push({ name, ok: r.ok, figure: r.figure, phase: 'stream' });
    add('plan mix', this.plans.check(S.PLANS, this.s.planMix));
    add('region mix', this.regions.check(S.REGIONS, this.s.regionMix));
    add('payment status mix', this.statuses.check(Object.keys(S.PAYMENT_MIX), this.s.paymentMix));
    add('ticket category mix', this.categories.check(Object.keys(S.CATEGORY_MIX), this.s.categoryMix));
    add('ticket priority mix', this.priorities.check(Object.keys(S.PRIORITY_MIX), this.s.priorityMix));

    const n = this.s.customers;
    for (const table of ['usage_daily', 'billing', 'support'] as const) {
      const per = mixture(this.expected[table], this.s.planMix);
      const want = n * per.mean;
      const tol = sumTolerance(n, variance(per), per.max);
      const got = this.rows[table];
      add(`${table} rows as the parameters predict`, { ok: Math.abs(got - want) <= tol, figure: `${count(got)} rows (expected ${count(Math.round(want))} ±${count(Math.ceil(tol))} for ${count(n)} customers)` });
    }
    out.push(this.seedRows());

    add('dates within the window', { ok: this.outside === 0, figure: `${count(this.outside)} dates outside ${formatDate(this.s.start)}..${formatDate(this.s.end)}` });
    add('no usage, bill or ticket before signup', { ok: this.beforeSignup === 0, figure: `${count(this.beforeSignup)} of ${count(this.rows.usage_daily + this.rows.billing + this.rows.support)} rows` });
    add('bills only for paid plans, at the plan price', { ok: this.freeBills === 0 && this.wrongAmount === 0, figure: `${count(this.freeBills)} bills to Free customers, ${count(this.wrongAmount)} amounts off the plan price` });
    // Gaps are 12, 13 or 14 days, equally likely: mean 13, variance 2/3.
    const gap = this.gaps.n ? this.gaps.sum / this.gaps.n : S.BILL_INTERVAL_DAYS;
    const gapTol = this.gaps.n ? sumTolerance(this.gaps.n, 2 / 3, 1) / this.gaps.n : 0;
    add('a bill every 12-14 days, about 13 on average', {
      ok: this.gaps.outside === 0 && Math.abs(gap - S.BILL_INTERVAL_DAYS) <= gapTol,
      figure: `${count(this.gaps.outside)} gaps outside 12-14 days; mean gap ${gap.toFixed(3)} days (±${gapTol.toFixed(3)}) over ${count(this.gaps.n)} consecutive bills`,
    });
    add('usage within its caps (sessions >= 1, minutes within 3 sigma)', { ok: this.badUsage === 0, figure: `${count(this.badUsage)} of ${count(this.rows.usage_daily)} rows outside` });
    const c = this.c;
    const r = c.r(1);
    // Every plan's sessions/events pair correlates at 0.63 or more; a sample correlation
    // must reach 0.5, less Fisher's 5 standard errors (1 / sqrt(n - 3)) for small samples.
    const floor = c.n > 3 ? Math.tanh(Math.atanh(0.5) - 5 / Math.sqrt(c.n - 3)) : -1;
    add('feature_events correlated with sessions', {
      ok: !(r < floor),
      figure: `Pearson r = ${Number.isFinite(r) ? r.toFixed(3) : 'n/a'} over ${count(c.n)} rows (needs >= ${floor.toFixed(3)}: 0.5 less the margin for sample size)`,
    });
    // Active days per customer follow each plan's retention, activity, cancellation and log drops.
    let plansOk = true;
    const perPlan = S.PLANS.map((p, q) => {
      const customers = this.plans.counts.get(p) ?? 0;
      const m = this.expected.usage_daily[q];
      const tol = customers ? sumTolerance(customers, variance(m), m.max) / customers : 0;
      const got = customers ? this.usageByPlan[q] / customers : 0;
      if (customers && Math.abs(got - m.mean) > tol) plansOk = false;
      return customers ? `${p} ${got.toFixed(1)} (expected ${m.mean.toFixed(1)} ±${tol.toFixed(1)})` : `${p} no customers`;
    });
    add('active days per customer by plan (retention x activity)', { ok: plansOk, figure: perPlan.join(', ') });
    return out;
  }

  /** The seed's row counts (scaled to the customers): a check at the seed's parameters, for information otherwise. */
  private seedRows(): CheckResult {
    const n = this.s.customers;
    const tables = ['usage_daily', 'billing', 'support'] as const;
    const seed = tables.map((t) => (S.SEED_ROWS[t] * n) / S.SEED_CUSTOMERS);
    const got = tables.map((t) => this.rows[t]);
    const figure = `${got.map(count).join(' / ')} usage / bill / ticket rows; the seed's about ${seed.map((x) => count(Math.round(x))).join(' / ')} for ${count(n)} customers`;
    if (!this.atSeed) return { name: "rows against the seed's reference", ok: true, info: true, figure: `${figure} (at the seed's parameters; these differ)`, phase: 'stream' };
    // At the seed's parameters the model's expectation is within a few percent of the
    // seed's "about" figures: allow the seed's rounding plus the sampling tolerance.
    const ok = tables.every((t, i) => {
      const per = mixture(this.expected[t], this.s.planMix);
      return Math.abs(got[i] - seed[i]) <= S.ROW_COUNT_TOLERANCE * seed[i] + sumTolerance(n, variance(per), per.max);
    });
    return { name: "rows near the seed's", ok, figure: `${figure} (±${pct(S.ROW_COUNT_TOLERANCE, 0)} plus the tolerance for sample size)`, phase: 'stream' };
  }

  headlines(): string[] {
    return [
      `SaaS churn raw data: ${count(this.s.customers)} customers signing up ${formatDate(this.s.start)} to ${formatDate(this.s.end)}`,
      `  - usage_daily: ${count(this.rows.usage_daily)} rows (seed: about ${count(Math.round((S.SEED_ROWS.usage_daily * this.s.customers) / S.SEED_CUSTOMERS))})`,
      `  - billing: ${count(this.rows.billing)} bills, ${dollars(this.billed)} billed (${S.PLANS.slice(1).map((p, i) => `${p} $${this.s.prices[i + 1]}`).join(', ')} per bill)`,
      `  - support: ${count(this.rows.support)} tickets`,
      `  - Plans: ${S.PLANS.map((p) => `${p} ${pct((this.plans.counts.get(p) ?? 0) / Math.max(1, this.plans.n), 0)}`).join(', ')}`,
    ];
  }
}
