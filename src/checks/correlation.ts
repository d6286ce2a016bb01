// Pearson's r over a stream of (x, y) pairs, from running sums: nothing held.
export class Pearson {
  n = 0;
  private x = 0;
  private y = 0;
  private xx = 0;
  private yy = 0;
  private xy = 0;

  add(x: number, y: number): void {
    this.n++;
    this.x += x;
    this.y += y;
    this.xx += x * x;
    this.yy += y * y;
    this.xy += x * y;
  }

  /** r, NaN when a side never varies; `whenTooFew` below two pairs. */
  r(whenTooFew = NaN): number {
    const n = this.n;
    if (n < 2) return whenTooFew;
    return (n * this.xy - this.x * this.y) / Math.sqrt((n * this.xx - this.x * this.x) * (n * this.yy - this.y * this.y));
  }
}
