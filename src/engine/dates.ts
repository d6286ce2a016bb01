// Dates as whole days since 1970-01-01 (UTC) and timestamps as whole seconds:
// cheap to draw and compare; formatted through a per-day cache because
// Date#toISOString per row is the main cost of generation otherwise.

const MS_PER_DAY = 86_400_000;

export function parseDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

const dayCache = new Map<number, string>();

export function formatDate(day: number): string {
  let s = dayCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (dayCache.size < 200_000) dayCache.set(day, s);
  }
  return s;
}

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** ISO 8601 UTC, second precision: 2024-03-01T08:15:00Z */
export function formatTimestamp(seconds: number): string {
  const day = Math.floor(seconds / 86_400);
  let rest = seconds - day * 86_400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  return `${formatDate(day)}T${two(h)}:${two(m)}:${two(rest - m * 60)}Z`;
}

export function yearMonth(day: number): { year: number; month: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() };
}

/** First day of the month `offset` months after the month containing `day`. */
export function monthStart(day: number, offset = 0): number {
  const { year, month } = yearMonth(day);
  return Date.UTC(year, month + offset, 1) / MS_PER_DAY;
}

export function daysInMonth(day: number): number {
  return monthStart(day, 1) - monthStart(day, 0);
}

/** Whole calendar months from the month of `a` to the month of `b`. */
export function monthsBetween(a: number, b: number): number {
  const x = yearMonth(a);
  const y = yearMonth(b);
  return (y.year - x.year) * 12 + (y.month - x.month);
}

/** `day` plus n calendar months, clamped to the month's length (Jan 31 + 1 = Feb 28/29). */
export function addMonths(day: number, n: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)) / MS_PER_DAY;
}
