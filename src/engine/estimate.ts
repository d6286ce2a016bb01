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
// (Node 20, PostgreSQL 15 on localhost), CALIBRATED_ON below (after the #14 output changes: SQLite
// foreign-key indexes, views in every database). Rows per second are the runner's own
// table times (generate + write); bytes per row include a table's indexes (SQLite dbstat,
// PostgreSQL pg_total_relation_size; DuckDB's file shared out by CSV bytes). Measure again when
// a sink or a generator changes its speed or its layout. The estimates these gave before (a
// column-width guess and one rate per target) were 1.5-2x low.
// --- calibration data (generated) ---
export const CALIBRATED_ON = '2026-11-26';

/** [rows per second, bytes per row] of each scenario table, per target. */
export const MEASURED: Record<string, Record<string, Partial<Record<string, [number, number]>>>> = {
  'saas-metrics': {
    customers: { csv: [140_000, 80], sqlite: [120_000, 150], parquet: [130_000, 21], duckdb: [110_000, 210], postgres: [150_000, 160] },
    subscriptions: { csv: [140_000, 73], sqlite: [120_000, 160], parquet: [150_000, 22], duckdb: [85_000, 200], postgres: [140_000, 180] },
    mrr_movements: { csv: [73, 67], sqlite: [70, 340], parquet: [75, 71], duckdb: [70, 180], postgres: [77, 1400] },
  },
  'show-and-well': {
    dim_date: { csv: [30_000, 39], sqlite: [130_000, 45], parquet: [130_000, 8.3], duckdb: [71_000, 160], postgres: [53_000, 140] },
    dim_geo: { csv: [8000, 34], sqlite: [8000, 510], parquet: [1600, 120], duckdb: [1600, 140], postgres: [2000, 5100] },
    dim_program: { csv: [4000, 46], sqlite: [4000, 1000], parquet: [1000, 210], duckdb: [310, 190], postgres: [4000, 10000] },
    dim_provider: { csv: [86_000, 39], sqlite: [100_000, 48], parquet: [25_000, 12], duckdb: [30_000, 160], postgres: [300_000, 150] },
    dim_membership_tier: { csv: [3000, 27], sqlite: [3000, 1400], parquet: [1000, 180], duckdb: [1000, 110], postgres: [750, 14000] },
    fact_signups: { csv: [32_000, 21], sqlite: [120_000, 55], parquet: [78_000, 1], duckdb: [73_000, 89], postgres: [130_000, 92] },
    fact_waitlist: { csv: [83_000, 21], sqlite: [140_000, 56], parquet: [140_000, 0.8], duckdb: [96_000, 88], postgres: [180_000, 93] },
    fact_matches: { csv: [52_000, 28], sqlite: [120_000, 74], parquet: [130_000, 3.6], duckdb: [48_000, 120], postgres: [170_000, 100] },
    fact_sessions: { csv: [51_000, 30], sqlite: [160_000, 72], parquet: [58_000, 5.4], duckdb: [79_000, 120], postgres: [110_000, 93] },
    fact_finance: { csv: [13_000, 42], sqlite: [29_000, 82], parquet: [26_000, 9.9], duckdb: [20_000, 170], postgres: [43_000, 110] },
    fact_membership_revenue: { csv: [530_000, 24], sqlite: [430_000, 65], parquet: [850_000, 0.13], duckdb: [210_000, 100], postgres: [620_000, 84] },
    provider_geo_map: { csv: [600_000, 5.9], sqlite: [120_000, 41], parquet: [15_000, 3.1], duckdb: [46_000, 24], postgres: [120_000, 110] },
  },
  'saas-churn': {
    customers: { csv: [630_000, 25], sqlite: [500_000, 29], parquet: [560_000, 4.7], duckdb: [360_000, 46], postgres: [420_000, 80] },
    usage_daily: { csv: [1_100_000, 26], sqlite: [530_000, 59], parquet: [1_500_000, 4.5], duckdb: [390_000, 48], postgres: [1_300_000, 75] },
    billing: { csv: [1_300_000, 35], sqlite: [710_000, 56], parquet: [710_000, 2.7], duckdb: [430_000, 64], postgres: [820_000, 83] },
    support: { csv: [590_000, 40], sqlite: [610_000, 65], parquet: [630_000, 3.7], duckdb: [200_000, 74], postgres: [760_000, 87] },
  },
  'bar-platform': {
    accounts: { csv: [11_000, 110], sqlite: [100_000, 160], parquet: [6700, 60], duckdb: [9100, 170], postgres: [100_000, 490] },
    locations: { csv: [150_000, 110], sqlite: [150_000, 190], parquet: [50_000, 51], duckdb: [13_000, 170], postgres: [75_000, 380] },
    users: { csv: [300_000, 210], sqlite: [300_000, 220], parquet: [43_000, 32], duckdb: [6800, 320], postgres: [150_000, 350] },
    subscriptions: { csv: [63_000, 78], sqlite: [42_000, 160], parquet: [4500, 37], duckdb: [7800, 120], postgres: [130_000, 390] },
    user_sessions: { csv: [300_000, 81], sqlite: [290_000, 120], parquet: [370_000, 23], duckdb: [150_000, 130], postgres: [330_000, 120] },
    page_views: { csv: [1_000_000, 57], sqlite: [560_000, 87], parquet: [1_200_000, 8.3], duckdb: [360_000, 88], postgres: [980_000, 110] },
    feature_usage: { csv: [570_000, 68], sqlite: [460_000, 100], parquet: [790_000, 9.4], duckdb: [280_000, 110], postgres: [960_000, 120] },
    products: { csv: [26_000, 37], sqlite: [26_000, 160], parquet: [960, 64], duckdb: [5200, 57], postgres: [26_000, 1600] },
    devices: { csv: [230_000, 99], sqlite: [90_000, 140], parquet: [64_000, 28], duckdb: [20_000, 150], postgres: [230_000, 240] },
    device_health: { csv: [150_000, 58], sqlite: [270_000, 75], parquet: [150_000, 7.9], duckdb: [110_000, 90], postgres: [210_000, 120] },
    tap_events: { csv: [750_000, 49], sqlite: [520_000, 90], parquet: [1_100_000, 12], duckdb: [380_000, 76], postgres: [710_000, 99] },
    stripe_product: { csv: [6000, 200], sqlite: [6000, 1400], parquet: [210, 400], duckdb: [500, 310], postgres: [6000, 6800] },
    stripe_price: { csv: [12_000, 230], sqlite: [12_000, 1000], parquet: [3000, 320], duckdb: [1500, 360], postgres: [12_000, 3400] },
    stripe_customer: { csv: [100_000, 260], sqlite: [100_000, 370], parquet: [20_000, 120], duckdb: [8300, 410], postgres: [100_000, 660] },
    stripe_card: { csv: [100_000, 160], sqlite: [100_000, 330], parquet: [20_000, 81], duckdb: [14_000, 250], postgres: [100_000, 570] },
    stripe_subscription: { csv: [63_000, 320], sqlite: [130_000, 560], parquet: [5000, 100], duckdb: [8300, 490], postgres: [63_000, 520] },
    stripe_subscription_item: { csv: [44_000, 180], sqlite: [180_000, 420], parquet: [44_000, 53], duckdb: [13_000, 280], postgres: [180_000, 470] },
    stripe_invoice: { csv: [50_000, 370], sqlite: [33_000, 470], parquet: [42_000, 65], duckdb: [50_000, 570], postgres: [83_000, 420] },
    stripe_invoice_line_item: { csv: [29_000, 310], sqlite: [67_000, 560], parquet: [81_000, 38], duckdb: [36_000, 490], postgres: [100_000, 370] },
    stripe_charge: { csv: [30_000, 470], sqlite: [55_000, 640], parquet: [22_000, 75], duckdb: [26_000, 720], postgres: [46_000, 570] },
    stripe_balance_transaction: { csv: [89_000, 220], sqlite: [100_000, 300], parquet: [140_000, 57], duckdb: [53_000, 340], postgres: [180_000, 310] },
    stripe_event: { csv: [150_000, 260], sqlite: [190_000, 340], parquet: [130_000, 36], duckdb: [85_000, 400], postgres: [240_000, 330] },
    hubspot_owner: { csv: [17_000, 120], sqlite: [17_000, 480], parquet: [4300, 140], duckdb: [630, 190], postgres: [17_000, 2400] },
    hubspot_company: { csv: [130_000, 210], sqlite: [130_000, 330], parquet: [4000, 89], duckdb: [10_000, 330], postgres: [130_000, 520] },
    hubspot_contact: { csv: [83_000, 200], sqlite: [100_000, 290], parquet: [38_000, 56], duckdb: [31_000, 310], postgres: [63_000, 310] },
    hubspot_deal_pipeline: { csv: [1000, 200], sqlite: [1000, 8200], parquet: [170, 1200], duckdb: [330, 300], postgres: [200, 41000] },
    hubspot_deal_pipeline_stage: { csv: [7000, 150], sqlite: [7000, 1800], parquet: [2300, 330], duckdb: [230, 240], postgres: [7000, 5900] },
    hubspot_deal: { csv: [250_000, 200], sqlite: [250_000, 310], parquet: [6800, 50], duckdb: [28_000, 310], postgres: [250_000, 360] },
    hubspot_deal_stage: { csv: [160_000, 120], sqlite: [160_000, 190], parquet: [47_000, 24], duckdb: [59_000, 180], postgres: [94_000, 210] },
    hubspot_deal_company: { csv: [250_000, 46], sqlite: [250_000, 110], parquet: [83_000, 13], duckdb: [28_000, 71], postgres: [250_000, 230] },
    hubspot_deal_contact: { csv: [250_000, 47], sqlite: [250_000, 110], parquet: [50_000, 12], duckdb: [36_000, 72], postgres: [250_000, 230] },
    hubspot_engagement: { csv: [150_000, 88], sqlite: [230_000, 110], parquet: [76_000, 20], duckdb: [190_000, 140], postgres: [630_000, 120] },
    hubspot_engagement_call: { csv: [35_000, 110], sqlite: [320_000, 150], parquet: [110_000, 26], duckdb: [53_000, 170], postgres: [640_000, 210] },
    hubspot_engagement_email: { csv: [930_000, 120], sqlite: [130_000, 160], parquet: [190_000, 25], duckdb: [52_000, 190], postgres: [230_000, 200] },
    hubspot_engagement_meeting: { csv: [320_000, 170], sqlite: [320_000, 220], parquet: [110_000, 46], duckdb: [6600, 270], postgres: [64_000, 280] },
    hubspot_engagement_note: { csv: [350_000, 130], sqlite: [180_000, 170], parquet: [12_000, 28], duckdb: [39_000, 210], postgres: [350_000, 260] },
    hubspot_engagement_task: { csv: [260_000, 140], sqlite: [260_000, 190], parquet: [65_000, 38], duckdb: [43_000, 210], postgres: [260_000, 280] },
    hubspot_engagement_contact: { csv: [210_000, 45], sqlite: [500_000, 79], parquet: [630_000, 6.5], duckdb: [110_000, 70], postgres: [830_000, 110] },
    hubspot_engagement_company: { csv: [420_000, 45], sqlite: [250_000, 77], parquet: [830_000, 6], duckdb: [130_000, 69], postgres: [830_000, 110] },
    hubspot_engagement_deal: { csv: [530_000, 45], sqlite: [530_000, 79], parquet: [76_000, 6.2], duckdb: [89_000, 70], postgres: [1_100_000, 120] },
    hubspot_ticket_pipeline: { csv: [1000, 210], sqlite: [130, 8200], parquet: [500, 1300], duckdb: [250, 330], postgres: [1000, 41000] },
    hubspot_ticket_pipeline_stage: { csv: [4000, 130], sqlite: [4000, 3100], parquet: [1300, 400], duckdb: [250, 210], postgres: [4000, 10000] },
    hubspot_ticket: { csv: [400_000, 230], sqlite: [400_000, 280], parquet: [67_000, 50], duckdb: [8300, 350], postgres: [57_000, 350] },
    hubspot_ticket_company: { csv: [400_000, 44], sqlite: [400_000, 100], parquet: [16_000, 10], duckdb: [50_000, 68], postgres: [200_000, 200] },
    hubspot_ticket_contact: { csv: [400_000, 44], sqlite: [130_000, 100], parquet: [130_000, 10], duckdb: [25_000, 69], postgres: [400_000, 200] },
    marketing_campaigns: { csv: [25_000, 160], sqlite: [25_000, 160], parquet: [8300, 130], duckdb: [3100, 250], postgres: [25_000, 1600] },
    campaign_performance: { csv: [260_000, 34], sqlite: [190_000, 60], parquet: [260_000, 8], duckdb: [190_000, 53], postgres: [330_000, 95] },
    attribution_touchpoints: { csv: [420_000, 100], sqlite: [340_000, 140], parquet: [190_000, 11], duckdb: [47_000, 160], postgres: [390_000, 150] },
    marketing_qualified_leads: { csv: [10_000, 92], sqlite: [50_000, 200], parquet: [11_000, 36], duckdb: [7400, 140], postgres: [17_000, 330] },
    ga_sessions: { csv: [340_000, 90], sqlite: [350_000, 100], parquet: [330_000, 11], duckdb: [180_000, 140], postgres: [230_000, 140] },
  },
};

/** Seconds per million rows after the tables are written (indexes, views, read-back checks, commit), per scenario and target. */
export const POST_SECONDS_PER_MILLION_ROWS: Record<string, Partial<Record<string, number>>> = {
  'saas-metrics': { csv: 1.1, sqlite: 22, parquet: 0.82, duckdb: 4.9, postgres: 9 },
  'show-and-well': { csv: 0.73, sqlite: 2.1, parquet: 0.54, duckdb: 1.2, postgres: 1.7 },
  'saas-churn': { csv: 0.28, sqlite: 0.88, parquet: 0.056, duckdb: 0.76, postgres: 0.91 },
  'bar-platform': { csv: 0.3, sqlite: 1.4, parquet: 0.075, duckdb: 0.52, postgres: 1.2 },
};

/** Tables not measured: median rows per second, bytes on disk per byte of the column-width guess, seconds after the tables per million rows. */
export const FALLBACK: Record<string, { rowsPerSecond: number; bytesFactor: number; postPerMillion: number }> = {
  csv: { rowsPerSecond: 340_000, bytesFactor: 0.67, postPerMillion: 0.73 },
  sqlite: { rowsPerSecond: 340_000, bytesFactor: 1.2, postPerMillion: 2.1 },
  parquet: { rowsPerSecond: 330_000, bytesFactor: 0.083, postPerMillion: 0.54 },
  duckdb: { rowsPerSecond: 150_000, bytesFactor: 1.3, postPerMillion: 1.2 },
  postgres: { rowsPerSecond: 330_000, bytesFactor: 1.6, postPerMillion: 1.7 },
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
