// Mixes: a parameter of named shares (plan mix, industry mix), as the scenarios
// declare, validate and read them.
import type { ParamSpec, Params } from '../../src/engine/model.js';

export type Mix = Record<string, number>;

/** A map parameter of shares with the default's names, each weight from 0 to 1000. */
export const mixParam = (name: string, def: Mix, help: string): ParamSpec => ({ name, type: 'map', default: def, keys: Object.keys(def), min: 0, max: 1000, help });

/** The weights of a mix in the order of `keys` (a missing name weighs 0). */
export const inOrder = (mix: Mix, keys: readonly string[]) => keys.map((k) => mix[k] ?? 0);

/** The first of the named mixes whose weights are all 0, as an error message; null when each has one. */
export function allZeroMix(p: Params, names: readonly string[]): string | null {
  const name = names.find((n) => Object.values(p[n] as Mix).every((w) => w === 0));
  return name ? `${name} is all 0; give at least one entry a weight` : null;
}
