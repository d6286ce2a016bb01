// What the profiler needs from a place data lives: its tables, declared keys, and
// SQL in its dialect. DuckDB reads CSV and Parquet folders and DuckDB files,
// SQLite and PostgreSQL are queried in place; no table is read into JS memory.
import type { ColumnKind, SourceKind } from './model.js';

export interface SourceColumn {
  name: string;
  type: string;
  kind: ColumnKind;
}

export interface SourceTable {
  name: string;
  columns: SourceColumn[];
  /** Bytes on disk, where the source can say. */
  bytes: number | null;
}

export interface Key {
  table: string;
  columns: string[];
  references: { table: string; columns: string[] };
}

/** One value per row of a query, by column alias; numbers as JS numbers, times as text. */
export type Row = Record<string, unknown>;

export interface Dialect {
  /** A table in FROM. */
  table(name: string): string;
  /** A numeric expression as a double. */
  double(expr: string): string;
  /** Any expression as text. */
  text(expr: string): string;
  /** Sample standard deviation (aggregate). */
  stddev(expr: string): string;
  /** Truncation toward zero of a non-negative double, as an integer. */
  floorInt(expr: string): string;
  /** 'YYYY-MM' of a date or timestamp. */
  month(expr: string): string;
  /** UTC hour 0..23 of a timestamp. */
  hour(expr: string): string;
  /** min/max of a date or timestamp as text the profiler normalises (aggregate = 'min' | 'max'). */
  timeText(aggregate: 'min' | 'max', expr: string, kind: 'date' | 'timestamp'): string;
  /** 1 when true, else 0 (booleans stored as 0/1 in SQLite). */
  isTrue(expr: string): string;
}

export interface Backend {
  readonly kind: SourceKind;
  /** What the user named (a path, or the URL without password and the schema). */
  readonly location: string;
  readonly bytes: number | null;
  readonly d: Dialect;
  /** Distinct counts are exact at any size (the engine's hash aggregate spills to disk), not only up to EXACT_ROWS. */
  readonly exactDistinct: boolean;
  tables(): Promise<SourceTable[]>;
  /** Foreign keys the source declares (none for files). */
  declaredKeys(): Promise<Key[]>;
  all(sql: string): Promise<Row[]>;
  /**
   * Distinct counts of `columns` for a table over EXACT_ROWS rows where they are not exact: an
   * estimate, or null where the source has none (then the profiler leaves the figure out).
   */
  approxDistinct?(table: string, columns: SourceColumn[]): Promise<(number | null)[]>;
  /** Quartiles of numeric columns of a table over EXACT_ROWS rows: approximate or from a sample. */
  approxQuartiles(table: string, columns: SourceColumn[]): Promise<([number, number, number] | null)[]>;
  /**
   * Counts of each non-null value of each expression over one table (histogram bins, months,
   * top values): in one scan where the engine allows it. A table of `rows` over EXACT_ROWS may
   * be counted on a sample instead (`sample`: the rows it held, else null).
   */
  countsBy(table: string, exprs: string[], rows: number): Promise<{ counts: Map<string, number>[]; sample: number | null }>;
  /** Exact quartiles as part of the table's one aggregate query, where the dialect has them (else null). */
  quartilesAggregate(expr: string): string | null;
  close(): Promise<void>;
}

/** Every value a pandas `read_csv` reads as missing by default (pandas.io.parsers STR_NA_VALUES). */
export const PANDAS_NA = ['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null'];

/** A column kind from a SQL type name (DuckDB's and PostgreSQL's names, SQLite's declared types). */
export function kindOfType(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (/^(JSON|JSONB)$/.test(t)) return 'json';
  if (/BOOL/.test(t)) return 'boolean';
  if (/^TIMESTAMP|^DATETIME/.test(t)) return 'timestamp';
  if (/^DATE$/.test(t)) return 'date';
  if (/INT/.test(t) && !/INTERVAL/.test(t)) return 'integer';
  if (/DEC|NUMERIC|REAL|FLOA|DOUB/.test(t)) return 'number';
  if (/CHAR|TEXT|CLOB|STRING|^$/.test(t)) return 'text';
  return 'other';
}

/** A figure from a driver (bigint as text, decimal, number) as a JS number; null stays null. */
export function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}
