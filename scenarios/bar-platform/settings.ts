// Seed 003's sizes and rates in one place, and the settings a run derives from
// its parameters. Every table's size follows from the account count by the
// seed's own ratios (its exact counts per environment divided by that
// environment's accounts), so a preset gives the seed's exact counts and a
// custom account count stays in proportion.
import { parseDate } from '../../src/engine/dates.js';
import type { Params } from '../../src/engine/model.js';
import { inOrder, type Mix } from '../shared/mixes.js';

export const ENVIRONMENTS = ['DEV', 'QA', 'PRODUCTION'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The seed's exact row counts per environment (its "Load Size Configurations" and steps 5-9, 27-30). */
export const SIZES: Record<Environment, Record<string, number>> = {
  DEV: { accounts: 100, locations: 150, users: 300, devices: 450, subscriptions: 125, user_sessions: 50_000, page_views: 250_000, feature_usage: 150_000, tap_events: 500_000 },
  QA: { accounts: 10_000, locations: 15_000, users: 30_000, devices: 45_000, subscriptions: 12_500, user_sessions: 2_500_000, page_views: 12_500_000, feature_usage: 7_500_000, tap_events: 50_000_000 },
  PRODUCTION: { accounts: 40_000, locations: 60_000, users: 120_000, devices: 180_000, subscriptions: 50_000, user_sessions: 10_000_000, page_views: 50_000_000, feature_usage: 30_000_000, tap_events: 200_000_000 },
};

/**
 * The seed's counts for the billing, CRM and marketing sources (steps 10-26), by table
 * name. Each scales with accounts by its environment's ratio, except the 12 prices
 * (fixed) and campaign performance (days of campaigns: scales with campaigns).
 */
export const SOURCE_SIZES: Record<Environment, Record<string, number>> = {
  DEV: {
    stripe_customer: 100, stripe_price: 12, stripe_subscription: 125, stripe_subscription_item: 175, stripe_invoice: 1_500, stripe_charge: 1_425, stripe_event: 10_000,
    hubspot_company: 125, hubspot_contact: 500, hubspot_deal: 250, hubspot_engagement: 2_500, hubspot_ticket: 400,
    marketing_campaigns: 25, campaign_performance: 7_500, attribution_touchpoints: 15_000, marketing_qualified_leads: 200, ga_sessions: 30_000,
  },
  QA: {
    stripe_customer: 10_000, stripe_price: 12, stripe_subscription: 12_500, stripe_subscription_item: 17_500, stripe_invoice: 150_000, stripe_charge: 142_500, stripe_event: 1_000_000,
    hubspot_company: 12_500, hubspot_contact: 50_000, hubspot_deal: 25_000, hubspot_engagement: 250_000, hubspot_ticket: 40_000,
    marketing_campaigns: 1_250, campaign_performance: 375_000, attribution_touchpoints: 750_000, marketing_qualified_leads: 20_000, ga_sessions: 1_500_000,
  },
  PRODUCTION: {
    stripe_customer: 40_000, stripe_price: 12, stripe_subscription: 50_000, stripe_subscription_item: 70_000, stripe_invoice: 600_000, stripe_charge: 570_000, stripe_event: 4_000_000,
    hubspot_company: 50_000, hubspot_contact: 200_000, hubspot_deal: 100_000, hubspot_engagement: 1_000_000, hubspot_ticket: 160_000,
    marketing_campaigns: 5_000, campaign_performance: 1_500_000, attribution_touchpoints: 3_000_000, marketing_qualified_leads: 80_000, ga_sessions: 6_000_000,
  },
};

export const INDUSTRIES = ['Restaurant', 'Bar', 'Hotel', 'Other'];
export const INDUSTRY_MIX = { Restaurant: 0.4, Bar: 0.3, Hotel: 0.2, Other: 0.1 };
export const TIERS = ['Basic', 'Pro', 'Enterprise'];
export const TIER_MIX = { Basic: 0.5, Pro: 0.35, Enterprise: 0.15 };
/** Monthly recurring revenue by tier, whole dollars. */
export const MRR_BANDS: [number, number][] = [[299, 999], [999, 2999], [2999, 9999]];
/** Employees by tier (log-uniform), within the seed's 5-500. */
export const EMPLOYEE_BANDS: [number, number][] = [[5, 60], [25, 200], [100, 500]];
export const LOCATION_TYPES = ['Main', 'Branch', 'Franchise'];
export const LOCATION_TYPE_MIX = { Main: 0.4, Branch: 0.4, Franchise: 0.2 };
export const LOCATIONS_RANGE: [number, number] = [1, 5];
export const USERS_RANGE: [number, number] = [2, 10];
export const DEVICES_RANGE: [number, number] = [2, 5];
/** How many more locations, users and devices a tier gets than Basic (weights of the extra rows). */
export const TIER_SIZE_WEIGHT = [1, 2.5, 6];
export const ROLES = ['Admin', 'Manager', 'Staff'];
export const ROLE_MIX = { Admin: 0.1, Manager: 0.3, Staff: 0.6 };
/** App sessions per user relative to Staff, by role: admins and managers log in more. */
export const ROLE_SESSIONS = [1.8, 1.5, 1];
export const DEVICE_STATUSES = ['online', 'offline', 'maintenance'];
export const DEVICE_STATUS_MIX = { online: 0.85, offline: 0.1, maintenance: 0.05 };
/** Share of plan changes that are upgrades (the rest are downgrades). */
export const UPGRADE_SHARE = 0.7;
export const TRIAL_DAYS = 14;
/**
 * Plan changes an account can hold: one per 30 days paid, at most 8. When the
 * paying accounts cannot hold the seed's 0.25 changes per account (all trials
 * expired, a history of days), subscriptions fall short of 1.25 per account and
 * the row-count check expects exactly what they can hold.
 */
export const planChangeRoom = (paidDays: number) => (paidDays > 1 ? Math.min(8, Math.floor(paidDays / 30)) : 0);
/** An account's engagement (app sessions per user) scales churn: hazard x exp(-ENGAGEMENT_CHURN x z), z standard normal. */
export const ENGAGEMENT_SD = 0.5;
export const ENGAGEMENT_CHURN = 0.6;
/** Device outages: chance per installed month, growing with age, and mean length in hours. */
export const OUTAGE_BASE = 0.04;
export const OUTAGE_PER_YEAR = 0.03;
export const OUTAGE_MEAN_HOURS = 10;
export const OUTAGE_MAX_HOURS = 96;
/** Pours get warmer as a device ages (degradation), C per year. */
export const TEMPERATURE_DRIFT_PER_YEAR = 0.25;
/** Readings are capped at mean ± this many sd, a volume at this share of its mean at least. */
export const CAP_SD = 5;
export const MIN_VOLUME_SHARE = 0.25;
/** An outage this long is a maintenance visit. */
export const MAINTENANCE_HOURS = 24;


export interface Settings {
  env: Environment;
  accounts: number;
  /** Exact totals of the platform tables the seed sizes (part 1). */
  counts: Record<string, number>;
  /** Targets for the billing, CRM and marketing tables the seed sizes (SOURCE_SIZES scaled). */
  sources: Record<string, number>;
  /** First second of the history and as_of (exclusive end), seconds since 1970. */
  start: number;
  end: number;
  startDay: number;
  endDay: number;
  years: number;
  growth: number;
  industryMix: number[];
  tierMix: number[];
  roleMix: number[];
  statusMix: number[];
  annualChurn: number;
  trialShare: number;
  trialConversion: number;
}

/** Per-parent ratios of an environment: its exact counts over its parents' counts. */
function ratio(env: Environment, child: string, parent: string): number {
  return SIZES[env][child] / SIZES[env][parent];
}

export function settingsOf(p: Params): Settings {
  const env = p.env as Environment;
  const accounts = (p.accounts as number | null) ?? SIZES[env].accounts;
  const scale = (n: number, r: number) => Math.round(n * r);
  const locations = scale(accounts, ratio(env, 'locations', 'accounts'));
  const users = scale(accounts, ratio(env, 'users', 'accounts'));
  const devices = scale(locations, ratio(env, 'devices', 'locations'));
  const sessions = scale(users, (p.sessions_per_user as number | null) ?? ratio(env, 'user_sessions', 'users'));
  const counts = {
    accounts,
    locations,
    users,
    devices,
    subscriptions: scale(accounts, ratio(env, 'subscriptions', 'accounts')),
    user_sessions: sessions,
    page_views: scale(sessions, p.page_views_per_session as number),
    feature_usage: scale(users, (p.feature_events_per_user as number | null) ?? ratio(env, 'feature_usage', 'users')),
    tap_events: scale(devices, (p.tap_events_per_device as number | null) ?? ratio(env, 'tap_events', 'devices')),
  };
  const seedSources = SOURCE_SIZES[env];
  const sources: Record<string, number> = {};
  for (const [table, n] of Object.entries(seedSources)) sources[table] = table === 'stripe_price' ? n : scale(accounts, n / SIZES[env].accounts);
  sources.stripe_subscription = counts.subscriptions;
  sources.campaign_performance = scale(sources.marketing_campaigns, seedSources.campaign_performance / seedSources.marketing_campaigns);
  const endDay = parseDate(p.as_of as string)!;
  const years = p.years as number;
  const startDay = endDay - Math.round(years * 365.25);
  return {
    env,
    accounts,
    counts,
    sources,
    start: startDay * 86_400,
    end: endDay * 86_400,
    startDay,
    endDay,
    years,
    growth: p.growth as number,
    industryMix: inOrder(p.industry_mix as Mix, INDUSTRIES),
    tierMix: inOrder(p.tier_mix as Mix, TIERS),
    roleMix: inOrder(p.role_mix as Mix, ROLES),
    statusMix: inOrder(p.device_status_mix as Mix, DEVICE_STATUSES),
    annualChurn: p.annual_churn as number,
    trialShare: p.trial_share as number,
    trialConversion: p.trial_conversion as number,
  };
}
