// The HubSpot CRM tables as an ELT connector (Fivetran) lands them, source-prefixed
// in the raw schema: owners, companies, contacts, the deal pipeline and deals with
// their stage history and links. Engagements and tickets are in engagements.ts
// and tickets.ts.
import { inBatches } from '../../../src/engine/batches.js';
import type { ChunkContext, Row, TableDef } from '../../../src/engine/model.js';
import { FIRST_NAMES, LAST_NAMES } from '../../shared/names.js';
import type { Plan } from '../plan.js';
import * as S from '../settings.js';
import { STATES } from '../vocab.js';
import { bool, col, DELETED, fk, id, SYNCED, syncedAfter, text, ts } from './columns.js';
import { engagementTables } from './engagements.js';
import { CONTACT_ROLES, crmOf, DEAL_STAGES, LIFECYCLE_STAGES, NEVER, OPEN, WON, type Crm } from './plan.js';
import { ticketTables } from './tickets.js';
import { DEAL_PIPELINE, HUBSPOT_INDUSTRY, OWNER_DOMAIN, PORTAL_ID, REVENUE_PER_EMPLOYEE } from './vocab.js';

export const COMPANIES_PER_CHUNK = 5_000;
export const DEALS_PER_CHUNK = 20_000;
const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);
const orNull = (t: number) => (t === NEVER ? null : t);
const one = (rows: (ctx: ChunkContext) => Iterable<Row>) => (ctx: ChunkContext) => inBatches(rows(ctx), ctx.batchSize);
const chunksOf = (n: number, per: number) => Math.max(1, Math.ceil(n / per));
const range = (n: number, per: number, chunk: number): [number, number] => [chunk * per, Math.min(n, (chunk + 1) * per)];

function* ownerRows(crm: Crm, plan: Plan, ctx: ChunkContext): Generator<Row> {
  const rng = ctx.stream();
  const taken = new Set<string>();
  const o = crm.owners;
  for (let k = 0; k < o.n; k++) {
    const first = FIRST_NAMES[Math.floor(rng() * FIRST_NAMES.length)];
    const last = LAST_NAMES[Math.floor(rng() * LAST_NAMES.length)];
    let local = `${first}.${last}`;
    for (let n = 2; taken.has(local); n++) local = `${first}.${last}${n}`;
    taken.add(local);
    const created = o.created[k];
    yield [k + 1, `${local}@${OWNER_DOMAIN}`, capitalize(first), capitalize(last), 'PERSON', PORTAL_ID, created, created, syncedAfter(created, plan.s.end)];
  }
}

function* companyRows(crm: Crm, plan: Plan, ctx: ChunkContext): Generator<Row> {
  const rng = ctx.stream();
  const c = crm.companies;
  const k = crm.contacts;
  const [from, to] = range(c.n, COMPANIES_PER_CHUNK, ctx.chunk);
  for (let i = from; i < to; i++) {
    const st = STATES[c.state[i]];
    const city = st.cities[Math.floor(rng() * st.cities.length)];
    const address = `${100 + Math.floor(rng() * 9_800)} ${['Main', 'Market', 'Union', 'Water', 'Broadway'][Math.floor(rng() * 5)]} St`;
    const industry = S.INDUSTRIES[c.industry[i]];
    // The company's lifecycle is the furthest any of its contacts got.
    let stage = 0;
    for (let j = c.contactOffset[i]; j < c.contactOffset[i + 1]; j++) stage = Math.max(stage, k.lifecycle[j]);
    const revenue = Math.round((c.employees[i] * REVENUE_PER_EMPLOYEE[c.industry[i]] * (0.8 + 0.4 * rng())) / 1000) * 1000;
    const acc = c.account[i];
    yield [
      i + 1,
      PORTAL_ID,
      false,
      c.names[i],
      c.domains[i],
      `${industry === 'Other' ? 'Hospitality venue' : industry} in ${city}, ${st.code}`,
      HUBSPOT_INDUSTRY[industry],
      address,
      null,
      city,
      st.code,
      'United States',
      c.employees[i],
      revenue,
      c.created[i],
      LIFECYCLE_STAGES[stage],
      c.owner[i] + 1,
      acc >= 0 ? acc + 1 : null,
      syncedAfter(c.created[i], plan.s.end),
      false,
    ];
  }
}

function* contactRows(crm: Crm, plan: Plan, ctx: ChunkContext): Generator<Row> {
  const rng = ctx.stream();
  const c = crm.companies;
  const k = crm.contacts;
  const [from, to] = range(c.n, COMPANIES_PER_CHUNK, ctx.chunk);
  for (let i = from; i < to; i++) {
    const taken = new Set<string>();
    for (let j = c.contactOffset[i]; j < c.contactOffset[i + 1]; j++) {
      const first = FIRST_NAMES[Math.floor(rng() * FIRST_NAMES.length)];
      const last = LAST_NAMES[Math.floor(rng() * LAST_NAMES.length)];
      const role = CONTACT_ROLES[k.role[j]];
      // A role address (gm@, owner@, bar.manager@) when the role's is still free, else the person's.
      let local = !taken.has(role.alias) && rng() < 0.4 ? role.alias : `${first}.${last}`;
      for (let n = 2; taken.has(local); n++) local = `${first}.${last}${n}`;
      taken.add(local);
      const latest = Math.max(k.created[j], k.mqlAt[j], k.sqlAt[j], k.opportunityAt[j], k.customerAt[j]);
      yield [
        j + 1,
        `${local}@${c.domains[i]}`,
        capitalize(first),
        capitalize(last),
        role.title,
        c.names[i],
        i + 1,
        c.owner[i] + 1,
        k.created[j],
        LIFECYCLE_STAGES[k.lifecycle[j]],
        k.leadScore[j],
        k.leadAt[j],
        orNull(k.mqlAt[j]),
        orNull(k.sqlAt[j]),
        orNull(k.opportunityAt[j]),
        orNull(k.customerAt[j]),
        null,
        syncedAfter(latest, plan.s.end),
        false,
      ];
    }
  }
}

function* pipelineRows(plan: Plan): Generator<Row> {
  yield [DEAL_PIPELINE.id, DEAL_PIPELINE.label, true, 0, plan.s.start, plan.s.start, syncedAfter(plan.s.start, plan.s.end), false];
}

function* pipelineStageRows(plan: Plan): Generator<Row> {
  const t = plan.s.start;
  for (let k = 0; k < DEAL_STAGES.length; k++) {
    const st = DEAL_STAGES[k];
    yield [st.id, DEAL_PIPELINE.id, st.label, k, Math.round(st.probability * 100), true, st.id === 'closedwon', k >= 5, t, t, syncedAfter(t, plan.s.end), false];
  }
}

function* dealRows(crm: Crm, plan: Plan, ctx: ChunkContext): Generator<Row> {
  const d = crm.deals;
  const c = crm.companies;
  const [from, to] = range(d.n, DEALS_PER_CHUNK, ctx.chunk);
  for (let x = from; x < to; x++) {
    const stage = DEAL_STAGES[d.stage[d.stageOffset[x + 1] - 1]].id;
    const company = d.company[x];
    const kind = d.newBusiness[x] ? 'newbusiness' : 'existingbusiness';
    const tier = S.TIERS[c.tier[company]];
    const latest = d.closed[x] !== NEVER ? d.closed[x] : d.stageEntered[d.stageOffset[x + 1] - 1];
    yield [
      x + 1,
      DEAL_PIPELINE.id,
      stage,
      d.owner[x] + 1,
      PORTAL_ID,
      `${c.names[company]} - ${tier} ${d.newBusiness[x] ? 'plan' : 'upgrade'}`,
      `TapFlow ${tier} for ${c.names[company]}`,
      d.amount[x],
      kind,
      d.created[x],
      orNull(d.closed[x]),
      d.outcome[x] === WON,
      d.outcome[x] !== OPEN,
      syncedAfter(latest, plan.s.end),
      false,
      false,
    ];
  }
}

function* dealStageRows(crm: Crm, plan: Plan, ctx: ChunkContext): Generator<Row> {
  const rng = ctx.stream();
  const d = crm.deals;
  const [from, to] = range(d.n, DEALS_PER_CHUNK, ctx.chunk);
  for (let x = from; x < to; x++) {
    const last = d.stageOffset[x + 1] - 1;
    for (let p = d.stageOffset[x]; p <= last; p++) {
      const entered = d.stageEntered[p];
      const end = p < last ? d.stageEntered[p + 1] : null;
      // Reps move deals in the app; the first stage is set when the deal is created, sometimes by a workflow.
      const source = p === d.stageOffset[x] && rng() < 0.3 ? 'AUTOMATION_PLATFORM' : 'CRM_UI';
      yield [x + 1, DEAL_STAGES[d.stage[p]].id, entered, source, source === 'CRM_UI' ? String(d.owner[x] + 1) : null, entered, end, end === null, syncedAfter(end ?? entered, plan.s.end)];
    }
  }
}

function* dealCompanyRows(crm: Crm, plan: Plan, ctx: ChunkContext): Generator<Row> {
  const d = crm.deals;
  const [from, to] = range(d.n, DEALS_PER_CHUNK, ctx.chunk);
  for (let x = from; x < to; x++) yield [x + 1, d.company[x] + 1, 5, 'HUBSPOT_DEFINED', syncedAfter(d.created[x], plan.s.end)];
}

function* dealContactRows(crm: Crm, plan: Plan, ctx: ChunkContext): Generator<Row> {
  const d = crm.deals;
  const [from, to] = range(d.n, DEALS_PER_CHUNK, ctx.chunk);
  for (let x = from; x < to; x++) yield [x + 1, d.contact[x] + 1, 3, 'HUBSPOT_DEFINED', syncedAfter(d.created[x], plan.s.end)];
}

const companyFk = (column = 'company_id') => fk(column, 'hubspot_company', 'id');
const contactFk = (column = 'contact_id') => fk(column, 'hubspot_contact', 'id');
const dealFk = fk('deal_id', 'hubspot_deal', 'deal_id');
const ownerFk = (column: string) => fk(column, 'hubspot_owner', 'owner_id');
const stageValues = DEAL_STAGES.map((s) => s.id);

export function hubspotTables(plan: Plan, seed: number): TableDef[] {
  const crm = crmOf(plan, seed);
  const companyChunks = () => chunksOf(crm.companies.n, COMPANIES_PER_CHUNK);
  const dealChunks = () => chunksOf(crm.deals.n, DEALS_PER_CHUNK);
  const association = (name: string, other: string, otherTable: string, otherColumn: string, typeId: number, what: string, rows: (ctx: ChunkContext) => Iterable<Row>): TableDef => ({
    spec: {
      name,
      description: `HubSpot: ${what}`,
      columns: [id('deal_id', 'the deal'), id(other, `the ${otherTable.replace('hubspot_', '')}`), col('type_id', 'integer', `HubSpot association type (${typeId}: deal to its primary ${otherTable.replace('hubspot_', '')})`), text('category', 'association category', ['HUBSPOT_DEFINED']), SYNCED],
      primaryKey: ['deal_id', other],
      keyOrder: 'ascending',
      foreignKeys: [dealFk, fk(other, otherTable, otherColumn)],
    },
    estimateRows: () => crm.deals.n,
    exactRows: true,
    chunks: dealChunks,
    generate: one(rows),
  });
  return [
    {
      spec: {
        name: 'hubspot_owner',
        description: 'HubSpot owners: the sales reps who own companies and deals (about 0.6 x sqrt(deals)), then the support agents who own tickets; three reps and one agent from the start, the rest joining as the business grows',
        columns: [
          id('owner_id', 'owner id (index + 1): reps first, then support agents'),
          text('email', 'first.last@tapflow.io, unique'),
          text('first_name', 'first name'),
          text('last_name', 'last name'),
          text('type', 'owner type', ['PERSON']),
          col('portal_id', 'integer', 'the HubSpot portal'),
          ts('created_at', 'when the owner joined'),
          ts('updated_at', 'last change: the joining'),
          SYNCED,
        ],
        primaryKey: ['owner_id'],
        keyOrder: 'ascending',
        timeColumn: 'created_at',
      },
      estimateRows: () => crm.owners.n,
      exactRows: true,
      chunks: () => 1,
      generate: one((ctx) => ownerRows(crm, plan, ctx)),
    },
    {
      spec: {
        name: 'hubspot_company',
        description: "HubSpot companies: every platform account (property_account_id) plus prospects that never signed up (hubspot_company count: the seed's 1.25 per account)",
        columns: [
          id('id', 'company id (index + 1): the accounts in account order, then prospects'),
          col('portal_id', 'integer', 'the HubSpot portal'),
          bool('is_deleted', 'archived in HubSpot: always false'),
          text('property_name', "the account's company name; prospects get names after the accounts' in their industry"),
          text('property_domain', "the account's domain (unique)"),
          text('property_description', 'industry and city'),
          text('property_industry', "HubSpot's label for the account's industry, one to one: Restaurant RESTAURANTS, Bar FOOD_BEVERAGES, Hotel HOSPITALITY, Other ENTERTAINMENT", Object.values(HUBSPOT_INDUSTRY)),
          text('property_address', 'street address'),
          text('property_address_2', 'second address line: empty', undefined, true),
          text('property_city', "a city of the state"),
          text('property_state', "the account's main location's state (prospects: by population)"),
          text('property_country', 'country', ['United States']),
          col('property_numberofemployees', 'integer', "the account's employees (prospects: drawn by tier)"),
          col('property_annualrevenue', 'integer', 'dollars: employees x revenue per employee by industry (about $70-110K), +-20%'),
          ts('property_createdate', "created before the account: before the account's won deal was opened, or shortly before a self-serve sign-up; prospects over the history, growing like accounts"),
          text('property_lifecyclestage', "the furthest lifecycle stage any of its contacts reached", LIFECYCLE_STAGES),
          id('property_hubspot_owner_id', 'the sales rep who owns it (joined by the time it was created)'),
          col('property_account_id', 'integer', "custom property: the platform's account_id; empty for prospects", { nullable: true }),
          SYNCED,
          DELETED,
        ],
        primaryKey: ['id'],
        keyOrder: 'ascending',
        // A prospect's property_account_id is NULL: declared keys skip it.
        foreignKeys: [ownerFk('property_hubspot_owner_id'), fk('property_account_id', 'accounts', 'account_id')],
        timeColumn: 'property_createdate',
      },
      estimateRows: () => crm.companies.n,
      exactRows: true,
      chunks: companyChunks,
      generate: one((ctx) => companyRows(crm, plan, ctx)),
    },
    {
      spec: {
        name: 'hubspot_contact',
        description: 'HubSpot contacts: at least one per company, the rest by tier (the seed\'s 4 per company); role addresses (gm@, owner@, ops@, bar.manager@) or first.last at the company\'s domain; lead scores and lifecycle dates',
        columns: [
          id('id', 'contact id (index + 1), company by company, oldest first'),
          text('property_email', "a role address (about 40% when the role's is free) or first.last@, at the company's domain; unique"),
          text('property_firstname', 'first name'),
          text('property_lastname', 'last name'),
          text('property_jobtitle', 'job title', CONTACT_ROLES.map((r) => r.title)),
          text('property_company', "the company's name"),
          id('property_associatedcompanyid', 'the company (hubspot_company.id)'),
          id('property_hubspot_owner_id', "the company's owner"),
          ts('property_createdate', "the first contact with its company, the others later in the company's life"),
          text('property_lifecyclestage', 'the furthest stage reached (stages only move forward)', LIFECYCLE_STAGES),
          col('property_hubspotscore', 'integer', `lead score 0-100: 50 or more exactly for marketing qualified leads (higher for those who reached a deal), below 50 for the rest`),
          ts('property_hs_lifecyclestage_lead_date', 'became a lead: the creation'),
          ts('property_hs_lifecyclestage_marketingqualifiedlead_date', "became an MQL: every deal's contact, then others up to the marketing source's MQL count", true),
          ts('property_hs_lifecyclestage_salesqualifiedlead_date', 'became an SQL: before its first deal', true),
          ts('property_hs_lifecyclestage_opportunity_date', 'its first deal opened (before it was a customer)', true),
          ts('property_hs_lifecyclestage_customer_date', "its account began paying (or the contact's creation after that); expired trials never", true),
          text('property_hs_merged_object_ids', 'contacts merged into this one: none', undefined, true),
          SYNCED,
          DELETED,
        ],
        primaryKey: ['id'],
        keyOrder: 'ascending',
        foreignKeys: [companyFk('property_associatedcompanyid'), ownerFk('property_hubspot_owner_id')],
        timeColumn: 'property_createdate',
      },
      estimateRows: () => crm.contacts.n,
      exactRows: true,
      chunks: companyChunks,
      generate: one((ctx) => contactRows(crm, plan, ctx)),
    },
    {
      spec: {
        name: 'hubspot_deal_pipeline',
        description: 'HubSpot deal pipelines: the one sales pipeline',
        columns: [
          text('pipeline_id', 'pipeline id', [DEAL_PIPELINE.id]),
          text('label', 'pipeline name'),
          bool('active', 'in use'),
          col('display_order', 'integer', 'order in the app'),
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
      generate: one(() => pipelineRows(plan)),
    },
    {
      spec: {
        name: 'hubspot_deal_pipeline_stage',
        description: "HubSpot deal stages of the sales pipeline: HubSpot's defaults, five open stages then closed won and closed lost",
        columns: [
          text('stage_id', 'stage id', stageValues),
          text('pipeline_id', 'the pipeline', [DEAL_PIPELINE.id]),
          text('label', 'stage name'),
          col('display_order', 'integer', 'order in the pipeline'),
          col('probability', 'decimal', 'chance to close won from this stage (HubSpot defaults 0.2-0.9, won 1, lost 0)', { precision: 3, scale: 2 }),
          bool('active', 'in use'),
          bool('closed_won', 'the closed won stage'),
          bool('is_closed', 'closed won or closed lost'),
          ts('created_at', "the history's start"),
          ts('updated_at', "the history's start"),
          SYNCED,
          DELETED,
        ],
        primaryKey: ['stage_id'],
        foreignKeys: [fk('pipeline_id', 'hubspot_deal_pipeline', 'pipeline_id')],
        // Pipeline settings made at the start: no time column for freshness.
      },
      estimateRows: () => DEAL_STAGES.length,
      exactRows: true,
      chunks: () => 1,
      generate: one(() => pipelineStageRows(plan)),
    },
    {
      spec: {
        name: 'hubspot_deal',
        description: "HubSpot deals: 25% of closed deals won (exactly); each won deal is a sales-led (non-trial) account's new business, closed on or before the account's creation; lost deals on prospects (3x) and accounts; open deals opened in the last four months",
        columns: [
          id('deal_id', 'deal id (index + 1): won deals in account order, then lost and open deals company by company'),
          text('deal_pipeline_id', 'the pipeline', [DEAL_PIPELINE.id]),
          text('deal_pipeline_stage_id', 'current stage: the last of its stage history', stageValues),
          id('owner_id', "the company's owner"),
          col('portal_id', 'integer', 'the HubSpot portal'),
          text('property_dealname', 'company - tier plan (new business) or upgrade (existing business)'),
          text('property_description', 'what is sold'),
          col('property_amount', 'integer', "annual value in dollars: 12 x monthly; a won deal's is 12 x its account's first subscription MRR, others 12 x a monthly price in the company tier's band"),
          text('property_dealtype', 'newbusiness before the company was a paying customer, existingbusiness after', ['newbusiness', 'existingbusiness']),
          ts('property_createdate', 'opened: its first stage entered; never before its company'),
          ts('property_closedate', 'closed won or lost; empty while open (never before created)', true),
          bool('property_hs_is_closed_won', 'closed won'),
          bool('property_hs_is_closed', 'closed won or lost'),
          SYNCED,
          DELETED,
          bool('is_deleted', 'archived in HubSpot: always false'),
        ],
        primaryKey: ['deal_id'],
        keyOrder: 'ascending',
        foreignKeys: [fk('deal_pipeline_id', 'hubspot_deal_pipeline', 'pipeline_id'), fk('deal_pipeline_stage_id', 'hubspot_deal_pipeline_stage', 'stage_id'), ownerFk('owner_id')],
        timeColumn: 'property_createdate',
      },
      estimateRows: () => crm.deals.n,
      exactRows: true,
      chunks: dealChunks,
      generate: one((ctx) => dealRows(crm, plan, ctx)),
    },
    {
      spec: {
        name: 'hubspot_deal_stage',
        description: "HubSpot deal stage history (Fivetran history mode): a row per stage a deal entered, in order and gap-free: each row ends when the next begins; stage time splits the sales cycle (median 21/40/75 days by tier)",
        columns: [
          id('deal_id', 'the deal'),
          text('value', 'the stage entered', stageValues),
          ts('date_entered', 'when the deal entered the stage: the first at its creation, a closed stage at its close'),
          text('source', 'what moved it', ['CRM_UI', 'AUTOMATION_PLATFORM']),
          text('source_id', 'the owner who moved it (CRM_UI)', undefined, true),
          ts('_fivetran_start', 'the row is current from: date_entered'),
          ts('_fivetran_end', 'the next stage\'s date_entered; empty for the current stage (instead of 9999-12-31: nothing here is dated on or after as_of)', true),
          bool('_fivetran_active', 'the current stage'),
          SYNCED,
        ],
        primaryKey: ['deal_id', 'value'],
        foreignKeys: [dealFk, fk('value', 'hubspot_deal_pipeline_stage', 'stage_id')],
        timeColumn: 'date_entered',
      },
      estimateRows: () => crm.deals.stageOffset[crm.deals.n],
      exactRows: true,
      chunks: dealChunks,
      generate: one((ctx) => dealStageRows(crm, plan, ctx)),
    },
    association('hubspot_deal_company', 'company_id', 'hubspot_company', 'id', 5, "each deal's company", (ctx) => dealCompanyRows(crm, plan, ctx)),
    association('hubspot_deal_contact', 'contact_id', 'hubspot_contact', 'id', 3, "each deal's contact: its company's first contact", (ctx) => dealContactRows(crm, plan, ctx)),
    ...engagementTables(plan, crm),
    ...ticketTables(plan, crm),
  ];
}
