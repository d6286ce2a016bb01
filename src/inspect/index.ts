// `synthgen inspect`'s one entry point: a dataset (a path, or a PostgreSQL URL and schema) -> its report.
import type { InspectReport } from './model.js';

export interface InspectTarget {
  /** A CSV or Parquet folder, a SQLite or DuckDB file. */
  path?: string;
  /** PostgreSQL: connection URL (else the PG* environment variables) and schema. */
  url?: string;
  schema?: string;
  /** The run's manifest, where it is not in its usual place. */
  manifest?: string;
  /** Only this table (and the relationships it takes part in). */
  table?: string;
}

export async function inspectDataset(target: InspectTarget): Promise<InspectReport> {
  void target;
  throw new Error('not yet');
}
