// Stripe object ids: a prefix (cus_, sub_, in_, ...), then 24 base-62 characters, as
// Stripe's look. Like Stripe's, they sort by creation: a '1', the object's index
// in 7 base-62 digits, then 16 characters hashed from (salt, index). So ids are
// unique, ascend in table order (the uniqueness check needs no memory), and the
// index can be read back for checks, with no random stream involved.
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const INDEX_DIGITS = 7;

/** 32-bit integer hash (lowbias32 by C. Wellons): good avalanche, no state. */
function hash32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export function stripeId(prefix: string, index: number, salt: number): string {
  let head = '';
  for (let k = 0, v = index; k < INDEX_DIGITS; k++, v = Math.floor(v / 62)) head = B62[v % 62] + head;
  let tail = '';
  for (let part = 0; part < 4; part++) {
    let h = hash32((salt ^ hash32(index + part * 0x9e3779b9)) >>> 0);
    for (let k = 0; k < 4; k++, h = Math.floor(h / 62)) tail += B62[h % 62];
  }
  return `${prefix}_1${head}${tail}`;
}

/** The index a stripeId carries, or -1 when the id is not one of this prefix's. */
export function indexOfId(prefix: string, id: unknown): number {
  if (typeof id !== 'string' || !id.startsWith(prefix + '_1') || id.length !== prefix.length + 2 + INDEX_DIGITS + 16) return -1;
  let v = 0;
  for (let k = 0; k < INDEX_DIGITS; k++) {
    const d = B62.indexOf(id[prefix.length + 2 + k]);
    if (d < 0) return -1;
    v = v * 62 + d;
  }
  return v;
}

/** A salt per object type, so cus_ and sub_ of the same index share no tail. */
export function saltOf(seed: number, prefix: string): number {
  let h = hash32(seed >>> 0);
  for (let i = 0; i < prefix.length; i++) h = hash32(h ^ prefix.charCodeAt(i));
  return h;
}
