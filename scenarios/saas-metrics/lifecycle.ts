// One customer's life, rebuilt from its index: signup cohort, plan, price, the
// upgrades and downgrades it makes, and when (if ever) it churns. The customers,
// subscriptions and mrr_movements tables are all views of these lives, so each
// table can rebuild any customer from its index and its chunk's random stream.
import { apportion, cumulate, intBetween, pickCumulative, pick, type Rng } from '../../src/engine/random.js';
import { addMonths, monthStart } from '../../src/engine/dates.js';
import { COMPANY_STEMS, COMPANY_WORDS, EMAIL_TLDS, FIRST_NAMES, LAST_NAMES } from '../shared/names.js';

export const TIERS = ['Starter', 'Pro', 'Enterprise'] as const;
export type Tier = 0 | 1 | 2;
/** Seed §1: 50% Starter, 35% Pro, 15% Enterprise. */
export const TIER_WEIGHTS = [0.5, 0.35, 0.15];
/** Seed §4: monthly price bands in whole dollars. */
export const PRICE_BANDS: ReadonlyArray<readonly [number, number]> = [
  [29, 99],
  [199, 499],
  [999, 2999],
];

/**
 * Seed §2.2 cohort retention, the middle of each band, by month of tenure.
 * The churn hazard per tenure month follows this curve, scaled by churn_rate.
 */
export const RETENTION_ANCHORS: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [1, 0.925],
  [3, 0.825],
  [6, 0.725],
  [12, 0.625],
  [24, 0.525],
];
/** Average monthly churn of the reference curve over tenure months 1-6. */
export const REFERENCE_EARLY_CHURN = 1 - Math.pow(0.725, 1 / 6);

/** Share of a cohort's signups in the first month: the launch cohort that makes month-1 MRR about $50K. */
export const LAUNCH_WEIGHT = 4.5;
/** Later months' signup weights decline linearly from 1 to this (seed §1: "declining over time"). */
export const LATE_WEIGHT = 0.5;
/** The first customers carry the seed's edge cases (seed §2.5). */
export const EDGE_CASES = 4;
/** Plan changes need a day each and a day at both ends: a life this long (in days) fits all of them (at most 3). */
export const DAYS_FOR_CHANGES = 5;
/** Share of Starter upgraders who upgrade a second time, to Enterprise (seed §2.5). */
export const SECOND_UPGRADE_SHARE = 0.25;

export interface Window {
  start: number; // first day
  end: number; // last day, inclusive
  months: number;
}

export interface Settings {
  customers: number;
  window: Window;
  churnRate: number;
  upgradeRate: number;
  downgradeRate: number;
}

export interface Segment {
  tier: Tier;
  mrr: number; // whole dollars
  start: number;
  end: number | null; // null while open
}

export interface Life {
  index: number;
  email: string;
  signup: number;
  churn: number | null; // day the last subscription ended, null if active
  segments: Segment[];
}

/** Hazard of churning in tenure month t (1-based) for the reference curve. */
function referenceHazard(t: number): number {
  for (let k = 1; k < RETENTION_ANCHORS.length; k++) {
    const [a, sa] = RETENTION_ANCHORS[k - 1];
    const [b, sb] = RETENTION_ANCHORS[k];
    if (t <= b) return 1 - Math.pow(sb / sa, 1 / (b - a));
  }
  const [a, sa] = RETENTION_ANCHORS[RETENTION_ANCHORS.length - 2];
  const [b, sb] = RETENTION_ANCHORS[RETENTION_ANCHORS.length - 1];
  return 1 - Math.pow(sb / sa, 1 / (b - a));
}

/** Everything derived from settings alone, computed once per table chunk. */
export class LifeModel {
  readonly cohortStarts: number[]; // first customer index of each cohort month
  readonly monthFirstDay: number[];
  readonly hazard: number[];
  readonly tierCumulative = cumulate(TIER_WEIGHTS);
  readonly upgradeChance: number;
  readonly downgradeChance: number;

  constructor(readonly s: Settings) {
    const { months, start } = s.window;
    const weights = Array.from({ length: months }, (_, m) =>
      m === 0 ? LAUNCH_WEIGHT : months === 2 ? 1 : 1 - ((1 - LATE_WEIGHT) * (m - 1)) / Math.max(1, months - 2),
    );
    const counts = apportion(s.customers, weights);
    let at = 0;
    this.cohortStarts = counts.map((c) => ((at += c), at - c));
    this.monthFirstDay = Array.from({ length: months + 1 }, (_, m) => monthStart(start, m));
    const scale = s.churnRate / REFERENCE_EARLY_CHURN;
    this.hazard = Array.from({ length: months + 2 }, (_, t) => (t === 0 ? 0 : Math.min(0.95, referenceHazard(t) * scale)));
    // The seed states upgrade/downgrade shares of all customers; only some can move.
    const canUpgrade = TIER_WEIGHTS[0] + TIER_WEIGHTS[1];
    this.upgradeChance = Math.min(1, s.upgradeRate / canUpgrade);
    const canDowngrade = TIER_WEIGHTS[1] + TIER_WEIGHTS[2] + TIER_WEIGHTS[0] * this.upgradeChance;
    this.downgradeChance = Math.min(1, s.downgradeRate / canDowngrade);
  }

  cohortOf(index: number): number {
    let lo = 0;
    let hi = this.cohortStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cohortStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Rebuilds customer `index`; draws from rng in a fixed order. */
  life(index: number, rng: Rng): Life {
    const { window } = this.s;
    const cohort = this.cohortOf(index);
    // The first cohort month starts at start_date, which need not be the 1st.
    const monthFirst = Math.max(this.monthFirstDay[cohort], window.start);
    const monthLast = Math.min(this.monthFirstDay[cohort + 1] - 1, window.end);
    let signup = intBetween(rng, monthFirst, monthLast);
    // The edge cases below sign up on the window's first day, so they fit in any window of 5+ days.
    if (index < EDGE_CASES) signup = window.start;

    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const company = pick(rng, COMPANY_STEMS) + pick(rng, COMPANY_WORDS);
    const style = Math.floor(rng() * 3);
    const local = style === 0 ? `${first}.${last}` : style === 1 ? `${first[0]}${last}` : `${first}_${last}${index % 97}`;
    const email = `${local}@${company}.${pick(rng, EMAIL_TLDS)}`;

    let tier = pickCumulative(rng, this.tierCumulative) as Tier;
    let mrr = this.price(rng, tier);

    // Churn: walk tenure months until the hazard fires or the window ends.
    let churn: number | null = null;
    for (let t = 1; ; t++) {
      const from = addMonths(signup, t - 1);
      if (from > window.end) break;
      const draw = rng();
      if (draw < this.hazard[Math.min(t, this.hazard.length - 1)]) {
        const to = Math.min(addMonths(signup, t), window.end + 1);
        const day = intBetween(rng, from + 1, Math.max(from + 1, to - 1));
        if (day <= window.end) churn = day;
        break;
      }
    }

    let upgrades = 0;
    if (tier < 2 && rng() < this.upgradeChance) upgrades = tier === 0 && rng() < SECOND_UPGRADE_SHARE ? 2 : 1;
    let downgrade = rng() < this.downgradeChance && tier + upgrades > 0;

    // Seed §2.5 edge cases, pinned to the first customers of the launch cohort so
    // they exist at any seed: upgrade twice and stay 24+ months; upgrade then
    // downgrade; churn in month 1; Enterprise above $2K.
    if (index === 0) {
      tier = 0;
      mrr = this.price(rng, 0);
      upgrades = 2;
      downgrade = false;
      churn = null;
    } else if (index === 1) {
      tier = 0;
      mrr = this.price(rng, 0);
      upgrades = 1;
      downgrade = true;
      churn = null;
    } else if (index === 2) {
      upgrades = 0;
      downgrade = false;
      const day = Math.min(signup + intBetween(rng, 3, 20), window.end);
      churn = day > signup ? day : null;
    } else if (index === 3) {
      tier = 2;
      mrr = intBetween(rng, 2000, PRICE_BANDS[2][1]);
      upgrades = 0;
      downgrade = false;
      churn = null;
    }

    const lifeEnd = churn ?? window.end + 1;
    const changes = upgrades + (downgrade ? 1 : 0);
    const segments: Segment[] = [];
    let start = signup;
    if (changes > 0 && lifeEnd - signup > changes + 1) {
      const fractions = Array.from({ length: changes }, () => rng()).sort((a, b) => a - b);
      let prev = signup;
      for (let k = 0; k < changes; k++) {
        // Each change at least a day after the one before and before the life ends.
        const day = Math.max(prev + 1, Math.min(lifeEnd - (changes - k), signup + 1 + Math.floor(fractions[k] * (lifeEnd - signup - 1))));
        segments.push({ tier, mrr, start, end: day });
        const next = (k < upgrades ? tier + 1 : tier - 1) as Tier;
        tier = next;
        mrr = this.price(rng, tier);
        start = day;
        prev = day;
      }
    }
    segments.push({ tier, mrr, start, end: churn });
    return { index, email, signup, churn, segments };
  }

  /** Whole dollars in the tier's band, leaning to its upper end (mean at 2/3 of the band). */
  price(rng: Rng, tier: Tier): number {
    const [lo, hi] = PRICE_BANDS[tier];
    return lo + Math.floor(Math.sqrt(rng()) * (hi - lo + 1));
  }
}
