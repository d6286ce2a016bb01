// HubSpot engagements as the connector lands them: a header per engagement, a
// row in the table of its type (call, email, meeting, note, task) and its links
// to a contact, a company and (for deal work) a deal. All written chunk by chunk
// from the CRM plan's engagement arrays.
import { inBatches } from '../../../src/engine/batches.js';
import type { ChunkContext, Column, Row, TableDef } from '../../../src/engine/model.js';
import { cumulate, pickCumulative, type Rng } from '../../../src/engine/random.js';
import type { Plan } from '../plan.js';
import { DAY } from '../time.js';

const MINUTE = 60;
import { col, DELETED, fk, id, SYNCED, syncedAfter, text, ts, fill } from './columns.js';
import { ENGAGEMENT_TYPES, OPEN_STAGES, type Crm } from './plan.js';
import {
  CALL_STATUS_MIX, CALL_STATUSES, DIRECTIONS, EMAIL_DIRECTIONS, EMAIL_SUBJECTS, MEETING_OUTCOME_MIX, MEETING_OUTCOMES, MEETING_TITLES, NOTE_BODIES,
  PORTAL_ID, SALES_TEAM_ID, TASK_PRIORITIES, TASK_STATUSES, TASK_SUBJECTS, TASK_TYPES,
} from './vocab.js';

export const ENGAGEMENTS_PER_CHUNK = 25_000;
const CALL_STATUS_CUM = cumulate(CALL_STATUS_MIX);
const MEETING_OUTCOME_CUM = cumulate(MEETING_OUTCOME_MIX);

/** The stage a deal engagement happened in (index into DEAL_STAGES), or OPEN_STAGES for work with a contact outside a deal. */
export function stageOf(crm: Crm, e: number): number {
  const d = crm.deals;
  const deal = crm.engagements.deal[e];
  if (deal < 0) return OPEN_STAGES;
  const t = crm.engagements.time[e];
  let stage = d.stage[d.stageOffset[deal]];
  for (let p = d.stageOffset[deal]; p < d.stageOffset[deal + 1]; p++) if (d.stageEntered[p] <= t && d.stage[p] < OPEN_STAGES) stage = d.stage[p];
  return stage;
}

const pick = (rng: Rng, list: readonly string[]) => list[Math.floor(rng() * list.length)];

/** Columns of each type table after the common ones, and their values for engagement e. */
interface TypeShape {
  columns: Column[];
  values(crm: Crm, e: number, rng: Rng, end: number): Row;
}

const companyName = (crm: Crm, e: number) => crm.companies.names[crm.engagements.company[e]];

const TYPE_SHAPES: TypeShape[] = [
  {
    columns: [
      text('property_hs_call_direction', 'OUTBOUND 85%, INBOUND 15%', DIRECTIONS),
      text('property_hs_call_status', 'COMPLETED 60%, NO_ANSWER 20%, LEFT_VOICEMAIL 15%, BUSY 5%', CALL_STATUSES),
      col('property_hs_call_duration', 'integer', 'milliseconds: 2-30 minutes when completed (lognormal, median 8), under a minute for a voicemail, 0 otherwise'),
    ],
    values: (_crm, _e, rng) => {
      const status = pickCumulative(rng, CALL_STATUS_CUM);
      const ms = status === 0 ? Math.round(Math.min(30, Math.max(2, 8 * Math.exp(0.6 * (rng() + rng() + rng() - 1.5)))) * 60_000) : status === 3 ? 20_000 + Math.floor(rng() * 40_000) : 0;
      return [DIRECTIONS[rng() < 0.85 ? 0 : 1], CALL_STATUSES[status], ms];
    },
  },
  {
    columns: [text('property_hs_email_direction', 'EMAIL (sent by the rep) 80%, INCOMING_EMAIL 20%', EMAIL_DIRECTIONS), text('property_hs_email_subject', 'by the deal stage'), text('property_hs_email_status', 'delivery status', ['SENT'])],
    values: (crm, e, rng) => [EMAIL_DIRECTIONS[rng() < 0.8 ? 0 : 1], fill(pick(rng, EMAIL_SUBJECTS[stageOf(crm, e)]), companyName(crm, e)), 'SENT'],
  },
  {
    columns: [
      text('property_hs_meeting_title', 'by the deal stage'),
      ts('property_hs_meeting_start_time', 'the meeting: property_hs_timestamp'),
      ts('property_hs_meeting_end_time', '30, 45 or 60 minutes later (before as_of)'),
      text('property_hs_meeting_outcome', 'COMPLETED 82%, RESCHEDULED 10%, NO_SHOW 8%', MEETING_OUTCOMES),
    ],
    values: (crm, e, rng, end) => {
      const t = crm.engagements.time[e];
      return [fill(pick(rng, MEETING_TITLES[stageOf(crm, e)]), companyName(crm, e)), t, Math.min(end - 1, t + (30 + 15 * Math.floor(rng() * 3)) * MINUTE), MEETING_OUTCOMES[pickCumulative(rng, MEETING_OUTCOME_CUM)]];
    },
  },
  {
    columns: [text('property_hs_note_body', 'what the rep wrote down')],
    values: (crm, e, rng) => [fill(pick(rng, NOTE_BODIES), companyName(crm, e))],
  },
  {
    columns: [
      text('property_hs_task_subject', 'the follow-up'),
      text('property_hs_task_status', 'COMPLETED, except 60% of tasks in the last 14 days before as_of', TASK_STATUSES),
      text('property_hs_task_priority', 'LOW 30%, MEDIUM 50%, HIGH 20%', TASK_PRIORITIES),
      text('property_hs_task_type', 'CALL, EMAIL or TODO', TASK_TYPES),
    ],
    values: (crm, e, rng, end) => {
      const recent = crm.engagements.time[e] >= end - 14 * DAY;
      const p = rng();
      return [fill(pick(rng, TASK_SUBJECTS), companyName(crm, e)), TASK_STATUSES[recent && rng() < 0.6 ? 1 : 0], TASK_PRIORITIES[p < 0.3 ? 0 : p < 0.8 ? 1 : 2], pick(rng, TASK_TYPES)];
    },
  },
];

const range = (n: number, chunk: number): [number, number] => [chunk * ENGAGEMENTS_PER_CHUNK, Math.min(n, (chunk + 1) * ENGAGEMENTS_PER_CHUNK)];
const loggedAt = (crm: Crm, e: number) => crm.engagements.time[e] - crm.engagements.bookedAhead[e];

function* headerRows(crm: Crm, plan: Plan, ctx: ChunkContext): Generator<Row> {
  const g = crm.engagements;
  const [from, to] = range(g.n, ctx.chunk);
  for (let e = from; e < to; e++) yield [e + 1, PORTAL_ID, ENGAGEMENT_TYPES[g.type[e]], true, g.owner[e] + 1, loggedAt(crm, e), g.time[e], syncedAfter(g.time[e], plan.s.end)];
}

function* typeRows(crm: Crm, plan: Plan, type: number, ctx: ChunkContext): Generator<Row> {
  const rng = ctx.stream();
  const g = crm.engagements;
  const shape = TYPE_SHAPES[type];
  const [from, to] = range(g.n, ctx.chunk);
  for (let e = from; e < to; e++) {
    if (g.type[e] !== type) continue;
    yield [e + 1, ENGAGEMENT_TYPES[type], loggedAt(crm, e), g.time[e], g.owner[e] + 1, SALES_TEAM_ID, ...shape.values(crm, e, rng, plan.s.end), syncedAfter(g.time[e], plan.s.end), false];
  }
}

function* linkRows(crm: Crm, plan: Plan, of: Int32Array, ctx: ChunkContext): Generator<Row> {
  const g = crm.engagements;
  const [from, to] = range(g.n, ctx.chunk);
  for (let e = from; e < to; e++) if (of[e] >= 0) yield [e + 1, of[e] + 1, 'HUBSPOT_DEFINED', syncedAfter(g.time[e], plan.s.end)];
}

// Weak, as every cache of the plan: the plan can go once no table holds it (runner.ts, counted).
const typeCountCache = new WeakMap<Crm, { counts: number[]; onDeals: number }>();
function typeCounts(crm: Crm): { counts: number[]; onDeals: number } {
  let cached = typeCountCache.get(crm);
  if (!cached) {
    const counts = ENGAGEMENT_TYPES.map(() => 0);
    let onDeals = 0;
    for (let e = 0; e < crm.engagements.n; e++) {
      counts[crm.engagements.type[e]]++;
      if (crm.engagements.deal[e] >= 0) onDeals++;
    }
    typeCountCache.set(crm, (cached = { counts, onDeals }));
  }
  return cached;
}

const engagementFk = fk('engagement_id', 'hubspot_engagement', 'id');
const one = (rows: (ctx: ChunkContext) => Iterable<Row>) => (ctx: ChunkContext) => inBatches(rows(ctx), ctx.batchSize);

export function engagementTables(plan: Plan, crm: Crm): TableDef[] {
  const chunks = () => Math.max(1, Math.ceil(crm.engagements.n / ENGAGEMENTS_PER_CHUNK));
  const g = crm.engagements;
  const typeTable = (type: number): TableDef => {
    const name = ENGAGEMENT_TYPES[type].toLowerCase();
    return {
      spec: {
        name: `hubspot_engagement_${name}`,
        description: `HubSpot ${name} engagements: one row per engagement of type ${ENGAGEMENT_TYPES[type]}`,
        columns: [
          id('engagement_id', 'the engagement (hubspot_engagement.id)'),
          text('type', 'engagement type', [ENGAGEMENT_TYPES[type]]),
          ts('property_hs_createdate', 'logged: when it happened; a meeting was booked up to a week ahead'),
          ts('property_hs_timestamp', "when it happened: rep working hours (weekdays 8am-6pm, the company's time zone), on or after its deal's and contact's creation"),
          id('property_hubspot_owner_id', "the deal's (or company's) owner"),
          col('property_hubspot_team_id', 'integer', 'the sales team'),
          ...TYPE_SHAPES[type].columns,
          SYNCED,
          DELETED,
        ],
        primaryKey: ['engagement_id'],
        keyOrder: 'ascending',
        foreignKeys: [engagementFk, fk('property_hubspot_owner_id', 'hubspot_owner', 'owner_id')],
        timeColumn: 'property_hs_timestamp',
      },
      estimateRows: () => typeCounts(crm).counts[type],
      exactRows: true,
      chunks,
      generate: one((ctx) => typeRows(crm, plan, type, ctx)),
    };
  };
  const link = (what: 'contact' | 'company' | 'deal', of: Int32Array, parent: string, parentColumn: string, help: string, rows: () => number): TableDef => ({
    spec: {
      name: `hubspot_engagement_${what}`,
      description: `HubSpot engagement links to ${what === 'company' ? 'companies' : what + 's'}: ${help}`,
      columns: [id('engagement_id', 'the engagement'), id(`${what}_id`, `the ${what}`), text('category', 'association category', ['HUBSPOT_DEFINED']), SYNCED],
      primaryKey: ['engagement_id', `${what}_id`],
      keyOrder: 'ascending',
      foreignKeys: [engagementFk, fk(`${what}_id`, parent, parentColumn)],
    },
    estimateRows: rows,
    exactRows: true,
    chunks,
    generate: one((ctx) => linkRows(crm, plan, of, ctx)),
  });
  return [
    {
      spec: {
        name: 'hubspot_engagement',
        description: "HubSpot engagements (headers): 85% on deals, more per day in later stages (1 to 4x from first stage to contract sent), 15% with contacts outside a deal; calls, emails, meetings, notes and tasks by stage",
        columns: [
          id('id', 'engagement id (index + 1): deal by deal, then contact by contact, in time order within each'),
          col('portal_id', 'integer', 'the HubSpot portal'),
          text('type', 'emails most, then calls; meetings and notes grow in later stages', [...ENGAGEMENT_TYPES]),
          col('active', 'boolean', 'not archived: always true'),
          id('owner_id', "the deal's (or company's) owner"),
          ts('created_at', 'logged (property_hs_createdate of its type row)'),
          ts('timestamp', 'when it happened (property_hs_timestamp of its type row)'),
          SYNCED,
        ],
        primaryKey: ['id'],
        keyOrder: 'ascending',
        foreignKeys: [fk('owner_id', 'hubspot_owner', 'owner_id')],
        timeColumn: 'timestamp',
      },
      estimateRows: () => g.n,
      exactRows: true,
      chunks,
      generate: one((ctx) => headerRows(crm, plan, ctx)),
    },
    ...ENGAGEMENT_TYPES.map((_, type) => typeTable(type)),
    link('contact', g.contact, 'hubspot_contact', 'id', "the deal's contact or the contact worked with", () => g.n),
    link('company', g.company, 'hubspot_company', 'id', "the contact's company", () => g.n),
    link('deal', g.deal, 'hubspot_deal', 'deal_id', 'the deal, for the 85% of engagements on deals', () => typeCounts(crm).onDeals),
  ];
}
