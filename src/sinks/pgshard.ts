// One shard of a PostgreSQL run (synthgen run --target postgres --schema S --shard k/N).
// Each shard appends its slice into tables of its own, <table>__<k>, in a shared
// schema synthgen_shards_<S>, without keys (a slice's keys point into other
// slices), and records itself in that schema's registry table, all in ONE
// transaction: a rerun of shard k replaces shard k's tables and row, a killed run
// leaves the previous shard k (or nothing). Nothing appears in S: the finishing
// step (synthgen merge-manifests --url U --schema S, src/shards/pg-merge.ts)
// builds S's tables from every shard's, in shard order, and drops this schema.
import { UserError } from '../errors.js';
import type { CheckResult, TableSpec } from '../engine/model.js';
import { shardText, type Shard } from '../engine/shard.js';
import { count } from '../checks/figures.js';
import { writeFileAtomic } from './files.js';
import { checkPgName } from './pglimits.js';
import { existingRelations, refuseUnreplaceable, SYNTHGEN_MARK } from './pgreplace.js';
import { safeUrl } from './pgurl.js';
import { PostgresSink, type PostgresOptions } from './postgres.js';
import type { OpenPlan } from './sink.js';
import { quoteIdent, quoteString } from './sql.js';
import { VERSION } from '../version.js';

/** The schema that holds the shards of a run into `schema`. */
export const shardsSchemaOf = (schema: string) => `synthgen_shards_${schema}`;
/** Shard k's rows of a table. */
export const shardTableOf = (table: string, k: number) => `${table}__${k}`;
/** The registry: one row per loaded shard (what it is a slice of, its chunks and rows, its manifest). */
export const REGISTRY = 'shards';
/** How synthgen marks the shards schema: merge-manifests drops only a schema so marked. */
export const shardsSchemaComment = (schema: string) => `${SYNTHGEN_MARK} shards of a synthgen run into schema ${schema}; synthgen merge-manifests --schema ${schema} builds ${schema} from them and drops this schema`;

/** The longest k a shard's table name must have room for (MAX_SHARDS - 1). */
const LONGEST_K = 4095;

/** Why the shards schema for `schema` cannot be named, or null (PostgreSQL's 63-byte limit). */
export function shardsSchemaProblem(schema: string, label: string): string | null {
  try {
    checkPgName('shards schema', shardsSchemaOf(schema), `choose a shorter ${label}`);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Serialises the shards' creation of the shared schema (CREATE SCHEMA IF NOT EXISTS races
 * otherwise) with the finishing step, which drops it: a shard that starts meanwhile waits.
 */
export const SCHEMA_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended('synthgen shards ' || current_database() || '.' || $1, 0))`;

export const REGISTRY_COLUMNS = `shard integer PRIMARY KEY, shards integer NOT NULL, scenario text NOT NULL, seed bigint NOT NULL, params json NOT NULL,
  synthgen text NOT NULL, chunks json NOT NULL, rows json NOT NULL, tables json NOT NULL, ok boolean NOT NULL, manifest json NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now()`;

export class PgShardSink extends PostgresSink {
  private readonly shardsSchema: string;

  constructor(
    opts: PostgresOptions,
    private readonly shard: Shard,
  ) {
    super(opts, {
      out: `${safeUrl(opts.url)} schema ${shardsSchemaOf(opts.schema)} (shard ${shardText(shard)} of schema ${opts.schema})`,
      manifest: `synthgen-manifest.postgres.${opts.schema}.shard-${shard.index}-of-${shard.count}.json`,
    });
    this.shardsSchema = shardsSchemaOf(opts.schema);
    this.staging = this.shardsSchema;
  }

  protected override qualified(table: string, schema = this.staging): string {
    return `${quoteIdent(schema)}.${quoteIdent(shardTableOf(table, this.shard.index))}`;
  }

  override async open(tables: readonly TableSpec[], plan?: OpenPlan): Promise<void> {
    this.specs = [...tables];
    this.plannedViews = new Set(plan?.views ?? []);
    const problem = shardsSchemaProblem(this.opts.schema, '--schema');
    if (problem) throw new UserError(problem);
    for (const t of tables) checkPgName('shard table name', shardTableOf(t.name, LONGEST_K), 'use a shorter prefix parameter');
    await this.connect();
    // What even --force could not replace in S is refused now, not after N machines loaded their shards.
    refuseUnreplaceable(this.opts.schema, await this.query(() => existingRelations(this.db, this.opts.schema, this.names())), this.plannedViews);
    await this.refuseWithoutCreate(this.shardsSchema);
    const schema = quoteIdent(this.shardsSchema);
    // The shared schema and its registry, in a short transaction of their own under an
    // advisory lock: concurrent shards wait for each other only here, not while loading.
    await this.sql('BEGIN');
    await this.sqlWaiting(SCHEMA_LOCK_SQL, [this.opts.schema], `another shard, or merge-manifests, of schema ${this.opts.schema} to finish with ${this.shardsSchema}`);
    const found = await this.sql(`SELECT obj_description(oid, 'pg_namespace') AS comment FROM pg_namespace WHERE nspname = $1`, [this.shardsSchema]);
    if (found.rows.length && !String(found.rows[0].comment ?? '').startsWith(SYNTHGEN_MARK)) {
      throw new UserError(`schema ${this.shardsSchema} exists and is not synthgen's (no "${SYNTHGEN_MARK}" comment on it); synthgen keeps the shards of schema ${this.opts.schema} there: drop or rename it, or choose another --schema`);
    }
    if (!found.rows.length) {
      await this.sql(`CREATE SCHEMA ${schema}`);
      await this.sql(`COMMENT ON SCHEMA ${schema} IS ${quoteString(shardsSchemaComment(this.opts.schema))}`);
    }
    await this.sql(`CREATE TABLE IF NOT EXISTS ${schema}.${quoteIdent(REGISTRY)} (${REGISTRY_COLUMNS})`);
    await this.sql('COMMIT');

    // The shard itself: ONE transaction from here to commit().
    await this.sql('BEGIN');
    await this.sql(`SET LOCAL maintenance_work_mem = '256MB'`);
    await this.sql(`SET LOCAL synchronous_commit = off`);
    // Two runs of the same shard at once: the second waits (lock_timeout) instead of interleaving.
    const busy = `another run of shard ${shardText(this.shard)} of schema ${this.opts.schema}, or merge-manifests of that schema, to finish`;
    await this.sqlWaiting(`SELECT pg_advisory_xact_lock(hashtextextended('synthgen shard ' || current_database() || '.' || $1 || ' ' || $2, 0))`, [this.opts.schema, this.shard.index], busy);
    // The previous shard k, whatever tables it had: replaced, visible to others until COMMIT.
    const before = await this.sqlWaiting(`DELETE FROM ${schema}.${quoteIdent(REGISTRY)} WHERE shard = $1 RETURNING tables::text AS tables`, [this.shard.index], busy);
    const old = new Set<string>(tables.map((t) => t.name));
    for (const r of before.rows) for (const t of JSON.parse(r.tables) as string[]) old.add(t);
    for (const t of old) await this.sqlWaiting(`DROP TABLE IF EXISTS ${this.qualified(t)}`, [], busy);
    for (const t of tables) await this.createTable(t);
  }

  override readonly finishing = null;
  /** A slice has no keys, indexes or views: the finishing step makes them over the whole run. */
  override async finish(): Promise<void> {}

  override async verify(rowCounts: Map<string, number>): Promise<CheckResult[]> {
    const out: CheckResult[] = [];
    for (const t of this.specs) {
      const landed = await this.one(`SELECT count(*) FROM ${this.qualified(t.name)}`);
      const want = rowCounts.get(t.name) ?? 0;
      out.push({ name: `${t.name}: rows in PostgreSQL`, ok: landed === want, figure: `${count(landed)} read back of ${count(want)} generated`, phase: 'target' });
    }
    const sizes = await this.sql(
      `SELECT x.name, pg_total_relation_size(format('%I.%I', $1::text, x.own)::regclass) AS bytes FROM unnest($2::text[], $3::text[]) AS x(name, own)`,
      [this.shardsSchema, this.specs.map((t) => t.name), this.specs.map((t) => shardTableOf(t.name, this.shard.index))],
    );
    this.sizes = new Map(sizes.rows.map((r) => [r.name as string, Number(r.bytes)]));
    return out;
  }

  /** Records the shard (from its manifest) and commits its tables with it; then writes the manifest file. */
  override async commit(manifestFor: (finalOut: string) => string): Promise<string> {
    const text = manifestFor(this.out);
    const m = JSON.parse(text) as { scenario: string; seed: number; params: unknown; ok: boolean; shard: { index: number; count: number; chunks: unknown }; tables: { name: string; rows: number }[] };
    await this.sql(
      `INSERT INTO ${quoteIdent(this.shardsSchema)}.${quoteIdent(REGISTRY)} (shard, shards, scenario, seed, params, synthgen, chunks, rows, tables, ok, manifest)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        m.shard.index,
        m.shard.count,
        m.scenario,
        m.seed,
        JSON.stringify(m.params),
        VERSION,
        JSON.stringify(m.shard.chunks),
        JSON.stringify(Object.fromEntries(m.tables.map((t) => [t.name, t.rows]))),
        JSON.stringify(m.tables.map((t) => t.name)),
        m.ok,
        text,
      ],
    );
    await this.sql('COMMIT');
    await this.close();
    writeFileAtomic(this.manifestPath, text);
    return this.manifestPath;
  }
}
