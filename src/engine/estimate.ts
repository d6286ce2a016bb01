// Size and time of a planned run, for the wizard's review screen and the free-space
// check: from rates measured per target on the scenarios' own tables (data below),
// and for a table not measured, from its columns' typical widths.
import type { Column, TableSpec } from './model.js';

/** Typical text width of a value of each type, in bytes, plus a separator. */
export function columnBytes(c: Column): number {
  switch (c.type) {
    case 'integer':
      return 7;
    case 'bigint':
      return 11;
    case 'decimal':
      return (c.precision ?? 10) / 2 + 2;
    case 'date':
      return 11;
    case 'timestamp':
      return 21;
    case 'boolean':
      return 6;
    case 'json':
      return 60;
    case 'text':
      return 18;
  }
}

// CALIBRATION: measured with `npm run build && SYNTHGEN_BENCH_PG_URL=postgres://... node dist/bench/calibrate.js`
// (bench/calibrate.ts; it prints this block), one run per scenario and target at the sizes of
// bench/calibrate-sizes.ts (0.2-1.2M rows a run), on the 2 shared cores of the dev container
// (Node 20, PostgreSQL 15 on localhost), CALIBRATED_ON below. Rows per second are the runner's own
// table times (generate + write); bytes per row include a table's indexes (SQLite dbstat,
// PostgreSQL pg_total_relation_size; DuckDB's file shared out by CSV bytes). Measure again when
// a sink or a generator changes its speed or its layout. The estimates these gave before (a
// column-width guess and one rate per target) were 1.5-2x low.
// --- calibration data (generated) ---
export const CALIBRATED_ON = '2026-11-26';

/** [rows per second, bytes per row] of each scenario table, per target. */
export const MEASURED: Record<string, Record<string, Partial<Record<string, [number, number]>>>> = {
  'saas-metrics': {
    customers: { csv: [140_000, 80], sqlite: [120_000, 150], parquet: [130_000, 21], duckdb: [91_000, 210], postgres: [130_000, 160] },
    subscriptions: { csv: [130_000, 73], sqlite: [120_000, 160], parquet: [130_000, 22], duckdb: [71_000, 190], postgres: [150_000, 180] },
    mrr_movements: { csv: [59, 67], sqlite: [72, 340], parquet: [75, 71], duckdb: [51, 180], postgres: [78, 1400] },
  },
  'show-and-well': {
    dim_date: { csv: [130_000, 39], sqlite: [130_000, 45], parquet: [130_000, 8.3], duckdb: [25_000, 160], postgres: [49_000, 140] },
    dim_geo: { csv: [4000, 34], sqlite: [8000, 510], parquet: [2000, 120], duckdb: [570, 140], postgres: [1000, 5100] },
    dim_program: { csv: [4000, 46], sqlite: [4000, 1000], parquet: [1000, 210], duckdb: [200, 190], postgres: [4000, 10000] },
    dim_provider: { csv: [300_000, 39], sqlite: [600_000, 48], parquet: [17_000, 12], duckdb: [33_000, 170], postgres: [86_000, 150] },
    dim_membership_tier: { csv: [3000, 27], sqlite: [3000, 1400], parquet: [230, 180], duckdb: [210, 110], postgres: [3000, 14000] },
    fact_signups: { csv: [36_000, 21], sqlite: [140_000, 46], parquet: [98_000, 1], duckdb: [18_000, 90], postgres: [160_000, 92] },
    fact_waitlist: { csv: [110_000, 17], sqlite: [130_000, 35], parquet: [180_000, 0.52], duckdb: [51_000, 72], postgres: [180_000, 85] },
    fact_matches: { csv: [33_000, 28], sqlite: [130_000, 46], parquet: [130_000, 3.6], duckdb: [12_000, 120], postgres: [170_000, 100] },
    fact_sessions: { csv: [46_000, 31], sqlite: [80_000, 54], parquet: [32_000, 5.3], duckdb: [31_000, 130], postgres: [130_000, 94] },
    fact_finance: { csv: [11_000, 42], sqlite: [25_000, 70], parquet: [12_000, 9.9], duckdb: [10_000, 180], postgres: [39_000, 110] },
    fact_membership_revenue: { csv: [460_000, 24], sqlite: [220_000, 45], parquet: [330_000, 0.13], duckdb: [130_000, 100], postgres: [630_000, 84] },
    provider_geo_map: { csv: [600_000, 5.9], sqlite: [600_000, 20], parquet: [1700, 3.1], duckdb: [35_000, 25], postgres: [150_000, 110] },
  },
  'saas-churn': {
    customers: { csv: [450_000, 25], sqlite: [230_000, 29], parquet: [630_000, 4.7], duckdb: [160_000, 46], postgres: [280_000, 80] },
    usage_daily: { csv: [1_200_000, 26], sqlite: [600_000, 59], parquet: [1_200_000, 4.5], duckdb: [530_000, 48], postgres: [730_000, 75] },
    billing: { csv: [970_000, 35], sqlite: [720_000, 46], parquet: [1_600_000, 2.7], duckdb: [370_000, 64], postgres: [1_000_000, 83] },
    support: { csv: [360_000, 40], sqlite: [610_000, 55], parquet: [650_000, 3.7], duckdb: [180_000, 74], postgres: [830_000, 87] },
  },
  'bar-platform': {
    accounts: { csv: [33_000, 110], sqlite: [100_000, 160], parquet: [3600, 60], duckdb: [7100, 170], postgres: [6700, 490] },
    locations: { csv: [150_000, 110], sqlite: [150_000, 160], parquet: [7100, 51], duckdb: [14_000, 170], postgres: [50_000, 380] },
    users: { csv: [150_000, 210], sqlite: [150_000, 200], parquet: [43_000, 32], duckdb: [10_000, 320], postgres: [60_000, 350] },
    subscriptions: { csv: [130_000, 78], sqlite: [130_000, 130], parquet: [3600, 37], duckdb: [18_000, 120], postgres: [31_000, 390] },
    user_sessions: { csv: [170_000, 81], sqlite: [270_000, 96], parquet: [250_000, 23], duckdb: [130_000, 130], postgres: [370_000, 120] },
    page_views: { csv: [1_100_000, 57], sqlite: [510_000, 66], parquet: [920_000, 8.3], duckdb: [260_000, 88], postgres: [1_100_000, 110] },
    feature_usage: { csv: [430_000, 68], sqlite: [360_000, 80], parquet: [710_000, 9.4], duckdb: [250_000, 110], postgres: [1_000_000, 120] },
    products: { csv: [26_000, 37], sqlite: [26_000, 160], parquet: [960, 64], duckdb: [1700, 57], postgres: [26_000, 1600] },
    devices: { csv: [450_000, 99], sqlite: [450_000, 120], parquet: [50_000, 28], duckdb: [28_000, 150], postgres: [64_000, 240] },
    device_health: { csv: [190_000, 58], sqlite: [270_000, 65], parquet: [150_000, 7.9], duckdb: [130_000, 90], postgres: [270_000, 120] },
    tap_events: { csv: [660_000, 49], sqlite: [410_000, 70], parquet: [770_000, 12], duckdb: [280_000, 76], postgres: [770_000, 99] },
    stripe_product: { csv: [6000, 200], sqlite: [6000, 1400], parquet: [29, 400], duckdb: [750, 310], postgres: [6000, 6800] },
    stripe_price: { csv: [12_000, 230], sqlite: [12_000, 680], parquet: [330, 320], duckdb: [570, 360], postgres: [12_000, 3400] },
    stripe_customer: { csv: [14_000, 260], sqlite: [100_000, 370], parquet: [17_000, 120], duckdb: [6300, 410], postgres: [100_000, 660] },
    stripe_card: { csv: [100_000, 160], sqlite: [100_000, 290], parquet: [25_000, 81], duckdb: [5600, 250], postgres: [100_000, 570] },
    stripe_subscription: { csv: [130_000, 320], sqlite: [130_000, 460], parquet: [3700, 100], duckdb: [3700, 490], postgres: [63_000, 520] },
    stripe_subscription_item: { csv: [29_000, 180], sqlite: [180_000, 280], parquet: [29_000, 53], duckdb: [6700, 280], postgres: [44_000, 470] },
    stripe_invoice: { csv: [19_000, 370], sqlite: [58_000, 390], parquet: [32_000, 65], duckdb: [15_000, 570], postgres: [63_000, 420] },
    stripe_invoice_line_item: { csv: [51_000, 310], sqlite: [40_000, 360], parquet: [75_000, 38], duckdb: [21_000, 490], postgres: [75_000, 370] },
    stripe_charge: { csv: [34_000, 470], sqlite: [46_000, 520], parquet: [15_000, 75], duckdb: [12_000, 720], postgres: [65_000, 570] },
    stripe_balance_transaction: { csv: [55_000, 220], sqlite: [55_000, 260], parquet: [68_000, 57], duckdb: [42_000, 340], postgres: [140_000, 310] },
    stripe_event: { csv: [120_000, 260], sqlite: [130_000, 300], parquet: [110_000, 36], duckdb: [45_000, 400], postgres: [160_000, 330] },
    hubspot_owner: { csv: [17_000, 120], sqlite: [17_000, 480], parquet: [4300, 140], duckdb: [3400, 190], postgres: [17_000, 2400] },
    hubspot_company: { csv: [130_000, 210], sqlite: [130_000, 260], parquet: [2500, 89], duckdb: [13_000, 330], postgres: [63_000, 520] },
    hubspot_contact: { csv: [63_000, 200], sqlite: [71_000, 240], parquet: [29_000, 56], duckdb: [42_000, 310], postgres: [83_000, 310] },
    hubspot_deal_pipeline: { csv: [1000, 200], sqlite: [1000, 8200], parquet: [330, 1200], duckdb: [200, 300], postgres: [1000, 41000] },
    hubspot_deal_pipeline_stage: { csv: [7000, 150], sqlite: [7000, 1200], parquet: [2300, 330], duckdb: [83, 240], postgres: [3500, 5900] },
    hubspot_deal: { csv: [63_000, 200], sqlite: [250_000, 230], parquet: [5800, 50], duckdb: [15_000, 310], postgres: [250_000, 360] },
    hubspot_deal_stage: { csv: [50_000, 120], sqlite: [160_000, 160], parquet: [45_000, 24], duckdb: [31_000, 180], postgres: [100_000, 210] },
    hubspot_deal_company: { csv: [250_000, 46], sqlite: [250_000, 98], parquet: [31_000, 13], duckdb: [8600, 71], postgres: [130_000, 230] },
    hubspot_deal_contact: { csv: [250_000, 47], sqlite: [250_000, 98], parquet: [63_000, 12], duckdb: [14_000, 72], postgres: [250_000, 230] },
    hubspot_engagement: { csv: [190_000, 88], sqlite: [110_000, 100], parquet: [78_000, 20], duckdb: [180_000, 140], postgres: [630_000, 120] },
    hubspot_engagement_call: { csv: [58_000, 110], sqlite: [320_000, 130], parquet: [160_000, 26], duckdb: [58_000, 170], postgres: [320_000, 210] },
    hubspot_engagement_email: { csv: [460_000, 120], sqlite: [230_000, 150], parquet: [150_000, 25], duckdb: [77_000, 190], postgres: [230_000, 200] },
    hubspot_engagement_meeting: { csv: [320_000, 170], sqlite: [320_000, 200], parquet: [81_000, 46], duckdb: [11_000, 270], postgres: [160_000, 280] },
    hubspot_engagement_note: { csv: [88_000, 130], sqlite: [350_000, 160], parquet: [12_000, 28], duckdb: [25_000, 210], postgres: [120_000, 260] },
    hubspot_engagement_task: { csv: [43_000, 140], sqlite: [260_000, 170], parquet: [65_000, 38], duckdb: [22_000, 210], postgres: [65_000, 280] },
    hubspot_engagement_contact: { csv: [210_000, 45], sqlite: [420_000, 67], parquet: [630_000, 6.5], duckdb: [180_000, 70], postgres: [830_000, 110] },
    hubspot_engagement_company: { csv: [2_500_000, 45], sqlite: [420_000, 66], parquet: [360_000, 6], duckdb: [120_000, 69], postgres: [830_000, 110] },
    hubspot_engagement_deal: { csv: [2_100_000, 45], sqlite: [350_000, 67], parquet: [56_000, 6.2], duckdb: [110_000, 70], postgres: [1_100_000, 120] },
    hubspot_ticket_pipeline: { csv: [130, 210], sqlite: [1000, 8200], parquet: [330, 1300], duckdb: [200, 330], postgres: [500, 41000] },
    hubspot_ticket_pipeline_stage: { csv: [4000, 130], sqlite: [4000, 2000], parquet: [800, 400], duckdb: [1300, 210], postgres: [4000, 10000] },
    hubspot_ticket: { csv: [50_000, 230], sqlite: [200_000, 250], parquet: [33_000, 50], duckdb: [8200, 350], postgres: [57_000, 350] },
    hubspot_ticket_company: { csv: [400_000, 44], sqlite: [400_000, 92], parquet: [9800, 10], duckdb: [33_000, 68], postgres: [50_000, 200] },
    hubspot_ticket_contact: { csv: [400_000, 44], sqlite: [400_000, 92], parquet: [200_000, 10], duckdb: [8200, 69], postgres: [400_000, 200] },
    marketing_campaigns: { csv: [25_000, 160], sqlite: [25_000, 160], parquet: [8300, 130], duckdb: [2800, 250], postgres: [25_000, 1600] },
    campaign_performance: { csv: [210_000, 34], sqlite: [310_000, 50], parquet: [200_000, 8], duckdb: [140_000, 53], postgres: [250_000, 95] },
    attribution_touchpoints: { csv: [300_000, 100], sqlite: [310_000, 120], parquet: [180_000, 11], duckdb: [39_000, 160], postgres: [410_000, 150] },
    marketing_qualified_leads: { csv: [6700, 92], sqlite: [50_000, 120], parquet: [7400, 36], duckdb: [11_000, 140], postgres: [33_000, 330] },
    ga_sessions: { csv: [250_000, 90], sqlite: [150_000, 96], parquet: [240_000, 11], duckdb: [130_000, 140], postgres: [340_000, 140] },
  },
};

/** Seconds per million rows after the tables are written (indexes, views, read-back checks, commit), per scenario and target. */
export const POST_SECONDS_PER_MILLION_ROWS: Record<string, Partial<Record<string, number>>> = {
  'saas-metrics': { csv: 1.4, sqlite: 6.6, parquet: 0.97, duckdb: 5.2, postgres: 3.9 },
  'show-and-well': { csv: 1.4, sqlite: 2.7, parquet: 1, duckdb: 0.97, postgres: 1.9 },
  'saas-churn': { csv: 0.25, sqlite: 0.74, parquet: 0.059, duckdb: 0.67, postgres: 1.1 },
  'bar-platform': { csv: 0.33, sqlite: 0.74, parquet: 0.07, duckdb: 0.71, postgres: 1.7 },
};

/** Tables not measured: median rows per second, bytes on disk per byte of the column-width guess, seconds after the tables per million rows. */
export const FALLBACK: Record<string, { rowsPerSecond: number; bytesFactor: number; postPerMillion: number }> = {
  csv: { rowsPerSecond: 250_000, bytesFactor: 0.67, postPerMillion: 1.4 },
  sqlite: { rowsPerSecond: 220_000, bytesFactor: 1, postPerMillion: 2.7 },
  parquet: { rowsPerSecond: 240_000, bytesFactor: 0.083, postPerMillion: 0.97 },
  duckdb: { rowsPerSecond: 130_000, bytesFactor: 1.3, postPerMillion: 0.97 },
  postgres: { rowsPerSecond: 370_000, bytesFactor: 1.6, postPerMillion: 1.9 },
};
// --- end of calibration data ---

/**
 * The least a table takes on disk whatever its rows, where that is not small: DuckDB gives every
 * table about 1 MB of blocks (3.16 MB for saas-metrics' 3 small tables, 12.3 MB for show-and-well's 12).
 */
const MIN_TABLE_BYTES: Record<string, number> = { duckdb: 1_000_000 };

/** A table in a planned run: which scenario it belongs to (for the measured figures), its spec and rows. */
export interface PlannedTable {
  spec: TableSpec;
  rows: number;
}

const measured = (scenario: string | undefined, table: string, target: string) => (scenario ? MEASURED[scenario]?.[table]?.[target] : undefined);
const fallback = (target: string) => FALLBACK[target] ?? FALLBACK.csv!;

/** Bytes on disk of `rows` rows of a table in a target. */
export function estimateBytes(spec: TableSpec, rows: number, target = 'csv', scenario?: string): number {
  const m = measured(scenario, spec.name, target);
  const perRow = m ? m[1] : spec.columns.reduce((a, c) => a + columnBytes(c), 0) * fallback(target).bytesFactor;
  return Math.round(Math.max(rows * perRow, MIN_TABLE_BYTES[target] ?? 0));
}

/** Seconds to generate and write `rows` rows of a table. */
export function tableSeconds(table: string, rows: number, target: string, scenario?: string): number {
  return rows / (measured(scenario, table, target)?.[0] ?? fallback(target).rowsPerSecond);
}

/** Seconds after the tables of a run of `rows` rows: indexes, views, read-back checks, commit. */
export function postSeconds(rows: number, target: string, scenario?: string): number {
  const perMillion = (scenario ? POST_SECONDS_PER_MILLION_ROWS[scenario]?.[target] : undefined) ?? fallback(target).postPerMillion;
  return (rows / 1e6) * perMillion;
}

/** Seconds a run takes: every table at its measured rate, then indexes, views, checks and commit. */
export function estimateSeconds(tables: PlannedTable[], target: string, scenario?: string): number {
  const rows = tables.reduce((a, t) => a + t.rows, 0);
  return tables.reduce((a, t) => a + tableSeconds(t.spec.name, t.rows, target, scenario), 0) + postSeconds(rows, target, scenario);
}
