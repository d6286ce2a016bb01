// PostgreSQL target: the tables of a scenario in a schema (default raw), loaded
// all-or-nothing. Everything happens in ONE transaction: a private staging
// schema, COPY FROM STDIN per table (pg-copy-streams, large writes with
// backpressure), then primary keys, foreign keys and indexes, ANALYZE, and
// finally the swap: under a transaction-level advisory lock (one swap per
// database and schema at a time) the target schema is checked again, the old
// tables of the same names are dropped (never CASCADE: anything else depending
// on them makes the run refuse) and the new ones moved in, then COMMIT. Until
// that commit, readers keep seeing the old tables; a failure, Ctrl-C, a lost
// connection or even a killed process rolls everything back. Every lock wait is
// bounded by lock_timeout. Rows travel in PostgreSQL's binary COPY format (pgbinary.ts).
import type { RowEncoding } from './row-encoding.js';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { count } from '../checks/figures.js';
import { CancelledError, UserError } from '../errors.js';
import type { CheckResult, Column, Row, TableSpec } from '../engine/model.js';
import { binaryEncoder, COPY_HEADER, COPY_TRAILER } from './pgbinary.js';
import { sendCancel } from './pgcancel.js';
import { explainPgError, isLostConnection, isMissingPassword, lostConnectionError, missingPasswordError } from './pgerrors.js';
import { dependents, dependentsError, existingRelations, refuseUnreplaceable, tableComment, viewComment, type Existing } from './pgreplace.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from './files.js';
import { checkPgName, DEFAULT_LOCK_TIMEOUT_SECONDS } from './pglimits.js';
import { safeUrl } from './pgurl.js';
import { runSqlChecks, type OpenPlan, type OutputFile, type Sink, type SqlCheck } from './sink.js';
import { columnSql, columnType, quoteIdent, quoteString } from './sql.js';

export interface PostgresOptions {
  /** postgres://user@host:port/db; omitted: PGHOST, PGUSER, PGDATABASE, PGPASSWORD... */
  url?: string;
  /** The password, when the user typed one (the wizard's prompt); never part of `url`, so never shown or saved. */
  password?: string;
  schema: string;
  force: boolean;
  /** Where synthgen-manifest.postgres.<schema>.json goes (default: the working directory). */
  manifestDir?: string;
  /** Seconds a statement may wait for a lock (another session's) before the run gives up; default 10. */
  lockTimeout?: number;
}

export const pgType = (c: Column): string => columnType(c, { decimal: 'NUMERIC', json: 'JSONB' });

/** The table's comment (synthgen's mark, then its description) and each described column's, as one round trip. */
function commentsSql(t: TableSpec, qualified: string): string {
  const columns = t.columns.filter((c) => c.description).map((c) => `COMMENT ON COLUMN ${qualified}.${quoteIdent(c.name)} IS ${quoteString(c.description!)}`);
  return [`COMMENT ON TABLE ${qualified} IS ${quoteString(tableComment(VERSION, t.description))}`, ...columns].join(';\n');
}

export { explainPgError, safeUrl };

interface Loader {
  spec: TableSpec;
  encode: (rows: readonly Row[]) => Buffer;
  stream: ReturnType<typeof copyFrom> | null;
  /** Settles when the COPY has ended on the server (or failed). */
  done: Promise<unknown> | null;
  /** The COPY's failure, kept for the next write (a stream fails once). */
  error: Error | null;
}

const NAME_HINT = 'use a shorter prefix parameter';

/**
 * Waits for `p` to settle, at most `ms`. The timer keeps the process alive while
 * it runs (an unreferenced one would let Node exit, silently and with code 0,
 * when `p` never settles) and is cleared as soon as `p` settles.
 */
function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p.then(() => {}, () => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

export class PostgresSink implements Sink {
  readonly target = 'postgres';
  readonly rowEncoding: RowEncoding = 'pg-binary';
  readonly finishing: string | null = 'building indexes and views';
  readonly out: string;
  readonly manifestPath: string;
  /** A database has no folder to hold a CATALOG.md: the catalog lives in the table and column comments. */
  readonly catalogPath = null;
  private client: pg.Client | null = null;
  protected staging = `synthgen_load_${process.pid}_${Date.now().toString(36)}`;
  protected loaders = new Map<string, Loader>();
  protected specs: TableSpec[] = [];
  /** The scenario's views, made in the staging schema over the new tables and moved with them. */
  private viewNames: string[] = [];
  /** The views' names, known at open(): an existing one is replaced, or refused, as a table is. */
  protected plannedViews = new Set<string>();
  /** Views the server refused, with its reason (a failed check, as a broken key is). */
  private viewErrors = new Map<string, string>();
  private loadErrors: string[] = [];
  /** Each table's size as loaded (pg_total_relation_size), measured by verify(). */
  protected sizes = new Map<string, number>();
  /** The tables of our names at the start (name -> oid): what --force agreed to replace. */
  private seen = new Map<string, string>();
  protected readonly lockSeconds: number;
  /** The server's reason for ending the session (e.g. pg_terminate_backend), when it sent one. */
  private serverError: Error | null = null;
  private ended = false;
  private connected = false;
  /** Aborted by interrupt() (Ctrl-C, SIGTERM, SIGHUP): the statement or COPY under way is cancelled, the load rolls back. */
  private readonly stop = new AbortController();

  constructor(
    protected opts: PostgresOptions,
    /** What the summary calls the output and the manifest's file name (a shard's differ from a whole load's). */
    naming: { out?: string; manifest?: string } = {},
  ) {
    this.out = naming.out ?? `${safeUrl(opts.url)} schema ${opts.schema}`;
    // A full path: the summary says where it went (the current folder unless manifestDir says otherwise).
    this.manifestPath = resolve(opts.manifestDir ?? '', naming.manifest ?? `synthgen-manifest.postgres.${opts.schema}.json`);
    this.lockSeconds = opts.lockTimeout ?? DEFAULT_LOCK_TIMEOUT_SECONDS;
  }

  protected get db(): pg.Client {
    if (!this.client) throw new CancelledError(); // aborted meanwhile
    return this.client;
  }

  /**
   * Waits for `p` unless the run is cancelled first: then `onAbort` runs (it stops
   * the work on the server) and the wait ends at once with CancelledError.
   */
  protected wait<T>(p: Promise<T>, onAbort: () => void = () => {}): Promise<T> {
    p.catch(() => {}); // a failure after the wait ended must not crash the process
    const signal = this.stop.signal;
    if (signal.aborted) {
      onAbort();
      return Promise.reject(new CancelledError());
    }
    return new Promise<T>((resolve, reject) => {
      const stop = () => {
        onAbort();
        reject(new CancelledError());
      };
      signal.addEventListener('abort', stop, { once: true });
      p.then(
        (v) => (signal.removeEventListener('abort', stop), resolve(v)),
        (e) => (signal.removeEventListener('abort', stop), reject(e)),
      );
    });
  }

  /** Asks the server to cancel the statement this session is running (works during a lock wait too). */
  protected cancelRunning = () => {
    const c = this.client as (pg.Client & { processID?: number; secretKey?: number }) | null;
    if (c?.processID != null && c.secretKey != null) void sendCancel(c.host, c.port, c.processID, c.secretKey);
  };

  protected explain(e: unknown): Error {
    if (e instanceof CancelledError || e instanceof UserError) return e;
    if (this.stop.signal.aborted) return new CancelledError();
    if (isLostConnection(e)) return lostConnectionError(this.serverError ?? e, this.opts.url);
    return explainPgError(e, this.opts.url, this.opts.schema);
  }

  protected async sql(text: string, values?: unknown[]) {
    try {
      return await this.wait(this.db.query(text, values), this.cancelRunning);
    } catch (e) {
      throw this.explain(e);
    }
  }

  async open(tables: readonly TableSpec[], plan?: OpenPlan): Promise<void> {
    this.specs = [...tables];
    this.plannedViews = new Set(plan?.views ?? []);
    // Longer names would be cut short by the server (two long index names then collide): refuse before any work.
    // (The schema name is checked with the flags: src/commands/destination.ts.)
    for (const t of tables) {
      checkPgName('table name', t.name, NAME_HINT);
      for (const ix of t.indexes ?? []) checkPgName('index name', ix.name, NAME_HINT);
    }
    for (const v of this.plannedViews) checkPgName('view name', v, NAME_HINT);
    await this.connect();
    await this.claimTarget();
    await this.sql('BEGIN');
    // Bulk-load settings for this transaction only: a bigger sort budget for the keys, no wait on the WAL flush.
    await this.sql(`SET LOCAL maintenance_work_mem = '256MB'`);
    await this.sql(`SET LOCAL synchronous_commit = off`);
    await this.sql(`CREATE SCHEMA ${quoteIdent(this.staging)}`);
    await this.beforeTables();
    for (const t of tables) {
      await this.createTable(t);
      await this.sql(commentsSql(t, this.qualified(t.name)));
    }
  }

  /** Connects (once) and sets the session up: bounded lock waits, no search_path. */
  protected async connect(): Promise<void> {
    if (this.client) return;
    const client = new pg.Client({ connectionString: this.opts.url, application_name: 'synthgen' });
    // Set after construction: a password passed beside connectionString is overridden by the URL's (none).
    if (this.opts.password !== undefined) client.password = this.opts.password;
    // A dropped connection surfaces on the next query or COPY write; the server's own reason is kept for the line.
    client.on('error', (e) => this.noteError(e));
    client.on('end', () => (this.ended = true));
    this.client = client;
    try {
      await this.wait(client.connect(), () => void client.end().catch(() => {}));
      this.connected = true;
    } catch (e) {
      if (e instanceof CancelledError) throw e;
      if (isMissingPassword(e, client.password)) throw missingPasswordError(client.host, client.port, client.user ?? '');
      if (isLostConnection(e)) {
        const why = this.serverError ? ` (${this.serverError.message.split('\n')[0]})` : ''; // a socket's ECONNRESET/EPIPE says nothing more
        throw new UserError(`PostgreSQL at ${safeUrl(this.opts.url)} closed the connection before it was ready${why}; check the host and port in --url and the server's log`);
      }
      throw explainPgError(e, this.opts.url, this.opts.schema);
    }
    // Every lock wait of this session (the swap, above all) ends after lockTimeout.
    await this.sql(`SET lock_timeout = ${Math.round(this.lockSeconds * 1000)}`);
    // Every name in our SQL is qualified; an empty search_path also makes pg_describe_object qualify names.
    await this.sql(`SET search_path = ''`);
  }

  /**
   * What the load will replace in the target schema, refused now if it may not
   * (not synthgen's, no --force, something else depends on it, no CREATE right).
   */
  protected async claimTarget(): Promise<void> {
    const names = this.names();
    const existing = await this.query(() => existingRelations(this.db, this.opts.schema, names));
    refuseUnreplaceable(this.opts.schema, existing, this.plannedViews);
    if (existing.length && !this.opts.force) {
      throw new UserError(`schema ${this.opts.schema} already has ${existing.map((r) => r.name).join(', ')}; pass --force to replace them (they stay readable until the new load has succeeded)`);
    }
    if (existing.length) {
      const deps = await this.query(() => dependents(this.db, this.opts.schema, names));
      if (deps.length) throw dependentsError(this.opts.schema, deps);
    }
    this.seen = new Map(existing.map((e) => [e.name, e.oid]));
    await this.refuseWithoutCreate(this.opts.schema);
  }

  /** In the load's transaction, before its tables are made (a merge of shards locks them here). */
  protected async beforeTables(): Promise<void> {}

  /** A table of the load (no keys yet: they come after the rows) and its COPY loader. */
  protected async createTable(t: TableSpec): Promise<void> {
    const cols = t.columns.map((c) => columnSql(c, pgType)).join(', ');
    await this.sql(`CREATE TABLE ${this.qualified(t.name)} (${cols})`);
    this.loaders.set(t.name, { spec: t, encode: binaryEncoder(t.columns), stream: null, done: null, error: null });
  }

  /** sql(), with a lock wait that ran out (lock_timeout) said as one line naming what it waited for. */
  protected async sqlWaiting(text: string, values: unknown[], waitingFor: string): Promise<pg.QueryResult> {
    try {
      return await this.sql(text, values);
    } catch (e) {
      if ((e as { code?: string }).code === '55P03') throw new UserError(`waited ${this.lockSeconds} s for ${waitingFor}; nothing was changed; try again when it is done or raise --lock-timeout`);
      throw e;
    }
  }

  /** A query helper's call, cancellable and explained like sql(). */
  protected async query<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.wait(fn(), this.cancelRunning);
    } catch (e) {
      throw this.explain(e);
    }
  }

  /** The swap needs CREATE on the target schema (or on the database, to make it): found out now, not after the load. */
  protected async refuseWithoutCreate(schema: string): Promise<void> {
    const r = await this.sql(
      `SELECT CASE WHEN n.oid IS NULL THEN has_database_privilege(current_database(), 'CREATE') ELSE has_schema_privilege(n.oid, 'CREATE') END AS ok
         FROM (SELECT 1) one LEFT JOIN pg_namespace n ON n.nspname = $1`,
      [schema],
    );
    if (!r.rows[0].ok) {
      throw new UserError(`permission denied on schema ${schema} at ${safeUrl(this.opts.url)} (this user may not create tables there); grant CREATE to this user or choose another --schema`);
    }
  }

  /** Every relation the load puts in the target schema: the tables, then the views. */
  protected names(): string[] {
    return [...this.specs.map((t) => t.name), ...this.plannedViews];
  }

  protected qualified(table: string, schema = this.staging): string {
    return `${quoteIdent(schema)}.${quoteIdent(table)}`;
  }

  private noteError(e: Error & { code?: string }): void {
    if (e.code?.startsWith('57P') || e.code?.startsWith('08')) this.serverError ??= e;
  }

  /**
   * The COPY's failure as the user should see it. A lost connection may show first
   * as a socket error (EPIPE): the server's reason, read just before the socket
   * closed, is the better one to show, so wait for the connection's end (briefly).
   */
  private async copyFailed(e: unknown): Promise<Error> {
    if (this.stop.signal.aborted || e instanceof CancelledError) return new CancelledError();
    if (!isLostConnection(e)) return this.explain(e);
    const client = this.client;
    if (client && !this.ended && !this.serverError) await within(once(client, 'end'), 1000);
    return lostConnectionError(this.serverError ?? e, this.opts.url);
  }

  async write(table: string, rows: Row[], encoded?: Uint8Array): Promise<void> {
    const l = this.loaders.get(table)!;
    if (l.error) throw await this.copyFailed(l.error);
    if (!l.stream) {
      // Binary COPY (no text parsing on the server); FREEZE: the table is new in this transaction.
      const stream = this.db.query(copyFrom(`COPY ${this.qualified(table)} (${l.spec.columns.map((c) => quoteIdent(c.name)).join(', ')}) FROM STDIN WITH (FORMAT binary, FREEZE)`));
      stream.on('error', (e) => {
        l.error ??= e; // kept for the next write; never an uncaught 'error'
        this.noteError(e);
      });
      l.stream = stream;
      l.done = finished(stream);
      l.done.catch(() => {});
      stream.write(COPY_HEADER);
    }
    if (!l.stream.write(encoded ?? l.encode(rows))) {
      try {
        await this.wait(Promise.race([once(l.stream, 'drain'), l.done!]));
      } catch (e) {
        throw await this.copyFailed(l.error ?? e);
      }
    }
  }

  async endTable(table: string): Promise<void> {
    const l = this.loaders.get(table)!;
    if (!l.stream) return;
    if (l.error) throw await this.copyFailed(l.error);
    l.stream.end(COPY_TRAILER);
    try {
      await this.wait(l.done!);
    } catch (e) {
      throw await this.copyFailed(l.error ?? e);
    }
    l.stream = null;
  }

  /** Keys after the load, as the seed's bulk-load step says; a key the data breaks is a failed check. Then the views. */
  async finish(views: { name: string; sql: string }[] = []): Promise<void> {
    const attempt = async (what: string, text: string) => {
      await this.sql('SAVEPOINT synthgen_step');
      try {
        await this.sql(text);
        await this.sql('RELEASE SAVEPOINT synthgen_step');
      } catch (e) {
        if (e instanceof UserError || e instanceof CancelledError) throw e;
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
    // The views' SQL names the tables unqualified: it binds to the new ones in the staging schema, and follows them in the swap.
    await this.sql(`SET LOCAL search_path = ${quoteIdent(this.staging)}`);
    for (const v of views) {
      await this.sql('SAVEPOINT synthgen_step');
      try {
        await this.sql(`CREATE VIEW ${this.qualified(v.name)} AS\n${v.sql};\nCOMMENT ON VIEW ${this.qualified(v.name)} IS ${quoteString(viewComment(VERSION))}`);
        await this.sql('RELEASE SAVEPOINT synthgen_step');
        this.viewNames.push(v.name);
      } catch (e) {
        if (e instanceof UserError || e instanceof CancelledError) throw e;
        await this.sql('ROLLBACK TO SAVEPOINT synthgen_step');
        this.viewErrors.set(v.name, String((e as Error).message).split('\n')[0]);
      }
    }
    await this.sql(`SET LOCAL search_path = ''`);
  }

  protected async one(text: string): Promise<number> {
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
    for (const [v, why] of this.viewErrors) add(`view ${v} queries`, false, why);
    for (const v of this.viewNames) {
      await this.sql('SAVEPOINT synthgen_check');
      try {
        add(`view ${v} queries`, true, `${count(await this.one(`SELECT count(*) FROM ${this.qualified(v)}`))} rows`);
        await this.sql('RELEASE SAVEPOINT synthgen_check');
      } catch (e) {
        if (e instanceof UserError || e instanceof CancelledError) throw e;
        await this.sql('ROLLBACK TO SAVEPOINT synthgen_check');
        add(`view ${v} queries`, false, String((e as Error).message).split('\n')[0]);
      }
    }
    const sizes = await this.sql(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [this.staging],
    );
    this.sizes = new Map(sizes.rows.map((r) => [r.name as string, Number(r.bytes)]));
    // The scenario's rules, on the new tables (still in the staging schema).
    await this.sql(`SET LOCAL search_path = ${quoteIdent(this.staging)}`);
    out.push(
      ...(await runSqlChecks(sqlChecks, async (sql) => {
        await this.sql('SAVEPOINT synthgen_check');
        try {
          const n = Number(Object.values((await this.sql(sql)).rows[0])[0]);
          await this.sql('RELEASE SAVEPOINT synthgen_check');
          return n;
        } catch (e) {
          if (!(e instanceof UserError || e instanceof CancelledError)) await this.sql('ROLLBACK TO SAVEPOINT synthgen_check');
          throw e;
        }
      })),
    );
    await this.sql(`SET LOCAL search_path = ''`); // back to the session's: pg_describe_object qualifies names
    return out;
  }

  async files(): Promise<OutputFile[]> {
    return [];
  }

  tableBytes(): Map<string, number> {
    return this.sizes;
  }

  /**
   * Swaps the new tables in and commits. Under an advisory lock held to the end
   * of the transaction (so two runs into one schema swap one after the other),
   * the schema is looked at again: without --force nothing of our names may have
   * appeared; with --force only the very tables seen at the start are replaced.
   * The manifest is written after COMMIT, in the current folder (a database has no folder to hold it).
   */
  async commit(manifestFor: (finalOut: string) => string): Promise<string> {
    const schema = this.opts.schema;
    const target = quoteIdent(schema);
    const names = this.names();
    let waitingFor = `another synthgen run into schema ${schema} of this database to finish`;
    let lockedTable: string | null = null;
    try {
      await this.sql(`SELECT pg_advisory_xact_lock(hashtextextended('synthgen swap ' || current_database() || '.' || $1, 0))`, [schema]);
      const now = await this.query(() => existingRelations(this.db, schema, names));
      if (now.length && !this.opts.force) throw this.appeared(now.map((e) => e.name));
      const changed = now.filter((e) => this.seen.get(e.name) !== e.oid);
      if (changed.length) {
        throw new UserError(
          `${changed.map((e) => `${schema}.${e.name}`).join(', ')} ${changed.length > 1 ? 'were' : 'was'} created or replaced by another run or session while this run was loading; kept ${changed.length > 1 ? 'them' : 'it'}, this load was rolled back; run again to replace ${changed.length > 1 ? 'them' : 'it'}`,
        );
      }
      refuseUnreplaceable(schema, now, this.plannedViews); // the same tables as at the start, but their comment or owner may have changed
      // Tables first: a lock held on one is then named with its holder (a view's lock waits on its tables).
      for (const e of [...now.filter((x) => x.kind !== 'v'), ...now.filter((x) => x.kind === 'v')]) {
        lockedTable = `${schema}.${e.name}`;
        waitingFor = `a lock on ${lockedTable}`;
        await this.sql(`LOCK TABLE ${target}.${quoteIdent(e.name)} IN ACCESS EXCLUSIVE MODE`);
      }
      lockedTable = null;
      waitingFor = `a lock on schema ${schema}`;
      if (now.length) {
        // With the tables locked no new view or key can start depending on them.
        const deps = await this.query(() => dependents(this.db, schema, names));
        if (deps.length) throw dependentsError(schema, deps);
        // The old views first: they depend on the old tables (never CASCADE).
        const drop = (kind: string, of: Existing[]) => (of.length ? this.sql(`DROP ${kind} ${of.map((e) => `${target}.${quoteIdent(e.name)}`).join(', ')}`) : null);
        await drop('VIEW', now.filter((e) => e.kind === 'v'));
        await drop('TABLE', now.filter((e) => e.kind !== 'v'));
      }
      await this.sql(`CREATE SCHEMA IF NOT EXISTS ${target}`);
      for (const t of this.specs) await this.sql(`ALTER TABLE ${this.qualified(t.name)} SET SCHEMA ${target}`);
      for (const v of this.viewNames) await this.sql(`ALTER VIEW ${this.qualified(v)} SET SCHEMA ${target}`);
      await this.sql(`DROP SCHEMA ${quoteIdent(this.staging)}`);
      await this.beforeCommit();
      await this.sql('COMMIT');
    } catch (e) {
      throw await this.swapFailed(e, waitingFor, lockedTable);
    }
    await this.close();
    writeFileAtomic(this.manifestPath, manifestFor(this.out));
    return this.manifestPath;
  }

  /** Ends the session after COMMIT. */
  protected async close(): Promise<void> {
    await this.db.end().catch(() => {});
    this.client = null;
  }

  /** Work that must commit with the swap or not at all (a merge of shards drops them here). */
  protected async beforeCommit(): Promise<void> {}

  private appeared(names: string[]): UserError {
    return new UserError(
      `schema ${this.opts.schema} got ${names.join(', ')} while this run was loading (another run or session made ${names.length > 1 ? 'them' : 'it'}); kept ${names.length > 1 ? 'them' : 'it'}, this load was rolled back; pass --force to replace ${names.length > 1 ? 'them' : 'it'}`,
    );
  }

  /** A lock wait that ran out, or a table made by a session that does not take our advisory lock, as one line. */
  private async swapFailed(e: unknown, waitingFor: string, lockedTable: string | null): Promise<Error> {
    const code = (e as { code?: string }).code;
    if (e instanceof UserError || e instanceof CancelledError || this.stop.signal.aborted) return this.explain(e);
    if (code === '42P07') return this.appeared(this.specs.map((t) => t.name).filter((n) => (e as Error).message.includes(`"${n}"`)));
    if (code === '2BP01') return new UserError(`cannot replace tables in schema ${this.opts.schema}: ${String((e as { detail?: string }).detail ?? (e as Error).message).split('\n').join(', ')}; drop them first or choose another --schema`);
    if (code !== '55P03') return this.explain(e);
    let holders = '';
    if (lockedTable) {
      try {
        await this.db.query('ROLLBACK');
        const r = await this.db.query(
          `SELECT DISTINCT a.pid, a.application_name AS app FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.granted AND l.locktype = 'relation' AND l.relation = to_regclass($1) AND l.pid <> pg_backend_pid() ORDER BY a.pid`,
          [lockedTable],
        );
        if (r.rows.length) holders = ` (held by ${r.rows.map((h) => `pid ${h.pid}${h.app ? `, ${h.app}` : ''}`).join(', ')})`;
      } catch {
        // the line is still clear without them
      }
    }
    return new UserError(`waited ${this.lockSeconds} s for ${waitingFor}${holders}; nothing was changed, the old tables are intact; try again when it is free or raise --lock-timeout`);
  }

  /** The runner's call on a signal: whatever this session waits for (a lock, a COPY, a long statement) stops now. */
  interrupt(): void {
    this.stop.abort();
  }

  async abort(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    for (const l of this.loaders.values()) l.stream?.destroy();
    // A COPY or statement being cancelled finishes first; a dead or stuck connection is simply closed
    // (the server rolls back a transaction whose session ends).
    // (A client that never connected would queue the ROLLBACK forever.)
    if (this.connected) await within(client.query('ROLLBACK'), 3000);
    await within(client.end(), 1000);
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }
}
