// Remembered primary keys for foreign-key checks. Small non-negative integer keys
// (the usual 1..N ids) live in a byte map, one byte per id instead of a Set
// entry (~50 bytes). Other keys of a table that emits them in ascending order
// (Stripe's string ids) live in a plain array, found by binary search: a pointer
// each instead of a hash table entry (a million ids: ~55 MB instead of ~100).
// Anything else falls back to a Set.
const MAX_DENSE = 2 ** 31;

export class KeySet {
  private dense = new Uint8Array(1024);
  private denseCount = 0;
  /** The smallest and largest dense key: date keys (20251201) start far from 0, so a scan of the map starts and ends here. */
  private low = Infinity;
  private high = -1;
  private sparse: Set<string | number> | null = null;
  private sorted: (string | number)[] | null = null;

  /** ascending: the table declares keys in ascending order (a key out of order moves them all to a Set). */
  constructor(private ascending = false) {}

  add(key: string | number): void {
    if (this.sorted !== null) {
      const s = this.sorted;
      if (typeof key === typeof s[0] && key > s[s.length - 1]) s.push(key);
      else {
        this.sparse = new Set(s);
        this.sorted = null;
        this.sparse.add(key);
      }
      return;
    }
    if (this.sparse === null && typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < MAX_DENSE) {
      if (key >= this.dense.length) {
        let size = this.dense.length;
        while (size <= key) size *= 2;
        const grown = new Uint8Array(size);
        grown.set(this.dense);
        this.dense = grown;
      }
      if (this.dense[key] === 0) this.denseCount++;
      if (key < this.low) this.low = key;
      if (key > this.high) this.high = key;
      this.dense[key] = 1;
      return;
    }
    if (this.ascending && this.sparse === null && this.denseCount === 0) {
      this.dense = new Uint8Array(0);
      this.sorted = [key];
      return;
    }
    this.toSparse().add(key);
  }

  has(key: string | number): boolean {
    if (this.sorted !== null) return this.findSorted(key);
    if (this.sparse !== null) return this.sparse.has(key);
    return typeof key === 'number' && key >= 0 && key < this.dense.length && this.dense[key] === 1;
  }

  /** The byte map (index = key, 1 = present) while every key fits it, and the keys' span [from, to); null once they went to a Set or an array. */
  get denseMap(): { map: Uint8Array; from: number; to: number } | null {
    if (this.sparse !== null || this.sorted !== null) return null;
    return this.high < 0 ? { map: this.dense, from: 0, to: 0 } : { map: this.dense, from: this.low, to: this.high + 1 };
  }

  private findSorted(key: string | number): boolean {
    const s = this.sorted!;
    if (typeof key !== typeof s[0]) return false;
    let lo = 0;
    let hi = s.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = s[mid];
      if (v === key) return true;
      if (v < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Moves every dense key into a Set once a key that does not fit arrives. */
  private toSparse(): Set<string | number> {
    if (this.sparse === null) {
      this.sparse = new Set();
      for (let i = 0; i < this.dense.length; i++) if (this.dense[i]) this.sparse.add(i);
      this.dense = new Uint8Array(0);
    }
    return this.sparse;
  }
}
