// A growable typed array: per-row facts of tables too big for plain JS arrays
// (10M sessions at PRODUCTION), in the narrowest type that holds them.
type Typed = Float64Array | Uint32Array | Uint16Array;
type Kind = new (n: number) => Typed;

export class Growable {
  private data: Typed;
  length = 0;

  /** capacity: the expected length, when known, so a big array is made once instead of doubled into place. */
  constructor(private kind: Kind = Float64Array, capacity = 1024) {
    this.data = new kind(Math.max(16, capacity));
  }

  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new this.kind(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }

  set(i: number, x: number): void {
    this.data[i] = x;
  }

  at(i: number): number | undefined {
    return i >= 0 && i < this.length ? this.data[i] : undefined;
  }
}
