// What `synthgen inspect` reports about a dataset: the one model behind its text
// view, its JSON (`--json`, schema INSPECT_SCHEMA) and the wizard's inspect screen.
// Pure types and constants; src/inspect/profile.ts computes it.

/** The JSON document's schema name: bumped whenever a key is renamed, removed or changes meaning. */
export const INSPECT_SCHEMA = 'synthgen-inspect/1';

/**
 * Tables up to this many rows get exact figures everywhere. Above it, quartiles come from an
 * approximation (DuckDB's t-digest) or a sample (PostgreSQL, SQLite), and distinct counts are
 * PostgreSQL's planner estimates (none in SQLite); DuckDB (CSV, Parquet, DuckDB files) counts
 * them exactly at any size (its HyperLogLog was 5-35% off on saas-churn's columns).
 */
export const EXACT_ROWS = 1_000_000;
/** Equal-width bins of a numeric histogram (fewer for integers with a small range: one per value). */
export const HISTOGRAM_BINS = 20;
/** Text columns with at most this many distinct values get their top values. */
export const TOP_MAX_DISTINCT = 10_000;
/** Top values kept per column (the text view shows the first five). */
export const TOP_VALUES = 10;

export type SourceKind = 'csv' | 'parquet' | 'duckdb' | 'sqlite' | 'postgres';

/** How a column is summarised, from its type in the source. */
export type ColumnKind = 'integer' | 'number' | 'text' | 'json' | 'boolean' | 'date' | 'timestamp' | 'other';

/** Equal-width bins: bin i counts values in [min + i*width, min + (i+1)*width), the last one closed. */
export interface Histogram {
  min: number;
  max: number;
  width: number;
  counts: number[];
}

export interface NumberStats {
  min: number;
  max: number;
  /** Mean and sd to 12 significant digits (the same data always gives the same report). */
  mean: number;
  /** Sample standard deviation; null with fewer than two values. */
  stddev: number | null;
  /** Linear interpolation between closest ranks (numpy's default, SQL's percentile_cont). */
  q1: number;
  median: number;
  q3: number;
  /** True when the quartiles are an approximation or come from a sample (over EXACT_ROWS rows). */
  quartilesApprox: boolean;
  histogram: Histogram;
}

/** A count per period, every period from the first to the last present (zeros included). */
export interface PeriodCount {
  period: string;
  count: number;
}

export interface TimeStats {
  /** 'YYYY-MM-DD' for dates, 'YYYY-MM-DD HH:MM:SS' (UTC) for timestamps. */
  first: string;
  last: string;
  /** 'YYYY-MM' periods. */
  byMonth: PeriodCount[];
  /** Timestamps only: counts for hours 0..23. */
  byHour: number[] | null;
}

export interface TopValue {
  value: string;
  count: number;
  /** Of the non-null values. */
  share: number;
}

export interface TextStats {
  /** Characters. */
  minLength: number;
  maxLength: number;
  /** Most frequent first (ties by value); null when the column has over TOP_MAX_DISTINCT distinct values. */
  top: TopValue[] | null;
}

export interface BooleanStats {
  trueCount: number;
  /** Of the non-null values. */
  trueShare: number;
}

export interface ColumnReport {
  name: string;
  /** The type as the source names it (DuckDB's, SQLite's declared type, PostgreSQL's). */
  type: string;
  kind: ColumnKind;
  nulls: number;
  /** Of all rows; 0 for an empty table. */
  nullShare: number;
  /** Distinct non-null values; null where it was not counted (SQLite over EXACT_ROWS rows, PostgreSQL without statistics). */
  distinct: number | null;
  distinctApprox: boolean;
  /** At most one of these, by kind; all null for an empty or all-null column. */
  number: NumberStats | null;
  time: TimeStats | null;
  text: TextStats | null;
  boolean: BooleanStats | null;
  /** What an analyst should know before reading this column (one sentence each). */
  hazards: string[];
}

export interface TableReport {
  name: string;
  rows: number;
  /** The rows the run's manifest records; null without a manifest. */
  expectedRows: number | null;
  /** Bytes on disk (files, or the database's pages of the table); null where the source cannot say. */
  bytes: number | null;
  /**
   * Null when every row was counted. Else the charts' counts (histograms, months, hours, top
   * values, hazards) come from a sample of this many rows, scaled to the table's rows
   * (PostgreSQL tables over EXACT_ROWS); rows, nulls, min, max, mean and sd stay exact.
   */
  sampledRows: number | null;
  /** The column rows per month come from (the manifest's, else the first date or timestamp column). */
  timeColumn: string | null;
  rowsByMonth: PeriodCount[] | null;
  columns: ColumnReport[];
}

export interface RelationshipReport {
  table: string;
  columns: string[];
  references: { table: string; columns: string[] };
  /** Where the key was found: the run's manifest, or the database's declared constraints. */
  from: 'manifest' | 'declared';
  /** Child rows whose (non-null) key matches no parent row. */
  orphans: number;
  /** Child rows per parent row, over every parent (those without children count 0). */
  children: { parents: number; min: number; mean: number; max: number; histogram: Histogram } | null;
}

export interface CheckReport {
  name: string;
  ok: boolean;
  figure: string;
  info: boolean;
}

export interface FileReport {
  path: string;
  /** As the manifest records them. */
  bytes: number;
  sha256: string;
  /** 'ok': same size and hash; 'changed': same size, other hash; 'resized': other size; 'missing'. */
  status: 'ok' | 'changed' | 'resized' | 'missing';
  /** What is there now (null when missing). */
  actualBytes: number | null;
}

export interface ManifestReport {
  path: string;
  synthgen: string;
  scenario: string;
  seed: number;
  target: string;
  /** The run's own checks, as it recorded them. */
  checks: CheckReport[];
  /** Every file the manifest lists, hashed again (none for PostgreSQL). */
  files: FileReport[];
}

export interface InspectReport {
  schema: typeof INSPECT_SCHEMA;
  source: { kind: SourceKind; location: string; bytes: number | null };
  manifest: ManifestReport | null;
  tables: TableReport[];
  relationships: RelationshipReport[];
  /** Why the dataset is not what its manifest and keys say (changed files, row counts, orphans); empty when it is. */
  problems: string[];
  /** problems is empty. */
  ok: boolean;
  ms: number;
}
