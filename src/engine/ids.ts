// Stripe-style IDs built from a row's index: a keyed permutation of the index
// (a 4-round Feistel network on two 32-bit halves) printed as 16 hex digits.
// A permutation never repeats, so IDs are unique by construction and any child
// can rebuild its parent's ID from the parent's index without a lookup.

function mix(x: number, key: number): number {
  let h = Math.imul(x ^ key, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Derives four 32-bit round keys from a seed and a namespace (e.g. "cus"). */
export function idKeys(seed: number, namespace: string): number[] {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < namespace.length; i++) h = Math.imul(h ^ namespace.charCodeAt(i), 16777619);
  const keys: number[] = [];
  for (let r = 0; r < 4; r++) keys.push(mix(h >>> 0, 0x9e3779b9 * (r + 1)));
  return keys;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** 16 hex digits, unique for every index in [0, 2^53). */
export function permutedHex(index: number, keys: readonly number[]): string {
  let hi = Math.floor(index / 0x100000000) >>> 0;
  let lo = index >>> 0;
  for (let r = 0; r < 4; r++) {
    const next = (hi ^ mix(lo, keys[r])) >>> 0;
    hi = lo;
    lo = next;
  }
  return hex8(hi) + hex8(lo);
}

export function stripeId(prefix: string, index: number, keys: readonly number[]): string {
  return `${prefix}_${permutedHex(index, keys)}`;
}
