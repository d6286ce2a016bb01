// Children per parent row along one foreign key, for the relationship
// cardinalities of the summary. Counted only for parents whose key is one
// non-negative integer column (the usual 1..N ids): one byte per parent key,
// like KeySet, holding the count modulo 256, and the carries in a Map touched
// once per 256 children of a parent, so the hot path is a byte increment and a
// parent of 200M rows costs 200 MB here, not 800.
const MAX_DENSE = 2 ** 31;

export class ChildCounts {
  private counts = new Uint8Array(1024);
  /** Parent key -> its children / 256 (whole). */
  private carries = new Map<number, number>();
  /** A reference that is not a small non-negative integer arrived: no figure. */
  gaveUp = false;

  /** One child row referencing parent key `key` (which resolved in the parent). */
  add(key: string | number): void {
    if (this.gaveUp) return;
    if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= MAX_DENSE) {
      this.gaveUp = true;
      this.counts = new Uint8Array(0);
      this.carries.clear();
      return;
    }
    if (key >= this.counts.length) this.grow(key);
    const c = (this.counts[key] + 1) & 255;
    this.counts[key] = c;
    if (c === 0) this.carries.set(key, (this.carries.get(key) ?? 0) + 1); // the byte wrapped: 256 more
  }

  /** Children of parent key `key` so far. */
  of(key: number): number {
    const c = key < this.counts.length ? this.counts[key] : 0;
    return (this.carries.get(key) ?? 0) * 256 + c;
  }

  private grow(key: number): void {
    let size = Math.max(1, this.counts.length);
    while (size <= key) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.counts);
    this.counts = grown;
  }
}

/** min / mean / max children over every parent key in `parents` (KeySet.denseMap, keys from..to-1), parents without children counting 0. */
export function cardinality(parents: { map: Uint8Array; from: number; to: number }, children: ChildCounts): { parents: number; min: number; mean: number; max: number } {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = 0;
  const { map, from, to } = parents;
  for (let k = from; k < to; k++) {
    if (map[k] !== 1) continue;
    const c = children.of(k);
    n++;
    sum += c;
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return { parents: n, min: n ? min : 0, mean: n ? sum / n : 0, max };
}
