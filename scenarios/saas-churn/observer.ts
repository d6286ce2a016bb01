// The seeds' rates and counts, measured on the streamed rows: every share against
// its parameter within sampling slack, row counts against the seed's, dates in the
// window and never before the customer's signup.
import { count, dollars, pct, slack } from '../../src/checks/figures.js';
import { formatDate } from '../../src/engine/dates.js';
import type { CheckResult, Observer, Row } from '../../src/engine/model.js';
import * as S from './settings.js';
import type { Settings } from './settings.js';

class Tally {
  counts = new Map<string, number>();
  n = 0;
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.n++;
  }
  /** Each share against its target (normalised weights), within 3 standard errors. */
  check(keys: string[], weights: number[]): { ok: boolean; figure: string } {
    const total = weights.reduce((a, b) => a + b, 0);
    let ok = true;
    const parts = keys.map((k, i) => {
      const target = weights[i] / total;
      const observed = this.n ? (this.counts.get(k) ?? 0) / this.n : 0;
      if (Math.abs(observed - target) > slack(target, this.n)) ok = false;
      return `${k} ${pct(observed)} (${pct(target, 0)})`;
    });
    const unknown = [...this.counts.keys()].filter((k) => !keys.includes(k));
    if (unknown.length) ok = false;
    return { ok, figure: `${parts.join(', ')}${unknown.length ? `; unexpected ${unknown.join(', ')}` : ''}; ±${pct(slack(0.5, this.n))} or less for ${count(this.n)}` };
  }
}

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
  private c = { n: 0, x: 0, y: 0, xx: 0, yy: 0, xy: 0 };
  private minutesCap = S.inOrder(S.MINUTES_MEAN, S.PLANS).map((m) => m * 2);
  /** Bills arrive grouped by customer: the current customer's last bill day. */
  private lastBill = { id: -1, day: 0 };
  private gaps = { n: 0, sum: 0 };

  constructor(private s: Settings) {
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
          const c = this.c;
          c.n++;
          c.x += sessions;
          c.y += events;
          c.xx += sessions * sessions;
          c.yy += events * events;
          c.xy += sessions * events;
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

    const scale = this.s.customers / S.SEED_CUSTOMERS;
    for (const table of ['usage_daily', 'billing', 'support'] as const) {
      const want = S.SEED_ROWS[table] * scale;
      const got = this.rows[table];
      const tol = S.ROW_COUNT_TOLERANCE + 3 / Math.sqrt(Math.max(1, want));
      add(`${table} rows near the seed's`, { ok: Math.abs(got - want) <= tol * want, figure: `${count(got)} rows (seed: about ${count(Math.round(want))} for ${count(this.s.customers)} customers, ±${pct(tol, 0)})` });
    }

    add('dates within the window', { ok: this.outside === 0, figure: `${count(this.outside)} dates outside ${formatDate(this.s.start)}..${formatDate(this.s.end)}` });
    add('no usage, bill or ticket before signup', { ok: this.beforeSignup === 0, figure: `${count(this.beforeSignup)} of ${count(this.rows.usage_daily + this.rows.billing + this.rows.support)} rows` });
    add('bills only for paid plans, at the plan price', { ok: this.freeBills === 0 && this.wrongAmount === 0, figure: `${count(this.freeBills)} bills to Free customers, ${count(this.wrongAmount)} amounts off the plan price` });
    const gap = this.gaps.n ? this.gaps.sum / this.gaps.n : S.BILL_INTERVAL_DAYS;
    add('a bill about every 13 days', { ok: Math.abs(gap - S.BILL_INTERVAL_DAYS) <= 0.5, figure: `mean gap ${gap.toFixed(2)} days over ${count(this.gaps.n)} consecutive bills` });
    add('usage within its caps (sessions >= 1, minutes within 3 sigma)', { ok: this.badUsage === 0, figure: `${count(this.badUsage)} of ${count(this.rows.usage_daily)} rows outside` });
    const c = this.c;
    const r = c.n > 1 ? (c.n * c.xy - c.x * c.y) / Math.sqrt((c.n * c.xx - c.x * c.x) * (c.n * c.yy - c.y * c.y)) : 1;
    add('feature_events correlated with sessions', { ok: !(r < 0.5), figure: `Pearson r = ${Number.isFinite(r) ? r.toFixed(3) : 'n/a'} over ${count(c.n)} rows (needs >= 0.5)` });
    const perCustomer = S.PLANS.map((_, i) => this.usageByPlan[i] / Math.max(1, this.plans.counts.get(S.PLANS[i]) ?? 0));
    const ordered = perCustomer.every((x, i) => i === 0 || x > perCustomer[i - 1] || (this.plans.counts.get(S.PLANS[i]) ?? 0) < 30);
    add('retention rises with plan (active days per customer)', { ok: ordered, figure: S.PLANS.map((p, i) => `${p} ${perCustomer[i].toFixed(1)}`).join(', ') });
    return out;
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
