// The marketing tables' rules, measured on the streamed rows: exact counts and
// channel shares, campaign continuity, CTR and CPC per channel inside realistic
// bands, spend paced to budget, spend following account growth, and the web
// sessions' source mix, campaign ties, bounce by landing page and traffic shape.
import { Pearson } from '../../../src/checks/correlation.js';
import { count, FALSE_ALARM, pct, shareNear, shareTolerance, sumTolerance } from '../../../src/checks/figures.js';
import type { Row } from '../../../src/engine/model.js';
import { apportion } from '../../../src/engine/random.js';
import type { PlatformChecks } from '../platform/checks.js';
import type { Settings } from '../settings.js';
import type { Add, SourceChecks } from '../source.js';
import { DAY, HOUR, hourOfWeek, monthIndex, monthStartOf, YEAR } from '../time.js';
import { STATES } from '../vocab.js';
import * as V from './vocab.js';
import { ONE, TOUCH_CHANNELS } from './journeys.js';
import { MQL_SCORE } from '../hubspot/plan.js';

export const MARKETING_TABLES = ['marketing_campaigns', 'campaign_performance', 'attribution_touchpoints', 'marketing_qualified_leads', 'ga_sessions'];
const CHANNEL_INDEX = new Map<string, number>(V.CHANNELS.map((c, i) => [c, i]));
const TRAFFIC_INDEX = new Map(V.SOURCE_MEDIUMS.map((s, i) => [s, i]));
const PAGE_TYPE_INDEX = new Map(V.PAGE_TYPES.map((p, i) => [p, i]));
const STATE_OFFSET = new Map(STATES.map((s) => [s.code, s.offset]));
const TOUCH_INDEX = new Map(TOUCH_CHANNELS.map((c, i) => [c, i]));

/**
 * Positions of the HubSpot columns these checks read (hubspot/tables.ts; the
 * marketing test asserts them against the specs, so a reordering there fails it).
 */
export const HUBSPOT_COLUMNS = {
  hubspot_contact: { id: 0, property_createdate: 8, property_hs_lifecyclestage_marketingqualifiedlead_date: 12 },
  hubspot_deal: { deal_id: 0, property_createdate: 9 },
  hubspot_deal_contact: { deal_id: 0, contact_id: 1 },
};
const HC = HUBSPOT_COLUMNS;

/**
 * Bernstein's tolerance for one of `checks` sums checked together: the false-alarm
 * chance split over them, so a check over thousands of campaigns keeps FALSE_ALARM.
 */
export function tolerance(variance: number, range: number, checks: number): number {
  const log = Math.log((2 * Math.max(1, checks)) / FALSE_ALARM);
  const a = (range * log) / 3;
  return a + Math.sqrt(a * a + 2 * Math.max(0, variance) * log);
}

/** The r a correct run can fall to: Fisher's z, one-sided at FALSE_ALARM, over m pairs. */
export function correlationFloor(expected: number, m: number): number {
  if (m <= 3 || !Number.isFinite(expected)) return -1;
  const z = 4.753; // one-sided standard normal quantile of 1e-6
  return Math.tanh(Math.atanh(Math.min(0.999999, expected)) - z / Math.sqrt(m - 3));
}

export class MarketingChecks implements SourceChecks {
  private rows = new Map<string, number>();
  // Campaigns by id.
  private channel: Int8Array;
  private startDay: Float64Array;
  private endDay: Float64Array;
  private budget: Float64Array;
  private campaigns = 0;
  private outside = 0;
  // Performance, streamed in campaign and date order.
  private spent: Float64Array;
  private spentSq: Float64Array;
  private spentMax: Float64Array;
  private perf = { campaign: 0, next: 0, gaps: 0, bad: 0 };
  private perfDays: Float64Array;
  private byChannel = V.CHANNELS.map(() => ({ impressions: 0, clicks: 0, spend: 0, conversions: 0 }));
  private monthSpend: Float64Array;
  private weekdaySpend = new Float64Array(7);
  private weekdayRows = new Float64Array(7);
  // Web sessions.
  private sessionsByDay: Float64Array;
  private traffic = new Float64Array(V.TRAFFIC.length);
  private web = { badCampaign: 0, badBounce: 0, views: 0, duration: 0, bounced: 0, unknown: 0 };
  private pageTypes = V.PAGE_TYPES.map(() => ({ n: 0, bounced: 0 }));
  private hourOfWeek = new Float64Array(168);
  private sessionsByYear: number[] = [];
  // HubSpot, by id: contacts' creation and MQL dates, deals' creation and contact.
  private contactCreated: Float64Array;
  private contactMql: Float64Array;
  private dealCreated: Float64Array;
  private dealContact: Int32Array;
  // Touchpoints, streamed journey by journey.
  private firstChannel: Int8Array;
  private firstCampaign: Int32Array;
  private journey = { contact: 0, n: 0, sum: 0, declared: 0, t: 0, conversions: 0, badSum: 0, badOrder: 0, late: 0, badConversion: 0, badCampaign: 0, paidTouches: 0 };
  private touchChannels = new Float64Array(TOUCH_CHANNELS.length);
  private mql = { n: 0, last: 0, early: 0, notHubspot: 0, score: 0, source: 0, funnel: 0 };

  constructor(
    private s: Settings,
    private platform: PlatformChecks,
  ) {
    const n = s.sources.marketing_campaigns + 1;
    this.channel = new Int8Array(n).fill(-1);
    this.startDay = new Float64Array(n);
    this.endDay = new Float64Array(n);
    this.budget = new Float64Array(n);
    this.spent = new Float64Array(n);
    this.spentSq = new Float64Array(n);
    this.spentMax = new Float64Array(n);
    this.perfDays = new Float64Array(n);
    this.monthSpend = new Float64Array(this.months());
    this.sessionsByDay = new Float64Array(s.endDay - s.startDay);
    const contacts = s.sources.hubspot_contact + 1;
    this.contactCreated = new Float64Array(contacts).fill(NaN);
    this.contactMql = new Float64Array(contacts).fill(NaN);
    this.firstChannel = new Int8Array(contacts).fill(-1);
    this.firstCampaign = new Int32Array(contacts);
    this.dealCreated = new Float64Array(s.sources.hubspot_deal + 1).fill(NaN);
    this.dealContact = new Int32Array(s.sources.hubspot_deal + 1);
  }

  private months(): number {
    return monthIndex(this.s.end - 1) - monthIndex(this.s.start) + 1;
  }

  private campaign(id: unknown): boolean {
    return typeof id === 'number' && id > 0 && id < this.channel.length && this.channel[id] >= 0;
  }

  observe(table: string, rows: Row[]): void {
    if (table in HC) return this.hubspot(table, rows);
    if (!MARKETING_TABLES.includes(table)) return;
    this.rows.set(table, (this.rows.get(table) ?? 0) + rows.length);
    const clock = this.platform.clock(table);
    const s = this.s;
    switch (table) {
      case 'marketing_campaigns':
        for (const r of rows) {
          const id = r[0] as number;
          const ch = CHANNEL_INDEX.get(r[2] as string) ?? -1;
          const start = r[5] as number;
          const end = r[6] as number;
          const created = r[9] as number;
          this.campaigns++;
          clock.see(created);
          clock.see(start * DAY, created);
          if (!(start >= s.startDay && end >= start && end < s.endDay)) this.outside++;
          if (!(id > 0 && id < this.channel.length) || ch < 0) continue;
          this.channel[id] = ch;
          this.startDay[id] = start;
          this.endDay[id] = end;
          this.budget[id] = r[7] as number;
        }
        break;
      case 'campaign_performance':
        for (const r of rows) this.performance(r);
        for (const r of rows) if (this.campaign(r[1])) clock.see((r[2] as number) * DAY, this.startDay[r[1] as number] * DAY);
        break;
      case 'attribution_touchpoints':
        for (const r of rows) {
          clock.see(r[5] as number);
          this.touch(r);
        }
        break;
      case 'marketing_qualified_leads':
        for (const r of rows) this.qualified(r, clock);
        break;
      case 'ga_sessions':
        for (const r of rows) {
          const t = r[1] as number;
          clock.see(t);
          this.session(r, t);
        }
        break;
    }
  }

  private hubspot(table: string, rows: Row[]): void {
    const fits = (id: unknown, a: ArrayLike<number>): id is number => typeof id === 'number' && id > 0 && id < a.length;
    if (table === 'hubspot_contact') {
      for (const r of rows) {
        const id = r[HC.hubspot_contact.id];
        if (!fits(id, this.contactCreated)) continue;
        this.contactCreated[id] = r[HC.hubspot_contact.property_createdate] as number;
        const mql = r[HC.hubspot_contact.property_hs_lifecyclestage_marketingqualifiedlead_date];
        this.contactMql[id] = mql === null ? NaN : (mql as number);
      }
    } else if (table === 'hubspot_deal') {
      for (const r of rows) {
        const id = r[HC.hubspot_deal.deal_id];
        if (fits(id, this.dealCreated)) this.dealCreated[id] = r[HC.hubspot_deal.property_createdate] as number;
      }
    } else {
      for (const r of rows) {
        const id = r[HC.hubspot_deal_contact.deal_id];
        if (fits(id, this.dealContact)) this.dealContact[id] = r[HC.hubspot_deal_contact.contact_id] as number;
      }
    }
  }

  /** One touchpoint: journeys arrive contact by contact in time order; each closes when the next begins. */
  private touch(r: Row): void {
    const j = this.journey;
    const contact = r[1] as number;
    const t = r[5] as number;
    const conversion = r[8] as number;
    if (contact !== j.contact) {
      this.closeJourney();
      j.contact = contact;
      j.n = 0;
      j.sum = 0;
      j.t = -Infinity;
      j.declared = r[7] as number;
    }
    j.n++;
    j.sum += r[10] as number;
    if (t < j.t || r[6] !== j.n || r[7] !== j.declared) j.badOrder++;
    j.t = t;
    if (t > conversion) j.late++;
    if (conversion !== this.contactCreated[contact]) j.badConversion++;
    const channel = TOUCH_INDEX.get(r[3] as string) ?? -1;
    if (channel >= 0) this.touchChannels[channel]++;
    if (j.n === 1 && contact > 0 && contact < this.firstChannel.length) {
      this.firstChannel[contact] = channel;
      this.firstCampaign[contact] = r[2] === null ? 0 : (r[2] as number);
    }
    // A paid channel's touch names a campaign of that channel running that day; unpaid ones none.
    const id = r[2];
    const day = Math.floor(t / DAY);
    const paid = channel >= 0 && channel < V.CHANNELS.length;
    if (paid) j.paidTouches++;
    if (channel < 0 || (paid ? !this.campaign(id) || this.channel[id as number] !== channel || day < this.startDay[id as number] || day > this.endDay[id as number] : id !== null)) j.badCampaign++;
  }

  private closeJourney(): void {
    const j = this.journey;
    if (!j.contact) return;
    j.conversions++;
    if (j.sum !== ONE) j.badSum++;
    if (j.n !== j.declared) j.badOrder++;
    j.contact = 0;
  }

  /** One MQL: HubSpot's MQL date, after the contact's creation, score progression, first-touch source, and the funnel after. */
  private qualified(r: Row, clock: ReturnType<PlatformChecks['clock']>): void {
    const q = this.mql;
    const contact = r[1] as number;
    const at = r[3] as number;
    q.n++;
    if (contact <= q.last) q.notHubspot++;
    q.last = contact;
    const created = this.contactCreated[contact];
    clock.see(at, Number.isNaN(created) ? Infinity : created);
    if (!(at >= created)) q.early++;
    if (at !== this.contactMql[contact]) q.notHubspot++;
    const [atCreation, atMql, score] = [r[4], r[5], r[6]] as number[];
    if (!(atCreation < MQL_SCORE && atMql >= MQL_SCORE && atMql <= score && score <= 100)) q.score++;
    const first = contact > 0 && contact < this.firstChannel.length ? this.firstChannel[contact] : -1;
    if (first < 0 || r[7] !== TOUCH_CHANNELS[first] || (r[8] ?? 0) !== this.firstCampaign[contact]) q.source++;
    // SQL after MQL, its deal the contact's and opened on or after the SQL date, customer after MQL.
    const sql = r[10] as number | null;
    const deal = r[11] as number | null;
    const customer = r[12] as number | null;
    if (sql !== null) clock.see(sql, at);
    if (customer !== null) clock.see(customer, at);
    if (sql !== null && sql < at) q.funnel++;
    if (customer !== null && customer < at) q.funnel++;
    if (deal !== null && (sql === null || this.dealContact[deal] !== contact || !(this.dealCreated[deal] >= sql))) q.funnel++;
  }

  /** One performance row: continuity (every day of its campaign, in order), channel totals, spend by campaign, month and weekday. */
  private performance(r: Row): void {
    const id = r[1] as number;
    const day = r[2] as number;
    const p = this.perf;
    if (id !== p.campaign) {
      if (p.campaign && p.next !== this.endDay[p.campaign] + 1) p.gaps++;
      p.campaign = id;
      p.next = this.startDay[id];
    }
    if (day !== p.next) p.gaps++;
    p.next = day + 1;
    if (!this.campaign(id)) return;
    const impressions = r[3] as number;
    const clicks = r[4] as number;
    const spend = r[5] as number;
    if (clicks > impressions || clicks < 0 || spend < 0) p.bad++;
    const totals = this.byChannel[this.channel[id]];
    totals.impressions += impressions;
    totals.clicks += clicks;
    totals.spend += spend;
    totals.conversions += r[6] as number;
    this.perfDays[id]++;
    this.spent[id] += spend;
    this.spentSq[id] += spend * spend;
    if (spend > this.spentMax[id]) this.spentMax[id] = spend;
    const m = monthIndex(day * DAY) - monthIndex(this.s.start);
    if (m >= 0 && m < this.monthSpend.length) this.monthSpend[m] += spend;
    const wd = (day + 3) % 7;
    this.weekdaySpend[wd] += spend;
    this.weekdayRows[wd]++;
  }

  private session(r: Row, t: number): void {
    const s = this.s;
    const w = this.web;
    const d = Math.floor(t / DAY) - s.startDay;
    if (d >= 0 && d < this.sessionsByDay.length) this.sessionsByDay[d]++;
    const year = Math.floor((t - s.start) / YEAR);
    this.sessionsByYear[year] = (this.sessionsByYear[year] ?? 0) + 1;
    const traffic = TRAFFIC_INDEX.get(`${r[2]} / ${r[3]}`);
    const type = PAGE_TYPE_INDEX.get(r[6] as string);
    const offset = STATE_OFFSET.get(r[8] as string);
    if (traffic === undefined || type === undefined || offset === undefined) {
      w.unknown++;
      return;
    }
    this.traffic[traffic]++;
    // A paid session comes from a running campaign of its channel; any other has none.
    const channel = V.TRAFFIC[traffic].channel;
    const id = r[4];
    const day = Math.floor(t / DAY);
    if (channel < 0 ? id !== null : !this.campaign(id) || this.channel[id as number] !== channel || day < this.startDay[id as number] || day > this.endDay[id as number]) w.badCampaign++;
    const bounced = r[12] === true;
    const views = r[10] as number;
    const duration = r[11] as number;
    if (bounced !== (views === 1) || (bounced && duration !== 0) || views < 1 || duration < 0) w.badBounce++;
    this.pageTypes[type].n++;
    if (bounced) (this.pageTypes[type].bounced++, w.bounced++);
    w.views += views;
    w.duration += duration;
    this.hourOfWeek[hourOfWeek(t + offset * HOUR)]++;
  }

  checks(add: Add): void {
    this.counts(add);
    this.campaignChecks(add);
    this.spendGrowth(add);
    this.journeyChecks(add);
    this.webChecks(add);
  }

  /** HubSpot contacts with an MQL date. */
  private hubspotMqls(): number {
    let n = 0;
    for (let c = 1; c < this.contactMql.length; c++) if (!Number.isNaN(this.contactMql[c])) n++;
    return n;
  }

  private journeyChecks(add: Add): void {
    this.closeJourney();
    const j = this.journey;
    const n = this.rows.get('attribution_touchpoints') ?? 0;
    if (n) {
      add('attribution weights of each conversion sum to exactly 1', j.badSum === 0, `${count(j.badSum)} of ${count(j.conversions)} conversions whose weights do not sum to 1.000000 (position-based, the last touch takes the remainder); ${(n / Math.max(1, j.conversions)).toFixed(1)} touches per journey`);
      add('touchpoints on or before their conversion, in journey order', j.late === 0 && j.badOrder === 0 && j.badConversion === 0, `${count(j.late)} after their conversion, ${count(j.badOrder)} out of order or miscounted, ${count(j.badConversion)} whose conversion is not their contact's creation, of ${count(n)}`);
      add("paid touchpoints inside a running campaign of their channel", j.badCampaign === 0, `${count(j.badCampaign)} of ${count(n)} touchpoints with a campaign of another channel, outside its dates, missing, or on an unpaid channel; ${count(j.paidTouches)} paid or email`);
      add('touchpoint channel mix', true, TOUCH_CHANNELS.map((c, i) => `${c} ${pct(this.touchChannels[i] / n)}`).join(', '), true);
    }
    const q = this.mql;
    if (!this.rows.has('marketing_qualified_leads')) return;
    const hubspotMqls = this.hubspotMqls();
    add("MQLs are HubSpot's marketing qualified contacts, on or after the contact's creation", q.early === 0 && q.notHubspot === 0 && hubspotMqls === q.n, `${count(q.early)} before their contact's creation, ${count(q.notHubspot)} not on HubSpot's MQL date or repeated; ${count(q.n)} MQLs, ${count(hubspotMqls)} HubSpot contacts with an MQL date`);
    add('MQL criteria: lead score crossed 50 at the MQL', q.score === 0, `${count(q.score)} of ${count(q.n)} MQLs whose score at creation is not below 50, at MQL not 50 or more, or current below it`);
    add("MQL source is the contact's first touch", q.source === 0, `${count(q.source)} of ${count(q.n)} MQLs whose source channel or campaign is not their first touchpoint's`);
    add("MQL funnel consistent with HubSpot's deals", q.funnel === 0, `${count(q.funnel)} of ${count(q.n)} MQLs with an SQL or customer date before the MQL, or a deal not theirs or opened before the SQL date`);
  }

  private counts(add: Add): void {
    const s = this.s;
    const generated = MARKETING_TABLES;
    // MQLs are HubSpot's: when its funnel holds fewer (a handful of accounts, contacts that were customers from the start), that many.
    const held = this.hubspotMqls();
    const short = held < s.sources.marketing_qualified_leads;
    const expect = (t: string) => (t === 'marketing_qualified_leads' && short ? held : s.sources[t]);
    const wrong = generated.filter((t) => (this.rows.get(t) ?? 0) !== expect(t));
    const note = short ? `; marketing_qualified_leads ${count(held)}, not ${count(s.sources.marketing_qualified_leads)}: HubSpot's funnel holds only ${count(held)} contacts with time to qualify before they became customers` : '';
    add(
      `marketing row counts of ${s.env}`,
      wrong.length === 0,
      (wrong.length ? wrong.map((t) => `${t} ${count(this.rows.get(t) ?? 0)} (expected ${count(expect(t))})`).join(', ') : generated.map((t) => `${t} ${count(expect(t))}`).join(', ')) + note,
    );
    const want = apportion(this.campaigns, V.CHANNEL_MIX);
    const got = V.CHANNELS.map(() => 0);
    for (let id = 1; id < this.channel.length; id++) if (this.channel[id] >= 0) got[this.channel[id]]++;
    add(
      'campaign channels: Google Ads 40% / Meta 30% / LinkedIn 20% / Email 10% (exact, largest remainder)',
      got.every((n, c) => n === want[c]),
      V.CHANNELS.map((c, i) => `${c} ${count(got[i])} (expected ${count(want[i])})`).join(', '),
    );
  }

  private campaignChecks(add: Add): void {
    const p = this.perf;
    if (p.campaign && p.next !== this.endDay[p.campaign] + 1) (p.gaps++, (p.campaign = 0));
    let missing = 0;
    for (let id = 1; id < this.channel.length; id++) if (this.channel[id] >= 0 && this.perfDays[id] !== this.endDay[id] - this.startDay[id] + 1) missing++;
    add('campaign continuity: one performance row per campaign per day from start to end, inside the history', p.gaps === 0 && missing === 0 && this.outside === 0, `${count(p.gaps)} rows out of step, ${count(missing)} campaigns with days missing or extra, ${count(this.outside)} campaigns outside the history (or ending before they start)`);
    // CTR and CPC per channel in the industry's bands.
    let ok = p.bad === 0;
    const parts = V.CHANNELS.map((c, i) => {
      const t = this.byChannel[i];
      if (t.impressions === 0) return `${c}: no rows`;
      const ctr = t.clicks / t.impressions;
      const [lo, hi] = V.CTR_BANDS[i];
      if (ctr < lo || ctr > hi) ok = false;
      if (i === V.EMAIL) {
        if (t.spend !== 0) ok = false;
        return `${c}: click rate ${pct(ctr, 2)} of delivered (${pct(lo, 1)}-${pct(hi, 1)}), spend $${(t.spend / 100).toFixed(2)} (no CPC)`;
      }
      const cpc = t.clicks ? t.spend / 100 / t.clicks : NaN;
      const [clo, chi] = V.CPC_BANDS[i];
      if (!(cpc >= clo && cpc <= chi)) ok = false;
      return `${c}: CTR ${pct(ctr, 2)} (${pct(lo, 1)}-${pct(hi, 1)}), CPC $${cpc.toFixed(2)} ($${clo}-${chi}), conversions ${pct(t.clicks ? t.conversions / t.clicks : 0, 1)} of clicks`;
    });
    add('CTR and CPC per channel within realistic bands', ok, parts.join('; ') + (p.bad ? `; ${count(p.bad)} rows with more clicks than impressions or negative values` : ''));
    // Spend paced to budget: each paid campaign's spend within its tolerance of the budget.
    let paid = 0;
    let off = 0;
    let worst = 0;
    let dev = 0;
    for (let id = 1; id < this.channel.length; id++) if (this.channel[id] >= 0 && this.channel[id] !== V.EMAIL) paid++;
    for (let id = 1; id < this.channel.length; id++) {
      if (this.channel[id] < 0 || this.channel[id] === V.EMAIL) continue;
      // Planned spend is at least spend / (1 + 2 sd); variance and range bounded from the observed days.
      const lo = 1 - V.SPEND_SD * V.SPEND_Z_CAP;
      const variance = (this.spentSq[id] / (lo * lo)) * V.SPEND_SD * V.SPEND_SD;
      const range = (this.spentMax[id] / lo) * V.SPEND_SD * V.SPEND_Z_CAP + 0.5;
      const tol = tolerance(variance, range, paid) + this.perfDays[id] * 0.5;
      const gap = Math.abs(this.spent[id] - this.budget[id]);
      if (gap > tol) off++;
      const rel = this.budget[id] ? gap / this.budget[id] : gap ? Infinity : 0;
      worst = Math.max(worst, rel);
      dev += rel;
    }
    add('spend paced to budget', off === 0, `${count(off)} of ${count(paid)} paid campaigns off budget beyond their tolerance; mean |spend - budget| ${pct(paid ? dev / paid : 0, 2)} of budget, worst ${pct(worst, 2)}`);
    const perDay = (wd: number) => (this.weekdayRows[wd] ? this.weekdaySpend[wd] / this.weekdayRows[wd] / 100 : 0);
    const weekday = [0, 1, 2, 3, 4].reduce((x, d) => x + perDay(d), 0) / 5;
    const weekend = (perDay(5) + perDay(6)) / 2;
    add('spend seasonality by weekday', true, `spend per campaign-day: weekdays $${weekday.toFixed(2)}, weekends $${weekend.toFixed(2)} (planned ratio ${(V.WEEKDAY_SPEND[5] / ((V.WEEKDAY_SPEND[0] + V.WEEKDAY_SPEND[1] + V.WEEKDAY_SPEND[2] + V.WEEKDAY_SPEND[3] + V.WEEKDAY_SPEND[4]) / 5)).toFixed(2)}, observed ${(weekday ? weekend / weekday : 0).toFixed(2)})`, true);
  }

  /**
   * Step 34: monthly spend against monthly new accounts. New accounts per month are
   * Poisson around the growth curve, so their noise pulls r below the r of spend
   * with the curve itself; the floor is that expected r less Fisher's tolerance for
   * the months counted. Where the floor is not above 0 (DEV: about 1.7 accounts a
   * month) the sample cannot tell a correlation from none, and the figure is shown
   * for information.
   */
  private spendGrowth(add: Add): void {
    const s = this.s;
    const first = monthIndex(s.start);
    const months = this.monthSpend.length;
    const accounts = new Float64Array(months);
    for (let a = 1; a <= s.accounts; a++) {
      const m = monthIndex(this.platform.created[a]) - first;
      if (m >= 0 && m < months) accounts[m]++;
    }
    // The growth curve's expected new accounts per month (full months only: the first and last may be partial).
    const expected = new Float64Array(months);
    const cdf = (t: number) => fractionBefore(Math.min(s.end, Math.max(s.start, t)), s);
    for (let m = 0; m < months; m++) expected[m] = s.accounts * (cdf(monthStartOf(first + m + 1)) - cdf(monthStartOf(first + m)));
    const observed = new Pearson();
    const curve = new Pearson();
    let mean = 0;
    let varCurve = 0;
    for (let m = 0; m < months; m++) {
      observed.add(this.monthSpend[m], accounts[m]);
      curve.add(this.monthSpend[m], expected[m]);
      mean += expected[m] / months;
    }
    for (let m = 0; m < months; m++) varCurve += (expected[m] - mean) ** 2 / months;
    const rObserved = observed.r();
    const rCurve = curve.r();
    // Poisson noise (variance = mean) attenuates r by sqrt(var(curve) / (var(curve) + mean)).
    const rExpected = rCurve * Math.sqrt(varCurve / (varCurve + mean));
    const floor = correlationFloor(rExpected, months);
    const figure = `Pearson r ${fmt(rObserved)} between monthly spend and monthly new accounts over ${count(months)} months (${fmt(mean)} new accounts a month; r of spend with the growth curve ${fmt(rCurve)}, expected with Poisson noise ${fmt(rExpected)}, floor for this sample ${fmt(floor)})`;
    if (floor > 0) add('marketing spend correlates with account growth', rObserved >= floor, figure);
    else add('marketing spend correlates with account growth (too few accounts a month to test)', true, figure, true);
  }

  private webChecks(add: Add): void {
    const s = this.s;
    const w = this.web;
    const n = this.rows.get('ga_sessions') ?? 0;
    if (!n) return;
    // Source mix: each share against its expectation given which channels ran campaigns each day.
    const running = this.runningByDay();
    const expected = new Float64Array(V.TRAFFIC.length);
    const variance = new Float64Array(V.TRAFFIC.length);
    for (let d = 0; d < this.sessionsByDay.length; d++) {
      const k = this.sessionsByDay[d];
      if (!k) continue;
      for (let i = 0; i < V.TRAFFIC.length; i++) {
        const ch = V.TRAFFIC[i].channel;
        let p = ch < 0 || running[ch][d] > 0 ? V.TRAFFIC[i].share : 0;
        if (i === V.ORGANIC) for (let j = 0; j < V.TRAFFIC.length; j++) if (V.TRAFFIC[j].channel >= 0 && running[V.TRAFFIC[j].channel][d] === 0) p += V.TRAFFIC[j].share;
        expected[i] += k * p;
        variance[i] += k * p * (1 - p);
      }
    }
    let mixOk = w.unknown === 0;
    const parts = V.SOURCE_MEDIUMS.map((name, i) => {
      const tol = sumTolerance(1, variance[i], 1);
      if (Math.abs(this.traffic[i] - expected[i]) > tol) mixOk = false;
      return `${name} ${pct(this.traffic[i] / n)} (${pct(expected[i] / n)})`;
    });
    add('web source/medium mix', mixOk, `${parts.join(', ')}; expected shares count paid traffic only on days its channel ran a campaign${w.unknown ? `; ${count(w.unknown)} sessions with an unknown source, page type or region` : ''}`);
    add('paid web sessions come from a running campaign of their channel', w.badCampaign === 0, `${count(w.badCampaign)} of ${count(n)} sessions with a campaign of another channel, outside its dates, missing, or on unpaid traffic`);
    let bounceOk = w.badBounce === 0;
    const bounce = V.PAGE_TYPES.map((p, i) => {
      const t = this.pageTypes[i];
      const near = shareNear(t.n ? t.bounced / t.n : 0, t.n, V.BOUNCE_RATES[i]);
      if (!near.ok) bounceOk = false;
      return `${p} ${pct(t.n ? t.bounced / t.n : 0)} of ${count(t.n)} (${pct(V.BOUNCE_RATES[i], 0)})`;
    });
    add('bounce rate by landing-page type', bounceOk, `${bounce.join(', ')}; ${count(w.badBounce)} sessions whose bounce flag, page views and duration disagree`);
    const rate = w.bounced / n;
    const engaged = n - w.bounced;
    const duration = w.duration / n;
    const pages = w.views / n;
    const b = V.BENCHMARKS;
    add(
      'web sessions within industry benchmarks',
      rate >= b.bounce[0] && rate <= b.bounce[1] && duration >= b.duration[0] && duration <= b.duration[1] && pages >= b.pages[0] && pages <= b.pages[1],
      `bounce ${pct(rate)} (${pct(b.bounce[0], 0)}-${pct(b.bounce[1], 0)}), mean duration ${duration.toFixed(0)} s (${b.duration[0]}-${b.duration[1]}), ${pages.toFixed(2)} pages per session (${b.pages[0]}-${b.pages[1]}); engaged sessions ${count(engaged)}`,
    );
    // Working hours: the share of sessions on weekdays 9-18 local time against the weekly profile.
    let total = 0;
    let work = 0;
    for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) {
      const x = V.WEEKDAY_WEB[d] * V.HOURLY_WEB[h];
      total += x;
      if (d < 5 && h >= 9 && h < 18) work += x;
    }
    let seen = 0;
    for (let d = 0; d < 5; d++) for (let h = 9; h < 18; h++) seen += this.hourOfWeek[d * 24 + h];
    const near = shareNear(seen / n, n, work / total);
    add('web traffic by hour and weekday: working hours in the visitor\'s time zone', near.ok, `weekdays 9am-6pm local: ${near.figure}`);
    // Growth: each full year's share of sessions against the growth curve (seasonality evens out over a year).
    const full = Math.floor(s.years);
    let growOk = true;
    const years: string[] = [];
    for (let y = 0; y < full; y++) {
      const share = fractionBefore(s.start + (y + 1) * YEAR, s) - fractionBefore(s.start + y * YEAR, s);
      const got = (this.sessionsByYear[y] ?? 0) / n;
      if (Math.abs(got - share) > shareTolerance(share, n) + 0.01) growOk = false;
      years.push(`${count(this.sessionsByYear[y] ?? 0)} (${pct(share, 0)})`);
    }
    add('web sessions grow with the company', growOk, `sessions per year ${years.join(', ')}: shares against the growth curve of new accounts (±1 point for seasonality and partial months)`);
  }

  /** Campaigns running per day by channel, from the campaign rows (difference arrays). */
  private runningByDay(): Int32Array[] {
    const days = this.sessionsByDay.length;
    const out = V.CHANNELS.map(() => new Int32Array(days + 1));
    for (let id = 1; id < this.channel.length; id++) {
      if (this.channel[id] < 0) continue;
      const from = Math.max(0, this.startDay[id] - this.s.startDay);
      const to = Math.min(days, this.endDay[id] + 1 - this.s.startDay);
      if (from >= to) continue;
      out[this.channel[id]][from]++;
      out[this.channel[id]][to]--;
    }
    for (const a of out) for (let d = 1; d <= days; d++) a[d] += a[d - 1];
    return out;
  }

  headlines(): string[] {
    const spend = this.byChannel.reduce((x, t) => x + t.spend, 0);
    const clicks = this.byChannel.reduce((x, t) => x + t.clicks, 0);
    const conversions = this.byChannel.reduce((x, t) => x + t.conversions, 0);
    return [`  - Marketing: ${count(this.campaigns)} campaigns spent $${Math.round(spend / 100).toLocaleString('en-US')} for ${count(clicks)} clicks and ${count(conversions)} conversions; ${count(this.rows.get('ga_sessions') ?? 0)} web sessions`];
  }
}

/** Share of the history's new accounts created before second t, by the growth curve. */
function fractionBefore(t: number, s: Settings): number {
  const span = s.end - s.start;
  const x = Math.min(1, Math.max(0, (t - s.start) / span)) * s.years;
  const g = 1 + s.growth;
  return g === 1 ? x / s.years : (g ** x - 1) / (g ** s.years - 1);
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
