// Named random streams. Every table chunk draws from its own alea stream seeded by
// (seed, scenario, table, chunk[, name]), never from one stream shared in table
// order: so a table's rows do not depend on which tables ran before it, how the
// work is batched, or how many workers split it.
import seedrandom from 'seedrandom';

export type Rng = () => number;

export function streamKey(seed: number, scenario: string, table: string, chunk: number, name = ''): string {
  return `${seed}/${scenario}/${table}/${chunk}${name ? '/' + name : ''}`;
}

export function stream(seed: number, scenario: string, table: string, chunk: number, name = ''): Rng {
  return seedrandom.alea(streamKey(seed, scenario, table, chunk, name));
}

/** Integer in [lo, hi], inclusive. */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Index drawn from cumulative weights (ascending, last = total). */
export function pickCumulative(rng: Rng, cumulative: readonly number[]): number {
  const x = rng() * cumulative[cumulative.length - 1];
  let i = 0;
  while (i < cumulative.length - 1 && x >= cumulative[i]) i++;
  return i;
}

export function cumulate(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Standard normal draw (Box-Muller, one value per call). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Poisson draw (Knuth for small means, normal approximation above 30). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

/**
 * Splits `total` into integer counts proportional to `weights` (largest remainder),
 * so group sizes are exact and derivable without drawing.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length].i]++;
  return counts;
}

/** Binomial draw: exact for small n, normal approximation for large n. */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n < 60) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng() < p) k++;
    return k;
  }
  const x = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal(rng));
  return Math.min(n, Math.max(0, x));
}

/** Splits n draws over categories with the given weights (chained binomials). */
export function multinomial(rng: Rng, n: number, weights: readonly number[]): number[] {
  const out = new Array<number>(weights.length).fill(0);
  let left = n;
  let mass = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length && left > 0; i++) {
    if (i === weights.length - 1) out[i] = left;
    else out[i] = mass > 0 ? binomial(rng, left, weights[i] / mass) : 0;
    left -= out[i];
    mass -= weights[i];
  }
  return out;
}

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}
