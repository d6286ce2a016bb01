// The CRM behind bar-platform's HubSpot tables, made once per (plan, seed) from
// named streams: companies (every account plus prospects), contacts with their
// lifecycle, owners, deals with their stage paths, engagements and tickets.
// Parents and per-row facts live in typed arrays; the tables are written from
// them chunk by chunk.
//
// Interface for other sources (marketing reads it): ids are index + 1
// (company_id = company + 1, contact_id = contact + 1, deal_id = deal + 1,
// owner_id = owner + 1); times are whole seconds since 1970; NEVER (-1) marks a
// lifecycle stage or close that did not happen. Add fields, never rename them.
import { allocate, offsets } from '../../../src/engine/allocate.js';
import { cumulate, normal, pickCumulative, stream, type Rng } from '../../../src/engine/random.js';
import { companyName, domainOf, perRun, SCENARIO, type Plan } from '../plan.js';
import * as S from '../settings.js';
import { DAY, HOUR, YEAR, drawInWindow, weekProfile } from '../time.js';
import { STATES } from '../vocab.js';

export const NEVER = -1;

/** Lifecycle stages a contact moves through, in order (HubSpot's internal values). */
export const LIFECYCLE_STAGES = ['lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'] as const;
export const LEAD = 0;
export const MQL = 1;
export const SQL = 2;
export const OPPORTUNITY = 3;
export const CUSTOMER = 4;

/** The sales pipeline's stages (HubSpot's default pipeline): the first five are open. */
export const DEAL_STAGES = [
  { id: 'appointmentscheduled', label: 'Appointment Scheduled', probability: 0.2 },
  { id: 'qualifiedtobuy', label: 'Qualified To Buy', probability: 0.4 },
  { id: 'presentationscheduled', label: 'Presentation Scheduled', probability: 0.6 },
  { id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In', probability: 0.8 },
  { id: 'contractsent', label: 'Contract Sent', probability: 0.9 },
  { id: 'closedwon', label: 'Closed Won', probability: 1 },
  { id: 'closedlost', label: 'Closed Lost', probability: 0 },
] as const;
export const OPEN_STAGES = 5;
export const CLOSED_WON = 5;
export const CLOSED_LOST = 6;

/** Deal outcomes. */
export const OPEN = 0;
export const WON = 1;
export const LOST = 2;

/** Engagement types, in HubSpot's spelling (engagement.type). */
export const ENGAGEMENT_TYPES = ['CALL', 'EMAIL', 'MEETING', 'NOTE', 'TASK'] as const;
export const TICKET_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;

// Tunables the seed leaves open (the Source's notes say them in words).
/** Target share of deals still open at as_of; closed deals are rounded to a multiple of 4 so won = closed / 4 exactly. */
export const OPEN_DEAL_SHARE = 0.12;
export const WIN_RATE = 0.25;
/** Median sales cycle (created to closed) by tier, days; lognormal. */
const CYCLE_DAYS = [21, 40, 75];
const CYCLE_SD = 0.5;
/** Last open stage a lost deal reached, and the stage an open deal is in. */
const LOST_AT = cumulate([0.35, 0.25, 0.2, 0.12, 0.08]);
const OPEN_AT = cumulate([0.3, 0.25, 0.2, 0.15, 0.1]);
/** Relative time in each open stage. */
const STAGE_TIME = [1, 1.5, 1.5, 2, 1];
/** Engagements per day in each open stage, relative: later stages get more. */
export const STAGE_ENGAGEMENT = [1, 1.6, 2.4, 3.2, 4];
/** Share of engagements on contacts rather than deals (prospecting leads, checking in with customers). */
const CONTACT_ENGAGEMENT_SHARE = 0.15;
/** Engagement type mix by the stage it happened in (CALL, EMAIL, MEETING, NOTE, TASK); the last row is contact-only work. */
const TYPE_MIX = [
  [0.35, 0.45, 0.03, 0.1, 0.07],
  [0.3, 0.4, 0.1, 0.12, 0.08],
  [0.25, 0.3, 0.2, 0.15, 0.1],
  [0.25, 0.3, 0.2, 0.15, 0.1],
  [0.2, 0.35, 0.15, 0.18, 0.12],
  [0.25, 0.55, 0, 0.1, 0.1],
].map((r) => cumulate(r));
/** Contacts per company: relative weight of the extra contacts by tier (prospects count as Basic). */
const CONTACT_WEIGHT = [1, 1.6, 2.6];
/** Contact job roles; an email alias for the role-based address. */
export const CONTACT_ROLES = [
  { title: 'Owner', alias: 'owner', weight: 0.18 },
  { title: 'General Manager', alias: 'gm', weight: 0.22 },
  { title: 'Operations Manager', alias: 'ops', weight: 0.16 },
  { title: 'Bar Manager', alias: 'bar.manager', weight: 0.18 },
  { title: 'Beverage Director', alias: 'beverage', weight: 0.08 },
  { title: 'Purchasing Manager', alias: 'purchasing', weight: 0.08 },
  { title: 'Finance Manager', alias: 'accounts', weight: 0.1 },
];
const ROLE_CUM = cumulate(CONTACT_ROLES.map((r) => r.weight));
/** Lead score at or above this is marketing qualified. */
export const MQL_SCORE = 50;
/** Tickets: priority mix and median hours to resolve by priority (lognormal). */
export const PRIORITY_MIX = [0.35, 0.4, 0.18, 0.07];
export const RESOLUTION_HOURS = [72, 30, 10, 3];
export const RESOLUTION_SD = 0.8;
/** Sales reps for the deals (about 0.6 x sqrt(deals), at least 4) and support agents for the tickets. */
export const repCount = (deals: number) => Math.max(4, Math.round(0.6 * Math.sqrt(deals)));
export const agentCount = (tickets: number) => Math.max(2, Math.round(0.4 * Math.sqrt(tickets)));
/** Reps work weekdays 8am-6pm in the customer's time zone, lightly before and after. */
const REP_HOURS = [0, 0, 0, 0, 0, 0, 0.05, 0.3, 1, 1, 1, 1, 0.7, 1, 1, 1, 0.9, 0.5, 0.15, 0.05, 0.02, 0, 0, 0];
const REP_DAYS = [1, 1, 1, 1, 0.9, 0.04, 0.02];
export const REP_WEEK = weekProfile(REP_HOURS, REP_DAYS);
/** Bars open tickets in their working day and evenings, every day. */
const TICKET_HOURS = [0.3, 0.2, 0.1, 0.05, 0.05, 0.1, 0.3, 0.6, 1, 1.2, 1.2, 1.1, 1, 1, 1.1, 1.1, 1.2, 1.2, 1.1, 1, 0.9, 0.8, 0.6, 0.4];
const TICKET_DAYS = [1, 1, 1, 1, 1.1, 1.2, 0.9];
export const TICKET_WEEK = weekProfile(TICKET_HOURS, TICKET_DAYS);

export interface Companies {
  n: number;
  /** Platform account index, or -1 for a prospect. The first `accounts` companies are the accounts, in order. */
  account: Int32Array;
  created: Float64Array;
  industry: Uint8Array;
  tier: Uint8Array;
  employees: Int32Array;
  state: Uint8Array;
  owner: Int32Array;
  names: string[];
  domains: string[];
  /** Contacts of company c: contactOffset[c] .. contactOffset[c+1]-1, oldest first (the first is created with the company). */
  contactOffset: Float64Array;
}

/** Contacts and their lifecycle: the interface the marketing source reads. */
export interface Contacts {
  n: number;
  company: Int32Array;
  created: Float64Array;
  /** Index into CONTACT_ROLES. */
  role: Uint8Array;
  /** 0-100; MQL_SCORE or more exactly when the contact became an MQL. */
  leadScore: Uint8Array;
  /** Current lifecycle stage (index into LIFECYCLE_STAGES). */
  lifecycle: Uint8Array;
  /** When each stage was reached, NEVER when not: lead is the creation; stages only move forward. */
  leadAt: Float64Array;
  mqlAt: Float64Array;
  sqlAt: Float64Array;
  opportunityAt: Float64Array;
  customerAt: Float64Array;
  /** Contacts with mqlAt set: min(contacts, marketing_qualified_leads) when the funnel allows, and always every deal's contact. */
  mqls: number;
}

export interface Deals {
  n: number;
  company: Int32Array;
  /** The contact on the deal: its company's first contact. */
  contact: Int32Array;
  owner: Int32Array;
  created: Float64Array;
  /** Closed time, NEVER while open. */
  closed: Float64Array;
  outcome: Uint8Array; // OPEN, WON, LOST
  /** Whole dollars (annual contract value: 12 x monthly). */
  amount: Int32Array;
  /** newbusiness (before the company was a customer) or existingbusiness. */
  newBusiness: Uint8Array;
  /** Stage path: deal d's stages are stageOffset[d] .. stageOffset[d+1]-1 (indexes into DEAL_STAGES), each entered at stageEntered. */
  stageOffset: Float64Array;
  stage: Uint8Array;
  stageEntered: Float64Array;
  won: number;
  lost: number;
  open: number;
}

export interface Owners {
  n: number;
  reps: number;
  /** When the owner joined; sorted within reps and within agents. Owner o < reps is a sales rep, the rest support agents. */
  created: Float64Array;
}

export interface Engagements {
  n: number;
  type: Uint8Array;
  time: Float64Array;
  /** Deal index or -1 (an engagement with a contact only). */
  deal: Int32Array;
  contact: Int32Array;
  company: Int32Array;
  owner: Int32Array;
  /** Seconds between logging and happening (meetings are booked ahead). */
  bookedAhead: Int32Array;
}

export interface Tickets {
  n: number;
  company: Int32Array;
  contact: Int32Array;
  owner: Int32Array;
  priority: Uint8Array;
  created: Float64Array;
  /** NEVER while open at as_of. */
  closed: Float64Array;
  firstReply: Float64Array;
}

export interface Crm {
  companies: Companies;
  contacts: Contacts;
  owners: Owners;
  deals: Deals;
  engagements: Engagements;
  tickets: Tickets;
}

const rngOf = (seed: number, table: string, name = '') => stream(seed, SCENARIO, table, 0, name);
const exp1 = (rng: Rng) => -Math.log(1 - rng());
const jitter = (rng: Rng, sd: number) => Math.exp(sd * normal(rng));

/** A time in [from, to) with density growing by `growth` a year (companies, like accounts, come faster as the business grows). */
function grownTime(rng: Rng, from: number, to: number, growth: number): number {
  const span = (to - from) / YEAR;
  const g = 1 + growth;
  const u = rng();
  const years = g === 1 || span <= 0 ? u * span : Math.log(1 + u * (g ** span - 1)) / Math.log(g);
  return Math.min(to - 1, from + Math.floor(years * YEAR));
}

/** A working-hours time in [from, to) in local time (offset hours), uniform when the window is too short. */
export function workTime(rng: Rng, week: number[], offset: number, from: number, to: number): number {
  if (to - from <= 1) return from;
  const t = drawInWindow(rng, week, offset, from, to);
  return t >= 0 ? t : from + Math.floor(rng() * (to - from));
}

function buildOwners(s: S.Settings, seed: number): Owners {
  const rng = rngOf(seed, 'hubspot_owner');
  const reps = repCount(s.sources.hubspot_deal);
  const agents = agentCount(s.sources.hubspot_ticket);
  const created = new Float64Array(reps + agents);
  // The first three reps and the first agent were there from the start; the rest joined as the business grew.
  const hire = (from: number, n: number, founders: number) => {
    const times = Array.from({ length: n }, (_, k) => (k < founders ? s.start : grownTime(rng, s.start, s.end, s.growth))).sort((x, y) => x - y);
    times.forEach((t, k) => (created[from + k] = t));
  };
  hire(0, reps, 3);
  hire(reps, agents, 1);
  return { n: reps + agents, reps, created };
}

/** An owner among [from, to) who had joined by t (the founders always had). */
function ownerAt(rng: Rng, owners: Owners, from: number, to: number, t: number): number {
  let hi = from;
  while (hi < to && owners.created[hi] <= t) hi++;
  return from + Math.floor(rng() * Math.max(1, hi - from));
}

/** Sales cycle in seconds for a tier. */
const cycle = (rng: Rng, tier: number) => Math.max(HOUR, Math.floor(CYCLE_DAYS[tier] * DAY * jitter(rng, CYCLE_SD)));

/** Splits [from, to] over the open stages 0..last by STAGE_TIME x jitter: the entered time of each (ascending, first = from). */
function stageTimes(rng: Rng, from: number, to: number, last: number): number[] {
  const w = Array.from({ length: last + 1 }, (_, k) => (STAGE_TIME[k] ?? 1) * jitter(rng, 0.4)); // past the last open stage: the time since it was entered
  const total = w.reduce((x, y) => x + y, 0);
  const out: number[] = [];
  let acc = 0;
  for (let k = 0; k <= last; k++) {
    out.push(from + Math.floor(((to - from) * acc) / total));
    acc += w[k];
  }
  return out;
}

export function buildCrm(plan: Plan, seed: number): Crm {
  const s = plan.s;
  const a = plan.accounts;
  const rng = rngOf(seed, 'hubspot_company');
  const owners = buildOwners(s, seed);

  // Companies: the accounts in order, then prospects with names after the accounts' in each industry.
  const nc = Math.max(a.n, s.sources.hubspot_company);
  const c: Companies = {
    n: nc,
    account: new Int32Array(nc).fill(-1),
    created: new Float64Array(nc),
    industry: new Uint8Array(nc),
    tier: new Uint8Array(nc),
    employees: new Int32Array(nc),
    state: new Uint8Array(nc),
    owner: new Int32Array(nc),
    names: [],
    domains: [],
    contactOffset: new Float64Array(0),
  };
  const ranks = new Array<number>(S.INDUSTRIES.length).fill(0);
  for (let i = 0; i < a.n; i++) ranks[a.industry[i]]++;
  const industryCum = cumulate(s.industryMix);
  const tierCum = cumulate(s.tierMix);
  const stateCum = cumulate(STATES.map((x) => x.weight));
  for (let i = 0; i < nc; i++) {
    if (i < a.n) {
      c.account[i] = i;
      c.industry[i] = a.industry[i];
      c.tier[i] = a.tier[i];
      c.employees[i] = a.employees[i];
      c.state[i] = plan.locations.state[plan.locations.offset[i]];
      c.names.push(a.names[i]);
      c.domains.push(a.domains[i]);
    } else {
      const industry = pickCumulative(rng, industryCum);
      const tier = pickCumulative(rng, tierCum);
      const [elo, ehi] = S.EMPLOYEE_BANDS[tier];
      c.industry[i] = industry;
      c.tier[i] = tier;
      c.employees[i] = Math.round(elo * (ehi / elo) ** rng());
      c.state[i] = pickCumulative(rng, stateCum);
      const name = companyName(industry, ranks[industry]++);
      c.names.push(name);
      c.domains.push(domainOf(name));
    }
  }

  // Deals: how many of each outcome. Won deals are the new business of sales-led (non-trial) accounts, one each.
  const drng = rngOf(seed, 'hubspot_deal');
  const nd = s.sources.hubspot_deal;
  const salesLed: number[] = [];
  for (let i = 0; i < a.n; i++) if (a.trial[i] === 0) salesLed.push(i);
  let closed = 4 * Math.round((nd * (1 - OPEN_DEAL_SHARE)) / 4);
  if (closed > nd) closed -= 4; // a handful of deals: whole groups of four that fit
  let won = closed / 4;
  if (won > salesLed.length) {
    // Not enough sales-led accounts: fewer closed deals, more still open.
    won = salesLed.length;
    closed = 4 * won;
  }
  const lost = closed - won;
  const open = nd - closed;
  // Which sales-led accounts were won by a deal: weighted sampling without replacement (higher tiers are more often sales-led).
  const keyed = salesLed.map((i) => ({ i, key: Math.log(drng()) / S.TIER_SIZE_WEIGHT[a.tier[i]] }));
  keyed.sort((x, y) => y.key - x.key || x.i - y.i);
  const wonAccounts = keyed.slice(0, won).map((x) => x.i).sort((x, y) => x - y);

  // Company creation: a won account's company before its deal, another account's shortly before it signed up, a prospect over the history.
  const crng = rngOf(seed, 'hubspot_company', 'created');
  const wonDeal = new Map<number, { created: number; closed: number }>();
  for (const i of wonAccounts) {
    const room = a.created[i] - s.start;
    const closedAt = a.created[i] - Math.floor(crng() * Math.min(2 * DAY, room / 4));
    const len = Math.min(cycle(crng, a.tier[i]), Math.floor((closedAt - s.start) * 0.9));
    wonDeal.set(i, { created: closedAt - len, closed: closedAt });
  }
  for (let i = 0; i < nc; i++) {
    const acc = c.account[i];
    const lead = Math.floor(exp1(crng) * 20 * DAY);
    if (acc >= 0) {
      const before = wonDeal.get(acc)?.created ?? a.created[acc];
      c.created[i] = Math.max(s.start, Math.min(before, before - Math.min(lead, Math.floor((before - s.start) * 0.9))));
    } else c.created[i] = grownTime(crng, s.start, s.end - HOUR, s.growth);
    c.owner[i] = ownerAt(crng, owners, 0, owners.reps, c.created[i]);
  }

  // Contacts: at least one per company, the rest by tier; the first is created with its company.
  const krng = rngOf(seed, 'hubspot_contact');
  const perCompany = allocate(s.sources.hubspot_contact, Float64Array.from(c.tier, (t) => CONTACT_WEIGHT[t] * jitter(krng, 0.5)), 1);
  c.contactOffset = offsets(perCompany);
  const nk = c.contactOffset[nc];
  const k: Contacts = {
    n: nk,
    company: new Int32Array(nk),
    created: new Float64Array(nk),
    role: new Uint8Array(nk),
    leadScore: new Uint8Array(nk),
    lifecycle: new Uint8Array(nk),
    leadAt: new Float64Array(nk),
    mqlAt: new Float64Array(nk).fill(NEVER),
    sqlAt: new Float64Array(nk).fill(NEVER),
    opportunityAt: new Float64Array(nk).fill(NEVER),
    customerAt: new Float64Array(nk).fill(NEVER),
    mqls: 0,
  };
  for (let i = 0; i < nc; i++) {
    const acc = c.account[i];
    const until = acc >= 0 ? a.end[acc] : s.end;
    const from = c.created[i];
    const times = Array.from({ length: perCompany[i] - 1 }, () => from + Math.floor(krng() ** 1.5 * 0.9 * Math.max(0, until - from))).sort((x, y) => x - y);
    for (let j = 0; j < perCompany[i]; j++) {
      const id = c.contactOffset[i] + j;
      k.company[id] = i;
      k.created[id] = j === 0 ? from : times[j - 1];
      k.leadAt[id] = k.created[id];
      k.role[id] = pickCumulative(krng, ROLE_CUM);
      // Customers: contacts of an account that paid (not an expired trial) from when it began paying, or from their creation after that.
      if (acc >= 0 && a.trial[acc] !== 2 && a.paidStart[acc] < s.end) k.customerAt[id] = Math.max(a.paidStart[acc], k.created[id]);
    }
  }

  // Deals: won deals first in account order, then lost and open deals spread over companies.
  const d: Deals = {
    n: nd,
    company: new Int32Array(nd),
    contact: new Int32Array(nd),
    owner: new Int32Array(nd),
    created: new Float64Array(nd),
    closed: new Float64Array(nd).fill(NEVER),
    outcome: new Uint8Array(nd),
    amount: new Int32Array(nd),
    newBusiness: new Uint8Array(nd),
    stageOffset: new Float64Array(nd + 1),
    stage: new Uint8Array(0),
    stageEntered: new Float64Array(0),
    won,
    lost,
    open,
  };
  const lostWeights = Float64Array.from({ length: nc }, (_, i) => (c.account[i] < 0 ? 3 : 1) * jitter(drng, 0.5));
  // Open deals: prospects and live accounts (upsells), none on churned accounts.
  const openWeights = Float64Array.from({ length: nc }, (_, i) => (c.account[i] < 0 ? 2 : a.status[c.account[i]] === 2 ? 0 : 1) * jitter(drng, 0.5));
  const lostPer = allocate(lost, lostWeights);
  const openPer = allocate(open, openWeights);
  const paths: number[][] = [];
  const entered: number[][] = [];
  let next = 0;
  const place = (company: number, outcome: number, created: number, closedAt: number, path: number[], times: number[]) => {
    const id = next++;
    const acc = c.account[company];
    d.company[id] = company;
    d.contact[id] = c.contactOffset[company];
    d.owner[id] = c.owner[company];
    d.created[id] = created;
    d.closed[id] = closedAt;
    d.outcome[id] = outcome;
    const customerFrom = acc >= 0 && a.trial[acc] !== 2 ? a.paidStart[acc] : Infinity;
    d.newBusiness[id] = created < customerFrom ? 1 : 0;
    const [lo, hi] = S.MRR_BANDS[c.tier[company]];
    d.amount[id] = outcome === WON ? 12 * a.segMrr[a.segOffset[acc]] : 12 * (lo + Math.floor(drng() * (hi - lo + 1)));
    paths.push(path);
    entered.push(times);
  };
  for (const i of wonAccounts) {
    const w = wonDeal.get(i)!;
    const times = stageTimes(drng, w.created, w.closed, OPEN_STAGES - 1);
    place(i, WON, w.created, w.closed, [0, 1, 2, 3, 4, CLOSED_WON], [...times, w.closed]);
  }
  for (let i = 0; i < nc; i++) {
    for (let q = 0; q < lostPer[i]; q++) {
      const from = c.created[i];
      const room = s.end - 1 - from;
      const len = Math.min(cycle(drng, c.tier[i]), Math.floor(room * 0.9));
      const created = from + Math.floor(drng() * (room - len));
      const closedAt = created + len;
      const last = pickCumulative(drng, LOST_AT);
      const times = stageTimes(drng, created, closedAt, last);
      place(i, LOST, created, closedAt, [...Array.from({ length: last + 1 }, (_, x) => x), CLOSED_LOST], [...times, closedAt]);
    }
    for (let q = 0; q < openPer[i]; q++) {
      // Open deals began in the last four months (or since the company appeared).
      const from = Math.max(c.created[i], s.end - 120 * DAY);
      const created = from + Math.floor(drng() * (s.end - 1 - from));
      const last = pickCumulative(drng, OPEN_AT);
      // The current stage was entered somewhere between creation and as_of.
      const until = created + Math.floor(drng() * (s.end - 1 - created));
      place(i, OPEN, created, NEVER, Array.from({ length: last + 1 }, (_, x) => x), stageTimes(drng, created, until, last + 1).slice(0, last + 1));
    }
  }
  d.stageOffset = offsets(paths.map((p) => p.length));
  d.stage = Uint8Array.from(paths.flat());
  d.stageEntered = Float64Array.from(entered.flat());

  // Lifecycle: a deal's contact became an SQL shortly before its first deal and an opportunity with it, an MQL before that.
  const firstDeal = new Float64Array(nk).fill(Infinity);
  for (let x = 0; x < nd; x++) {
    const ct = d.contact[x];
    if (d.created[x] < firstDeal[ct] && d.created[x] < (k.customerAt[ct] === NEVER ? Infinity : k.customerAt[ct])) firstDeal[ct] = d.created[x];
  }
  const lrng = rngOf(seed, 'hubspot_contact', 'lifecycle');
  let mqls = 0;
  for (let ct = 0; ct < nk; ct++) {
    if (firstDeal[ct] === Infinity) continue;
    const from = k.created[ct];
    const span = firstDeal[ct] - from;
    k.mqlAt[ct] = from + Math.floor(lrng() * 0.6 * span);
    k.sqlAt[ct] = k.mqlAt[ct] + Math.floor(lrng() * (firstDeal[ct] - k.mqlAt[ct]));
    k.opportunityAt[ct] = firstDeal[ct];
    mqls++;
  }
  // More MQLs up to the marketing source's count: contacts with room before they became customers (or as_of), at random.
  const target = Math.min(nk, s.sources.marketing_qualified_leads ?? 0);
  const room = (ct: number) => (k.customerAt[ct] === NEVER ? s.end - 1 : k.customerAt[ct]) - k.created[ct];
  const candidates: { ct: number; key: number }[] = [];
  for (let ct = 0; ct < nk; ct++) if (k.mqlAt[ct] === NEVER && room(ct) > HOUR) candidates.push({ ct, key: lrng() });
  candidates.sort((x, y) => x.key - y.key || x.ct - y.ct);
  for (let q = 0; q < candidates.length && mqls < target; q++) {
    const ct = candidates[q].ct;
    k.mqlAt[ct] = k.created[ct] + Math.floor(Math.min(exp1(lrng) * 21 * DAY, room(ct) * lrng()));
    mqls++;
  }
  k.mqls = mqls;
  for (let ct = 0; ct < nk; ct++) {
    const mql = k.mqlAt[ct] !== NEVER;
    // Lead scores: 50-100 for MQLs (higher further down the funnel), 0-49 for the rest.
    const score = mql ? MQL_SCORE + Math.floor((k.opportunityAt[ct] !== NEVER ? 0.4 + 0.6 * lrng() : lrng()) * (101 - MQL_SCORE)) : Math.floor(lrng() ** 1.4 * MQL_SCORE);
    k.leadScore[ct] = Math.min(100, score);
    k.lifecycle[ct] = k.customerAt[ct] !== NEVER ? CUSTOMER : k.opportunityAt[ct] !== NEVER ? OPPORTUNITY : k.sqlAt[ct] !== NEVER ? SQL : mql ? MQL : LEAD;
  }

  const engagements = buildEngagements(plan, seed, c, k, d);
  const tickets = buildTickets(plan, seed, c, k, owners);
  return { companies: c, contacts: k, owners, deals: d, engagements, tickets };
}

const companyOffset = (c: Companies, i: number) => STATES[c.state[i]].offset;

function buildEngagements(plan: Plan, seed: number, c: Companies, k: Contacts, d: Deals): Engagements {
  const s = plan.s;
  const rng = rngOf(seed, 'hubspot_engagement');
  const total = s.sources.hubspot_engagement;
  const onContacts = d.n === 0 ? total : Math.round(total * CONTACT_ENGAGEMENT_SHARE);
  // Deals: engagement in proportion to the stages reached, later stages weigh more.
  const dealWeight = new Float64Array(d.n);
  for (let x = 0; x < d.n; x++) {
    let w = 0;
    for (let p = d.stageOffset[x]; p < d.stageOffset[x + 1]; p++) if (d.stage[p] < OPEN_STAGES) w += STAGE_ENGAGEMENT[d.stage[p]];
    dealWeight[x] = w * jitter(rng, 0.4);
  }
  const perDeal = allocate(total - onContacts, dealWeight);
  const perContact = allocate(onContacts, Float64Array.from({ length: k.n }, () => jitter(rng, 0.6)));
  const n = total;
  const e: Engagements = {
    n,
    type: new Uint8Array(n),
    time: new Float64Array(n),
    deal: new Int32Array(n).fill(-1),
    contact: new Int32Array(n),
    company: new Int32Array(n),
    owner: new Int32Array(n),
    bookedAhead: new Int32Array(n),
  };
  let id = 0;
  const emit = (deal: number, contact: number, company: number, owner: number, stage: number, from: number, to: number, count: number) => {
    const times = new Float64Array(count);
    for (let q = 0; q < count; q++) times[q] = workTime(rng, REP_WEEK, companyOffset(c, company), from, to);
    times.sort();
    for (let q = 0; q < count; q++) {
      const type = pickCumulative(rng, TYPE_MIX[stage]);
      e.type[id] = type;
      e.time[id] = times[q];
      e.deal[id] = deal;
      e.contact[id] = contact;
      e.company[id] = company;
      e.owner[id] = owner;
      // A meeting is booked up to a week ahead, never before the window opened.
      e.bookedAhead[id] = ENGAGEMENT_TYPES[type] === 'MEETING' ? Math.floor(rng() * Math.min(7 * DAY, times[q] - from)) : 0;
      id++;
    }
  };
  for (let x = 0; x < d.n; x++) {
    const first = d.stageOffset[x];
    const last = d.stageOffset[x + 1];
    const stages: { stage: number; from: number; to: number; w: number }[] = [];
    for (let p = first; p < last; p++) {
      if (d.stage[p] >= OPEN_STAGES) continue;
      // An open stage lasts until the next is entered, the close, or as_of.
      const to = p + 1 < last ? d.stageEntered[p + 1] : d.closed[x] !== NEVER ? d.closed[x] : s.end;
      const from = d.stageEntered[p];
      stages.push({ stage: d.stage[p], from, to: Math.max(from + 1, Math.min(to, s.end)), w: STAGE_ENGAGEMENT[d.stage[p]] * (1 + (to - from) / DAY) });
    }
    // The deal's engagements split over its stages by rate x days.
    const split = allocate(perDeal[x], stages.map((st) => st.w));
    for (let q = 0; q < stages.length; q++) emit(x, d.contact[x], d.company[x], d.owner[x], stages[q].stage, stages[q].from, stages[q].to, split[q]);
  }
  for (let ct = 0; ct < k.n; ct++) {
    if (!perContact[ct]) continue;
    const company = k.company[ct];
    const acc = c.account[company];
    const until = acc >= 0 ? plan.accounts.end[acc] : s.end;
    const from = k.created[ct];
    emit(-1, ct, company, c.owner[company], TYPE_MIX.length - 1, from, Math.max(from + 1, Math.min(until, from + 365 * DAY)), perContact[ct]);
  }
  return e;
}

function buildTickets(plan: Plan, seed: number, c: Companies, k: Contacts, owners: Owners): Tickets {
  const s = plan.s;
  const a = plan.accounts;
  const rng = rngOf(seed, 'hubspot_ticket');
  // Tickets come from customers' companies, in proportion to their life and size.
  const weights = Float64Array.from({ length: a.n }, (_, i) => (Math.max(0, a.end[i] - a.created[i] - HOUR) / DAY) * S.TIER_SIZE_WEIGHT[a.tier[i]] * jitter(rng, 0.5));
  const per = allocate(s.sources.hubspot_ticket, weights);
  const n = per.reduce((x, y) => x + y, 0);
  const t: Tickets = {
    n,
    company: new Int32Array(n),
    contact: new Int32Array(n),
    owner: new Int32Array(n),
    priority: new Uint8Array(n),
    created: new Float64Array(n),
    closed: new Float64Array(n).fill(NEVER),
    firstReply: new Float64Array(n).fill(NEVER),
  };
  const priorityCum = cumulate(PRIORITY_MIX);
  let id = 0;
  for (let i = 0; i < a.n; i++) {
    if (!per[i]) continue;
    const company = i; // accounts are the first companies
    const times = new Float64Array(per[i]);
    for (let q = 0; q < per[i]; q++) times[q] = workTime(rng, TICKET_WEEK, companyOffset(c, company), a.created[i], a.end[i]);
    times.sort();
    for (let q = 0; q < per[i]; q++) {
      const created = times[q];
      // The contact who opened it: one of the company's contacts there by then (the first always is).
      let known = c.contactOffset[company] + 1;
      while (known < c.contactOffset[company + 1] && k.created[known] <= created) known++;
      const first = c.contactOffset[company];
      t.company[id] = company;
      t.contact[id] = first + Math.floor(rng() * (known - first));
      t.owner[id] = ownerAt(rng, owners, owners.reps, owners.n, created);
      const priority = pickCumulative(rng, priorityCum);
      t.priority[id] = priority;
      t.created[id] = created;
      const resolve = Math.max(300, Math.floor(RESOLUTION_HOURS[priority] * HOUR * jitter(rng, RESOLUTION_SD)));
      const reply = created + Math.max(60, Math.floor(resolve * (0.05 + 0.25 * rng())));
      if (reply < s.end) t.firstReply[id] = reply;
      if (created + resolve < s.end) t.closed[id] = created + resolve;
      id++;
    }
  }
  return t;
}

/** The CRM of a run, made once per (plan, seed): every HubSpot table (and the marketing source) reads the same one. */
export const crmOf = perRun(buildCrm);
