// Exact counts per parent: splits a table's total over its parents in proportion
// to weights, within each parent's bounds. The seed gives exact table sizes
// ("450 devices") and per-parent ranges ("2-5 per location"); drawing counts
// independently would miss the total, so the weights carry the randomness and
// the split is exact (largest remainder, ties by index: no draws, deterministic).

/**
 * Counts c[i] with sum(c) = total and min[i] <= c[i] <= max[i], c[i] - min[i] as
 * near as the bounds allow to (total - sum(min)) * w[i] / sum(w). When the bounds
 * cannot hold the total, every parent gets its bound (the sum is then smaller or
 * larger than total: callers count the result, never assume it).
 */
export function allocate(total: number, weights: ArrayLike<number>, min: number | ArrayLike<number> = 0, max: number | ArrayLike<number> = Infinity): Int32Array {
  const n = weights.length;
  const lo = (i: number) => (typeof min === 'number' ? min : min[i]);
  const hi = (i: number) => (typeof max === 'number' ? max : max[i]);
  const out = new Int32Array(n);
  let rest = total;
  for (let i = 0; i < n; i++) {
    out[i] = lo(i);
    rest -= out[i];
  }
  if (n === 0 || rest <= 0) return out;
  // Water-filling: parents whose share would pass their cap get the cap, the rest share what is left.
  const quota = new Float64Array(n);
  const capped = new Uint8Array(n);
  for (;;) {
    let weight = 0;
    for (let i = 0; i < n; i++) if (!capped[i]) weight += Math.max(0, weights[i]);
    if (weight <= 0) {
      // No weight left: spread what remains evenly over the uncapped parents.
      let open = 0;
      for (let i = 0; i < n; i++) if (!capped[i]) open++;
      if (open === 0) break;
      for (let i = 0; i < n; i++) if (!capped[i]) quota[i] = rest / open;
    } else {
      for (let i = 0; i < n; i++) if (!capped[i]) quota[i] = (rest * Math.max(0, weights[i])) / weight;
    }
    let changed = false;
    for (let i = 0; i < n; i++) {
      const room = hi(i) - lo(i);
      if (!capped[i] && quota[i] > room) {
        capped[i] = 1;
        quota[i] = room;
        rest -= room;
        changed = true;
      }
    }
    if (!changed || rest <= 0) break;
  }
  let left = total;
  for (let i = 0; i < n; i++) {
    const q = capped[i] ? quota[i] : Math.floor(quota[i]);
    out[i] += q;
    left -= out[i];
  }
  if (left <= 0) return out;
  // Largest remainders first, ties by index: each floor lost less than one, so one pass places the rest.
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => !capped[i] && out[i] < hi(i));
  order.sort((a, b) => quota[b] - Math.floor(quota[b]) - (quota[a] - Math.floor(quota[a])) || a - b);
  for (let k = 0; k < order.length && left > 0; k++, left--) out[order[k]]++;
  return out;
}

/** Prefix sums: offsets[i] = sum of counts[0..i-1]; offsets[n] = the total. */
export function offsets(counts: ArrayLike<number>): Float64Array {
  const out = new Float64Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) out[i + 1] = out[i] + counts[i];
  return out;
}
