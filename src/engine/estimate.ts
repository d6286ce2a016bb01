// Rough size and time of a planned run, for the wizard's review screen.
import type { Column, TableSpec } from './model.js';

/** Typical text width of a value of each type, in bytes, plus a separator. */
function columnBytes(c: Column): number {
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

/** Bytes on disk per byte of CSV text: SQLite pages and indexes roughly double it, zstd Parquet is ~1/7 (measured on saas-metrics and saas-churn). */
const TARGET_FACTOR: Record<string, number> = { csv: 1, sqlite: 1.9, parquet: 0.15, duckdb: 0.6 };

export function estimateBytes(spec: TableSpec, rows: number, target = 'csv'): number {
  return Math.round(rows * spec.columns.reduce((a, c) => a + columnBytes(c), 0) * (TARGET_FACTOR[target] ?? 1));
}

/** Rows per second of saas-metrics at 200K customers in `npm run bench` on 2 cores, rounded down. */
export const TYPICAL_ROWS_PER_SECOND: Record<string, number> = { csv: 90_000, sqlite: 50_000 };

export function estimateSeconds(rows: number, target: string): number {
  return rows / (TYPICAL_ROWS_PER_SECOND[target] ?? 200_000);
}
