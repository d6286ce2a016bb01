// The one interface every output target implements. A sink writes under a
// temporary name and only puts the output under its final name in commit().
import type { CheckResult, Row, TableSpec } from '../engine/model.js';
import type { RowEncoding } from './row-encoding.js';

export interface OutputFile {
  table: string | null;
  path: string; // final path
  bytes: number;
  sha256: string;
}

export interface Sink {
  readonly target: string;
  /** Final location, as the user named it. */
  readonly out: string;
  /** Where synthgen-manifest.json goes: inside a folder output, beside a file output. */
  readonly manifestPath: string;
  /** Where the data catalog (CATALOG.md) goes: inside a folder output, beside a file output; null where there is no place for it (PostgreSQL). */
  readonly catalogPath: string | null;
  /** Claims the output (every safety check before any work) and prepares to write. */
  open(tables: readonly TableSpec[], plan?: OpenPlan): Promise<void>;
  /**
   * May return a promise (a sink that flushes parts); the runner awaits it. `encoded`:
   * the same rows already in the sink's rowEncoding (made on a worker thread).
   */
  write(table: string, rows: Row[], encoded?: Uint8Array): void | Promise<void>;
  /** The encoding a worker thread may apply to the rows for this sink (see row-encoding.ts). */
  readonly rowEncoding?: RowEncoding;
  /** The table's last rows were written: `rows` of them in all (a sink that decides something by size, DuckDB's keys). */
  endTable(table: string, rows: number): void | Promise<void>;
  /** After all rows: build indexes and views, close writers. */
  finish(views: { name: string; sql: string }[]): Promise<void>;
  /** What finish() does, for the progress line; null when it does nothing. */
  readonly finishing: string | null;
  /** Read back what landed and check it against what was generated (and the scenario's SQL rules, in databases). */
  verify(rowCounts: Map<string, number>, sqlChecks?: SqlCheck[]): Promise<CheckResult[]>;
  /** A database without files (PostgreSQL): each table's size as loaded (table, indexes, TOAST), known after verify(). */
  tableBytes?(): Map<string, number>;
  /** Files as they will be named after commit, with sizes and hashes. */
  files(): Promise<OutputFile[]>;
  /**
   * Writes the catalog (`catalog`, when catalogPath is not null) and the manifest
   * (`manifestFor(finalOut)` gives its text) as part of the output and moves the
   * output to its final name (replacing an old synthgen output only with force).
   * Returns where the manifest landed.
   */
  commit(manifestFor: (finalOut: string) => string, catalog?: string): Promise<string>;
  /** Removes everything written so far; the final name is untouched. */
  abort(): Promise<void>;
  /**
   * Called on Ctrl-C/SIGTERM/SIGHUP while a step may be running: stop it soon (the
   * step then settles, the runner calls abort()). Needed where a step can run
   * for seconds without giving the event loop back.
   */
  interrupt?(): void;
}

export interface OpenPlan {
  /** Estimated size of the output in bytes, checked against the free space before any work. */
  estimatedBytes: number;
  /** The names of the views finish() will make (PostgreSQL replaces or refuses existing ones at the start, as it does tables). */
  views?: string[];
}

export interface SqlCheck {
  name: string;
  /** Returns one number: the rows that break the rule. */
  sql: string;
}

/** Runs SQL rule checks with a query function of the sink's own. */
export async function runSqlChecks(checks: SqlCheck[], one: (sql: string) => Promise<number>): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of checks) {
    try {
      const n = await one(c.sql);
      out.push({ name: `${c.name} (SQL)`, ok: n === 0, figure: `${n.toLocaleString('en-US')} rows break it`, phase: 'target' });
    } catch (e) {
      out.push({ name: `${c.name} (SQL)`, ok: false, figure: `query failed: ${String((e as Error).message).split('\n')[0]}`, phase: 'target' });
    }
  }
  return out;
}

export interface SinkOptions {
  out: string;
  force: boolean;
  /** postgres only: connection URL (else PG* environment variables) and target schema */
  url?: string;
  schema?: string;
  /** postgres only: seconds to wait for another session's lock before giving up */
  lockTimeout?: number;
  /** parquet only: a table of more than one part's rows as a folder of part files (--parquet-parts) instead of one file */
  parquetParts?: boolean;
}
