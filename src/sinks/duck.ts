// Loading typed rows into DuckDB fast and reproducibly, shared by the parquet and
// duckdb targets. Rows go into a staging table through one reused 2048-row
// DataChunk per table, in "wire" types a JS number or string fills directly
// (no BigInt or value objects per cell, which cost 3x); the typed columns are
// rebuilt in SQL on the way out (toSql). Chunks are cut every 2048 rows of the
// stream, whatever the batch size, so DuckDB's row groups, and the Parquet files
// made from them, come out the same for any batching.
import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBInstance,
  INTEGER,
  USMALLINT,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBVector,
} from '@duckdb/node-api';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Column, Row, TableSpec, Value } from '../engine/model.js';
import { columnType, quoteIdent, quoteString } from './sql.js';

export const CHUNK_ROWS = 2048;

/** Closed appenders between two full collections (see collectClosedAppenders). */
const APPENDERS_PER_COLLECTION = 8;
let closedAppenders = 0;
let fullGc: (() => void) | null = null;

/**
 * A full garbage collection every few closed appenders. @duckdb/node-api frees
 * an appender's native buffers (about 100 KB) only in its finalizer, and a run
 * that makes little JS garbage rarely gets the full collection that runs
 * finalizers, so closed appenders piled up with the number of part files
 * (17 MB at 1M customers). One collection per 8 parts costs well under 1%.
 */
function collectClosedAppenders(): void {
  if (++closedAppenders < APPENDERS_PER_COLLECTION) return;
  closedAppenders = 0;
  if (!fullGc) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (!exposed) setFlagsFromString('--expose-gc');
    fullGc = exposed ?? (runInNewContext('gc') as () => void);
  }
  fullGc();
}

/** The column type a reader sees. */
export const duckType = (c: Column): string => columnType(c, { text: 'VARCHAR' });

/**
 * A text column declaring its values is staged as a value's place in a list, from 1,
 * and turned back into the text in SQL: a string costs DuckDB's appender a copy into
 * its vector, a small number does not. The list is the declared values, then any
 * other value the rows bring (wrong data must land as it is, for the checks to see).
 */
function enumerated(c: Column): c is Column & { values: string[] } {
  return c.type === 'text' && c.values !== undefined && c.values.length > 0;
}
/** Places a USMALLINT holds. */
const MOST_PLACES = 65_535;

/** The staging type a JS value is appended as. */
function wireType(c: Column): DuckDBType {
  if (enumerated(c)) return USMALLINT;
  switch (c.type) {
    case 'integer':
    case 'date':
      return INTEGER; // dates as days since 1970-01-01
    case 'bigint':
    case 'decimal':
    case 'timestamp':
      return DOUBLE; // integers (scaled units, seconds) exact below 2^53
    case 'boolean':
      return BOOLEAN;
    case 'text':
    case 'json':
      return VARCHAR;
  }
}

/** SQL turning a staged column back into its logical type; `list`: an enumerated column's values by place. */
function fromWire(c: Column, list: readonly string[] | null): string {
  const col = quoteIdent(c.name);
  if (list) return `list_extract([${list.map(quoteString).join(', ')}], ${col})`;
  switch (c.type) {
    case 'date':
      return `CAST(DATE '1970-01-01' + ${col} AS DATE)`;
    case 'bigint':
      return `CAST(${col} AS BIGINT)`;
    case 'decimal': {
      const scale = c.scale ?? 0;
      // units x 10^-scale in exact decimal arithmetic
      return scale === 0
        ? `CAST(${col} AS ${duckType(c)})`
        : `CAST(CAST(${col} AS DECIMAL(38,0)) * ${(1 / 10 ** scale).toFixed(scale)} AS ${duckType(c)})`;
    }
    case 'timestamp':
      return `make_timestamp(CAST(${col} AS BIGINT) * 1000000)`;
    case 'json':
      return `CAST(${col} AS JSON)`;
    default:
      return col;
  }
}

/**
 * DuckDB with settings that keep long runs flat: the allocator thresholds make
 * DuckDB hand freed memory back to the system after each statement and each
 * dropped table (its defaults, 128 MiB and 512 MiB, let retained memory grow
 * with the number of part files written).
 */
export async function openDuck(path: string, options: Record<string, string> = {}): Promise<{ instance: DuckDBInstance; con: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(path, {
    threads: '2',
    memory_limit: '256MB',
    preserve_insertion_order: 'true',
    allocator_flush_threshold: '1MB',
    allocator_bulk_deallocation_flush_threshold: '1MB',
    ...options,
  });
  return { instance, con: await instance.connect() };
}

/**
 * Appends one table's rows to a staging table in fixed 2048-row chunks.
 *
 * One DataChunk and its column vectors are made once and refilled in place:
 * DuckDBDataChunk.setColumns would build new vectors (and new ArrayBuffers) for
 * every chunk, garbage that piled up as external memory on long runs.
 */
export class StageLoader {
  private types: DuckDBType[];
  private chunk: DuckDBDataChunk;
  private vectors: DuckDBVector[];
  /** Per enumerated column: each value's place, from 1 (null for other columns). */
  private places: (Map<string, number> | null)[];
  /** Per enumerated column: the values by place, from 0. */
  private lists: (string[] | null)[];
  private fill = 0;
  private appender: DuckDBAppender | null = null;

  constructor(
    private con: DuckDBConnection,
    readonly spec: TableSpec,
    readonly stage: string,
  ) {
    this.types = spec.columns.map(wireType);
    this.chunk = DuckDBDataChunk.create(this.types, CHUNK_ROWS);
    this.vectors = this.types.map((_, i) => this.chunk.getColumnVector(i));
    this.lists = spec.columns.map((c) => (enumerated(c) ? [...c.values] : null));
    this.places = this.lists.map((list) => list && new Map(list.map((v, i) => [v, i + 1])));
  }

  async create(): Promise<void> {
    await this.createTable();
    await this.open();
  }

  /** The connection the stage lives on (a sink may run its COPY there). */
  get connection(): DuckDBConnection {
    return this.con;
  }

  /** Opens the appender again after close() or reset(). */
  async open(): Promise<void> {
    if (!this.appender) this.appender = await this.con.createAppender(this.stage);
  }

  private async createTable(): Promise<void> {
    const cols = this.spec.columns.map((c, i) => `${quoteIdent(c.name)} ${this.types[i].toString()}`);
    await this.con.run(`CREATE TABLE ${quoteIdent(this.stage)} (${cols.join(', ')})`);
  }

  /** Empties the stage by dropping and recreating it: DELETE would keep the old row groups' memory. */
  async reset(): Promise<void> {
    await this.con.run(`DROP TABLE ${quoteIdent(this.stage)}`);
    await this.createTable();
  }

  /** Appends rows (a native chunk at a time). */
  add(rows: Row[]): void {
    const vectors = this.vectors;
    const places = this.places;
    const width = vectors.length;
    for (const row of rows) {
      for (let c = 0; c < width; c++) {
        const v = row[c];
        const at = places[c];
        vectors[c].setItem(this.fill, (at === null || v === null ? v : (at.get(v as string) ?? this.placeOther(c, v))) as never);
      }
      if (++this.fill === CHUNK_ROWS) this.flushChunk();
    }
  }

  /** A value the column does not declare: the next place. */
  private placeOther(c: number, v: Value): number {
    const list = this.lists[c]!;
    if (typeof v !== 'string') throw new Error(`${this.spec.name}.${this.spec.columns[c].name}: a text column got ${String(v)} (${typeof v}) from its generator`);
    if (list.length === MOST_PLACES) {
      throw new Error(`${this.spec.name}.${this.spec.columns[c].name}: more than ${MOST_PLACES.toLocaleString('en-US')} distinct values in a column that declares ${this.spec.columns[c].values!.length}`);
    }
    list.push(v);
    this.places[c]!.set(v, list.length);
    return list.length;
  }

  /** SQL selecting the staged rows as their logical types. */
  select(): string {
    const columns = this.spec.columns.map((c, i) => `${fromWire(c, this.lists[i])} AS ${quoteIdent(c.name)}`);
    return `SELECT ${columns.join(', ')} FROM ${quoteIdent(this.stage)}`;
  }

  /** Copies the filled rows into the native chunk and appends it. */
  private flushChunk(): void {
    if (this.fill === 0) return;
    // reset frees the previous chunk's strings; the row count is set again after it
    // (the chunk's own vector cache is dropped then, ours stay bound to the same columns)
    this.chunk.reset();
    this.chunk.rowCount = this.fill;
    for (const v of this.vectors) v.flush();
    this.appender!.appendDataChunk(this.chunk);
    this.fill = 0;
  }

  /** Flushes what is pending and closes the appender (the staged rows are then queryable). */
  async close(): Promise<void> {
    if (!this.appender) return;
    this.flushChunk();
    this.appender.flushSync();
    this.appender.closeSync();
    this.appender = null;
    collectClosedAppenders();
  }

  /** After an error: drop the appender without raising its error again. */
  discard(): void {
    try {
      this.appender?.closeSync();
    } catch {
      // the appender repeats its last error on close
    }
    this.appender = null;
  }
}
