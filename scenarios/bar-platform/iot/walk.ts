// A device's life month by month, shared by device_health and tap_events: the
// months it was installed, an outage now and then (more as it ages), and how
// many of its pours fall in each month. Both tables walk the same streams in
// the same order, so device_health's counts are exactly the tap_events rows,
// and tap_events never reads device_health.
import { binomial, type Rng } from '../../../src/engine/random.js';
import type { Plan } from '../plan.js';
import * as S from '../settings.js';
import { HOUR, YEAR, monthIndex, monthStartOf } from '../time.js';
import { MONTH_POURS } from '../vocab.js';

export const DEVICES_PER_CHUNK = 400;

export interface DeviceMonth {
  month: number; // months since 1970-01
  /** Installed part of the month: [from, to), up to the account's end. */
  from: number;
  to: number;
  /** Part of it the device could pour: up to the device's liveEnd. */
  liveTo: number;
  outageFrom: number;
  outageTo: number; // equal to outageFrom when none
  taps: number;
}

/** The device-health months of device d: from its install month to the month its account ends (or as_of). */
export function healthMonths(plan: Plan, d: number): { first: number; count: number } {
  const end = plan.accounts.end[plan.locations.account[plan.devices.location[d]]];
  const first = monthIndex(plan.devices.installed[d]);
  return { first, count: monthIndex(end - 1) - first + 1 };
}

/** Device d's months with outages and tap counts, from the chunk's outage and split streams. */
export function deviceMonths(plan: Plan, d: number, outages: Rng, split: Rng): DeviceMonth[] {
  const dev = plan.devices;
  const installed = dev.installed[d];
  const end = plan.accounts.end[plan.locations.account[dev.location[d]]];
  const { first, count } = healthMonths(plan, d);
  const months: DeviceMonth[] = [];
  for (let k = 0; k < count; k++) {
    const m = first + k;
    const from = Math.max(installed, monthStartOf(m));
    const to = Math.min(end, monthStartOf(m + 1));
    const liveTo = Math.max(from, Math.min(to, dev.liveEnd[d]));
    const age = (from - installed) / YEAR;
    let outageFrom = from;
    let outageTo = from;
    // Three draws per month whatever happens, so one month never shifts the next.
    const hit = outages();
    const length = outages();
    const at = outages();
    // An outage never covers a whole month's pouring time, so a month that can pour keeps some.
    if (liveTo - from > 2 * HOUR && hit < S.OUTAGE_BASE + S.OUTAGE_PER_YEAR * age) {
      const hours = Math.min(S.OUTAGE_MAX_HOURS, -Math.log(1 - length) * S.OUTAGE_MEAN_HOURS);
      const len = Math.min(liveTo - from - HOUR, Math.max(HOUR, Math.round(hours * HOUR)));
      outageFrom = from + Math.floor(at * (liveTo - from - len));
      outageTo = outageFrom + len;
    }
    months.push({ month: m, from, to, liveTo, outageFrom, outageTo, taps: 0 });
  }
  // The device's pours split over its months by pouring time and season (chained binomials).
  let left = dev.taps[d];
  let mass = 0;
  const weight = months.map((x) => {
    const w = (x.liveTo - x.from - (x.outageTo - x.outageFrom)) * MONTH_POURS[x.month % 12];
    mass += w;
    return w;
  });
  for (let k = 0; k < months.length && left > 0; k++) {
    const n = k === months.length - 1 || mass <= weight[k] ? left : binomial(split, left, weight[k] / mass);
    months[k].taps = weight[k] > 0 ? n : 0;
    left -= months[k].taps;
    mass -= weight[k];
  }
  return months;
}

/** Firmware release index of device d at second t: releases spread over the history, each reaching the device after its own lag. */
export function firmwareAt(plan: Plan, d: number, t: number, releases: number): number {
  const s = plan.s;
  const lag = plan.devices.firmwareLag[d];
  const r = Math.floor(((t - lag - s.start) / (s.end - s.start)) * releases);
  return Math.max(0, Math.min(releases - 1, r));
}
