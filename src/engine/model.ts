// The scenario model: what a scenario declares (tables, parameters, generators,
// checks) and the typed values rows carry. Pure data and types; no I/O.

/** The SQL dialects of the database targets (views are written per dialect where SQL differs). */
export type SqlDialect = 'sqlite' | 'duckdb' | 'postgres';
export const SQL_DIALECTS: readonly SqlDialect[] = ['sqlite', 'duckdb', 'postgres'];

/** Logical column types; each sink maps them to its own dialect. */
export type LogicalType =
  | 'integer'
  | 'bigint'
  | 'decimal'
  | 'text'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'json';

/**
 * Row values, by logical type:
 * - integer, bigint: number (safe integer)
 * - decimal(p,s): number holding the value in units of 10^-s (an integer), so sums are exact
 * - date: days since 1970-01-01 (integer)
 * - timestamp: seconds since 1970-01-01T00:00:00Z (integer)
 * - boolean: boolean; text and json: string; NULL: null
 */
export type Value = number | string | boolean | null;
export type Row = Value[];

export interface Column {
  name: string;
  type: LogicalType;
  /** decimal only */
  precision?: number;
  scale?: number;
  nullable?: boolean;
  description?: string;
  /** An enumeration: every value is one of these (dbt accepted_values). */
  values?: string[];
}

export interface ForeignKey {
  columns: string[];
  references: { table: string; columns: string[] };
}

export interface Index {
  name: string;
  columns: string[];
}

export interface TableSpec {
  name: string;
  description: string;
  columns: Column[];
  primaryKey: string[];
  /**
   * 'ascending': the generator emits primary keys in strictly ascending order, so
   * the uniqueness check compares each key with the last one (O(1) memory) instead
   * of remembering every key; a key out of order fails the check.
   */
  keyOrder?: 'ascending';
  foreignKeys?: ForeignKey[];
  indexes?: Index[];
  /** The column that says when a row happened (dbt source freshness, rows per month). */
  timeColumn?: string;
}

export type ParamType = 'integer' | 'number' | 'string' | 'date' | 'enum' | 'boolean' | 'list' | 'map';
/** list: names; map: name -> number (e.g. city factors). */
export type ParamValue = number | string | boolean | null | string[] | Record<string, number>;
export type Params = Record<string, ParamValue>;

export interface ParamSpec {
  name: string;
  type: ParamType;
  default: ParamValue;
  help: string;
  /** numbers, and each value of a map */
  min?: number;
  max?: number;
  /** enum only */
  choices?: string[];
  /** map only: the allowed names (all of them when omitted from the default) */
  keys?: string[];
  /** map only: the list parameter whose names it may use (prices by program) */
  keysFrom?: string;
  /** string only: allowed pattern and how to describe it in an error */
  pattern?: RegExp;
  patternHelp?: string;
  /** may be left empty (null) */
  optional?: boolean;
  /**
   * An environment variable that gives the default when nothing else sets the
   * parameter (seed 003's DATAGEN_ENV picks the size); a bad value is refused.
   */
  envVar?: string;
}

/** What a generator gets for one chunk of one table. */
export interface ChunkContext {
  params: Params;
  seed: number;
  chunk: number;
  /** An independent random stream named by (seed, scenario, table, chunk, name). */
  stream(name?: string, table?: string, chunk?: number): () => number;
  batchSize: number;
}

/** A table as a scenario builds it: its spec plus how to produce it in chunks. */
export interface TableDef {
  spec: TableSpec;
  /** Expected rows (exact where known, else an estimate) for progress and planning. */
  estimateRows(params: Params): number;
  /** Whether estimateRows is exact: then a row-count check compares against it. */
  exactRows?: boolean;
  /** Number of independent chunks; the output is the chunks concatenated in order. */
  chunks(params: Params): number;
  /** Rows of one chunk, in batches of about ctx.batchSize rows. */
  generate(ctx: ChunkContext): Iterable<Row[]>;
}

/** One integrity or rule check, with the figure it measured. */
export interface CheckResult {
  name: string;
  ok: boolean;
  figure: string;
  /** 'stream' while generating, 'target' read back from what landed */
  phase: 'stream' | 'target';
  /** A reference figure shown for information (e.g. the seed's numbers when the parameters differ): ok is always true, it never fails a run. */
  info?: true;
}

/**
 * A scenario's view of the streamed rows: its own rule checks and the headline
 * numbers of the summary, both from one pass so nothing is held twice.
 */
export interface Observer {
  observe(table: string, rows: Row[]): void;
  checks(): CheckResult[];
  headlines(): string[];
}

export interface Scenario {
  name: string;
  description: string;
  seedFile: string;
  defaultSeed: number;
  defaultTarget: string;
  defaultOut: string;
  params: ParamSpec[];
  /** Cross-parameter validation; returns an error message or null. */
  validate?(params: Params): string | null;
  /** Tables with their final names (a prefix parameter may rename them). */
  tables(params: Params, seed: number): TableDef[];
  /** Rule checks and headline numbers over the streamed rows. */
  observer?(params: Params): Observer;
  /**
   * Rules a database target checks again on what landed: portable SQL (SQLite,
   * DuckDB, PostgreSQL) returning one number, the count of rows that break the rule.
   */
  sqlChecks?(params: Params): { name: string; sql: string }[];
  /** SQL views, in dependency order, in the SQL of each database target. */
  views?(params: Params, dialect: SqlDialect): { name: string; sql: string }[];
  /**
   * Stage 2 SQL run by DuckDB over the scenario's Parquet output (raw_<table> views):
   * each step's new tables are written to <out root>/<layer>/<table>.parquet.
   */
  pipeline?: { steps: { sqlFile: string; layer: string }[] };
  /** Named size presets (e.g. DEV/QA/PRODUCTION): parameter values applied together. */
  presets?: { name: string; help: string; params: Record<string, ParamValue> }[];
  /** Notes on choices the seed left open, for `synthgen describe`. */
  notes?: string[];
  /** Opts in to the dbt project synthgen writes for the raw layer (src/dbt/). */
  dbt?: DbtOptions;
  /**
   * Where a worker thread imports this scenario from when it is not one of the
   * built-in ones (scenarios/index.ts): a module URL and the name it is exported as.
   */
  module?: { url: string; export: string };
}

/** What the dbt project needs to know about a scenario's time (freshness is measured from as_of). */
export interface DbtOptions {
  /** The day the history ends (exclusive), YYYY-MM-DD. */
  asOf(params: Params): string;
  /** Days of history before as_of: a table's expected rate is its expected rows over this span. */
  historyDays(params: Params): number;
  /**
   * Tables whose timeColumn holds the start of a period (a month), by the period's length in days:
   * the last period may start that long before as_of. A date column is a one-day period already.
   */
  periodDays?: Record<string, number>;
  /**
   * Tables whose rows arrive in clusters (a journey of touches ending at one conversion), by
   * the number of independent arrivals: their rate, not the rows', sets the freshness thresholds.
   */
  arrivals?(params: Params): Record<string, number>;
}
