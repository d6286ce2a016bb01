// PostgreSQL target: the tables of a scenario in a schema (default raw), loaded
// all-or-nothing. Everything happens in ONE transaction: a private staging
// schema, COPY FROM STDIN per table (pg-copy-streams, large writes with
// backpressure), then primary keys, foreign keys and indexes, ANALYZE, and
// finally the swap: old tables of the same names dropped and the new ones moved
// into the target schema, then COMMIT. Until that commit, readers keep seeing the
// old tables; a failure, Ctrl-C or even a killed process rolls everything back.
// Rows travel in PostgreSQL's binary COPY format (pgbinary.ts).
import { once } from 'node:events';
import { join } from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { count } from '../checks/figures.js';
import { UserError } from '../errors.js';
import type { CheckResult, Column, Row, TableSpec } from '../engine/model.js';
import { binaryEncoder, COPY_HEADER, COPY_TRAILER } from './pgbinary.js';
import { writeFileAtomic } from './files.js';
import { runSqlChecks, type OutputFile, type Sink, type SqlCheck } from './sink.js';
import { columnSql, columnType, quoteIdent } from './sql.js';

export interface PostgresOptions {
  /** postgres://user@host:port/db; omitted: PGHOST, PGUSER, PGDATABASE, PGPASSWORD... */
  url?: string;
  schema: string;
  force: boolean;
  /** Where synthgen-manifest.postgres.<schema>.json goes (default: the working directory). */
  manifestDir?: string;
}

export const pgType = (c: Column): string => columnType(c, { decimal: 'NUMERIC', json: 'JSONB' });

/** The URL without its password, for summaries and the manifest. */
export function safeUrl(url: string | undefined): string {
  if (!url) {
    const env = process.env;
    return `postgres://${env.PGUSER ?? ''}@${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}/${env.PGDATABASE ?? env.PGUSER ?? ''}`;
  }
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, '@');
  }
}

/** One clear line for the failures a user can fix. */
export function explainPgError(e: unknown, url: string | undefined, schema: string): Error {
  const err = e as Error & { code?: string; address?: string; port?: number };
  const where = safeUrl(url);
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return new UserError(`cannot reach PostgreSQL at ${where} (${err.code === 'ENOTFOUND' ? 'unknown host' : 'connection refused'}); start the server or fix --url`);
    case '28P01':
    case '28000':
      return new UserError(`PostgreSQL authentication failed for ${where}; give the password with PGPASSWORD or ~/.pgpass (never in a profile) and check the user`);
    case '3D000':
      return new UserError(`${err.message} on ${where}; create it (createdb) or fix --url`);
    case '42501':
      return new UserError(`permission denied on schema ${schema} at ${where} (${err.message}); grant CREATE to this user or choose another --schema`);
    default:
      return err;
  }
}

interface Loader {
  spec: TableSpec;
  encode: (rows: readonly Row[]) => Buffer;
  stream: ReturnType<typeof copyFrom> | null;
  done: Promise<unknown> | null;
}

export class PostgresSink implements Sink {
  readonly target = 'postgres';
  readonly out: string;
  readonly manifestPath: string;
  private client: pg.Client | null = null;
  private staging = `synthgen_load_${process.pid}_${Date.now().toString(36)}`;
  private loaders = new Map<string, Loader>();
  private specs: TableSpec[] = [];
  private loadErrors: string[] = [];

  constructor(private opts: PostgresOptions) {
    this.out = `${safeUrl(opts.url)} schema ${opts.schema}`;
    this.manifestPath = join(opts.manifestDir ?? '', `synthgen-manifest.postgres.${opts.schema}.json`);
  }

  private get db(): pg.Client {
    return this.client!;
  }

  private async sql(text: string, values?: unknown[]) {
    try {
      return await this.db.query(text, values);
    } catch (e) {
      throw explainPgError(e, this.opts.url, this.opts.schema);
    }
  }

  async open(tables: readonly TableSpec[]): Promise<void> {
    this.specs = [...tables];
    const client = new pg.Client({ connectionString: this.opts.url, application_name: 'synthgen' });
    client.on('error', () => {}); // a dropped connection surfaces on the next query
    try {
      await client.connect();
    } catch (e) {
      throw explainPgError(e, this.opts.url, this.opts.schema);
    }
    this.client = client;
    const names = tables.map((t) => t.name);
    const existing = await this.sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2) ORDER BY table_name`, [this.opts.schema, names]);
    if (existing.rows.length && !this.opts.force) {
      throw new UserError(`schema ${this.opts.schema} already has ${existing.rows.map((r) => r.table_name).join(', ')}; pass --force to replace them (they stay readable until the new load has succeeded)`);
    }
    await this.sql('BEGIN');
    // Bulk-load settings for this transaction only: a bigger sort budget for the keys, no wait on the WAL flush.
    await this.sql(`SET LOCAL maintenance_work_mem = '256MB'`);
    await this.sql(`SET LOCAL synchronous_commit = off`);
    await this.sql(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.opts.schema)}`);
    await this.sql(`CREATE SCHEMA ${quoteIdent(this.staging)}`);
    for (const t of tables) {
      const cols = t.columns.map((c) => columnSql(c, pgType)).join(', ');
      await this.sql(`CREATE TABLE ${this.qualified(t.name)} (${cols})`);
      this.loaders.set(t.name, { spec: t, encode: binaryEncoder(t.columns), stream: null, done: null });
    }
  }

  private qualified(table: string, schema = this.staging): string {
    return `${quoteIdent(schema)}.${quoteIdent(table)}`;
  }

  async write(table: string, rows: Row[]): Promise<void> {
    const l = this.loaders.get(table)!;
    if (!l.stream) {
      // Binary COPY (no text parsing on the server); FREEZE: the table is new in this transaction.
      l.stream = this.db.query(copyFrom(`COPY ${this.qualified(table)} (${l.spec.columns.map((c) => quoteIdent(c.name)).join(', ')}) FROM STDIN WITH (FORMAT binary, FREEZE)`));
      l.done = once(l.stream, 'finish');
      l.stream.write(COPY_HEADER);
    }
    if (!l.stream.write(l.encode(rows))) await once(l.stream, 'drain');
  }

  async endTable(table: string): Promise<void> {
    const l = this.loaders.get(table)!;
    if (!l.stream) return;
    l.stream.end(COPY_TRAILER);
    try {
      await l.done;
    } catch (e) {
      throw explainPgError(e, this.opts.url, this.opts.schema);
    }
    l.stream = null;
  }

  /** Keys after the load, as the seed's bulk-load step says; a key the data breaks is a failed check. */
  async finish(): Promise<void> {
    const attempt = async (what: string, text: string) => {
      await this.sql('SAVEPOINT synthgen_step');
      try {
        await this.db.query(text);
        await this.sql('RELEASE SAVEPOINT synthgen_step');
      } catch (e) {
        await this.sql('ROLLBACK TO SAVEPOINT synthgen_step');
        this.loadErrors.push(`${what}: ${(e as Error).message}`);
      }
    };
    for (const t of this.specs) {
      await attempt(`${t.name} primary key`, `ALTER TABLE ${this.qualified(t.name)} ADD PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`);
    }
    for (const t of this.specs) {
      for (const fk of t.foreignKeys ?? []) {
        await attempt(
          `${t.name} foreign key to ${fk.references.table}`,
          `ALTER TABLE ${this.qualified(t.name)} ADD FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${this.qualified(fk.references.table)} (${fk.references.columns.map(quoteIdent).join(', ')})`,
        );
      }
      for (const ix of t.indexes ?? []) await this.sql(`CREATE INDEX ${quoteIdent(ix.name)} ON ${this.qualified(t.name)} (${ix.columns.map(quoteIdent).join(', ')})`);
    }
    for (const t of this.specs) await this.sql(`ANALYZE ${this.qualified(t.name)}`);
  }

  private async one(text: string): Promise<number> {
    return Number(Object.values((await this.sql(text)).rows[0])[0]);
  }

  async verify(rowCounts: Map<string, number>, sqlChecks: SqlCheck[] = []): Promise<CheckResult[]> {
    const out: CheckResult[] = [];
    const add = (name: string, ok: boolean, figure: string) => out.push({ name, ok, figure, phase: 'target' });
    for (const e of this.loadErrors) add('keys added after the load', false, e);
    for (const t of this.specs) {
      const landed = await this.one(`SELECT count(*) FROM ${this.qualified(t.name)}`);
      const want = rowCounts.get(t.name) ?? 0;
      add(`${t.name}: rows in PostgreSQL`, landed === want, `${count(landed)} read back of ${count(want)} generated`);
    }
    const constraints = await this.sql(
      `SELECT c.contype, c.convalidated FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.contype IN ('p', 'f')`,
      [this.staging],
    );
    const want = this.specs.reduce((a, t) => a + 1 + (t.foreignKeys?.length ?? 0), 0);
    const valid = constraints.rows.filter((r) => r.convalidated).length;
    add('primary and foreign keys in place and valid', valid === want, `${valid} of ${want} constraints valid`);
    // The scenario's rules, on the new tables (still in the staging schema).
    await this.sql(`SET LOCAL search_path = ${quoteIdent(this.staging)}`);
    out.push(
      ...(await runSqlChecks(sqlChecks, async (sql) => {
        await this.sql('SAVEPOINT synthgen_check');
        try {
          const n = Number(Object.values((await this.db.query(sql)).rows[0])[0]);
          await this.sql('RELEASE SAVEPOINT synthgen_check');
          return n;
        } catch (e) {
          await this.sql('ROLLBACK TO SAVEPOINT synthgen_check');
          throw e;
        }
      })),
    );
    return out;
  }

  async files(): Promise<OutputFile[]> {
    return [];
  }

  /** Swaps the new tables in and commits: old tables (with --force) are replaced in the same transaction. */
  /** The manifest is written after COMMIT, in the current folder (a database has no folder to hold it). */
  async commit(manifestFor: (finalOut: string) => string): Promise<string> {
    const target = quoteIdent(this.opts.schema);
    for (const t of this.specs) await this.sql(`DROP TABLE IF EXISTS ${target}.${quoteIdent(t.name)} CASCADE`);
    for (const t of this.specs) await this.sql(`ALTER TABLE ${this.qualified(t.name)} SET SCHEMA ${target}`);
    await this.sql(`DROP SCHEMA ${quoteIdent(this.staging)}`);
    await this.sql('COMMIT');
    await this.db.end();
    this.client = null;
    writeFileAtomic(this.manifestPath, manifestFor(this.out));
    return this.manifestPath;
  }

  async abort(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    for (const l of this.loaders.values()) l.stream?.destroy();
    try {
      await client.query('ROLLBACK');
    } catch {
      // a broken COPY or connection: ending the session rolls back anyway
    }
    await client.end().catch(() => {});
  }
}
