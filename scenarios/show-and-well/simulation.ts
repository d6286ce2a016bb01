// The marketplace, day by day: demand (signups), waitlist, matching, scheduled
// sessions, finance and memberships. Each fact table draws from its own named
// stream, so a knob of one table (prices, say) leaves the others byte-identical;
// every table's generator replays the same simulation and keeps its own rows.
import { formatDate, daysInMonth, yearMonth } from '../../src/engine/dates.js';
import { binomial, cumulate, intBetween, multinomial, normal, pick, pickCumulative, poisson, uniform, type Rng } from '../../src/engine/random.js';
import type { Row } from '../../src/engine/model.js';
import { FIRST_NAMES, LAST_NAMES } from '../shared/names.js';
import * as S from './settings.js';
import type { Settings } from './settings.js';

export interface Provider {
  key: number;
  name: string;
  credential: string;
  onboard: number; // day
  weekly: number;
  daily: number;
  minutes: number;
  geo: number; // index into cities
  affinity: number; // index into programs
}

export interface DayRows {
  day: number;
  signups: Row[];
  waitlist: Row[];
  matches: Row[];
  sessions: Row[];
  finance: Row[];
  membership: Row[];
}

export type StreamFor = (table: string, name?: string) => Rng;

const cap = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);
const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Providers from the dim_provider stream: credential, capacity, onboarding, length, home city, affinity. */
export function buildProviders(s: Settings, rng: Rng): Provider[] {
  const days = s.end - s.start + 1;
  return Array.from({ length: s.providers }, (_, i) => {
    const credential = pick(rng, S.CREDENTIALS);
    const [lo, hi] = S.CAPACITY_RANGE[credential];
    const weekly = intBetween(rng, lo, hi);
    const name = `${cap(pick(rng, FIRST_NAMES))} ${cap(pick(rng, LAST_NAMES))}`;
    const onboard = s.start + intBetween(rng, 0, Math.min(S.MAX_ONBOARDING_DAYS, days - 1));
    const minutes = pick(rng, S.SESSION_LENGTHS);
    const geo = Math.floor(rng() * s.cities.length);
    const preferred = s.programs.indexOf(S.CREDENTIAL_AFFINITY[credential]);
    const affinity = preferred >= 0 ? preferred : S.CREDENTIALS.indexOf(credential) % s.programs.length;
    return { key: i + 1, name, credential, onboard, weekly, daily: weekly / 7, minutes, geo, affinity };
  });
}

export function* simulate(s: Settings, streamFor: StreamFor): Generator<DayRows> {
  const G = s.cities.length;
  const P = s.programs.length;
  const providers = buildProviders(s, streamFor('dim_provider'));
  const rSign = streamFor('fact_signups');
  const rWait = streamFor('fact_waitlist');
  const rMatch = streamFor('fact_matches');
  const rSess = streamFor('fact_sessions');
  const rFin = streamFor('fact_finance');
  const rMem = streamFor('fact_membership_revenue');

  const sourceWeights = S.SOURCES.map((x) => s.sourceWeights[x] ?? 0);
  const waitSplit = S.programSplit(S.WAITLIST_PROGRAM_SPLIT, P);
  const requestSplit = S.programSplit(S.REQUEST_PROGRAM_SPLIT, P);
  const marketingShare = waitSplit.map((w) => w / waitSplit.reduce((a, b) => a + b, 0));
  // "Conversion to matches: per program p ~ Uniform(0.55, 0.85)": one rate per program for the run.
  const convRate = s.programs.map(() => uniform(rWait, s.convRange[0], s.convRange[1]));
  const lagCumulative = cumulate(S.LAG_PROBS);
  const tierCumulative = cumulate(S.INITIAL_TIER_PROBS);
  const transitionCumulative = S.TIER_TRANSITIONS.map((row) => cumulate(row));
  const tier = providers.map(() => pickCumulative(rMem, tierCumulative));
  const pending = new Map<number, number[]>(); // day -> sessions scheduled per provider
  const history = providers.map(() => new Array<number>(P).fill(0)); // approved matches per program
  const programTotals = new Array<number>(P).fill(0);
  // Fees in cents, as dim_membership_tier stores them, so revenue = stored fee / days.
  const feeCents = S.TIERS.map((t) => Math.round((s.fees[t] ?? 0) * 100));

  for (let day = s.start; day <= s.end; day++) {
    const key = S.dateKey(formatDate(day));
    const { month } = yearMonth(day);
    const dow = (((day + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
    const weekday = dow >= 5 ? s.weekendMult : 1.0;
    const active = providers.filter((p) => p.onboard <= day);
    const supply = new Array<number>(G).fill(0);
    for (const p of active) supply[p.geo] += p.daily;
    const out: DayRows = { day, signups: [], waitlist: [], matches: [], sessions: [], finance: [], membership: [] };

    // Demand: Poisson signups per city-day, split by source; wants-trainer per source.
    const demand = new Array<number>(G).fill(0);
    for (let g = 0; g < G; g++) {
      const mean = Math.max(S.BASE_SIGNUPS_PER_DAY * S.factorOf(s, s.cities[g]) * (s.seasonality[S.MONTHS[month]] ?? 1) * weekday, S.MIN_SIGNUP_MEAN);
      const n = poisson(rSign, mean);
      demand[g] = n;
      const bySource = multinomial(rSign, n, sourceWeights);
      S.SOURCES.forEach((src, k) => out.signups.push([key, g + 1, src, bySource[k], binomial(rSign, bySource[k], s.wantsTrainerRate)]));
    }

    // Waitlist: the rate rises with demand over supply; adds split by program; conversions per program rate.
    const adds: number[][] = [];
    const conversions: number[][] = [];
    for (let g = 0; g < G; g++) {
      const ratio = supply[g] === 0 ? 2.0 : demand[g] / supply[g];
      const rate = clip(s.baseWaitlistRate * Math.min(2.0, 0.6 + ratio), 0.05, 0.65);
      adds[g] = multinomial(rWait, Math.round(demand[g] * rate), waitSplit);
      conversions[g] = adds[g].map((a, p) => binomial(rWait, a, convRate[p]));
    }

    // Matching: requests = conversions + base requests (40% of signups); allocated to the
    // city's providers by affinity x utilised slots; approvals capped by each provider's
    // slots that day. A city with no onboarded provider serves none: its requests are
    // recorded as unserved in fact_waitlist, so requests = conversions + base holds.
    const approvedToday: { provider: Provider; program: number; count: number }[] = [];
    for (let g = 0; g < G; g++) {
      const here = active.filter((p) => p.geo === g);
      const base = multinomial(rMatch, Math.round(S.BASE_REQUEST_SHARE * demand[g]), requestSplit);
      for (let p = 0; p < P; p++) {
        const unserved = here.length === 0 ? conversions[g][p] + base[p] : 0;
        out.waitlist.push([key, g + 1, p + 1, adds[g][p], conversions[g][p], base[p], unserved]);
      }
      const slots = here.map((p) => p.daily * uniform(rMatch, s.utilRange[0], s.utilRange[1]));
      const left = slots.map(Math.floor);
      const pressure = supply[g] === 0 ? 2.0 : demand[g] / supply[g];
      for (let p = 0; p < P; p++) {
        const requests = conversions[g][p] + base[p];
        if (requests === 0 || here.length === 0) continue;
        const weights = here.map((prov, i) => (prov.affinity === p ? s.affinityWeight : 1.0) * slots[i]);
        const byProvider = multinomial(rMatch, requests, weights);
        here.forEach((prov, i) => {
          const req = byProvider[i];
          if (req === 0) return;
          const cancellations = binomial(rMatch, req, uniform(rMatch, S.CANCEL_RANGE[0], S.CANCEL_RANGE[1]));
          const approved = Math.max(0, Math.min(req - cancellations, left[i]));
          left[i] -= approved;
          const hours = clip(S.TIME_TO_MATCH.hoursPerPressure * pressure + S.TIME_TO_MATCH.sd * normal(rMatch), S.TIME_TO_MATCH.min, S.TIME_TO_MATCH.max);
          out.matches.push([key, g + 1, p + 1, prov.key, req, approved, Math.round(hours * 100), cancellations]);
          if (approved > 0) approvedToday.push({ provider: prov, program: p, count: approved });
        });
      }
    }

    // Sessions: each approved match is scheduled 0-5 days out; a provider's sessions
    // of the day count under its top program so far (fallback: the overall mode).
    for (const a of approvedToday) {
      history[a.provider.key - 1][a.program] += a.count;
      programTotals[a.program] += a.count;
      for (let k = 0; k < a.count; k++) {
        const at = day + S.LAG_DAYS[pickCumulative(rSess, lagCumulative)];
        if (at > s.end) continue;
        const slot = pending.get(at) ?? new Array<number>(providers.length).fill(0);
        slot[a.provider.key - 1]++;
        pending.set(at, slot);
      }
    }
    const completedByProgram = new Array<number>(P).fill(0);
    const today = pending.get(day);
    pending.delete(day);
    if (today) {
      const mode = argmax(programTotals);
      today.forEach((scheduled, i) => {
        if (scheduled === 0) return;
        const program = history[i].some((x) => x > 0) ? argmax(history[i]) : mode;
        const [lo, hi] = S.NO_SHOW_RANGE[s.programs[program]] ?? S.OTHER_NO_SHOW_RANGE;
        const noShows = binomial(rSess, scheduled, uniform(rSess, lo, hi));
        const completed = scheduled - noShows;
        const csat = clip(S.CSAT.mean + S.CSAT.sd * normal(rSess), S.CSAT.min, S.CSAT.max);
        const outcome = clip(S.OUTCOME.perSession * completed + S.OUTCOME.sd * normal(rSess), 0, 1);
        completedByProgram[program] += completed;
        // Nobody came, so nobody rated a session or showed an outcome: both NULL (drawn all the same, so the stream stays in step).
        const held = completed > 0;
        out.sessions.push([key, program + 1, i + 1, completed, noShows, held ? Math.round(csat * 100) : null, held ? Math.round(outcome * 10000) : null]);
      });
    }

    // Finance per program: revenue = sessions x price; refunds, payout, marketing, ops.
    const signupsToday = demand.reduce((a, b) => a + b, 0);
    for (let p = 0; p < P; p++) {
      const revenue = completedByProgram[p] * Math.round(S.priceOf(s, s.programs[p]) * 100);
      const refunds = Math.round(uniform(rFin, 0, S.REFUND_MAX) * revenue);
      const payout = Math.round(uniform(rFin, S.PAYOUT_RANGE[0], S.PAYOUT_RANGE[1]) * revenue);
      const marketing = Math.round(uniform(rFin, S.MARKETING_PER_SIGNUP[0], S.MARKETING_PER_SIGNUP[1]) * signupsToday * marketingShare[p] * 100);
      const ops = Math.round((S.OPS_BASE + completedByProgram[p] * uniform(rFin, S.OPS_PER_SESSION[0], S.OPS_PER_SESSION[1])) * 100);
      out.finance.push([key, p + 1, revenue, refunds, payout, marketing, ops]);
    }

    // Memberships: one per active provider per day; tiers move monthly along the matrix.
    if (day !== s.start && formatDate(day).endsWith('-01')) {
      for (const p of active) if (p.onboard < day) tier[p.key - 1] = pickCumulative(rMem, transitionCumulative[tier[p.key - 1]]);
    }
    const dim = daysInMonth(day);
    for (const p of active) {
      const t = tier[p.key - 1];
      out.membership.push([key, p.key, t + 1, 1, Math.round((feeCents[t] * 100) / dim)]);
    }
    yield out;
  }
}

function argmax(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}
