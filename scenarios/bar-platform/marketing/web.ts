// ga_sessions: the website's sessions month by month (one chunk per calendar
// month, exact counts growing with the company), at local working hours of the
// visitor's state; source/medium from the traffic mix, paid sessions tied to a
// campaign of their channel running that day, landing page by source and bounce
// by landing-page type.
import { inBatches } from '../../../src/engine/batches.js';
import type { ChunkContext, Row, TableDef } from '../../../src/engine/model.js';
import { cumulate, normal, pickCumulative } from '../../../src/engine/random.js';
import type { Plan } from '../plan.js';
import { DAY, drawInWindow, weekProfile } from '../time.js';
import { STATES } from '../vocab.js';
import { campaignFk } from './campaigns.js';
import { marketingPlanOf, pickRunning, webWindow } from './plan.js';
import * as V from './vocab.js';

const WEB_BY_HOUR_OF_WEEK = weekProfile(V.HOURLY_WEB, V.WEEKDAY_WEB);
const TRAFFIC_CUM = cumulate(V.TRAFFIC.map((t) => t.share));
const LANDING_CUM = V.LANDING_MIX.map((row) => cumulate(row));
const DEVICE_CUM = cumulate(V.WEB_DEVICE_MIX);
const STATE_CUM = cumulate(STATES.map((s) => s.weight));
/** A state index fits in 5 bits: times and states sort together as t x 32 + state. */
const STATE_BITS = 32;

function* sessionRows(plan: Plan, seed: number, ctx: ChunkContext): Generator<Row> {
  const s = plan.s;
  const m = marketingPlanOf(plan, seed);
  const [from, to] = webWindow(s, m.web, ctx.chunk);
  const n = m.web.offset[ctx.chunk + 1] - m.web.offset[ctx.chunk];
  const times = ctx.stream('times');
  const rng = ctx.stream();
  const keyed = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const state = pickCumulative(times, STATE_CUM);
    let t = drawInWindow(times, WEB_BY_HOUR_OF_WEEK, STATES[state].offset, from, to);
    if (t < 0) t = from + Math.floor(times() * (to - from));
    keyed[k] = t * STATE_BITS + state;
  }
  keyed.sort();
  let id = m.web.offset[ctx.chunk];
  const pExtra = 1 / (1 + V.EXTRA_PAGES_MEAN);
  for (let k = 0; k < n; k++) {
    const t = Math.floor(keyed[k] / STATE_BITS);
    const state = keyed[k] - t * STATE_BITS;
    let traffic = pickCumulative(rng, TRAFFIC_CUM);
    let campaign = -1;
    const channel = V.TRAFFIC[traffic].channel;
    if (channel >= 0) {
      campaign = pickRunning(m.running, rng, channel, Math.floor(t / DAY) - s.startDay);
      if (campaign < 0) traffic = V.ORGANIC;
    }
    const type = pickCumulative(rng, LANDING_CUM[V.TRAFFIC[traffic].group]);
    const pages = V.LANDING_PAGES[type];
    const page = pages[Math.floor(rng() * pages.length)];
    const bounced = rng() < V.BOUNCE_RATES[type];
    const views = bounced ? 1 : 2 + Math.floor(Math.log(1 - rng()) / Math.log(1 - pExtra));
    const duration = bounced ? 0 : Math.min(V.DURATION_MAX, Math.max(10, Math.round(V.DURATION_MEDIAN * Math.sqrt(views / 3) * Math.exp(0.9 * normal(rng)))));
    yield [
      ++id,
      t,
      V.TRAFFIC[traffic].source,
      V.TRAFFIC[traffic].medium,
      campaign < 0 ? null : campaign + 1,
      page,
      V.PAGE_TYPES[type],
      V.WEB_DEVICES[pickCumulative(rng, DEVICE_CUM)],
      STATES[state].code,
      rng() < V.NEW_VISITOR_SHARE,
      views,
      duration,
      bounced,
    ];
  }
}

export function webTables(plan: Plan, seed: number): TableDef[] {
  const web = () => marketingPlanOf(plan, seed).web;
  return [
    {
      spec: {
        name: 'ga_sessions',
        description: "Website sessions (Google Analytics): growing with the company, working hours in the visitor's time zone, source/medium mix, paid sessions from a running campaign, bounce by landing-page type",
        columns: [
          { name: 'session_id', type: 'bigint', description: 'in order of session_start' },
          { name: 'session_start', type: 'timestamp', description: "weekday working hours in the visitor's state's time zone, an evening bump; monthly volume grows with new accounts and follows the marketing seasonality" },
          { name: 'source', type: 'text', values: [...new Set(V.TRAFFIC.map((t) => t.source))] },
          { name: 'medium', type: 'text', values: [...new Set(V.TRAFFIC.map((t) => t.medium))], description: `source / medium: ${V.TRAFFIC.map((t) => `${t.source} / ${t.medium} ${Math.round(t.share * 100)}%`).join(', ')}; a paid session on a day its channel runs no campaign is google / organic` },
          { name: 'campaign_id', type: 'integer', nullable: true, description: 'paid and email sessions: a campaign of that channel running that day (picked by daily budget, email by sends); NULL otherwise' },
          { name: 'landing_page', type: 'text', values: V.LANDING_PAGES.flat(), description: 'the first page of the session' },
          { name: 'landing_page_type', type: 'text', values: V.PAGE_TYPES, description: 'by source: organic search lands on the blog, paid on product and demo pages, direct on the home page' },
          { name: 'device_category', type: 'text', values: V.WEB_DEVICES, description: 'desktop 58% / mobile 37% / tablet 5%' },
          { name: 'region', type: 'text', values: STATES.map((x) => x.code), description: 'US state, by population' },
          { name: 'is_new_visitor', type: 'boolean', description: '68% new' },
          { name: 'pageviews', type: 'integer', description: 'a bounce is 1; otherwise 2 + geometric (mean 2.2)' },
          { name: 'session_duration_seconds', type: 'integer', description: 'a bounce is 0 (GA has no second hit to time); otherwise lognormal, median about 150 s, at most 2 hours' },
          { name: 'bounced', type: 'boolean', description: `single-page session; rate by landing-page type: ${V.PAGE_TYPES.map((p, i) => `${p} ${Math.round(V.BOUNCE_RATES[i] * 100)}%`).join(', ')}` },
        ],
        primaryKey: ['session_id'],
        keyOrder: 'ascending',
        foreignKeys: campaignFk,
        timeColumn: 'session_start',
      },
      estimateRows: () => web().offset[web().offset.length - 1],
      exactRows: true,
      chunks: () => web().offset.length - 1,
      generate: (ctx) => inBatches(sessionRows(plan, seed, ctx), ctx.batchSize),
    },
  ];
}
