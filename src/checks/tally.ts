// Counts of a categorical column, checked share by share against the weights
// the parameters give, each within its tolerance for the sample size.
import { count, pct, shareTolerance } from './figures.js';

export class Tally {
  counts = new Map<string, number>();
  n = 0;
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.n++;
  }
  /** n rows of one key at once (rows counted elsewhere, by index). */
  addMany(key: string, n: number): void {
    if (n > 0) this.counts.set(key, (this.counts.get(key) ?? 0) + n);
    this.n += n;
  }
  /** Each share against its target (normalised weights), within its tolerance for the sample size. */
  check(keys: string[], weights: number[]): { ok: boolean; figure: string } {
    const total = weights.reduce((a, b) => a + b, 0);
    let ok = true;
    const parts = keys.map((k, i) => {
      const target = weights[i] / total;
      const observed = this.n ? (this.counts.get(k) ?? 0) / this.n : 0;
      if (this.n > 0 && Math.abs(observed - target) > shareTolerance(target, this.n)) ok = false;
      return `${k} ${pct(observed)} (${pct(target, 0)})`;
    });
    const unknown = [...this.counts.keys()].filter((k) => !keys.includes(k));
    if (unknown.length) ok = false;
    return { ok, figure: `${parts.join(', ')}${unknown.length ? `; unexpected ${unknown.join(', ')}` : ''}; ±${pct(shareTolerance(0.5, this.n))} or less for ${count(this.n)}` };
  }
}
