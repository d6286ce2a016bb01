// marketing_campaigns (from the plan) and campaign_performance: one row per
// campaign per day it ran, campaign chunk by campaign chunk. A paid day spends
// its planned share of the budget (month and weekday seasonality) times a
// capped noise of mean 1, so a campaign's spend sums to about its budget;
// clicks follow from spend and cost per click, impressions from clicks and CTR.
import { inBatches } from '../../../src/engine/batches.js';
import { formatDate } from '../../../src/engine/dates.js';
import type { ChunkContext, Row, TableDef } from '../../../src/engine/model.js';
import { binomial, normal, type Rng } from '../../../src/engine/random.js';
import type { Plan } from '../plan.js';
import { CAMPAIGNS_PER_CHUNK, marketingPlanOf, spendWeight, type Campaigns } from './plan.js';
import { AUDIENCES, CHANNEL_RATES, CHANNELS, DAY_RANGE, DAY_SD, EMAIL, OBJECTIVES, SPEND_SD, SPEND_Z_CAP, WEEKDAY_SPEND } from './vocab.js';

export const CAMPAIGN_STATUSES = ['active', 'completed'];
export const campaignFk = [{ columns: ['campaign_id'], references: { table: 'marketing_campaigns', columns: ['campaign_id'] } }];

const dayNoise = (rng: Rng) => Math.min(DAY_RANGE[1], Math.max(DAY_RANGE[0], Math.exp(DAY_SD * normal(rng))));
/** Planned-spend multiplier: 1 + sd x z, z capped symmetrically, so its mean is exactly 1. */
const spendNoise = (rng: Rng) => 1 + SPEND_SD * Math.min(SPEND_Z_CAP, Math.max(-SPEND_Z_CAP, normal(rng)));

function* campaignRows(plan: Plan, seed: number): Generator<Row> {
  const c = marketingPlanOf(plan, seed).campaigns;
  const lastDay = plan.s.endDay - 1;
  for (let i = 0; i < c.n; i++) {
    const ch = c.channel[i];
    const end = c.startDay[i] + c.days[i] - 1;
    yield [
      i + 1,
      `${CHANNELS[ch]} | ${OBJECTIVES[ch][c.objective[i]]} | ${AUDIENCES[c.audience[i]]} | ${formatDate(c.startDay[i]).slice(0, 7)}`,
      CHANNELS[ch],
      OBJECTIVES[ch][c.objective[i]],
      AUDIENCES[c.audience[i]],
      c.startDay[i],
      end,
      c.budget[i],
      end === lastDay ? 'active' : 'completed',
      c.created[i],
    ];
  }
}

/** One campaign's days: [impressions, clicks, spend in cents, conversions]. */
function* campaignDays(c: Campaigns, i: number, rng: Rng): Generator<[number, number, number, number, number]> {
  const ch = c.channel[i];
  const rate = CHANNEL_RATES[ch];
  for (let d = 0; d < c.days[i]; d++) {
    const day = c.startDay[i] + d;
    const ctr = rate.ctr * c.ctrFactor[i] * dayNoise(rng);
    const cvr = rate.cvr * c.cvrFactor[i];
    if (ch === EMAIL) {
      const sends = Math.round(c.dailySends[i] * WEEKDAY_SPEND[(day + 3) % 7] * spendNoise(rng));
      const clicks = Math.round(sends * ctr);
      yield [day, sends, clicks, 0, binomial(rng, clicks, cvr)];
      continue;
    }
    const spend = Math.round(((c.budget[i] * spendWeight(day)) / c.weightSum[i]) * spendNoise(rng));
    const expectedClicks = spend / (rate.cpc * 100 * c.cpcFactor[i] * dayNoise(rng));
    const impressions = Math.round(expectedClicks / ctr);
    const clicks = Math.min(impressions, Math.round(expectedClicks));
    yield [day, impressions, clicks, spend, binomial(rng, clicks, cvr)];
  }
}

function* performanceRows(plan: Plan, seed: number, ctx: ChunkContext): Generator<Row> {
  const c = marketingPlanOf(plan, seed).campaigns;
  const rng = ctx.stream();
  const to = Math.min(c.n, (ctx.chunk + 1) * CAMPAIGNS_PER_CHUNK);
  for (let i = ctx.chunk * CAMPAIGNS_PER_CHUNK; i < to; i++) {
    let id = c.perfOffset[i];
    for (const [day, impressions, clicks, spend, conversions] of campaignDays(c, i, rng)) yield [++id, i + 1, day, impressions, clicks, spend, conversions];
  }
}

export function campaignTables(plan: Plan, seed: number): TableDef[] {
  const one = (rows: (ctx: ChunkContext) => Iterable<Row>) => (ctx: ChunkContext) => inBatches(rows(ctx), ctx.batchSize);
  const c = () => marketingPlanOf(plan, seed).campaigns;
  return [
    {
      spec: {
        name: 'marketing_campaigns',
        description: 'Paid and email campaigns: Google Ads 40% / Meta 30% / LinkedIn 20% / Email 10% (exact), starting more often as the company grows, each inside the history',
        columns: [
          { name: 'campaign_id', type: 'integer', description: 'in order of start_date' },
          { name: 'campaign_name', type: 'text', description: 'channel | objective | audience | start month' },
          { name: 'channel', type: 'text', values: [...CHANNELS], description: 'Google Ads (search), Meta, LinkedIn or Email' },
          { name: 'objective', type: 'text', values: [...new Set(OBJECTIVES.flat())], description: "by channel: search (brand, non-brand, competitor), Meta and LinkedIn lead gen, retargeting, awareness; email newsletter, nurture, launch, webinar" },
          { name: 'target_audience', type: 'text', values: AUDIENCES, description: 'the segment the campaign targets' },
          { name: 'start_date', type: 'date', description: 'first day it ran' },
          { name: 'end_date', type: 'date', description: 'last day it ran (inclusive); its campaign_performance rows are every day from start_date to end_date' },
          { name: 'budget', type: 'decimal', precision: 12, scale: 2, description: 'whole dollars: a daily budget (Google ~$120, Meta ~$70, LinkedIn ~$100 median, lognormal) times its days weighted by month and weekday; 0 for email, which buys no clicks' },
          { name: 'status', type: 'text', values: CAMPAIGN_STATUSES, description: 'active when it runs to the last day of the history, else completed' },
          { name: 'created_at', type: 'timestamp', description: 'set up up to two weeks before start_date' },
        ],
        primaryKey: ['campaign_id'],
        keyOrder: 'ascending',
        timeColumn: 'start_date',
      },
      estimateRows: () => c().n,
      exactRows: true,
      chunks: () => 1,
      generate: one(() => campaignRows(plan, seed)),
    },
    {
      spec: {
        name: 'campaign_performance',
        description: 'Daily campaign metrics: one row per campaign per day it ran; spend paced to the budget with month and weekday seasonality, CTR and CPC by channel',
        columns: [
          { name: 'performance_id', type: 'bigint' },
          { name: 'campaign_id', type: 'integer' },
          { name: 'date', type: 'date' },
          { name: 'impressions', type: 'integer', description: 'ads shown; for email, emails delivered' },
          { name: 'clicks', type: 'integer', description: 'CTR by channel: search ~4%, Meta ~0.9%, LinkedIn ~0.55%, email ~2.6% of delivered' },
          { name: 'spend', type: 'decimal', precision: 12, scale: 2, description: "the day's planned share of the budget x (1 + 0.12 z), z capped at ±2; CPC Google ~$3.20, Meta ~$1.10, LinkedIn ~$7; email 0" },
          { name: 'conversions', type: 'integer', description: 'clicks that filled a form: search ~4%, Meta ~1.5%, LinkedIn ~2%, email ~5%' },
        ],
        primaryKey: ['performance_id'],
        keyOrder: 'ascending',
        foreignKeys: campaignFk,
        timeColumn: 'date',
      },
      estimateRows: () => c().perfOffset[c().n],
      exactRows: true,
      chunks: () => Math.max(1, Math.ceil(c().n / CAMPAIGNS_PER_CHUNK)),
      generate: one((ctx) => performanceRows(plan, seed, ctx)),
    },
  ];
}
