// stripe_event: the audit trail of every object change, in time order. Each
// customer, subscription, invoice and charge gives the events Stripe sends for it
// (mandatory), and paid invoices carry up to three more (payment intents, the
// upcoming-invoice notice) allocated so the table has exactly the seed's count.
// The timeline is sorted once and then emitted chunk by chunk.
import { allocate } from '../../../src/engine/allocate.js';
import { stream } from '../../../src/engine/random.js';
import { SCENARIO } from '../plan.js';
import { DAY } from '../time.js';
import { DRAFT, FINALIZE_AFTER, PAID, RETRY_DAYS, UNCOLLECTIBLE, VOID, type StripePlan } from './plan.js';

export const EVENT_TYPES = [
  'customer.created',
  'payment_method.attached',
  'customer.subscription.created',
  'customer.subscription.trial_will_end',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.created',
  'invoice.finalized',
  'invoice.payment_failed',
  'charge.succeeded',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'payment_intent.created',
  'payment_intent.succeeded',
  'invoice.upcoming',
] as const;
type EventType = (typeof EVENT_TYPES)[number];
const T = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, i])) as Record<EventType, number>;

/** What an event's object is: its table's id prefix, by event type. */
export const OBJECT_OF: Record<EventType, 'customer' | 'card' | 'subscription' | 'invoice' | 'charge' | 'payment_intent'> = {
  'customer.created': 'customer',
  'payment_method.attached': 'card',
  'customer.subscription.created': 'subscription',
  'customer.subscription.trial_will_end': 'subscription',
  'customer.subscription.updated': 'subscription',
  'customer.subscription.deleted': 'subscription',
  'invoice.created': 'invoice',
  'invoice.finalized': 'invoice',
  'invoice.payment_failed': 'invoice',
  'charge.succeeded': 'charge',
  'invoice.paid': 'invoice',
  'invoice.payment_succeeded': 'invoice',
  'invoice.voided': 'invoice',
  'invoice.marked_uncollectible': 'invoice',
  'payment_intent.created': 'payment_intent',
  'payment_intent.succeeded': 'payment_intent',
  'invoice.upcoming': 'subscription',
};

/** Optional events a paid invoice may carry, in the order they are taken. */
const OPTIONAL: EventType[] = ['payment_intent.created', 'payment_intent.succeeded', 'invoice.upcoming'];
const UPCOMING_BEFORE = 3 * DAY;
const CARD_AFTER = 120;
const TRIAL_NOTICE = 3 * DAY;

export interface Timeline {
  n: number;
  time: Float64Array;
  type: Uint8Array;
  /** index of the event's object in its table */
  object: Int32Array;
  account: Int32Array;
  /** events in time order (ties in the order they were made) */
  order: Uint32Array;
  /** events made before any optional one: what the count needs at least */
  mandatory: number;
}

/** Calls emit(time, type, object, account) for every event in a fixed order; optional[j] optional events of paid invoice j. */
function walk(sp: StripePlan, optional: Int32Array | null, emit: (t: number, type: number, object: number, account: number) => void): void {
  const { plan, invoices: inv } = sp;
  const a = plan.accounts;
  const end = plan.s.end;
  for (let i = 0; i < a.n; i++) {
    emit(a.created[i], T['customer.created'], i, i);
    if (a.created[i] + CARD_AFTER < end) emit(a.created[i] + CARD_AFTER, T['payment_method.attached'], i, i);
    for (let seg = a.segOffset[i]; seg < a.segOffset[i + 1]; seg++) {
      emit(a.segStart[seg], T['customer.subscription.created'], seg, i);
      if (seg === a.segOffset[i] && a.trial[i] !== 0) {
        const notice = a.paidStart[i] - TRIAL_NOTICE;
        if (notice > a.segStart[seg] && notice < end) emit(notice, T['customer.subscription.trial_will_end'], seg, i);
        if (a.paidStart[i] < end) emit(a.paidStart[i], T['customer.subscription.updated'], seg, i);
      }
      const current = seg === a.segOffset[i + 1] - 1;
      if (!current || a.status[i] === 2) emit(a.segEnd[seg], T['customer.subscription.deleted'], seg, i);
      for (let j = sp.segInvoice[seg]; j < sp.segInvoice[seg + 1]; j++) {
        const created = inv.created[j];
        const finalized = created + FINALIZE_AFTER;
        const k = optional ? optional[j] : 0;
        if (k > 2) emit(Math.max(a.segStart[seg], created - UPCOMING_BEFORE), T['invoice.upcoming'], seg, i);
        emit(created, T['invoice.created'], j, i);
        const status = inv.status[j];
        if (status === DRAFT) continue;
        emit(finalized, T['invoice.finalized'], j, i);
        if (k > 0) emit(finalized, T['payment_intent.created'], j, i);
        // Failed attempts: the first on finalizing, then the retries.
        const failed = status === PAID ? inv.attempts[j] - 1 : inv.attempts[j];
        for (let m = 0; m < failed; m++) emit(m === 0 ? finalized : finalized + RETRY_DAYS[m - 1] * DAY, T['invoice.payment_failed'], j, i);
        if (status === PAID) {
          const paid = inv.paidAt[j];
          emit(paid, T['charge.succeeded'], inv.charge[j], i);
          if (k > 1) emit(paid, T['payment_intent.succeeded'], j, i);
          const after = Math.min(paid + 1, end - 1);
          emit(after, T['invoice.paid'], j, i);
          emit(after, T['invoice.payment_succeeded'], j, i);
        } else if (status === VOID) emit(finalized + 7 * DAY, T['invoice.voided'], j, i);
        else if (status === UNCOLLECTIBLE) emit(finalized + 21 * DAY, T['invoice.marked_uncollectible'], j, i);
      }
    }
  }
}

export interface EventCounts {
  /** events the objects make of themselves */
  mandatory: number;
  /** optional events of each invoice (paid ones only) */
  optional: Int32Array;
  n: number;
}

const counts = new WeakMap<StripePlan, EventCounts>();

/** How many events a run has, without placing them: the planner asks at the start, the timeline is made when the table starts. */
export function eventCountsOf(sp: StripePlan): EventCounts {
  const cached = counts.get(sp);
  if (cached) return cached;
  let mandatory = 0;
  walk(sp, null, () => mandatory++);
  const inv = sp.invoices;
  const rng = stream(sp.seed, SCENARIO, 'stripe_event', 0, 'optional');
  const weights = Float64Array.from({ length: inv.n }, (_, j) => (inv.status[j] === PAID ? 0.5 + rng() : (rng(), 0)));
  const optional = allocate(Math.max(0, sp.plan.s.sources.stripe_event - mandatory), weights, 0, weights.map((w) => (w > 0 ? OPTIONAL.length : 0)));
  const c = { mandatory, optional, n: mandatory + optional.reduce((x, y) => x + y, 0) };
  counts.set(sp, c);
  return c;
}

const timelines = new WeakMap<StripePlan, Timeline>();

/** The events of a run, placed and sorted once. */
export function timelineOf(sp: StripePlan): Timeline {
  const cached = timelines.get(sp);
  if (cached) return cached;
  const { n, optional, mandatory } = eventCountsOf(sp);
  const tl: Timeline = { n, time: new Float64Array(n), type: new Uint8Array(n), object: new Int32Array(n), account: new Int32Array(n), order: new Uint32Array(n), mandatory };
  let e = 0;
  walk(sp, optional, (t, type, object, account) => {
    tl.time[e] = t;
    tl.type[e] = type;
    tl.object[e] = object;
    tl.account[e] = account;
    e++;
  });
  sortByTime(tl, sp.plan.s.start);
  timelines.set(sp, tl);
  return tl;
}

/** Time order, ties by index: one Float64 sort of time x 2^bits + index when that stays exact, else a comparator sort. */
function sortByTime(tl: Timeline, start: number): void {
  const bits = Math.max(1, Math.ceil(Math.log2(tl.n + 1)));
  let span = 0;
  for (let e = 0; e < tl.n; e++) span = Math.max(span, tl.time[e] - start);
  if (span * 2 ** bits < 2 ** 53 && tl.time.every((t) => t >= start)) {
    const key = new Float64Array(tl.n);
    for (let e = 0; e < tl.n; e++) key[e] = (tl.time[e] - start) * 2 ** bits + e;
    key.sort();
    for (let e = 0; e < tl.n; e++) tl.order[e] = key[e] % 2 ** bits;
  } else {
    const idx = Array.from({ length: tl.n }, (_, e) => e).sort((x, y) => tl.time[x] - tl.time[y] || x - y);
    tl.order.set(idx);
  }
}

export const OPTIONAL_EVENTS = OPTIONAL;
export const EVENT_INDEX = T;
