// HubSpot support tickets: the ticket pipeline and its stages, the tickets of
// customers' companies, and their links to a company and a contact.
import { inBatches } from '../../../src/engine/batches.js';
import type { ChunkContext, Row, TableDef } from '../../../src/engine/model.js';
import { cumulate, pickCumulative } from '../../../src/engine/random.js';
import type { Plan } from '../plan.js';
import { bool, col, DELETED, fk, id, SYNCED, syncedAfter, text, ts } from './columns.js';
import { NEVER, PRIORITY_MIX, RESOLUTION_HOURS, TICKET_PRIORITIES, type Crm } from './plan.js';
import { PORTAL_ID, TICKET_CATEGORIES, TICKET_CATEGORY_MIX, TICKET_PIPELINE, TICKET_STAGES, TICKET_SUBJECTS } from './vocab.js';

export const TICKETS_PER_CHUNK = 25_000;
const CATEGORY_CUM = cumulate(TICKET_CATEGORY_MIX);
const range = (n: number, chunk: number): [number, number] => [chunk * TICKETS_PER_CHUNK, Math.min(n, (chunk + 1) * TICKETS_PER_CHUNK)];
const one = (rows: (ctx: ChunkContext) => Iterable<Row>) => (ctx: ChunkContext) => inBatches(rows(ctx), ctx.batchSize);
const orNull = (t: number) => (t === NEVER ? null : t);

/** A ticket's stage: Closed once closed; open ones New until an agent replied, then waiting on the contact or on us. */
export function ticketStage(crm: Crm, x: number, coin: number): string {
  const t = crm.tickets;
  if (t.closed[x] !== NEVER) return '4';
  if (t.firstReply[x] === NEVER) return '1';
  return coin < 0.5 ? '2' : '3';
}

function* ticketRows(crm: Crm, plan: Plan, ctx: ChunkContext): Generator<Row> {
  const rng = ctx.stream();
  const t = crm.tickets;
  const [from, to] = range(t.n, ctx.chunk);
  for (let x = from; x < to; x++) {
    const category = pickCumulative(rng, CATEGORY_CUM);
    const subjects = TICKET_SUBJECTS[category];
    const subject = subjects[Math.floor(rng() * subjects.length)];
    const stage = ticketStage(crm, x, rng());
    const latest = Math.max(t.created[x], t.firstReply[x], t.closed[x]);
    yield [
      x + 1,
      PORTAL_ID,
      subject,
      `${subject}. Reported by ${crm.companies.names[t.company[x]]}.`,
      TICKET_PIPELINE.id,
      stage,
      TICKET_CATEGORIES[category],
      TICKET_PRIORITIES[t.priority[x]],
      t.owner[x] + 1,
      t.created[x],
      orNull(t.firstReply[x]),
      orNull(t.closed[x]),
      t.closed[x] === NEVER ? null : (t.closed[x] - t.created[x]) * 1000,
      syncedAfter(latest, plan.s.end),
      false,
      false,
    ];
  }
}

function* linkRows(crm: Crm, plan: Plan, of: Int32Array, ctx: ChunkContext): Generator<Row> {
  const t = crm.tickets;
  const [from, to] = range(t.n, ctx.chunk);
  for (let x = from; x < to; x++) yield [x + 1, of[x] + 1, 'HUBSPOT_DEFINED', syncedAfter(t.created[x], plan.s.end)];
}

export function ticketTables(plan: Plan, crm: Crm): TableDef[] {
  const chunks = () => Math.max(1, Math.ceil(crm.tickets.n / TICKETS_PER_CHUNK));
  const start = plan.s.start;
  const synced = syncedAfter(start, plan.s.end);
  const ticketFk = fk('ticket_id', 'hubspot_ticket', 'id');
  const stageIds = TICKET_STAGES.map((s) => s.id);
  const link = (what: 'company' | 'contact', of: Int32Array, help: string): TableDef => ({
    spec: {
      name: `hubspot_ticket_${what}`,
      description: `HubSpot ticket links to ${what === 'company' ? 'companies' : 'contacts'}: ${help}`,
      columns: [id('ticket_id', 'the ticket'), id(`${what}_id`, `the ${what}`), text('category', 'association category', ['HUBSPOT_DEFINED']), SYNCED],
      primaryKey: ['ticket_id', `${what}_id`],
      keyOrder: 'ascending',
      foreignKeys: [ticketFk, fk(`${what}_id`, `hubspot_${what}`, 'id')],
    },
    estimateRows: () => crm.tickets.n,
    exactRows: true,
    chunks,
    generate: one((ctx) => linkRows(crm, plan, of, ctx)),
  });
  return [
    {
      spec: {
        name: 'hubspot_ticket_pipeline',
        description: 'HubSpot ticket pipelines: the one support pipeline',
        columns: [
          text('pipeline_id', 'pipeline id', [TICKET_PIPELINE.id]),
          text('label', 'pipeline name'),
          text('object_type_id', 'HubSpot object type of tickets', [TICKET_PIPELINE.objectType]),
          col('display_order', 'integer', 'order in the app'),
          bool('active', 'in use'),
          ts('created_at', "the history's start"),
          ts('updated_at', "the history's start"),
          SYNCED,
          DELETED,
        ],
        primaryKey: ['pipeline_id'],
        // Pipeline settings made at the start: no time column for freshness.
      },
      estimateRows: () => 1,
      exactRows: true,
      chunks: () => 1,
      generate: one(() => [[TICKET_PIPELINE.id, TICKET_PIPELINE.label, TICKET_PIPELINE.objectType, 0, true, start, start, synced, false]]),
    },
    {
      spec: {
        name: 'hubspot_ticket_pipeline_stage',
        description: "HubSpot ticket stages: HubSpot's defaults, three open then Closed",
        columns: [
          text('stage_id', 'stage id', stageIds),
          text('pipeline_id', 'the pipeline', [TICKET_PIPELINE.id]),
          text('label', 'stage name'),
          col('display_order', 'integer', 'order in the pipeline'),
          bool('is_closed', 'the closed stage'),
          text('ticket_state', 'OPEN or CLOSED', ['OPEN', 'CLOSED']),
          bool('active', 'in use'),
          ts('created_at', "the history's start"),
          ts('updated_at', "the history's start"),
          SYNCED,
          DELETED,
        ],
        primaryKey: ['stage_id'],
        foreignKeys: [fk('pipeline_id', 'hubspot_ticket_pipeline', 'pipeline_id')],
        // Pipeline settings made at the start: no time column for freshness.
      },
      estimateRows: () => TICKET_STAGES.length,
      exactRows: true,
      chunks: () => 1,
      generate: one(() => TICKET_STAGES.map((s, k) => [s.id, TICKET_PIPELINE.id, s.label, k, s.closed, s.closed ? 'CLOSED' : 'OPEN', true, start, start, synced, false])),
    },
    {
      spec: {
        name: 'hubspot_ticket',
        description: `HubSpot support tickets: only customers' companies, created while the account lived (more for longer-lived and larger accounts); priority LOW/MEDIUM/HIGH/URGENT ${PRIORITY_MIX.map((p) => Math.round(p * 100)).join('/')}%, resolved in a median ${RESOLUTION_HOURS.join('/')} hours by priority (lognormal); tickets not resolved by as_of are open`,
        columns: [
          id('id', 'ticket id (index + 1), account by account, in time order within each'),
          col('portal_id', 'integer', 'the HubSpot portal'),
          text('property_subject', 'by category'),
          text('property_content', 'the subject and who reported it'),
          text('property_hs_pipeline', 'the pipeline', [TICKET_PIPELINE.id]),
          text('property_hs_pipeline_stage', '4 Closed when closed; open: 1 New before an agent replied, then 2 Waiting on contact or 3 Waiting on us', stageIds),
          text('property_hs_ticket_category', 'PRODUCT_ISSUE 45%, BILLING_ISSUE 20%, FEATURE_REQUEST 15%, GENERAL_INQUIRY 20%', TICKET_CATEGORIES),
          text('property_hs_ticket_priority', 'LOW 35%, MEDIUM 40%, HIGH 18%, URGENT 7%', [...TICKET_PRIORITIES]),
          id('property_hubspot_owner_id', 'a support agent who had joined by then'),
          ts('property_createdate', "inside the account's life (created to churn or as_of), bar hours and evenings in its time zone"),
          ts('property_first_agent_reply_date', 'after 5-30% of the resolution time; empty if not before as_of', true),
          ts('property_closed_date', 'created + resolution time; empty while open at as_of', true),
          col('property_time_to_close', 'bigint', 'milliseconds from created to closed; empty while open', { nullable: true }),
          SYNCED,
          DELETED,
          bool('is_deleted', 'archived in HubSpot: always false'),
        ],
        primaryKey: ['id'],
        keyOrder: 'ascending',
        foreignKeys: [fk('property_hs_pipeline', 'hubspot_ticket_pipeline', 'pipeline_id'), fk('property_hs_pipeline_stage', 'hubspot_ticket_pipeline_stage', 'stage_id'), fk('property_hubspot_owner_id', 'hubspot_owner', 'owner_id')],
        timeColumn: 'property_createdate',
      },
      estimateRows: () => crm.tickets.n,
      exactRows: true,
      chunks,
      generate: one((ctx) => ticketRows(crm, plan, ctx)),
    },
    link('company', crm.tickets.company, "the account's company"),
    link('contact', crm.tickets.contact, 'a contact of the company who was there when it was opened'),
  ];
}
