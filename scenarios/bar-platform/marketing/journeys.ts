// attribution_touchpoints and marketing_qualified_leads, from HubSpot's contacts
// (hubspot/plan.ts). A conversion is a contact's creation (the form fill that
// made the lead): each contact has a journey of touches before it, the last one
// the form submission at the moment of creation. Weights are position-based
// (40% first, 40% last, 20% over the middle) in millionths, the last touch
// taking the remainder so each journey sums to exactly 1. An MQL is a contact
// HubSpot marked marketing qualified, with the source of its first touch.
import { allocate, offsets } from '../../../src/engine/allocate.js';
import { inBatches } from '../../../src/engine/batches.js';
import type { ChunkContext, Row, TableDef } from '../../../src/engine/model.js';
import { cumulate, normal, pickCumulative, stream, type Rng } from '../../../src/engine/random.js';
import { crmOf, LIFECYCLE_STAGES, MQL_SCORE, NEVER } from '../hubspot/plan.js';
import { perRun, SCENARIO, type Plan } from '../plan.js';
import { DAY } from '../time.js';
import { campaignFk } from './campaigns.js';
import { marketingPlanOf, pickRunning } from './plan.js';

/** Touch channels: the four campaign channels (indexes match CHANNELS), then unpaid ones. */
export const TOUCH_CHANNELS = ['Google Ads', 'Meta', 'LinkedIn', 'Email', 'Organic Search', 'Direct', 'Referral', 'Organic Social'];
export const TOUCH_MIX = [0.2, 0.12, 0.08, 0.15, 0.25, 0.1, 0.06, 0.04];
const TOUCH_CUM = cumulate(TOUCH_MIX);
/** A paid touch on a day its channel runs no campaign is organic search. */
export const ORGANIC_SEARCH = 4;
export const TOUCH_TYPES = ['ad_click', 'email_click', 'web_visit', 'form_submission'];
export const ATTRIBUTION_MODEL = 'position_based';
/** Weights in millionths (decimal scale 6). */
export const WEIGHT_SCALE = 6;
export const ONE = 10 ** WEIGHT_SCALE;
/** Position-based: first and last 40% each, the middle touches share 20%. */
const END_SHARE = 0.4;
/** Journey length: at least one touch (the form fill), at most this many. */
export const MAX_TOUCHES = 250;
/** Journeys begin a lognormal time before the conversion: median 45 days, at most a year. */
const JOURNEY_MEDIAN_DAYS = 45;
const JOURNEY_MAX_DAYS = 365;
export const CONTACTS_PER_CHUNK = 2000;

/** The weights of a journey of n touches, millionths, summing to exactly ONE (the last takes the remainder). */
export function journeyWeights(n: number): number[] {
  if (n === 1) return [ONE];
  if (n === 2) return [ONE / 2, ONE / 2];
  const first = END_SHARE * ONE;
  const middle = Math.floor(((1 - 2 * END_SHARE) * ONE) / (n - 2));
  const out = [first, ...new Array<number>(n - 2).fill(middle)];
  out.push(ONE - first - middle * (n - 2));
  return out;
}

export interface Journeys {
  /** Touches of contact k: touchOffset[k] .. touchOffset[k+1]-1. */
  touchOffset: Float64Array;
  /** The deal an MQL became (its contact's first deal, -1 none). */
  firstDeal: Int32Array;
}

/** Journey lengths (exactly the seed's touchpoints over all contacts) and each contact's first deal. */
export const journeysOf = perRun((plan, seed): Journeys => {
  const crm = crmOf(plan, seed);
  const k = crm.contacts;
  const rng = stream(seed, SCENARIO, 'attribution_touchpoints', 0, 'lengths');
  // Bigger companies take longer to convince: more touches for higher tiers.
  const weights = Float64Array.from({ length: k.n }, (_, i) => (1 + 0.5 * crm.companies.tier[k.company[i]]) * Math.exp(0.8 * normal(rng)));
  const touchOffset = offsets(allocate(plan.s.sources.attribution_touchpoints, weights, 1, MAX_TOUCHES));
  const firstDeal = new Int32Array(k.n).fill(-1);
  const d = crm.deals;
  for (let x = 0; x < d.n; x++) {
    const ct = d.contact[x];
    if (k.opportunityAt[ct] !== NEVER && d.created[x] === k.opportunityAt[ct] && firstDeal[ct] < 0) firstDeal[ct] = x;
  }
  return { touchOffset, firstDeal };
});

/** Channel and campaign of a touch at t: paid channels pick a campaign running that day, or fall back to organic search. */
function touchSource(plan: Plan, seed: number, rng: Rng, t: number): [number, number] {
  const channel = pickCumulative(rng, TOUCH_CUM);
  if (channel >= ORGANIC_SEARCH) return [channel, -1];
  const campaign = pickRunning(marketingPlanOf(plan, seed).running, rng, channel, Math.floor(t / DAY) - plan.s.startDay);
  return campaign < 0 ? [ORGANIC_SEARCH, -1] : [channel, campaign];
}

/** Contact k's journey: touch times ascending (the last at its creation), channels and campaigns. */
function journey(plan: Plan, seed: number, rng: Rng, contact: number, n: number): { t: number; channel: number; campaign: number }[] {
  const created = crmOf(plan, seed).contacts.created[contact];
  const window = Math.min(JOURNEY_MAX_DAYS * DAY, JOURNEY_MEDIAN_DAYS * DAY * Math.exp(normal(rng)), created - plan.s.start);
  const times = new Float64Array(n);
  // Touches cluster towards the conversion; the last is the form fill itself.
  for (let q = 0; q < n - 1; q++) times[q] = created - Math.floor(window * rng() ** 1.5);
  times[n - 1] = created;
  times.sort();
  return Array.from(times, (t) => {
    const [channel, campaign] = touchSource(plan, seed, rng, t);
    return { t, channel, campaign };
  });
}

function* touchRows(plan: Plan, seed: number, ctx: ChunkContext): Generator<Row> {
  const crm = crmOf(plan, seed);
  const j = journeysOf(plan, seed);
  const rng = ctx.stream();
  const to = Math.min(crm.contacts.n, (ctx.chunk + 1) * CONTACTS_PER_CHUNK);
  for (let c = ctx.chunk * CONTACTS_PER_CHUNK; c < to; c++) {
    const n = j.touchOffset[c + 1] - j.touchOffset[c];
    const weights = journeyWeights(n);
    const created = crm.contacts.created[c];
    const touches = journey(plan, seed, rng, c, n);
    for (let q = 0; q < n; q++) {
      const touch = touches[q];
      const type = q === n - 1 ? 3 : touch.channel === 3 ? 1 : touch.channel < 3 ? 0 : 2;
      yield [j.touchOffset[c] + q + 1, c + 1, touch.campaign < 0 ? null : touch.campaign + 1, TOUCH_CHANNELS[touch.channel], TOUCH_TYPES[type], touch.t, q + 1, n, created, ATTRIBUTION_MODEL, weights[q]];
    }
  }
}

function* mqlRows(plan: Plan, seed: number, ctx: ChunkContext): Generator<Row> {
  const crm = crmOf(plan, seed);
  const k = crm.contacts;
  const j = journeysOf(plan, seed);
  const rng = ctx.stream();
  const firstTouch = firstTouches(plan, seed, ctx);
  let id = 0;
  for (let c = 0; c < k.n; c++) {
    if (k.mqlAt[c] === NEVER) continue;
    // Source attribution: the first touch of the contact's journey, as touchpoints has it (the same draws, replayed).
    const first = firstTouch(c);
    const score = k.leadScore[c];
    const atMql = MQL_SCORE + Math.floor(rng() * (Math.min(score, MQL_SCORE + 15) - MQL_SCORE + 1));
    const deal = j.firstDeal[c];
    yield [
      ++id,
      c + 1,
      k.company[c] + 1,
      k.mqlAt[c],
      Math.floor(rng() ** 1.5 * 40),
      atMql,
      score,
      TOUCH_CHANNELS[first.channel],
      first.campaign < 0 ? null : first.campaign + 1,
      LIFECYCLE_STAGES[k.lifecycle[c]],
      k.sqlAt[c] === NEVER ? null : k.sqlAt[c],
      deal < 0 ? null : deal + 1,
      k.customerAt[c] === NEVER ? null : k.customerAt[c],
    ];
  }
}

/**
 * First touches of the contacts in ascending order: replays each touchpoint chunk's
 * journeys from that chunk's own stream (journeys are drawn in contact order), so
 * an MQL's source is its first touchpoint's channel without holding any journey.
 */
function firstTouches(plan: Plan, seed: number, ctx: ChunkContext): (c: number) => { channel: number; campaign: number } {
  const j = journeysOf(plan, seed);
  let chunk = -1;
  let next = 0;
  let rng: Rng = () => 0;
  let first = { channel: 0, campaign: -1 };
  return (c) => {
    if (Math.floor(c / CONTACTS_PER_CHUNK) !== chunk) {
      chunk = Math.floor(c / CONTACTS_PER_CHUNK);
      next = chunk * CONTACTS_PER_CHUNK;
      rng = ctx.stream('', 'attribution_touchpoints', chunk);
    }
    while (next <= c) {
      const x = next++;
      first = journey(plan, seed, rng, x, j.touchOffset[x + 1] - j.touchOffset[x])[0];
    }
    return first;
  };
}

const contactFk = { columns: ['contact_id'], references: { table: 'hubspot_contact', columns: ['id'] } };

export function journeyTables(plan: Plan, seed: number): TableDef[] {
  const contacts = () => crmOf(plan, seed).contacts;
  const j = () => journeysOf(plan, seed);
  return [
    {
      spec: {
        name: 'attribution_touchpoints',
        description: "Multi-touch journeys of HubSpot contacts to their conversion (the form fill that created the contact): ad clicks, email clicks and visits before it, position-based weights summing to exactly 1 per conversion",
        columns: [
          { name: 'touchpoint_id', type: 'bigint', description: 'by contact, then in time order' },
          { name: 'contact_id', type: 'bigint', description: 'the HubSpot contact who converted (hubspot_contact.id)' },
          { name: 'campaign_id', type: 'integer', nullable: true, description: 'paid and email touches: a campaign of that channel running that day; NULL for unpaid channels' },
          { name: 'channel', type: 'text', values: TOUCH_CHANNELS, description: `${TOUCH_CHANNELS.map((c, i) => `${c} ${Math.round(TOUCH_MIX[i] * 100)}%`).join(', ')}; a paid touch on a day its channel runs no campaign is Organic Search` },
          { name: 'touch_type', type: 'text', values: TOUCH_TYPES, description: 'ad_click (Google Ads, Meta, LinkedIn), email_click, web_visit (unpaid), form_submission (the last touch: the conversion)' },
          { name: 'touchpoint_at', type: 'timestamp', description: 'on or before the conversion, at most a year before (median journey 45 days), never before the history; the last touch is the conversion itself' },
          { name: 'touch_number', type: 'integer', description: '1 = first touch' },
          { name: 'journey_touches', type: 'integer', description: 'touches in the journey: 1 to 250, about 30 on average (the seed\'s touchpoints over contacts), more for bigger companies' },
          { name: 'conversion_at', type: 'timestamp', description: "the conversion: the contact's creation (hubspot_contact.property_createdate)" },
          { name: 'attribution_model', type: 'text', values: [ATTRIBUTION_MODEL], description: 'position-based (U-shaped)' },
          { name: 'attribution_weight', type: 'decimal', precision: 7, scale: WEIGHT_SCALE, description: 'first and last touch 0.4 each, the middle touches share 0.2 (one touch 1, two 0.5 each), in millionths; the last touch takes the remainder, so a conversion\'s weights sum to exactly 1' },
        ],
        primaryKey: ['touchpoint_id'],
        keyOrder: 'ascending',
        foreignKeys: [contactFk, ...campaignFk],
        timeColumn: 'touchpoint_at',
      },
      estimateRows: () => j().touchOffset[contacts().n],
      exactRows: true,
      chunks: () => Math.max(1, Math.ceil(contacts().n / CONTACTS_PER_CHUNK)),
      generate: (ctx) => inBatches(touchRows(plan, seed, ctx), ctx.batchSize),
    },
    {
      spec: {
        name: 'marketing_qualified_leads',
        description: "HubSpot contacts that became marketing qualified (lead score reached 50): when, the score's progression, the first touch's source, and the funnel after (SQL, deal, customer) as HubSpot has it",
        columns: [
          { name: 'mql_id', type: 'integer', description: 'in contact order' },
          { name: 'contact_id', type: 'bigint', description: 'hubspot_contact.id; one MQL per contact' },
          { name: 'company_id', type: 'bigint', description: "the contact's hubspot_company.id" },
          { name: 'mql_at', type: 'timestamp', description: "HubSpot's MQL date: on or after the contact's creation, before it became a customer" },
          { name: 'lead_score_at_creation', type: 'integer', description: '0-39' },
          { name: 'lead_score_at_mql', type: 'integer', description: '50 (the threshold) up to 15 more, never above lead_score' },
          { name: 'lead_score', type: 'integer', description: "HubSpot's current lead score (50-100), higher for contacts further down the funnel" },
          { name: 'source_channel', type: 'text', values: TOUCH_CHANNELS, description: "the channel of the contact's first touchpoint (original source)" },
          { name: 'source_campaign_id', type: 'integer', nullable: true, description: "the first touchpoint's campaign, NULL when unpaid" },
          { name: 'lifecycle_stage', type: 'text', values: [...LIFECYCLE_STAGES], description: "the contact's current HubSpot lifecycle stage" },
          { name: 'sql_at', type: 'timestamp', nullable: true, description: 'when sales accepted it (HubSpot salesqualifiedlead date), after mql_at' },
          { name: 'deal_id', type: 'bigint', nullable: true, description: "the contact's first deal (hubspot_deal.deal_id), created on or after sql_at" },
          { name: 'customer_at', type: 'timestamp', nullable: true, description: 'when its company became a paying customer, after mql_at' },
        ],
        primaryKey: ['mql_id'],
        keyOrder: 'ascending',
        foreignKeys: [
          contactFk,
          { columns: ['company_id'], references: { table: 'hubspot_company', columns: ['id'] } },
          { columns: ['source_campaign_id'], references: { table: 'marketing_campaigns', columns: ['campaign_id'] } },
          { columns: ['deal_id'], references: { table: 'hubspot_deal', columns: ['deal_id'] } },
        ],
        timeColumn: 'mql_at',
      },
      estimateRows: () => contacts().mqls,
      exactRows: true,
      chunks: () => 1,
      generate: (ctx) => inBatches(mqlRows(plan, seed, ctx), ctx.batchSize),
    },
  ];
}
