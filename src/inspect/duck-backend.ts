// DuckDB as the profiler's engine for DuckDB files (opened read-only) and for CSV and
// Parquet folders (each table a view over its files). DuckDB's spill files go to a
// temporary folder of ours, never beside the user's data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteString } from '../sinks/sql.js';
import { kindOfType, num, type Backend, type Dialect, type Key, type Row, type SourceColumn, type SourceTable } from './backend.js';
import type { SourceKind } from './model.js';

/** A table of a folder: its files, and for CSV the column types a manifest gives (else DuckDB detects them). */
export interface FolderTable {
  name: string;
  files: string[];
  bytes: number;
  csvTypes?: { name: string; type: string }[];
}

const dialect: Dialect = {
  table: (name) => quoteIdent(name),
  double: (e) => `CAST(${e} AS DOUBLE)`,
  text: (e) => `CAST(${e} AS VARCHAR)`,
  stddev: (e) => `stddev_samp(${e})`,
  floorInt: (e) => `CAST(floor(${e}) AS BIGINT)`,
  month: (e) => `strftime(${e}, '%Y-%m')`,
  hour: (e) => `hour(${e})`,
  timeText: (agg, e, kind) => (kind === 'date' ? `CAST(${agg}(${e}) AS VARCHAR)` : `strftime(${agg}(${e}), '%Y-%m-%d %H:%M:%S')`),
  isTrue: (e) => `CASE WHEN ${e} THEN 1 ELSE 0 END`,
};

/** A manifest's logical type as DuckDB reads it from CSV (json stays text: no extension needed). */
export function duckTypeOf(logical: string): string {
  if (/^decimal\(\d+,\d+\)$/.test(logical)) return logical.toUpperCase();
  const map: Record<string, string> = { integer: 'INTEGER', bigint: 'BIGINT', text: 'VARCHAR', json: 'VARCHAR', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' };
  return map[logical] ?? 'VARCHAR';
}

export class DuckBackend implements Backend {
  readonly d = dialect;
  readonly exactDistinct = true;
  private constructor(
    readonly kind: SourceKind,
    readonly location: string,
    readonly bytes: number | null,
    private readonly instance: DuckDBInstance,
    private readonly con: DuckDBConnection,
    private readonly spill: string,
    private readonly folder: FolderTable[] | null,
  ) {}

  private static async start(path: string, readOnly: boolean): Promise<{ instance: DuckDBInstance; con: DuckDBConnection; spill: string }> {
    const spill = mkdtempSync(join(tmpdir(), 'synthgen-inspect-'));
    try {
      const instance = await DuckDBInstance.create(path, {
        ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
        threads: '2',
        memory_limit: '512MB',
        temp_directory: spill,
        preserve_insertion_order: 'false',
      });
      const con = await instance.connect();
      // Months and hours of time-zone-aware timestamps in UTC, whatever the machine's TZ.
      await con.run(`SET TimeZone = 'UTC'`);
      return { instance, con, spill };
    } catch (e) {
      rmSync(spill, { recursive: true, force: true });
      throw e;
    }
  }

  /** A DuckDB database file, read-only (no .wal is ever written beside it). */
  static async file(path: string, location: string, bytes: number): Promise<DuckBackend> {
    const { instance, con, spill } = await DuckBackend.start(path, true);
    return new DuckBackend('duckdb', location, bytes, instance, con, spill, null);
  }

  /** A CSV or Parquet folder: one view per table over its files. */
  static async folder(kind: 'csv' | 'parquet', tables: FolderTable[], location: string, bytes: number): Promise<DuckBackend> {
    const { instance, con, spill } = await DuckBackend.start(':memory:', false);
    const b = new DuckBackend(kind, location, bytes, instance, con, spill, tables);
    try {
      for (const t of tables) await con.run(`CREATE VIEW ${quoteIdent(t.name)} AS SELECT * FROM ${b.reader(t)}`);
    } catch (e) {
      await b.close();
      throw e;
    }
    return b;
  }

  private reader(t: FolderTable): string {
    const files = `[${t.files.map(quoteString).join(', ')}]`;
    if (this.kind === 'parquet') return `read_parquet(${files})`;
    // Synthgen writes NULL as an empty field; everything else is a value, 'NA' included.
    const types = t.csvTypes ? `, columns = {${t.csvTypes.map((c) => `${quoteString(c.name)}: ${quoteString(duckTypeOf(c.type))}`).join(', ')}}, auto_detect = false` : '';
    return `read_csv(${files}, header = true${types})`;
  }

  async tables(): Promise<SourceTable[]> {
    const names = this.folder
      ? this.folder.map((t) => t.name)
      : (await this.all(`SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal ORDER BY table_name`)).map((r) => String(r.name));
    const out: SourceTable[] = [];
    for (const name of names) {
      const cols = await this.all(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${quoteIdent(name)})`);
      // A CSV column the manifest calls json is read as text (no extension needed) but summarised as json.
      const logical = this.folder?.find((t) => t.name === name)?.csvTypes;
      const columns: SourceColumn[] = cols.map((c) => {
        const json = logical?.find((l) => l.name === c.name)?.type === 'json';
        return { name: String(c.name), type: json ? 'JSON' : String(c.type), kind: json ? 'json' : kindOfType(String(c.type)) };
      });
      out.push({ name, columns, bytes: this.folder ? this.folder.find((t) => t.name === name)!.bytes : await this.tableBytes(name) });
    }
    return out;
  }

  /** A DuckDB table's bytes: the storage blocks its columns occupy (blocks shared with other tables count whole). */
  private async tableBytes(name: string): Promise<number | null> {
    const r = await this.all(`SELECT count(DISTINCT block_id) AS blocks, (SELECT block_size FROM pragma_database_size()) AS size FROM pragma_storage_info(${quoteString(name)}) WHERE persistent`);
    const blocks = num(r[0]?.blocks);
    const size = num(r[0]?.size);
    return blocks === null || size === null ? null : blocks * size;
  }

  async declaredKeys(): Promise<Key[]> {
    if (this.folder) return [];
    const rows = await this.all(
      `SELECT table_name, constraint_column_names AS cols, referenced_table, referenced_column_names AS refs FROM duckdb_constraints()
        WHERE constraint_type = 'FOREIGN KEY' AND database_name = current_database() AND schema_name = 'main' ORDER BY table_name, constraint_index`,
    );
    return rows.map((r) => ({ table: String(r.table_name), columns: (r.cols as string[]).map(String), references: { table: String(r.referenced_table), columns: (r.refs as string[]).map(String) } }));
  }

  async all(sql: string): Promise<Row[]> {
    return (await this.con.runAndReadAll(sql)).getRowObjectsJson() as Row[];
  }

  async approxQuartiles(table: string, columns: SourceColumn[]): Promise<([number, number, number] | null)[]> {
    if (!columns.length) return [];
    // One thread: the t-digest then sees the rows in file order, so the same data gives the same figures every time.
    await this.con.run('SET threads = 1');
    let r: Row[];
    try {
      r = await this.all(`SELECT ${columns.map((c, i) => `approx_quantile(${dialect.double(quoteIdent(c.name))}, [0.25, 0.5, 0.75]) AS q${i}`).join(', ')} FROM ${quoteIdent(table)}`);
    } finally {
      await this.con.run('SET threads = 2');
    }
    return columns.map((_, i) => (r[0][`q${i}`] as number[] | null)?.map(Number) as [number, number, number] | null);
  }

  quartilesAggregate(expr: string): string {
    return `quantile_cont(${expr}, [0.25, 0.5, 0.75])`;
  }

  /** Every expression's counts in one scan: histogram() per expression (it skips NULLs). */
  async countsBy(table: string, exprs: string[]): Promise<{ counts: Map<string, number>[]; sample: null }> {
    if (!exprs.length) return { counts: [], sample: null };
    const r = await this.all(`SELECT ${exprs.map((e, i) => `histogram(${e}) AS h${i}`).join(', ')} FROM ${quoteIdent(table)}`);
    return { counts: exprs.map((_, i) => new Map(((r[0][`h${i}`] as { key: unknown; value: unknown }[] | null) ?? []).map((kv) => [String(kv.key), Number(kv.value)]))), sample: null };
  }

  async close(): Promise<void> {
    this.con.closeSync();
    this.instance.closeSync();
    rmSync(this.spill, { recursive: true, force: true });
  }
}
