// Children per parent row along one foreign key, for the relationship
// cardinalities of the summary. Counted only for parents whose key is one
// non-negative integer column (the usual 1..N ids): one byte per parent key,
// like KeySet, and the exact count in a Map for the few parents with 255 or more
// children (at most children / 255 of them), so a parent of 200M rows costs
// 200 MB here, not 800.
const MAX_DENSE = 2 ** 31;
const MANY = 255;

export class ChildCounts {
  private counts = new Uint8Array(1024);
  private many = new Map<number, number>();
  /** A reference that is not a small non-negative integer arrived: no figure. */
  gaveUp = false;

  /** One child row referencing parent key `key` (which resolved in the parent). */
  add(key: string | number): void {
    if (this.gaveUp) return;
    if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= MAX_DENSE) {
      this.gaveUp = true;
      this.counts = new Uint8Array(0);
      this.many.clear();
      return;
    }
    if (key >= this.counts.length) this.grow(key);
    const c = this.counts[key];
    if (c < MANY - 1) this.counts[key] = c + 1;
    else if (c === MANY - 1) {
      this.counts[key] = MANY;
      this.many.set(key, MANY);
    } else this.many.set(key, this.many.get(key)! + 1);
  }

  /** Children of parent key `key` so far. */
  of(key: number): number {
    const c = key < this.counts.length ? this.counts[key] : 0;
    return c === MANY ? this.many.get(key)! : c;
  }

  private grow(key: number): void {
    let size = Math.max(1, this.counts.length);
    while (size <= key) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.counts);
    this.counts = grown;
  }
}

/** min / mean / max children over every parent key in `parents` (KeySet.denseMap), parents without children counting 0. */
export function cardinality(parents: Uint8Array, children: ChildCounts): { parents: number; min: number; mean: number; max: number } {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = 0;
  for (let k = 0; k < parents.length; k++) {
    if (parents[k] !== 1) continue;
    const c = children.of(k);
    n++;
    sum += c;
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return { parents: n, min: n ? min : 0, mean: n ? sum / n : 0, max };
}
