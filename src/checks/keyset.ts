// Remembered primary keys for foreign-key checks. Small non-negative integer keys
// (the usual 1..N ids) live in a byte map, one byte per id instead of a Set
// entry (~50 bytes); anything else falls back to a Set.
const MAX_DENSE = 2 ** 31;

export class KeySet {
  private dense = new Uint8Array(1024);
  private sparse: Set<string | number> | null = null;

  add(key: string | number): void {
    if (this.sparse === null && typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < MAX_DENSE) {
      if (key >= this.dense.length) {
        let size = this.dense.length;
        while (size <= key) size *= 2;
        const grown = new Uint8Array(size);
        grown.set(this.dense);
        this.dense = grown;
      }
      this.dense[key] = 1;
      return;
    }
    this.toSparse().add(key);
  }

  has(key: string | number): boolean {
    if (this.sparse !== null) return this.sparse.has(key);
    return typeof key === 'number' && key >= 0 && key < this.dense.length && this.dense[key] === 1;
  }

  /** The byte map (index = key, 1 = present) while every key fits it; null once they went to a Set. */
  get denseMap(): Uint8Array | null {
    return this.sparse === null ? this.dense : null;
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
