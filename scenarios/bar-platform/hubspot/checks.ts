// HubSpot's rules, measured on the streamed rows: row counts, companies against
// the platform's accounts (property_account_id, domain, industry, creation),
// contacts' emails and lifecycle, deals (won deals before their account, 25% of
// closed won, stage history in order and gap-free), engagements after what they
// are about and in working hours, tickets inside their account's life.
import { Pearson } from '../../../src/checks/correlation.js';
import { count, pct, shareTolerance } from '../../../src/checks/figures.js';
import { Tally } from '../../../src/checks/tally.js';
import type { Row } from '../../../src/engine/model.js';
import { Growable } from '../platform/growable.js';
import type { PlatformChecks } from '../platform/checks.js';
import type { Settings } from '../settings.js';
import type { Add, SourceChecks } from '../source.js';
import { DAY, HOUR, hourOfWeek } from '../time.js';
import { STATES } from '../vocab.js';
import { DEAL_STAGES, LIFECYCLE_STAGES, MQL_SCORE, OPEN_STAGES, PRIORITY_MIX, RESOLUTION_SD, STAGE_ENGAGEMENT, TICKET_PRIORITIES, WIN_RATE } from './plan.js';

/** One-sided normal quantile of the one-in-a-million false alarm (FALSE_ALARM in src/checks/figures.ts). */
const Z_ONE_SIDED = 4.75;
import { HUBSPOT_INDUSTRY } from './vocab.js';

const STAGE_INDEX = new Map(DEAL_STAGES.map((s, k) => [s.id as string, k]));
const STATE_OFFSET = new Map(STATES.map((s) => [s.code, s.offset]));
const LIFECYCLE_INDEX = new Map(LIFECYCLE_STAGES.map((s, k) => [s as string, k]));
/** Reps' working window for the check: weekdays 7am-7pm local. */
const workingHour = (how: number) => how < 5 * 24 && how % 24 >= 7 && how % 24 < 19;

export class HubspotChecks implements SourceChecks {
  private rows = new Map<string, number>();
  // Accounts (read from the platform's rows), by account_id.
  private accountDomain: string[] = [];
  private accountIndustry: string[] = [];
  private companiesOf: Uint8Array;
  // Companies, contacts, deals, owners by id (ids are dense from 1).
  private owner = new Growable();
  private company = { created: new Growable(), account: new Growable(), employees: new Growable(), offset: new Growable(Uint16Array), bad: { account: 0, domain: 0, industry: 0, createdAfter: 0 } };
  private contact = { created: new Growable(), emails: new Set<string>(), badEmail: 0, badLifecycle: 0, badScore: 0, mqls: 0, scores: 0 };
  private deal = { created: new Growable(), amount: new Growable(), closed: new Growable(), outcome: new Growable(Uint16Array), bad: { closedBeforeCreated: 0, outcome: 0, wonBeforeAccount: 0, wonNotAccount: 0, beforeCompany: 0 }, won: 0, lost: 0, amountBySize: new Pearson() };
  /** Stage history: per deal, the stages' entered times (flat, with offsets), checked as the rows stream. */
  private stages = { offset: [0] as number[], stage: new Growable(Uint16Array), entered: new Growable(), last: -1, prev: null as Row | null, bad: 0, seen: 0, days: new Float64Array(OPEN_STAGES), dealsAt: new Float64Array(OPEN_STAGES) };
  private engagement = { time: new Growable(), company: new Growable(), bad: 0, typeMismatch: 0, working: 0, n: 0, perStage: new Float64Array(OPEN_STAGES) };
  private ticket = { created: new Growable(), closed: new Growable(), stage: [] as string[], priority: new Tally(), hours: TICKET_PRIORITIES.map(() => [] as number[]), bad: { life: 0, closed: 0, open: 0 }, open: 0 };

  constructor(
    private s: Settings,
    private platform: PlatformChecks,
  ) {
    this.companiesOf = new Uint8Array(s.accounts + 1);
  }

  private account(id: unknown): id is number {
    return typeof id === 'number' && Number.isInteger(id) && id > 0 && id <= this.s.accounts;
  }

  observe(table: string, rows: Row[]): void {
    if (table === 'accounts') {
      for (const r of rows) {
        this.accountDomain[r[0] as number] = r[2] as string;
        this.accountIndustry[r[0] as number] = r[3] as string;
      }
      return;
    }
    if (!table.startsWith('hubspot_')) return;
    this.rows.set(table, (this.rows.get(table) ?? 0) + rows.length);
    const clock = this.platform.clock(table);
    switch (table) {
      case 'hubspot_owner':
        for (const r of rows) {
          this.owner.push(r[6] as number);
          clock.see(r[6] as number);
        }
        break;
      case 'hubspot_company':
        for (const r of rows) this.companyRow(r, clock);
        break;
      case 'hubspot_contact':
        for (const r of rows) this.contactRow(r, clock);
        break;
      case 'hubspot_deal':
        for (const r of rows) {
          const created = r[9] as number;
          const closed = r[10] as number | null;
          const stage = STAGE_INDEX.get(r[2] as string) ?? -1;
          const outcome = stage === 5 ? 1 : stage === 6 ? 2 : 0;
          this.deal.created.push(created);
          this.deal.amount.push(r[7] as number);
          this.deal.closed.push(closed ?? -1);
          this.deal.outcome.push(outcome);
          clock.see(created, this.owner.at((r[3] as number) - 1) ?? Infinity);
          if (closed !== null) clock.see(closed, created);
          if (closed !== null && closed < created) this.deal.bad.closedBeforeCreated++;
          // Closed exactly when in a closed stage, and the flags agree.
          if ((closed === null) !== (outcome === 0) || r[11] !== (outcome === 1) || r[12] !== (outcome !== 0) || stage < 0) this.deal.bad.outcome++;
          if (outcome === 1) this.deal.won++;
          if (outcome === 2) this.deal.lost++;
        }
        break;
      case 'hubspot_deal_stage':
        for (const r of rows) this.stageRow(r, clock);
        break;
      case 'hubspot_deal_company':
        for (const r of rows) this.dealCompany(r, clock);
        break;
      case 'hubspot_engagement':
        for (const r of rows) {
          const t = r[6] as number;
          this.engagement.time.push(t);
          clock.see(t, this.owner.at((r[4] as number) - 1) ?? Infinity);
          clock.see(r[5] as number);
          if ((r[5] as number) > t) clock.paradoxes++;
        }
        break;
      case 'hubspot_engagement_call':
      case 'hubspot_engagement_email':
      case 'hubspot_engagement_meeting':
      case 'hubspot_engagement_note':
      case 'hubspot_engagement_task':
        // A type row is its header's engagement: same time, the type its table says.
        for (const r of rows) {
          if (this.engagement.time.at((r[0] as number) - 1) !== r[3] || table !== `hubspot_engagement_${(r[1] as string).toLowerCase()}`) this.engagement.typeMismatch++;
          clock.see(r[3] as number, r[2] as number);
        }
        break;
      case 'hubspot_engagement_contact':
        for (const r of rows) this.engagementAfter(r, this.contact.created, clock);
        break;
      case 'hubspot_engagement_company':
        for (const r of rows) {
          this.engagementAfter(r, this.company.created, clock);
          this.engagementHours(r);
        }
        break;
      case 'hubspot_engagement_deal':
        for (const r of rows) {
          this.engagementAfter(r, this.deal.created, clock);
          this.engagementStage(r);
        }
        break;
      case 'hubspot_ticket':
        for (const r of rows) this.ticketRow(r, clock);
        break;
      case 'hubspot_ticket_company':
        for (const r of rows) this.ticketCompany(r, clock);
        break;
    }
  }

  private companyRow(r: Row, clock: ReturnType<PlatformChecks['clock']>): void {
    const created = r[14] as number;
    const acc = r[17] as number | null;
    this.company.created.push(created);
    this.company.account.push(acc ?? 0);
    this.company.employees.push(r[12] as number);
    this.company.offset.push(STATE_OFFSET.get(r[10] as string) === undefined ? 0 : 12 + STATE_OFFSET.get(r[10] as string)!);
    clock.see(created, this.owner.at((r[16] as number) - 1) ?? Infinity);
    if (acc === null) return;
    if (!this.account(acc)) {
      this.company.bad.account++;
      return;
    }
    this.companiesOf[acc] = Math.min(255, this.companiesOf[acc] + 1);
    if (r[4] !== this.accountDomain[acc]) this.company.bad.domain++;
    if (r[6] !== HUBSPOT_INDUSTRY[this.accountIndustry[acc]]) this.company.bad.industry++;
    if (created > this.platform.created[acc]) this.company.bad.createdAfter++;
  }

  private contactRow(r: Row, clock: ReturnType<PlatformChecks['clock']>): void {
    const c = this.contact;
    const created = r[8] as number;
    const company = r[6] as number;
    c.created.push(created);
    clock.see(created, this.company.created.at(company - 1) ?? Infinity);
    const email = r[1] as string;
    const acc = this.company.account.at(company - 1);
    // Unique, at the company's domain (the account's for customers).
    if (c.emails.has(email) || (acc && !email.endsWith('@' + this.accountDomain[acc]))) c.badEmail++;
    c.emails.add(email);
    // Lifecycle dates: lead at creation, each later stage on or after the one before, the stage the furthest set.
    const dates = [r[11], r[12], r[13], r[14], r[15]] as (number | null)[];
    let prev = created;
    let furthest = 0;
    let bad = dates[0] !== created;
    for (let k = 1; k < dates.length; k++) {
      const d = dates[k];
      if (d === null) continue;
      if (d < prev) bad = true;
      clock.see(d, created);
      prev = d;
      furthest = k;
    }
    if (bad || LIFECYCLE_INDEX.get(r[9] as string) !== furthest) c.badLifecycle++;
    // Reaching a deal means passing MQL and SQL.
    if (dates[3] !== null && (dates[1] === null || dates[2] === null)) c.badLifecycle++;
    const mql = dates[1] !== null;
    if (mql) c.mqls++;
    if (mql !== (r[10] as number) >= MQL_SCORE) c.badScore++;
    c.scores += r[10] as number;
  }

  private stageRow(r: Row, clock: ReturnType<PlatformChecks['clock']>): void {
    const st = this.stages;
    const deal = (r[0] as number) - 1;
    const entered = r[2] as number;
    const stage = STAGE_INDEX.get(r[1] as string) ?? -1;
    st.seen++;
    const created = this.deal.created.at(deal);
    if (deal !== st.last) {
      this.closeDeal();
      // A new deal's history starts at its creation, and deals arrive in order.
      if (deal < st.last || entered !== created) st.bad++;
      st.last = deal;
      st.offset[deal] = st.stage.length;
    } else {
      const p = st.prev!;
      // Gap-free and in order: the previous row ended when this one began, at a later stage of the pipeline.
      if (p[6] !== entered || (STAGE_INDEX.get(p[1] as string) ?? 99) >= stage || p[7] !== false) st.bad++;
    }
    if (r[5] !== entered) st.bad++;
    clock.see(entered, created ?? Infinity);
    st.stage.push(stage);
    st.entered.push(entered);
    st.prev = r;
  }

  /** The last stage of a deal: current (open, no end), or the close (closed won or lost at the close date). */
  private closeDeal(): void {
    const st = this.stages;
    const p = st.prev;
    if (!p || st.last < 0) return;
    const deal = st.last;
    const stage = STAGE_INDEX.get(p[1] as string) ?? -1;
    const closed = this.deal.closed.at(deal);
    const outcome = this.deal.outcome.at(deal);
    if (p[6] !== null || p[7] !== true) st.bad++;
    if (outcome === 0 ? stage >= OPEN_STAGES : stage !== (outcome === 1 ? 5 : 6) || p[2] !== closed) st.bad++;
    st.offset[deal + 1] = st.stage.length;
    // Days spent in each open stage, for engagement rates.
    const from = st.offset[deal];
    const to = st.stage.length;
    for (let k = from; k < to; k++) {
      const s = st.stage.at(k)!;
      if (s >= OPEN_STAGES) continue;
      const end = k + 1 < to ? st.entered.at(k + 1)! : (closed ?? -1) >= 0 ? closed! : this.s.end;
      st.days[s] += (end - st.entered.at(k)!) / DAY;
      st.dealsAt[s]++;
    }
  }

  private dealCompany(r: Row, clock: ReturnType<PlatformChecks['clock']>): void {
    const deal = (r[0] as number) - 1;
    const company = (r[1] as number) - 1;
    const created = this.deal.created.at(deal) ?? -Infinity;
    const companyCreated = this.company.created.at(company) ?? Infinity;
    if (created < companyCreated) this.deal.bad.beforeCompany++;
    this.deal.amountBySize.add(this.company.employees.at(company) ?? NaN, this.deal.amount.at(deal) ?? NaN);
    clock.see(r[4] as number, companyCreated);
    if (this.deal.outcome.at(deal) !== 1) return;
    // A won deal is its account's new business: the account was created on or after the close.
    const acc = this.company.account.at(company) ?? 0;
    if (!this.account(acc)) this.deal.bad.wonNotAccount++;
    else if (this.platform.created[acc] < (this.deal.closed.at(deal) ?? Infinity)) this.deal.bad.wonBeforeAccount++;
  }

  private engagementAfter(r: Row, parent: Growable, clock: ReturnType<PlatformChecks['clock']>): void {
    const t = this.engagement.time.at((r[0] as number) - 1) ?? -Infinity;
    const from = parent.at((r[1] as number) - 1) ?? Infinity;
    if (t < from) this.engagement.bad++;
    clock.see(r[3] as number, from);
  }

  private engagementHours(r: Row): void {
    const e = this.engagement;
    const t = e.time.at((r[0] as number) - 1);
    const offset = this.company.offset.at((r[1] as number) - 1);
    if (t === undefined || offset === undefined) return;
    e.n++;
    if (workingHour(hourOfWeek(t + (offset - 12) * HOUR))) e.working++;
  }

  private engagementStage(r: Row): void {
    const st = this.stages;
    const deal = (r[1] as number) - 1;
    const t = this.engagement.time.at((r[0] as number) - 1);
    const from = st.offset[deal];
    const to = st.offset[deal + 1] ?? st.stage.length;
    if (t === undefined || from === undefined) return;
    let stage = -1;
    for (let k = from; k < to; k++) if ((st.entered.at(k) ?? Infinity) <= t && st.stage.at(k)! < OPEN_STAGES) stage = st.stage.at(k)!;
    if (stage >= 0) this.engagement.perStage[stage]++;
  }

  private ticketRow(r: Row, clock: ReturnType<PlatformChecks['clock']>): void {
    const t = this.ticket;
    const created = r[9] as number;
    const closed = r[11] as number | null;
    t.created.push(created);
    t.closed.push(closed ?? -1);
    t.priority.add(r[7] as string);
    clock.see(created, this.owner.at((r[8] as number) - 1) ?? Infinity);
    if (r[10] !== null) clock.see(r[10] as number, created);
    if (closed === null) t.open++;
    else {
      clock.see(closed, created);
      if (closed < created || (r[10] !== null && (r[10] as number) > closed)) t.bad.closed++;
      const p = TICKET_PRIORITIES.indexOf(r[7] as (typeof TICKET_PRIORITIES)[number]);
      if (p >= 0) t.hours[p].push((closed - created) / HOUR);
    }
    // Open exactly when not in the Closed stage.
    if ((closed === null) !== (r[5] !== '4')) t.bad.open++;
  }

  private ticketCompany(r: Row, clock: ReturnType<PlatformChecks['clock']>): void {
    const ticket = (r[0] as number) - 1;
    const acc = this.company.account.at((r[1] as number) - 1) ?? 0;
    const created = this.ticket.created.at(ticket) ?? -Infinity;
    // A customer's ticket, opened while the account lived.
    if (!this.account(acc) || created < this.platform.created[acc] || created >= this.platform.end[acc]) this.ticket.bad.life++;
    clock.see(r[3] as number, created);
  }

  checks(add: Add): void {
    this.closeDeal();
    const s = this.s;
    const src = s.sources;
    const want: [string, number][] = [
      ['hubspot_company', Math.max(s.accounts, src.hubspot_company)],
      ['hubspot_contact', src.hubspot_contact],
      ['hubspot_deal', src.hubspot_deal],
      ['hubspot_engagement', src.hubspot_engagement],
      ['hubspot_ticket', src.hubspot_ticket],
    ];
    const wrong = want.filter(([t, n]) => (this.rows.get(t) ?? 0) !== n);
    add(`HubSpot row counts of ${s.env}`, wrong.length === 0, (wrong.length ? wrong.map(([t, n]) => `${t} ${count(this.rows.get(t) ?? 0)} (expected ${count(n)})`) : want.map(([t, n]) => `${t} ${count(n)}`)).join(', '));

    const cb = this.company.bad;
    let uncovered = 0;
    for (let a = 1; a <= s.accounts; a++) if (this.companiesOf[a] !== 1) uncovered++;
    add('every account is one HubSpot company (property_account_id)', uncovered === 0 && cb.account === 0, `${count(uncovered)} accounts without exactly one company; ${count(cb.account)} companies naming no account; ${count((this.rows.get('hubspot_company') ?? 0) - s.accounts + uncovered)} prospects`);
    add("HubSpot company's domain and industry are its account's", cb.domain === 0 && cb.industry === 0, `${count(cb.domain)} domains and ${count(cb.industry)} industries differ of ${count(s.accounts)} account companies`);
    add('HubSpot company created on or before its account', cb.createdAfter === 0, `${count(cb.createdAfter)} companies created after their account`);
    const c = this.contact;
    const contacts = this.rows.get('hubspot_contact') ?? 0;
    add("HubSpot contacts' emails unique, at their company's domain", c.badEmail === 0, `${count(c.badEmail)} of ${count(contacts)}`);
    add('HubSpot lifecycle dates in order, the stage the furthest reached', c.badLifecycle === 0, `${count(c.badLifecycle)} contacts out of order (lead at creation, MQL, SQL, opportunity, customer)`);
    add('lead score 50+ exactly for MQLs', c.badScore === 0, `${count(c.badScore)} contacts off; ${count(c.mqls)} MQLs (${pct(contacts ? c.mqls / contacts : 0)} of contacts; marketing's MQL count ${count(src.marketing_qualified_leads)}); mean score ${(contacts ? c.scores / contacts : 0).toFixed(1)}`);

    const d = this.deal;
    const closed = d.won + d.lost;
    const deals = this.rows.get('hubspot_deal') ?? 0;
    // No sales-led account (all came by trial) means no won deal, and so none closed: 0 of 0 is the rule holding.
    add('win rate 25% of closed deals', d.won * 4 === closed, `${count(d.won)} won of ${count(closed)} closed: ${pct(closed ? d.won / closed : 0)} (target ${pct(WIN_RATE, 0)}, exact by construction); ${count(deals - closed)} open`);
    add('no deal closed before it was created; closed exactly in a closed stage', d.bad.closedBeforeCreated === 0 && d.bad.outcome === 0, `${count(d.bad.closedBeforeCreated)} closed before created, ${count(d.bad.outcome)} with close date, stage and flags disagreeing, of ${count(deals)}`);
    add("closed-won deals are accounts' new business: the account created on or after the close", d.bad.wonBeforeAccount === 0 && d.bad.wonNotAccount === 0, `${count(d.bad.wonBeforeAccount)} won deals closed after their account was created, ${count(d.bad.wonNotAccount)} on a company that is no account, of ${count(d.won)}`);
    const size = d.amountBySize.r();
    // Amounts and employees both grow with tier, so r >= 0; a sample of n strays below -Z/sqrt(n - 3) (Fisher z) less than once in a million.
    const rFloor = d.amountBySize.n > 3 ? Math.tanh(-Z_ONE_SIDED / Math.sqrt(d.amountBySize.n - 3)) : -1;
    add('deal values grow with company size', !Number.isFinite(size) || size >= rFloor, `Pearson r ${Number.isFinite(size) ? size.toFixed(2) : 'n/a'} between deal amount and company employees over ${count(d.amountBySize.n)} deals (amounts by tier band, employees by tier; at least ${rFloor.toFixed(2)} for the sample size)`);
    add('no deal before its company', d.bad.beforeCompany === 0, `${count(d.bad.beforeCompany)} of ${count(deals)}`);
    const st = this.stages;
    const meanDays = st.days.map((x, k) => (st.dealsAt[k] ? x / st.dealsAt[k] : 0));
    add('deal stage history ordered and gap-free', st.bad === 0, `${count(st.bad)} breaks over ${count(st.seen)} stage rows (first at the deal's creation, each ending when the next begins, the last current or at the close); mean days per stage ${Array.from(meanDays, (x) => x.toFixed(1)).join(' / ')}`);

    const e = this.engagement;
    add('engagements on or after their deal, contact and company were created', e.bad === 0 && e.typeMismatch === 0, `${count(e.bad)} links before their parent, ${count(e.typeMismatch)} type rows unlike their header, of ${count(this.rows.get('hubspot_engagement') ?? 0)}`);
    const rate = Array.from(e.perStage, (n, k) => (st.days[k] > 0 ? n / st.days[k] : 0));
    const early = (e.perStage[0] + e.perStage[1]) / Math.max(1e-9, st.days[0] + st.days[1]);
    const late = (e.perStage[3] + e.perStage[4]) / Math.max(1e-9, st.days[3] + st.days[4]);
    // Engagements are Poisson in deal-days: late stages are designed busier, so late - early may fall short only by sampling noise.
    const noise = Math.sqrt((e.perStage[3] + e.perStage[4]) / Math.max(1e-9, st.days[3] + st.days[4]) ** 2 + (e.perStage[0] + e.perStage[1]) / Math.max(1e-9, st.days[0] + st.days[1]) ** 2);
    add('later deal stages get more engagements', late - early >= -Z_ONE_SIDED * noise, `engagements per deal-day by stage ${rate.map((x) => x.toFixed(2)).join(' / ')} (relative design ${STAGE_ENGAGEMENT.join(' / ')}); late stages ${late.toFixed(2)} vs early ${early.toFixed(2)} (±${(Z_ONE_SIDED * noise).toFixed(2)} for the sample size)`);
    const working = e.n ? e.working / e.n : 0;
    // The reps' profile puts about 97% of their time in weekdays 7am-7pm; short windows drawn uniformly can pull it down a little.
    const floor = 0.85 - shareTolerance(0.85, e.n);
    add('rep activity in working hours (weekdays 7am-7pm, company time)', e.n === 0 || working >= floor, `${pct(working)} of ${count(e.n)} engagements (at least ${pct(Math.max(0, floor))})`);

    const t = this.ticket;
    const tickets = this.rows.get('hubspot_ticket') ?? 0;
    add("tickets only from customers, inside their account's life", t.bad.life === 0, `${count(t.bad.life)} of ${count(tickets)} outside an account's created to churned (or as_of)`);
    add('ticket lifecycle: closed after created, open exactly when not closed', t.bad.closed === 0 && t.bad.open === 0, `${count(t.bad.closed)} closed before created or replied after closing, ${count(t.bad.open)} stage against close date; ${count(t.open)} open at as_of`);
    const pr = t.priority.check([...TICKET_PRIORITIES], PRIORITY_MIX);
    add('ticket priority mix', pr.ok, pr.figure);
    const medians = t.hours.map((h) => (h.length ? h.sort((x, y) => x - y)[Math.floor(h.length / 2)] : NaN));
    // Resolution is lognormal (sd 0.8 in logs): a sample median's log strays by 1.2533 x 0.8 / sqrt(n) per sd, so adjacent priorities may swap only within that.
    const logSd = t.hours.map((h) => (1.2533 * RESOLUTION_SD) / Math.sqrt(Math.max(1, h.length)));
    const known = medians.map((m, k) => ({ m, k })).filter((x) => Number.isFinite(x.m) && x.m > 0);
    const ordered = known.every((x, j) => j === 0 || Math.log(x.m) - Math.log(known[j - 1].m) <= Z_ONE_SIDED * Math.hypot(logSd[x.k], logSd[known[j - 1].k]));
    add('resolution faster for higher priority', ordered, `median hours to close ${TICKET_PRIORITIES.map((p, k) => `${p} ${Number.isFinite(medians[k]) ? medians[k].toFixed(1) : 'n/a'}`).join(', ')}`);
  }

  headlines(): string[] {
    const r = (t: string) => count(this.rows.get(t) ?? 0);
    const d = this.deal;
    const closed = d.won + d.lost;
    return [
      `  - HubSpot: ${r('hubspot_company')} companies, ${r('hubspot_contact')} contacts (${count(this.contact.mqls)} MQLs), ${r('hubspot_deal')} deals (${count(d.won)} won, ${count(d.lost)} lost: ${pct(closed ? d.won / closed : 0)} win rate), ${r('hubspot_engagement')} engagements, ${r('hubspot_ticket')} tickets (${count(this.ticket.open)} open)`,
    ];
  }
}
