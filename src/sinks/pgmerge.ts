// The finishing step of a sharded PostgreSQL run, as a sink: a PostgresSink
// (the same claim on the target schema, staging schema, keys, indexes, views,
// ANALYZE, comments, read-back checks and swap, in ONE transaction) whose tables
// are made on the server from the shards' tables, shard after shard, instead of
// from rows sent by the client, and whose commit drops the shards schema with
// the swap. src/shards/pg-merge.ts drives it.
import { UserError } from '../errors.js';
import type { Column, Params, Row, TableSpec } from '../engine/model.js';
import { SYNTHGEN_MARK } from './pgreplace.js';
import { safeUrl } from './pgurl.js';
import { PostgresSink, type PostgresOptions } from './postgres.js';
import { REGISTRY, SCHEMA_LOCK_SQL, shardsSchemaOf, shardTableOf } from './pgshard.js';
import { generatorValueSql, quoteIdent } from './sql.js';
import { to as copyTo } from 'pg-copy-streams';
import { CopyOutDecoder, type CopyOutKind } from './pgcopyout.js';

/** One loaded shard, as its registry row says. */
export interface ShardRow {
  shard: number;
  shards: number;
  scenario: string;
  seed: number;
  params: Params;
  synthgen: string;
  chunks: Record<string, [number, number, number]>;
  rows: Record<string, number>;
  tables: string[];
  ok: boolean;
}

/** Rows handed to the checks at a time (the runner's default batch size; the figures do not depend on it). */
const BATCH_ROWS = 2_048;

const kindOf = (c: Column): CopyOutKind => (c.type === 'boolean' ? 'bool' : c.type === 'text' || c.type === 'json' ? 'text' : 'float8');


export class PgMergeSink extends PostgresSink {
  readonly shardsSchema: string;
  private shardRows: ShardRow[] = [];

  constructor(opts: PostgresOptions) {
    super(opts);
    this.shardsSchema = shardsSchemaOf(opts.schema);
  }

  private shardsTable(name: string): string {
    return `${quoteIdent(this.shardsSchema)}.${quoteIdent(name)}`;
  }

  private async registry(): Promise<ShardRow[]> {
    const r = await this.sql(
      `SELECT shard, shards, scenario, seed::float8 AS seed, params::text AS params, synthgen, chunks::text AS chunks, rows::text AS rows, tables::text AS tables, ok
         FROM ${this.shardsTable(REGISTRY)} ORDER BY shard`,
    );
    return r.rows.map((x) => ({ ...x, params: JSON.parse(x.params), chunks: JSON.parse(x.chunks), rows: JSON.parse(x.rows), tables: JSON.parse(x.tables) }) as ShardRow);
  }

  /** Connects and reads the shards (before open(): the run's scenario and parameters are in them). */
  async readShards(): Promise<ShardRow[]> {
    await this.connect();
    const none = `no shards of schema ${this.opts.schema} at ${safeUrl(this.opts.url)} (no schema ${this.shardsSchema}); load them first: synthgen run --target postgres --schema ${this.opts.schema} --shard k/N`;
    const found = await this.sql(
      `SELECT obj_description(n.oid, 'pg_namespace') AS comment, to_regclass(format('%I.%I', n.nspname, $2::text)) IS NOT NULL AS registry FROM pg_namespace n WHERE n.nspname = $1`,
      [this.shardsSchema, REGISTRY],
    );
    if (!found.rows.length || !found.rows[0].registry) throw new UserError(none);
    if (!String(found.rows[0].comment ?? '').startsWith(SYNTHGEN_MARK)) throw new UserError(`schema ${this.shardsSchema} is not synthgen's (no "${SYNTHGEN_MARK}" comment on it); merge-manifests drops only the shards schema synthgen made`);
    return (this.shardRows = await this.registry());
  }

  /**
   * In the load's transaction, before the tables: no shard may be loaded or replaced
   * until it ends (the registry locked), and the shards are still the ones read before.
   */
  protected override async beforeTables(): Promise<void> {
    // A shard starting now waits for this transaction (it would make the schema this one drops).
    const busy = `a shard of schema ${this.opts.schema} that is being loaded to finish`;
    await this.sqlWaiting(SCHEMA_LOCK_SQL, [this.opts.schema], busy);
    await this.sqlWaiting(`LOCK TABLE ${this.shardsTable(REGISTRY)} IN SHARE MODE`, [], busy);
    if (JSON.stringify(await this.registry()) !== JSON.stringify(this.shardRows)) {
      throw new UserError(`the shards in ${this.shardsSchema} changed while merge-manifests started (a shard was loaded again meanwhile); nothing was changed; run merge-manifests again`);
    }
    // The schema is dropped with the swap, never with CASCADE: anything else in it is refused now.
    const ours = [REGISTRY, ...this.shardRows.flatMap((s) => s.tables.map((t) => shardTableOf(t, s.shard)))];
    const other = await this.sql(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind NOT IN ('i', 'I', 't') AND NOT (c.relname = ANY($2)) ORDER BY 1`,
      [this.shardsSchema, ours],
    );
    if (other.rows.length) {
      throw new UserError(`schema ${this.shardsSchema} holds ${other.rows.map((r) => r.name).join(', ')}, not made by a shard; synthgen drops that schema when it merges: move ${other.rows.length > 1 ? 'them' : 'it'} out first`);
    }
    // Load order: each scan reads its table from the start (a synchronized scan may begin
    // midway), in one process (a parallel plan's Gather interleaves its workers' rows).
    await this.sql(`SET LOCAL synchronize_seqscans = off`);
    await this.sql(`SET LOCAL max_parallel_workers_per_gather = 0`);
  }

  /**
   * The staged table made from every shard's table, in shard order, on the server.
   * CREATE TABLE AS, not INSERT ... SELECT: it fills new pages only, as COPY does,
   * so the rows lie in load order (an INSERT puts a short row into an earlier
   * page's free space). Its NOT NULLs are added after; keys come in finish().
   */
  protected override async createTable(t: TableSpec): Promise<void> {
    const cols = t.columns.map((c) => quoteIdent(c.name)).join(', ');
    const parts = this.shardRows.filter((s) => s.tables.includes(t.name)).map((s) => `SELECT ${cols} FROM ${this.shardsTable(shardTableOf(t.name, s.shard))}`);
    if (!parts.length) return super.createTable(t);
    await this.sql(`CREATE TABLE ${this.qualified(t.name)} AS\n${parts.join('\nUNION ALL\n')}`);
    const required = t.columns.filter((c) => !c.nullable);
    if (required.length) await this.sql(`ALTER TABLE ${this.qualified(t.name)} ${required.map((c) => `ALTER COLUMN ${quoteIdent(c.name)} SET NOT NULL`).join(', ')}`);
  }

  /**
   * The staged table's rows in load order, as the generators' values, in batches:
   * binary COPY TO STDOUT, read as it streams (bounded memory; the server waits while a batch is checked).
   */
  async *rows(table: TableSpec): AsyncGenerator<Row[]> {
    const decoder = new CopyOutDecoder(table.columns.map(kindOf));
    const stream = this.db.query(copyTo(`COPY (SELECT ${table.columns.map(generatorValueSql).join(', ')} FROM ${this.qualified(table.name)}) TO STDOUT (FORMAT binary)`));
    let batch: Row[] = [];
    try {
      for await (const chunk of stream) {
        for (const row of decoder.push(chunk as Buffer)) batch.push(row);
        if (batch.length >= BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
    } catch (e) {
      throw this.explain(e);
    }
    if (!decoder.done) throw new UserError(`reading ${table.name} back ended early; nothing was changed; run merge-manifests again`);
    if (batch.length) yield batch;
  }

  /** The shards go with the swap: their tables, the registry, then the schema (never CASCADE). */
  protected override async beforeCommit(): Promise<void> {
    const tables = this.shardRows.flatMap((s) => s.tables.map((t) => this.shardsTable(shardTableOf(t, s.shard))));
    if (tables.length) await this.sql(`DROP TABLE ${tables.join(', ')}`);
    await this.sql(`DROP TABLE ${this.shardsTable(REGISTRY)}`);
    await this.sql(`DROP SCHEMA ${quoteIdent(this.shardsSchema)}`);
  }
}
