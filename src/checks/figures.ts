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
 * Chance that a correct generator strays past a statistical check's tolerance:
 * one in a million per check, so a run with dozens of checks still passes reliably.
 */
export const FALSE_ALARM = 1e-6;
const LOG_TERM = Math.log(2 / FALSE_ALARM);

/**
 * Bernstein's inequality: how far a sum of n independent draws, each with the given
 * variance and never more than `range` from its mean, may stray from its expected
 * value with probability FALSE_ALARM. It holds at any n: for large samples it is about
 * 5.4 standard errors, and the range term is the floor that keeps tiny samples fair.
 */
export function sumTolerance(n: number, variance: number, range: number): number {
  if (n <= 0) return 0;
  const a = (range * LOG_TERM) / 3;
  return a + Math.sqrt(a * a + 2 * n * Math.max(0, variance) * LOG_TERM);
}

/** Tolerance of an observed share over n independent yes/no draws whose true share is p. */
export function shareTolerance(p: number, n: number): number {
  if (n <= 0) return 1;
  return sumTolerance(n, p * (1 - p), 1) / n;
}

/** Whether an observed share over n draws, each with a chance somewhere in [lo, hi], is inside [lo, hi] widened by its tolerance. */
export function shareWithin(observed: number, n: number, lo: number, hi: number): { ok: boolean; tol: number; figure: string } {
  // The widest variance any chance in [lo, hi] gives.
  const p = lo > 0.5 ? lo : hi < 0.5 ? hi : 0.5;
  const tol = shareTolerance(p, n);
  const ok = n === 0 || (observed >= lo - tol && observed <= hi + tol);
  return { ok, tol, figure: `${pct(observed)} of ${count(n)} (range ${pct(lo, 0)}-${pct(hi, 0)}, ±${pct(tol)} for sample size)` };
}

/** Whether an observed share over n draws is within its tolerance of the target share. */
export function shareNear(observed: number, n: number, target: number): { ok: boolean; figure: string } {
  const tol = shareTolerance(target, n);
  const ok = n === 0 || Math.abs(observed - target) <= tol;
  return { ok, figure: `${pct(observed)} of ${count(n)} (target ${pct(target)}, ±${pct(tol)} for sample size)` };
}
