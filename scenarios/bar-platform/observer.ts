// bar-platform's view of the streamed rows: the platform's and the IoT's rule
// checks, row counts per environment, temporal integrity and freshness against
// as_of, and the summary's key metrics (seed steps 32-37 and 40).
import { count, dollars } from '../../src/checks/figures.js';
import { formatTimestamp } from '../../src/engine/dates.js';
import type { CheckResult, Observer, Row } from '../../src/engine/model.js';
import { IotChecks } from './iot/checks.js';
import { PlatformChecks } from './platform/checks.js';
import * as S from './settings.js';
import type { Settings } from './settings.js';
import type { SourceChecks } from './source.js';
import { SOURCES } from './sources.js';

export class BarPlatformObserver implements Observer {
  private platform: PlatformChecks;
  private iot: IotChecks;
  private sources: SourceChecks[];

  constructor(private s: Settings) {
    this.platform = new PlatformChecks(s);
    this.iot = new IotChecks(s, this.platform);
    this.sources = SOURCES.map((src) => src.checks(s, this.platform));
  }

  observe(table: string, rows: Row[]): void {
    this.platform.observe(table, rows);
    if (table === 'devices') this.iot.rememberLocations(rows);
    this.iot.observe(table, rows);
    for (const src of this.sources) src.observe(table, rows);
  }

  checks(): CheckResult[] {
    const out: CheckResult[] = [];
    const add = (name: string, ok: boolean, figure: string, info?: boolean) => out.push({ name, ok, figure, phase: 'stream', ...(info ? { info: true as const } : {}) });
    this.rowCounts(add);
    this.platform.checks(add);
    this.iot.checks(add);
    for (const src of this.sources) src.checks(add);
    const { paradoxes, latest } = this.platform.temporalReport();
    const bad = [...paradoxes].filter(([, n]) => n > 0);
    add('no temporal paradoxes (no child before its parent, nothing on or after as_of)', bad.length === 0, bad.length ? bad.map(([t, n]) => `${t} ${count(n)}`).join(', ') : `0 rows out of order; history ${formatTimestamp(this.s.start)} to ${formatTimestamp(this.s.end)}`);
    const fresh = [...latest.keys()].map((t) => `${t} ${formatTimestamp(latest.get(t)!)} (${((this.s.end - latest.get(t)!) / 3600).toFixed(1)} h before as_of)`);
    add('freshness: latest timestamp per table', true, fresh.join('; '), true);
    return out;
  }

  /** Every table the seed sizes has exactly the environment's count (scaled when accounts or a rate is set). */
  private rowCounts(add: (name: string, ok: boolean, figure: string, info?: boolean) => void): void {
    const rows = this.platform.rows;
    const room = this.platform.planChangeRoom();
    const short = this.s.counts.subscriptions - this.s.accounts > room;
    const counts = { ...this.s.counts, subscriptions: Math.min(this.s.counts.subscriptions, this.s.accounts + room) };
    const wrong = Object.entries(counts).filter(([t, n]) => (rows.get(t) ?? 0) !== n);
    const note = short ? `; subscriptions ${count(counts.subscriptions)}, not ${count(this.s.counts.subscriptions)}: the paying accounts' tenures hold only ${count(room)} plan changes (one per 30 days paid)` : '';
    add(`row counts of ${this.s.env}${this.isPreset() ? '' : ' (scaled)'}`, wrong.length === 0, (wrong.length ? wrong.map(([t, n]) => `${t} ${count(rows.get(t) ?? 0)} (expected ${count(n)})`).join(', ') : Object.entries(counts).map(([t, n]) => `${t} ${count(n)}`).join(', ')) + note);
    if (!this.isPreset()) {
      const seed = S.SIZES[this.s.env];
      add(`the seed's ${this.s.env} counts`, true, Object.entries(seed).map(([t, n]) => `${t} ${count(n)}`).join(', '), true);
    }
  }

  private isPreset(): boolean {
    const seed = S.SIZES[this.s.env];
    return Object.entries(this.s.counts).every(([t, n]) => seed[t] === n);
  }

  headlines(): string[] {
    const p = this.platform;
    let mrr = 0;
    let active = 0;
    let trialing = 0;
    let churned = 0;
    for (let a = 1; a <= this.s.accounts; a++) {
      if (p.status[a] === 0) (active++, (mrr += p.mrr[a] * 100));
      else if (p.status[a] === 1) trialing++;
      else churned++;
    }
    const m = this.iot.metrics();
    const total = [...p.rows.values()].reduce((x, y) => x + y, 0);
    return [
      `Bar platform (${this.s.env}): ${count(this.s.accounts)} accounts, ${count(total)} rows over ${this.s.years} years to ${formatTimestamp(this.s.end).slice(0, 10)}`,
      `  - MRR ${dollars(mrr)}, ARR ${dollars(mrr * 12)} from ${count(active)} active accounts (${count(trialing)} trialing, ${count(churned)} churned)`,
      `  - Devices online ${count(m.online)} of ${count(m.devices)}; ${m.poursPerDeviceDay.toFixed(2)} pours per device per day`,
      `  - App: ${count(p.rows.get('user_sessions') ?? 0)} sessions, ${count(p.rows.get('page_views') ?? 0)} page views, ${count(p.rows.get('feature_usage') ?? 0)} feature events`,
      ...this.sources.flatMap((src) => src.headlines()),
    ];
  }
}
