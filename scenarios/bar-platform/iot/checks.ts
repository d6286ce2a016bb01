// The IoT tables' rules, measured on the streamed rows: device status mix and
// last-seen times, devices per location, health rows for every installed month
// with uptime recomputed from outages and status, every pour inside its device's
// life and outside outages, exactly as many pours per month as device_health
// says, the 6-10pm peak in local time, product mix and readings within caps.
import { count, pct, shareWithin } from '../../../src/checks/figures.js';
import { Tally } from '../../../src/checks/tally.js';
import type { Row } from '../../../src/engine/model.js';
import * as S from '../settings.js';
import type { Settings } from '../settings.js';
import { Growable } from '../platform/growable.js';
import type { Clock, PlatformChecks } from '../platform/checks.js';
import { DAY, HOUR, monthIndex, monthStartOf } from '../time.js';
import { HOURLY_POURS, PRODUCTS, PRODUCT_TYPES, STATES, WEEKDAY_POURS } from '../vocab.js';

type Add = (name: string, ok: boolean, figure: string, info?: boolean) => void;
const STATUS = ['online', 'offline', 'maintenance', 'decommissioned'];
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
/** Share of pours the profile puts at 6-10pm local and on Friday and Saturday (before outages and month edges trim it). */
export const PEAK_SHARE = sum(HOURLY_POURS.slice(18, 22)) / sum(HOURLY_POURS);
export const WEEKEND_SHARE = (WEEKDAY_POURS[4] + WEEKDAY_POURS[5]) / sum(WEEKDAY_POURS);
/** Edge effects (outages, partial weeks and months) move those shares by well under this. */
const PROFILE_SLACK = 0.02;
/** The generator's caps; a temperature may drift up by more than any device's age allows (years is at most 20). */
const MAX_DRIFT = S.TEMPERATURE_DRIFT_PER_YEAR * 25;
const PRODUCT_CAPS = PRODUCT_TYPES.map((p) => ({
  volume: [p.volume[0] * S.MIN_VOLUME_SHARE, p.volume[0] + S.CAP_SD * p.volume[1]],
  temperature: [p.temperature[0] - S.CAP_SD * p.temperature[1], p.temperature[0] + S.CAP_SD * p.temperature[1] + MAX_DRIFT],
}));

export class IotChecks {
  private locOffset: Int8Array;
  private perLocation: Uint8Array;
  private locationAccount: Int32Array;
  // Devices, by device_id.
  private installed: Float64Array;
  private lastSeen: Float64Array;
  private status: Uint8Array;
  private account: Int32Array;
  private statuses = new Tally();
  private deviceBad = { seen: 0, before: 0, decommission: 0, account: 0 };
  // device_health: each device's first row and first month; per row its pours and outage.
  private firstRow: Float64Array;
  private firstMonth: Int32Array;
  private months: Uint16Array;
  private remaining = new Growable(Uint32Array);
  private outageFrom = new Growable(Uint32Array);
  private outageTo = new Growable(Uint32Array);
  private healthBad = { uptime: 0, months: 0, maintenance: 0, outage: 0 };
  private lastUptime: Float64Array;
  // tap_events
  /** Pours by product type, and each product_id's type (from the products rows). */
  private pours = new Float64Array(PRODUCT_TYPES.length);
  private productType = new Int8Array(PRODUCTS.length + 2).fill(-1);
  private taps = { n: 0, outside: 0, inOutage: 0, overCount: 0, peak: 0, weekend: 0, caps: 0 };

  private deviceClock: Clock;
  private tapClock: Clock;

  constructor(private s: Settings, private platform: PlatformChecks) {
    this.deviceClock = platform.clock('devices');
    this.tapClock = platform.clock('tap_events');
    const l = s.counts.locations + 1;
    const d = s.counts.devices + 1;
    this.locOffset = new Int8Array(l);
    this.perLocation = new Uint8Array(l);
    this.locationAccount = new Int32Array(l);
    this.installed = new Float64Array(d);
    this.lastSeen = new Float64Array(d);
    this.status = new Uint8Array(d);
    this.account = new Int32Array(d);
    this.firstRow = new Float64Array(d).fill(-1);
    this.firstMonth = new Int32Array(d);
    this.months = new Uint16Array(d);
    this.lastUptime = new Float64Array(d).fill(NaN);
  }

  private device(id: number): boolean {
    return Number.isInteger(id) && id > 0 && id <= this.s.counts.devices;
  }

  /** First second a device no longer pours: when it stopped reporting, or its account's end. */
  private liveEnd(d: number): number {
    const st = this.status[d];
    return st === 1 || st === 2 ? this.lastSeen[d] : this.platform.end[this.account[d]] ?? this.s.end;
  }

  observe(table: string, rows: Row[]): void {
    switch (table) {
      case 'locations':
        for (const r of rows) {
          const id = r[0] as number;
          if (id > 0 && id < this.locOffset.length) {
            this.locOffset[id] = STATES.find((x) => x.code === r[6])?.offset ?? 0;
            this.locationAccount[id] = r[1] as number;
          }
        }
        break;
      case 'products':
        for (const r of rows) {
          const id = r[0] as number;
          if (id > 0 && id < this.productType.length) this.productType[id] = PRODUCT_TYPES.findIndex((p) => p.type === r[2]);
        }
        break;
      case 'devices':
        for (const r of rows) this.deviceRow(r);
        break;
      case 'device_health':
        for (const r of rows) this.healthRow(r);
        break;
      case 'tap_events':
        for (const r of rows) this.tapRow(r);
        break;
    }
  }

  private deviceRow(r: Row): void {
    const id = r[0] as number;
    const loc = r[1] as number;
    const a = r[2] as number;
    const installed = r[6] as number;
    const status = STATUS.indexOf(r[7] as string);
    const seen = r[8] as number;
    this.deviceClock.see(installed);
    this.deviceClock.see(seen, installed);
    this.platform.countDevice(a);
    if (loc > 0 && loc < this.perLocation.length) {
      this.perLocation[loc]++;
      if (this.locationAccount[loc] !== a) this.deviceBad.account++;
    }
    const churned = this.platform.status[a] === 2 || this.platform.status[a] === 3;
    if (churned !== (status === 3)) this.deviceBad.decommission++;
    if (status >= 0 && status < 3) this.statuses.add(r[7] as string);
    const end = this.s.end;
    // Last seen follows the status: online within 15 minutes of as_of, offline within 30 days, maintenance 14, decommissioned at churn.
    const floor = status === 0 ? end - 900 : status === 1 ? end - 30 * DAY : status === 2 ? end - 14 * DAY : -Infinity;
    if (status < 0 || seen < floor || seen < installed || (status === 3 && seen > this.platform.end[a])) this.deviceBad.seen++;
    if (!this.device(id)) return;
    this.installed[id] = installed;
    this.lastSeen[id] = seen;
    this.status[id] = Math.max(0, status);
    this.account[id] = a;
  }

  private healthRow(r: Row): void {
    const d = r[1] as number;
    const month = monthIndex((r[2] as number) * DAY);
    const hasOutage = r[4] !== null;
    const os = hasOutage ? (r[4] as number) : 0;
    const oe = hasOutage ? (r[5] as number) : 0;
    this.remaining.push(r[7] as number);
    this.outageFrom.push(hasOutage ? os - this.s.start : 0);
    this.outageTo.push(hasOutage ? oe - this.s.start : 0);
    if (!this.device(d)) return;
    if (this.firstRow[d] < 0) {
      this.firstRow[d] = this.remaining.length - 1;
      this.firstMonth[d] = month;
      if (month !== monthIndex(this.installed[d])) this.healthBad.months++;
    } else if (month !== this.firstMonth[d] + this.months[d]) this.healthBad.months++;
    this.months[d]++;
    // Uptime recomputed: pouring time in the month less the outage, over installed time.
    const from = Math.max(this.installed[d], monthStartOf(month));
    const to = Math.min(this.platform.end[this.account[d]] || this.s.end, monthStartOf(month + 1));
    const liveTo = Math.max(from, Math.min(to, this.liveEnd(d)));
    const outage = oe - os;
    if (hasOutage && (os < from || oe > liveTo || outage <= 0)) this.healthBad.outage++;
    const uptime = Math.round(((liveTo - from - outage) / (to - from)) * 10_000);
    if (uptime !== r[6] || Math.round((to - from) / 360) !== r[3]) this.healthBad.uptime++;
    const stopped = this.status[d] === 2 && this.liveEnd(d) >= from && this.liveEnd(d) < to;
    if ((r[10] === true) !== (outage >= S.MAINTENANCE_HOURS * HOUR || stopped)) this.healthBad.maintenance++;
    this.lastUptime[d] = uptime / 100;
  }

  private tapRow(r: Row): void {
    const taps = this.taps;
    taps.n++;
    const d = r[1] as number;
    const t = r[2] as number;
    this.tapClock.see(t);
    const product = r[3] as number;
    const p = product > 0 && product < this.productType.length ? this.productType[product] : -1;
    if (p < 0) taps.caps++;
    else {
      this.pours[p]++;
      const cap = PRODUCT_CAPS[p];
      const v = (r[4] as number) / 10;
      const c = (r[5] as number) / 10;
      if (v < cap.volume[0] - 0.05 || v > cap.volume[1] + 0.05 || c < cap.temperature[0] - 0.05 || c > cap.temperature[1] + 0.05) taps.caps++;
    }
    const local = t + this.locOffset[this.locationOf(d)] * HOUR;
    const day = Math.floor(local / DAY);
    const hour = Math.floor((local - day * DAY) / HOUR);
    if (hour >= 18 && hour < 22) taps.peak++;
    const dow = (day + 3) % 7;
    if (dow === 4 || dow === 5) taps.weekend++;
    if (!this.device(d)) return;
    if (t < this.installed[d] || t >= this.liveEnd(d)) taps.outside++;
    const row = this.firstRow[d] + monthIndex(t) - this.firstMonth[d];
    if (this.firstRow[d] < 0 || row < this.firstRow[d] || row >= this.firstRow[d] + this.months[d]) {
      taps.overCount++;
      return;
    }
    const left = this.remaining.at(row)!;
    if (left === 0) taps.overCount++;
    else this.remaining.set(row, left - 1);
    const rel = t - this.s.start;
    if (rel >= this.outageFrom.at(row)! && rel < this.outageTo.at(row)!) taps.inOutage++;
  }

  private deviceLocation = new Int32Array(0);
  private locationOf(d: number): number {
    return d > 0 && d < this.deviceLocation.length ? this.deviceLocation[d] : 0;
  }

  /** Devices' locations for the taps' local time, once the devices have streamed. */
  rememberLocations(rows: Row[]): void {
    if (this.deviceLocation.length === 0) this.deviceLocation = new Int32Array(this.s.counts.devices + 1);
    for (const r of rows) {
      const id = r[0] as number;
      if (this.device(id)) this.deviceLocation[id] = r[1] as number;
    }
  }

  checks(add: Add): void {
    const s = this.s;
    const st = this.statuses.check(S.DEVICE_STATUSES, s.statusMix);
    add("device status mix (active accounts' devices)", st.ok, st.figure);
    let outside = 0;
    for (let l = 1; l < this.perLocation.length; l++) if (this.perLocation[l] < S.DEVICES_RANGE[0] || this.perLocation[l] > S.DEVICES_RANGE[1]) outside++;
    add('2-5 devices per location', outside === 0, `${count(outside)} locations outside; mean ${(s.counts.devices / Math.max(1, s.counts.locations)).toFixed(2)}`);
    const b = this.deviceBad;
    add('device status, last seen and account consistent', b.seen === 0 && b.decommission === 0 && b.account === 0, `${count(b.seen)} last-seen times off their status, ${count(b.decommission)} decommissioned devices not matching churned accounts, ${count(b.account)} devices on another account's location`);
    const h = this.healthBad;
    let missing = 0;
    for (let d = 1; d <= s.counts.devices; d++) {
      if (this.firstRow[d] < 0) missing++;
      else if (this.firstMonth[d] + this.months[d] - 1 !== monthIndex((this.platform.end[this.account[d]] || s.end) - 1)) missing++;
    }
    add('a health row for every month installed', h.months === 0 && missing === 0, `${count(h.months)} rows out of sequence, ${count(missing)} devices missing months`);
    add('device uptime agrees with outages and status', h.uptime === 0 && h.outage === 0 && h.maintenance === 0, `${count(h.uptime)} uptime or hours figures off the recomputed value, ${count(h.outage)} outages outside the pouring time, ${count(h.maintenance)} maintenance flags wrong`);
    let short = 0;
    for (let row = 0; row < this.remaining.length; row++) if (this.remaining.at(row) !== 0) short++;
    const t = this.taps;
    add("device_health's pours are the device's tap_events", t.overCount === 0 && short === 0, `${count(t.overCount)} pours beyond their month's count, ${count(short)} device-months short, over ${count(t.n)} pours`);
    add('pours only while the device is installed and reporting, never in an outage', t.outside === 0 && t.inOutage === 0, `${count(t.outside)} outside the device's life, ${count(t.inOutage)} during an outage`);
    const peak = shareWithin(t.n ? t.peak / t.n : 0, t.n, PEAK_SHARE - PROFILE_SLACK, PEAK_SHARE + PROFILE_SLACK);
    add('pours peak 6-10pm local time', peak.ok, `${peak.figure}; the profile gives ${pct(PEAK_SHARE)}`);
    const weekend = shareWithin(t.n ? t.weekend / t.n : 0, t.n, WEEKEND_SHARE - PROFILE_SLACK, WEEKEND_SHARE + PROFILE_SLACK);
    add('busier Fridays and Saturdays', weekend.ok, `${weekend.figure}; the profile gives ${pct(WEEKEND_SHARE)}`);
    const products = new Tally();
    PRODUCT_TYPES.forEach((p, i) => products.addMany(p.type, this.pours[i]));
    const mixed = products.check(PRODUCT_TYPES.map((p) => p.type), PRODUCT_TYPES.map((p) => p.share));
    add('product mix', mixed.ok, mixed.figure);
    add('volumes and temperatures within their caps (no outliers)', t.caps === 0, `${count(t.caps)} of ${count(t.n)} pours outside mean ±5 sd (volume at least a quarter of the mean)`);
    // Latest month's uptime by status, for information.
    const byStatus = STATUS.map((name, k) => {
      let n = 0;
      let total = 0;
      for (let d = 1; d <= s.counts.devices; d++) if (this.status[d] === k && Number.isFinite(this.lastUptime[d])) (n++, (total += this.lastUptime[d]));
      return n ? `${name} ${(total / n).toFixed(1)}%` : null;
    }).filter(Boolean);
    add('latest month uptime by device status', true, byStatus.join(', '), true);
  }

  /** Pours per device per day of pouring life, and devices online. */
  metrics(): { poursPerDeviceDay: number; online: number; devices: number } {
    let days = 0;
    let online = 0;
    for (let d = 1; d <= this.s.counts.devices; d++) {
      days += Math.max(0, this.liveEnd(d) - this.installed[d]) / DAY;
      if (this.status[d] === 0) online++;
    }
    return { poursPerDeviceDay: days ? this.taps.n / days : 0, online, devices: this.s.counts.devices };
  }
}
