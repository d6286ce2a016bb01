// Shared formatting and tolerance rules for check figures.

export function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function dollars(cents: number): string {
  return '$' + Math.round(cents / 100).toLocaleString('en-US');
}

/**
 * Sampling slack for an observed share p over n draws: three standard errors.
 * A target band is widened by it, so small runs are judged fairly and large
 * runs tightly; the figure always states the slack used.
 */
export function slack(p: number, n: number): number {
  if (n <= 0) return 1;
  return 3 * Math.sqrt(Math.max(p * (1 - p), 0.0025) / n);
}

/** Whether an observed share over n draws is inside [lo, hi] widened by its sampling slack. */
export function shareWithin(observed: number, n: number, lo: number, hi: number): { ok: boolean; figure: string } {
  const s = slack(observed, n);
  const ok = observed >= lo - s && observed <= hi + s;
  return { ok, figure: `${pct(observed)} of ${count(n)} (target ${pct(lo, 0)}-${pct(hi, 0)}, ±${pct(s)} for sample size)` };
}

/** Whether an observed share over n draws is within sampling slack of its target. */
export function shareNear(observed: number, n: number, target: number): { ok: boolean; figure: string } {
  const s = slack(target, n);
  const ok = Math.abs(observed - target) <= s;
  return { ok, figure: `${pct(observed)} of ${count(n)} (target ${pct(target)}, ±${pct(s)} for sample size)` };
}
