// Calendar helpers for the history: UTC months, local time from a fixed
// standard offset, and drawing a second from a weekly profile.
import { cumulate, type Rng } from '../../src/engine/random.js';

export const DAY = 86_400;
export const HOUR = 3_600;
export const WEEK = 7 * DAY;
export const YEAR = 365.25 * DAY;
/** An average calendar month: feature releases are counted in these from the history's start. */
export const MONTH = YEAR / 12;

/** Index of the UTC calendar month holding second t (months since 1970-01): integer civil-from-days (H. Hinnant), called per pour, so no Date. */
export function monthIndex(t: number): number {
  const z = Math.floor(t / DAY) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9; // 1..12
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return (year - 1970) * 12 + month - 1;
}

/** First second of month m (months since 1970-01). */
export function monthStartOf(m: number): number {
  return Date.UTC(1970 + Math.floor(m / 12), m % 12, 1) / 1000;
}

/** Hour of week, Monday 00:00 = 0, of local second tl (1970-01-01 was a Thursday). */
export function hourOfWeek(tl: number): number {
  const day = Math.floor(tl / DAY);
  return ((day + 3) % 7) * 24 + Math.floor((tl - day * DAY) / HOUR);
}

/** Cumulative weights of the 168 hours of a week, Monday 00:00 first. */
export function weekProfile(hourly: readonly number[], weekday: readonly number[]): number[] {
  const w: number[] = [];
  for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) w.push(weekday[d] * hourly[h]);
  return cumulate(w);
}

function searchCumulative(cum: readonly number[], x: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < cum[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A UTC second in [from, to), outside [skipFrom, skipTo), whose local time
 * (UTC + offset hours) follows the weekly profile: a week of the window at
 * random, an hour of that week by the profile, a second in the hour; draws that
 * land outside the window are drawn again. Returns -1 when 64 draws missed
 * (a window of a few seconds), so a caller can fall back.
 */
export function drawInWindow(rng: Rng, cum: readonly number[], offset: number, from: number, to: number, skipFrom = 0, skipTo = 0): number {
  const shift = offset * HOUR;
  const lf = from + shift;
  const lt = to + shift;
  const firstDay = Math.floor(lf / DAY);
  const monday = (firstDay - ((firstDay + 3) % 7)) * DAY;
  const weeks = Math.ceil((lt - monday) / WEEK);
  const total = cum[cum.length - 1];
  for (let attempt = 0; attempt < 64; attempt++) {
    const week = Math.floor(rng() * weeks);
    const h = searchCumulative(cum, rng() * total);
    const tl = monday + week * WEEK + h * HOUR + Math.floor(rng() * HOUR);
    if (tl < lf || tl >= lt) continue;
    const t = tl - shift;
    if (t >= skipFrom && t < skipTo) continue;
    return t;
  }
  return -1;
}
