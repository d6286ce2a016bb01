// SQLite target (better-sqlite3): one database file. The whole load is a single
// transaction into a temporary file with no journal (the file itself is the
// rollback: it is deleted on failure), so the bytes do not depend on batch size.
// Indexes and views come after the load; PRAGMA checks read it back. Rows that
// break a key or NOT NULL are skipped (OR IGNORE), not fatal: the streaming
// checks and the row-count read-back report them and the run exits 1.
import Database from 'better-sqlite3';
import { formatDate, formatTimestamp } from '../engine/dates.js';
import type { CheckResult, Column, Row, TableSpec, Value } from '../engine/model.js';
import { count } from '../checks/figures.js';
import { fileBytes, sha256File } from './files.js';
import { catalogPathFor, manifestPathFor, OutputClaim } from './output.js';
import { runSqlChecks, type OpenPlan, type OutputFile, type Sink, type SinkOptions, type SqlCheck } from './sink.js';
import { columnType, createTableSql, indexesWithForeignKeys, quoteIdent } from './sql.js';
import { SqliteChild } from './sqlite-child.js';
import { CancelledError } from '../errors.js';

/**
 * A column's declared type. Decimals are REAL: a DECIMAL(p,s) column has NUMERIC
 * affinity, which stores 49.00 as the integer 49 beside 49.5 as a real, so
 * `mrr / 12` divided whole values as integers. REAL affinity keeps every value a
 * real (typeof 'real'); the manifest keeps the decimal's precision and scale.
 */
const sqliteType = (c: Column) => (c.type === 'decimal' ? 'REAL' : columnType(c));

/** Converts a typed value to what SQLite stores: dates as ISO text, decimals as reals, booleans as 0/1. */
function converterFor(c: Column): (v: Value) => Value {
  switch (c.type) {
    case 'decimal': {
      const div = 10 ** (c.scale ?? 0);
      return (v) => (v === null ? null : (v as number) / div);
    }
    case 'date':
      return (v) => (v === null ? null : formatDate(v as number));
    case 'timestamp':
      return (v) => (v === null ? null : formatTimestamp(v as number));
    case 'boolean':
      return (v) => (v === null ? null : v ? 1 : 0);
    default:
      return (v) => v;
  }
}

interface Loader {
  insert: Database.Statement;
  /** The same INSERT with `perBatch` rows of values: one call of better-sqlite3 per that many rows. */
  insertMany: Database.Statement;
  perBatch: number;
  /** Reused argument array of insertMany (perBatch x columns values). */
  args: Value[];
  convert: ((v: Value) => Value)[];
  identity: boolean;
}

/** Values per multi-row INSERT: each statement call costs about a row's binding, so fewer calls load faster (999: SQLite's oldest bound-parameter limit). */
const VALUES_PER_INSERT = 999;

export class SqliteSink implements Sink {
  readonly target = 'sqlite';
  readonly finishing = 'building indexes and views';
  readonly out: string;
  readonly manifestPath: string;
  readonly catalogPath: string;
  private temp = '';
  private force: boolean;
  private claim: OutputClaim | null = null;
  private db: Database.Database | null = null;
  private loaders = new Map<string, Loader>();
  private tables: TableSpec[] = [];
  private viewNames: string[] = [];
  /** The child processes running SQL now (index builds, read-back). */
  private children = new Set<SqliteChild>();
  /** Aborted by interrupt(): stops the running step and refuses the next. */
  private readonly stop = new AbortController();
  private get interrupted(): boolean {
    return this.stop.signal.aborted;
  }

  constructor(opts: SinkOptions) {
    this.out = opts.out;
    this.manifestPath = manifestPathFor(opts.out, this.target);
    this.catalogPath = catalogPathFor(opts.out, this.target);
    this.force = opts.force;
  }

  async open(tables: readonly TableSpec[], plan?: OpenPlan): Promise<void> {
    this.claim = OutputClaim.take({ out: this.out, target: this.target, force: this.force, estimatedBytes: plan?.estimatedBytes });
    this.temp = this.claim.temp;
    this.tables = [...tables];
    const db = (this.db = new Database(this.temp));
    // better-sqlite3's defensive mode silently keeps the rollback journal (it answers "delete"); it is not needed here.
    db.unsafeMode(true);
    db.pragma('journal_mode = OFF');
    db.unsafeMode(false);
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    // Keys are checked after the load (foreign_key_check), not per row.
    db.pragma('foreign_keys = OFF');
    for (const t of tables) db.exec(createTableSql(t, sqliteType));
    for (const t of tables) {
      const cols = t.columns.map((c) => quoteIdent(c.name)).join(', ');
      const marks = `(${t.columns.map(() => '?').join(', ')})`;
      const convert = t.columns.map(converterFor);
      const perBatch = Math.max(1, Math.floor(VALUES_PER_INSERT / t.columns.length));
      this.loaders.set(t.name, {
        insert: db.prepare(`INSERT OR IGNORE INTO ${quoteIdent(t.name)} (${cols}) VALUES ${marks}`),
        insertMany: db.prepare(`INSERT OR IGNORE INTO ${quoteIdent(t.name)} (${cols}) VALUES ${Array(perBatch).fill(marks).join(', ')}`),
        perBatch,
        args: new Array(perBatch * t.columns.length),
        convert,
        identity: t.columns.every((c) => c.type === 'text' || c.type === 'integer' || c.type === 'bigint' || c.type === 'json'),
      });
    }
    db.exec('BEGIN');
  }

  write(table: string, rows: Row[]): void {
    const l = this.loaders.get(table)!;
    const n = l.convert.length;
    // Whole groups of perBatch rows through the multi-row INSERT, in order; the rest one by one.
    let r = 0;
    for (; r + l.perBatch <= rows.length; r += l.perBatch) {
      const args = l.args;
      for (let k = 0; k < l.perBatch; k++) {
        const row = rows[r + k];
        const at = k * n;
        if (l.identity) for (let i = 0; i < n; i++) args[at + i] = row[i];
        else for (let i = 0; i < n; i++) args[at + i] = l.convert[i](row[i]);
      }
      l.insertMany.run(args);
    }
    const one: Value[] = new Array(n);
    for (; r < rows.length; r++) {
      const row = rows[r];
      if (l.identity) l.insert.run(row);
      else {
        for (let i = 0; i < n; i++) one[i] = l.convert[i](row[i]);
        l.insert.run(one);
      }
    }
  }

  endTable(): void {}

  async finish(views: { name: string; sql: string }[]): Promise<void> {
    const db = this.db!;
    db.exec('COMMIT');
    // Indexes, views and the read-back run in a child process that a signal can
    // stop mid-statement (see sqlite-child.ts); it opens the file after this
    // connection has let go of it.
    db.close();
    this.db = null;
    await this.inChildren(1, async ([child]) => {
      for (const t of this.tables) {
        for (const ix of indexesWithForeignKeys(t)) {
          await child.exec(`CREATE INDEX ${quoteIdent(ix.name)} ON ${quoteIdent(t.name)} (${ix.columns.map(quoteIdent).join(', ')})`);
        }
      }
      for (const v of views) await child.exec(`CREATE VIEW ${quoteIdent(v.name)} AS\n${v.sql}`);
    });
    this.viewNames = views.map((v) => v.name);
  }

  async verify(rowCounts: Map<string, number>, sqlChecks: SqlCheck[] = []): Promise<CheckResult[]> {
    // PRAGMA integrity_check is most of the read-back (2.6 of 3.5 s at saas-churn's
    // default size): it runs in a process of its own while the other reads run here.
    return this.inChildren(2, async ([child, side]) => {
      const checked = side.get('PRAGMA integrity_check');
      checked.catch(() => {}); // awaited last; a failure of the other reads first must not leave it unhandled
      const orphans = await child.count('PRAGMA foreign_key_check');
      const rest: CheckResult[] = [];
      for (const t of this.tables) {
        const landed = Number(await child.get(`SELECT count(*) AS n FROM ${quoteIdent(t.name)}`));
        const want = rowCounts.get(t.name) ?? 0;
        rest.push({ name: `${t.name}: rows in database`, ok: landed === want, figure: `${count(landed)} read back of ${count(want)} generated`, phase: 'target' });
      }
      for (const v of this.viewNames) {
        let figure: string;
        let ok = true;
        try {
          figure = `${count(Number(await child.get(`SELECT count(*) AS n FROM ${quoteIdent(v)}`)))} rows`;
        } catch (e) {
          if (this.interrupted) throw e;
          ok = false;
          figure = (e as Error).message;
        }
        rest.push({ name: `view ${v} queries`, ok, figure, phase: 'target' });
      }
      rest.push(...(await runSqlChecks(sqlChecks, async (sql) => Number(await child.get(sql)))));
      const integrity = String(await checked);
      return [
        { name: 'PRAGMA foreign_key_check', ok: orphans === 0, figure: `${count(orphans)} violations`, phase: 'target' },
        { name: 'PRAGMA integrity_check', ok: integrity === 'ok', figure: integrity, phase: 'target' },
        ...rest,
      ];
    });
  }

  /** Stops index building or read-back at once: the child running it is killed. */
  interrupt(): void {
    this.stop.abort();
    for (const child of this.children) child.kill();
  }

  /**
   * Runs `work` in `n` child processes on the file, each closed when it is done.
   * They only read, or (index builds) one alone writes. On failure or interrupt
   * they are gone before abort() removes the file.
   */
  private async inChildren<T>(n: number, work: (children: SqliteChild[]) => Promise<T>): Promise<T> {
    if (this.interrupted) throw new CancelledError();
    const children = Array.from({ length: n }, () => new SqliteChild(this.temp));
    for (const child of children) this.children.add(child);
    let done = false;
    try {
      const result = await work(children);
      await Promise.all(children.map((child) => child.close()));
      done = true;
      return result;
    } finally {
      for (const child of children) {
        if (!done) child.kill();
        await child.exited;
        this.children.delete(child);
      }
    }
  }

  async files(): Promise<OutputFile[]> {
    return [{ table: null, path: this.out, bytes: fileBytes(this.temp), sha256: await sha256File(this.temp, this.stop.signal) }];
  }

  async commit(manifestFor: (finalOut: string) => string, catalog?: string): Promise<string> {
    return this.claim!.commit(manifestFor, catalog);
  }

  async abort(): Promise<void> {
    try {
      this.db?.close();
    } catch {
      // already closed or mid-statement: the file is removed either way
    }
    this.db = null;
    for (const child of this.children) {
      child.kill();
      await child.exited;
    }
    this.children.clear();
    this.claim?.release();
  }
}
