// Seed 000's assumptions, weights and defaults in one place, and the typed
// settings a run derives from its parameters.
import { parseDate } from '../../src/engine/dates.js';
import type { Params } from '../../src/engine/model.js';

export const DEFAULT_CITIES = ['Minneapolis', 'St Paul', 'Eden Prairie', 'Bloomington', 'Hopkins', 'Plymouth', 'St Louis Park', 'Edina'];
export const CITY_FACTOR: Record<string, number> = {
  Minneapolis: 1.0,
  'St Paul': 0.85,
  'Eden Prairie': 0.45,
  Bloomington: 0.55,
  Hopkins: 0.35,
  Plymouth: 0.5,
  'St Louis Park': 0.4,
  Edina: 0.48,
};
/** A city the seed does not list: a suburb-sized factor. */
export const OTHER_CITY_FACTOR = 0.5;
/** Seed geography (Twin Cities metro); region and population bucket per city. */
export const CITY_INFO: Record<string, { state: string; region: string; bucket: 'S' | 'M' }> = {
  Minneapolis: { state: 'MN', region: 'Core', bucket: 'M' },
  'St Paul': { state: 'MN', region: 'Core', bucket: 'M' },
  'Eden Prairie': { state: 'MN', region: 'Southwest Metro', bucket: 'S' },
  Bloomington: { state: 'MN', region: 'South Metro', bucket: 'M' },
  Hopkins: { state: 'MN', region: 'West Metro', bucket: 'S' },
  Plymouth: { state: 'MN', region: 'Northwest Metro', bucket: 'S' },
  'St Louis Park': { state: 'MN', region: 'West Metro', bucket: 'S' },
  Edina: { state: 'MN', region: 'Southwest Metro', bucket: 'S' },
};
export const OTHER_CITY = { state: 'MN', region: 'Other', bucket: 'S' as const };

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Seed values Dec-Sep; Oct and Nov, which the seed's range never reaches, are assumptions. */
export const SEASONALITY: Record<string, number> = { Jan: 1.3, Feb: 1.1, Mar: 1.05, Apr: 1.0, May: 0.95, Jun: 0.9, Jul: 0.92, Aug: 0.95, Sep: 1.0, Oct: 1.0, Nov: 1.05, Dec: 1.15 };
export const WEEKEND_MULT = 0.85;
export const BASE_SIGNUPS_PER_DAY = 10;
export const MIN_SIGNUP_MEAN = 0.3;

export const SOURCES = ['Web', 'Referral', 'Event'];
export const SOURCE_WEIGHTS: Record<string, number> = { Web: 0.6, Referral: 0.27, Event: 0.13 };
export const WANTS_TRAINER_RATE = 0.35;

export const CREDENTIALS = ['Coach', 'LPC', 'LMFT', 'RD'];
export const CAPACITY_RANGE: Record<string, [number, number]> = { Coach: [14, 28], LPC: [12, 22], LMFT: [12, 22], RD: [10, 18] };
/** The seed leaves affinity open: each credential leans to the program its training fits. */
export const CREDENTIAL_AFFINITY: Record<string, string> = { Coach: 'Movement', RD: 'Nutrition', LPC: 'Stress', LMFT: 'Stress' };
export const MAX_ONBOARDING_DAYS = 90;
export const SESSION_LENGTHS = [45, 50, 55, 60];

export const DEFAULT_PROGRAMS = ['Movement', 'Nutrition', 'Stress', 'Weight Loss Goal'];
export const PRICES: Record<string, number> = { Movement: 75, Nutrition: 95, Stress: 100, 'Weight Loss Goal': 85 };
export const OTHER_PROGRAM_PRICE = 90;
export const FOCUS_AREA: Record<string, string> = { Movement: 'Physical activity', Nutrition: 'Diet', Stress: 'Mental health', 'Weight Loss Goal': 'Weight management' };
export const NO_SHOW_RANGE: Record<string, [number, number]> = { Movement: [0.06, 0.14], Nutrition: [0.05, 0.12], Stress: [0.08, 0.16], 'Weight Loss Goal': [0.06, 0.14] };
export const OTHER_NO_SHOW_RANGE: [number, number] = [0.06, 0.14];

export const BASE_WAITLIST_RATE = 0.2;
export const WAITLIST_PROGRAM_SPLIT = [0.28, 0.26, 0.24, 0.22];
export const WAITLIST_CONV_RANGE: [number, number] = [0.55, 0.85];
export const BASE_REQUEST_SHARE = 0.4;
export const REQUEST_PROGRAM_SPLIT = [0.3, 0.25, 0.25, 0.2];
export const UTIL_RANGE: [number, number] = [0.8, 0.95];
export const AFFINITY_WEIGHT = 1.2;
export const CANCEL_RANGE: [number, number] = [0.02, 0.06];
export const TIME_TO_MATCH = { hoursPerPressure: 36, sd: 6, min: 6, max: 168 };

export const LAG_DAYS = [0, 1, 2, 3, 4, 5];
export const LAG_PROBS = [0.25, 0.3, 0.2, 0.15, 0.07, 0.03];
export const CSAT = { mean: 4.3, sd: 0.25, min: 3.2, max: 5.0 };
export const OUTCOME = { perSession: 0.08, sd: 0.05 };

export const REFUND_MAX = 0.03;
export const PAYOUT_RANGE: [number, number] = [0.55, 0.7];
export const MARKETING_PER_SIGNUP: [number, number] = [2.0, 5.0];
export const OPS_BASE = 40;
export const OPS_PER_SESSION: [number, number] = [0.3, 0.8];

export const TIERS = ['Basic', 'Premium', 'Elite'];
export const MEMBERSHIP_FEES: Record<string, number> = { Basic: 50, Premium: 150, Elite: 300 };
export const INITIAL_TIER_PROBS = [0.5, 0.35, 0.15];
export const TIER_TRANSITIONS = [
  [0.88, 0.1, 0.02],
  [0.06, 0.88, 0.06],
  [0.02, 0.12, 0.86],
];

/** A split for n programs: the seed's four weights for four programs, else equal shares. */
export function programSplit(seedSplit: number[], n: number): number[] {
  return n === seedSplit.length ? seedSplit : Array.from({ length: n }, () => 1 / n);
}

export interface Settings {
  start: number;
  end: number;
  providers: number;
  cities: string[];
  programs: string[];
  cityFactor: Record<string, number>;
  seasonality: Record<string, number>;
  weekendMult: number;
  sourceWeights: Record<string, number>;
  wantsTrainerRate: number;
  baseWaitlistRate: number;
  convRange: [number, number];
  utilRange: [number, number];
  affinityWeight: number;
  prices: Record<string, number>;
  fees: Record<string, number>;
}

export function settingsOf(p: Params): Settings {
  return {
    start: parseDate(p.start_date as string)!,
    end: parseDate(p.end_date as string)!,
    providers: p.providers as number,
    cities: p.cities as string[],
    programs: p.programs as string[],
    cityFactor: p.city_factors as Record<string, number>,
    seasonality: p.seasonality as Record<string, number>,
    weekendMult: p.weekend_multiplier as number,
    sourceWeights: p.source_weights as Record<string, number>,
    wantsTrainerRate: p.wants_trainer_rate as number,
    baseWaitlistRate: p.base_waitlist_rate as number,
    convRange: [p.waitlist_conversion_min as number, p.waitlist_conversion_max as number],
    utilRange: [p.util_min as number, p.util_cap as number],
    affinityWeight: p.affinity_weight as number,
    prices: p.prices as Record<string, number>,
    fees: p.membership_fees as Record<string, number>,
  };
}

export const priceOf = (s: Settings, program: string) => s.prices[program] ?? OTHER_PROGRAM_PRICE;
export const factorOf = (s: Settings, city: string) => s.cityFactor[city] ?? OTHER_CITY_FACTOR;
export const dateKey = (iso: string) => Number(iso.replaceAll('-', ''));
