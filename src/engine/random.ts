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

/**
 * Standard normal draws using both values of each Box-Muller pair: half the logs,
 * roots and draws of normal() where a generator needs several per row.
 */
export function normalSource(rng: Rng): () => number {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const a = 2 * Math.PI * rng();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}

/** Poisson draw: Knuth's product method below a mean of 10, Hormann's PTRS rejection above (exact, ~2 draws). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean >= 10) return poissonPtrs(rng, mean);
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

function poissonPtrs(rng: Rng, lam: number): number {
  const slam = Math.sqrt(lam);
  const loglam = Math.log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng() - 0.5;
    const v = rng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lam + k * loglam - logFactorial(k)) return k;
  }
}

const LOG_FACTORIALS: number[] = [0];
/** ln(k!): a table for small k, Stirling's series above. */
function logFactorial(k: number): number {
  if (k < 256) {
    while (LOG_FACTORIALS.length <= k) LOG_FACTORIALS.push(LOG_FACTORIALS[LOG_FACTORIALS.length - 1] + Math.log(LOG_FACTORIALS.length));
    return LOG_FACTORIALS[k];
  }
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3);
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
