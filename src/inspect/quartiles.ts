// Quartiles by linear interpolation between closest ranks (numpy.percentile's default,
// SQL's percentile_cont), for engines that have none of their own.
export function quartilesOf(values: Float64Array): [number, number, number] {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
  };
  return [at(0.25), at(0.5), at(0.75)];
}
