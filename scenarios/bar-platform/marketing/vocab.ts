// The marketing source's words and rates: channels with their click-through
// rates, costs per click and conversion rates (B2B SaaS benchmarks), campaign
// objectives and audiences, spend seasonality, and the website's traffic mix,
// landing pages and bounce rates. Plain data, no draws.

/** Ad channels: the seed's 40/30/20/10 mix. */
export const CHANNELS = ['Google Ads', 'Meta', 'LinkedIn', 'Email'] as const;
export const CHANNEL_MIX = [0.4, 0.3, 0.2, 0.1];
export const EMAIL = 3;

/**
 * Per channel: CTR (clicks / impressions; for email clicks / delivered), cost per
 * click in dollars (email: none, it spends nothing), clicks that convert (a form
 * fill), daily budget in dollars (median), and the campaign-length weight.
 */
export const CHANNEL_RATES = [
  { ctr: 0.042, cpc: 3.2, cvr: 0.04, dailyBudget: 120, length: 1.6 },
  { ctr: 0.009, cpc: 1.1, cvr: 0.015, dailyBudget: 70, length: 0.9 },
  { ctr: 0.0055, cpc: 7, cvr: 0.02, dailyBudget: 100, length: 0.8 },
  { ctr: 0.026, cpc: 0, cvr: 0.05, dailyBudget: 0, length: 0.6 },
];
/** A campaign's CTR, CPC and conversion factors (lognormal) are capped to this range, so every channel's totals stay in the bands below. */
export const FACTOR_RANGE: [number, number] = [0.75, 1.35];
export const FACTOR_SD = 0.25;
/** A day's CTR and CPC vary by a capped lognormal around the campaign's. */
export const DAY_RANGE: [number, number] = [0.8, 1.25];
export const DAY_SD = 0.1;
/** A day's spend is its planned share of the budget times 1 + SPEND_SD x z, z a standard normal capped at ±2: mean exactly 1. */
export const SPEND_SD = 0.12;
export const SPEND_Z_CAP = 2;
/** Realistic bands the channel totals are checked against (industry benchmarks for B2B paid media). */
export const CTR_BANDS: [number, number][] = [[0.03, 0.06], [0.005, 0.015], [0.0035, 0.009], [0.015, 0.045]];
export const CPC_BANDS: [number, number][] = [[2, 6], [0.5, 2.5], [4.5, 12], [0, 0]];
/** Emails delivered per day by an email campaign (median), weekdays only being heavier. */
export const EMAIL_DAILY_SENDS = 900;

export const OBJECTIVES: string[][] = [
  ['Search - Brand', 'Search - Non-brand', 'Search - Competitor'],
  ['Lead Gen', 'Retargeting', 'Awareness'],
  ['Sponsored Content', 'Lead Gen Forms', 'Retargeting'],
  ['Newsletter', 'Nurture', 'Product Launch', 'Webinar'],
];
export const AUDIENCES = ['Bar owners', 'Restaurant groups', 'Hotel F&B', 'Multi-location operators', 'Beverage managers'];

/** Spend and traffic by month (January first): Q1 planning and the autumn push high, summer and December low. */
export const MONTH_SPEND = [1.15, 1.1, 1.05, 1, 0.95, 0.85, 0.8, 0.85, 1.05, 1.1, 1.0, 0.8];
/** Spend by weekday, Monday first: B2B audiences are at work on weekdays. */
export const WEEKDAY_SPEND = [1.1, 1.15, 1.15, 1.1, 1.0, 0.75, 0.75];
/** Minimum days a campaign runs. */
export const MIN_CAMPAIGN_DAYS = 7;

/** Website traffic: source / medium, share of sessions, the ad channel it comes from (-1 none), and its landing-page group. */
export const TRAFFIC = [
  { source: 'google', medium: 'organic', share: 0.32, channel: -1, group: 0 },
  { source: '(direct)', medium: '(none)', share: 0.2, channel: -1, group: 1 },
  { source: 'google', medium: 'cpc', share: 0.14, channel: 0, group: 2 },
  { source: 'facebook', medium: 'paid', share: 0.07, channel: 1, group: 2 },
  { source: 'linkedin', medium: 'paid', share: 0.04, channel: 2, group: 2 },
  { source: 'hubspot', medium: 'email', share: 0.06, channel: 3, group: 3 },
  { source: 'bing', medium: 'organic', share: 0.04, channel: -1, group: 0 },
  { source: 'g2.com', medium: 'referral', share: 0.04, channel: -1, group: 4 },
  { source: 'capterra.com', medium: 'referral', share: 0.04, channel: -1, group: 4 },
  { source: 'instagram', medium: 'social', share: 0.03, channel: -1, group: 4 },
  { source: 'linkedin', medium: 'social', share: 0.02, channel: -1, group: 4 },
];
/** A paid session on a day its channel runs no campaign is organic search instead (the first row). */
export const ORGANIC = 0;
export const SOURCE_MEDIUMS = TRAFFIC.map((t) => `${t.source} / ${t.medium}`);

export const PAGE_TYPES = ['home', 'pricing', 'product', 'blog', 'demo', 'case_study'];
/** Bounce rate by landing-page type (single-page sessions): blogs bounce most, demo pages least. */
export const BOUNCE_RATES = [0.42, 0.35, 0.45, 0.68, 0.3, 0.5];
/** Landing-page type mix by traffic group: organic search, direct, paid, email, referral/social. */
export const LANDING_MIX = [
  [0.2, 0.05, 0.2, 0.45, 0.03, 0.07],
  [0.6, 0.1, 0.1, 0.1, 0.05, 0.05],
  [0.15, 0.2, 0.35, 0, 0.3, 0],
  [0, 0.1, 0.2, 0.4, 0.1, 0.2],
  [0.3, 0.1, 0.1, 0.3, 0, 0.2],
];
export const LANDING_PAGES = [
  ['/'],
  ['/pricing'],
  ['/features/tap-monitoring', '/features/inventory', '/features/analytics', '/integrations'],
  ['/blog/reduce-pour-cost', '/blog/keg-inventory-guide', '/blog/bar-profit-margins', '/blog/draft-line-cleaning', '/blog/cocktail-costing'],
  ['/demo', '/signup'],
  ['/customers/harbor-taproom', '/customers/ironwood-hotels', '/customers/cedar-bistro-group'],
];
export const WEB_DEVICES = ['desktop', 'mobile', 'tablet'];
export const WEB_DEVICE_MIX = [0.58, 0.37, 0.05];
export const NEW_VISITOR_SHARE = 0.68;
/** Web sessions by local hour: the working day, a smaller evening bump (bar owners after service). */
export const HOURLY_WEB = [0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.2, 2.5, 4.5, 6, 6.5, 6.5, 6, 6.2, 6.3, 6, 5.2, 4.2, 3.5, 3.2, 3, 2.5, 1.6, 0.9];
export const WEEKDAY_WEB = [1.15, 1.2, 1.2, 1.15, 1.0, 0.6, 0.65];
/** Engaged (non-bounce) sessions: extra pages (geometric, mean), median duration in seconds, cap. */
export const EXTRA_PAGES_MEAN = 2.2;
export const DURATION_MEDIAN = 150;
export const DURATION_MAX = 2 * 3600;
/** Industry benchmark bands the whole site is checked against. */
export const BENCHMARKS = { bounce: [0.35, 0.6], duration: [60, 240], pages: [2, 4] };
