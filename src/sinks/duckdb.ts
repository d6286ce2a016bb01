// DuckDB target: one .duckdb database file with typed tables, PRIMARY KEY, NOT
// NULL and FOREIGN KEY constraints (on tables small enough for DuckDB to index in
// memory, duck-keys.ts), the scenario's indexes and views. Rows are staged per table;
// when the table ends, its row count decides its keys, and one INSERT ... SELECT moves
// the rows into it, so a row that breaks a key is reported as a failed check, not a
// crash. The file is built under a temporary name and renamed on success. DuckDB does not write the
// same bytes twice (its storage layout varies run to run): for this target,
// determinism means the same rows, in the same order, in every table.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { count } from '../checks/figures.js';
import { CancelledError } from '../errors.js';
import type { CheckResult, Row, TableSpec } from '../engine/model.js';
import { DuckKeyPlan } from './duck-keys.js';
import { duckType, openDuck, StageLoader } from './duck.js';
import { fileBytes, sha256File } from './files.js';
import { catalogPathFor, manifestPathFor, OutputClaim } from './output.js';
import { runSqlChecks, type OpenPlan, type OutputFile, type Sink, type SinkOptions, type SqlCheck } from './sink.js';
import { addPrimaryKeySql, createTableSql, quoteIdent } from './sql.js';


export class DuckdbSink implements Sink {
  readonly target = 'duckdb';
  readonly finishing = 'building indexes and views';
  readonly out: string;
  readonly manifestPath: string;
  readonly catalogPath: string;
  private temp = '';
  private force: boolean;
  private claim: OutputClaim | null = null;
  private duck: { instance: DuckDBInstance; con: DuckDBConnection } | null = null;
  private loaders = new Map<string, StageLoader>();
  /** Tables some foreign key references: they need their key before their children's tables can name it. */
  private referenced = new Set<string>();
  private keys: DuckKeyPlan;
  private specs: TableSpec[] = [];
  private loadErrors = new Map<string, string>();
  private viewNames: string[] = [];
  /** Aborted by interrupt(): stops the running step and refuses the next. */
  private readonly stop = new AbortController();
  private get interrupted(): boolean {
    return this.stop.signal.aborted;
  }

  /** keyedRowsMax: the rows up to which a table is keyed (duck-keys.ts; smaller in tests). */
  constructor(opts: SinkOptions & { keyedRowsMax?: number }) {
    this.out = opts.out;
    this.keys = new DuckKeyPlan(opts.keyedRowsMax);
    this.manifestPath = manifestPathFor(opts.out, this.target);
    this.catalogPath = catalogPathFor(opts.out, this.target);
    this.force = opts.force;
  }

  /** The connection for the next statement; none after interrupt(), which only stops the statement running then. */
  private get con(): DuckDBConnection {
    if (this.interrupted) throw new CancelledError();
    return this.duck!.con;
  }

  async open(tables: readonly TableSpec[], plan?: OpenPlan): Promise<void> {
    this.claim = OutputClaim.take({ out: this.out, target: this.target, force: this.force, estimatedBytes: plan?.estimatedBytes });
    this.temp = this.claim.temp;
    this.duck = await openDuck(this.temp);
    this.specs = [...tables];
    this.referenced = new Set(tables.flatMap((t) => (t.foreignKeys ?? []).map((fk) => fk.references.table)));
    for (const spec of tables) {
      const loader = new StageLoader(this.con, spec, `__synthgen_stage_${spec.name}`);
      await loader.create();
      this.loaders.set(spec.name, loader);
    }
  }

  write(table: string, rows: Row[]): void {
    this.loaders.get(table)!.add(rows);
  }

  async endTable(table: string, rows: number): Promise<void> {
    const loader = this.loaders.get(table)!;
    await loader.close();
    const keys = this.keys.decide(loader.spec, rows);
    // A table no foreign key references gets its primary key after its rows: DuckDB
    // builds the index in one pass then (saas-churn's usage_daily, 4M rows: an INSERT
    // of 2.2 s and a key of 1.2 s, against 4.2 s with the key declared).
    const keyAfterLoad = keys.keyed && !this.referenced.has(table);
    await this.con.run(createTableSql(loader.spec, duckType, { primaryKey: keys.keyed && !keyAfterLoad, foreignKeys: keys.foreignKeys }));
    try {
      await this.con.run(`INSERT INTO ${quoteIdent(table)} ${loader.select()}`);
      if (keyAfterLoad) await this.con.run(addPrimaryKeySql(loader.spec));
    } catch (e) {
      // A key or NOT NULL violation rejects the table's rows: report it as a check.
      this.loadErrors.set(table, String((e as Error).message).split('\n')[0]);
    }
    await this.con.run(`DROP TABLE ${quoteIdent(loader.stage)}`);
  }

  async finish(views: { name: string; sql: string }[]): Promise<void> {
    for (const t of this.specs.filter((s) => this.keys.isKeyed(s.name))) {
      for (const ix of t.indexes ?? []) {
        await this.con.run(`CREATE INDEX ${quoteIdent(ix.name)} ON ${quoteIdent(t.name)} (${ix.columns.map(quoteIdent).join(', ')})`);
      }
    }
    for (const v of views) await this.con.run(`CREATE VIEW ${quoteIdent(v.name)} AS\n${v.sql}`);
    this.viewNames = views.map((v) => v.name);
    await this.con.run('CHECKPOINT');
  }

  private async one(sql: string): Promise<number> {
    const r = await this.con.runAndReadAll(sql);
    return Number(r.getRows()[0][0]);
  }

  /** Reads the database back: rows, key uniqueness, orphan foreign keys, declared constraints. */
  async verify(rowCounts: Map<string, number>, sqlChecks: SqlCheck[] = []): Promise<CheckResult[]> {
    const out: CheckResult[] = [];
    const add = (name: string, ok: boolean, figure: string) => out.push({ name, ok, figure, phase: 'target' });
    for (const t of this.specs) {
      const name = quoteIdent(t.name);
      const err = this.loadErrors.get(t.name);
      if (err) add(`${t.name}: constraints accepted the load`, false, err);
      if (!this.keys.isKeyed(t.name)) {
        out.push({ name: `${t.name}: keys checked, not declared`, ok: true, info: true, phase: 'target', figure: `${count(rowCounts.get(t.name) ?? 0)} rows, over the ${count(this.keys.most)} DuckDB can index within its memory` });
      }
      const landed = await this.one(`SELECT count(*) FROM ${name}`);
      const want = rowCounts.get(t.name) ?? 0;
      add(`${t.name}: rows in database`, landed === want, `${count(landed)} read back of ${count(want)} generated`);
      const pk = t.primaryKey.map(quoteIdent).join(', ');
      const dupes = await this.one(`SELECT count(*) FROM (SELECT ${pk} FROM ${name} GROUP BY ${pk} HAVING count(*) > 1)`);
      add(`${t.name}: primary key unique in database`, dupes === 0, `${count(dupes)} duplicate keys`);
      for (const fk of t.foreignKeys ?? []) {
        const on = fk.columns.map((c, i) => `c.${quoteIdent(c)} = p.${quoteIdent(fk.references.columns[i])}`).join(' AND ');
        // A NULL reference points nowhere (MATCH SIMPLE, as the declared key and the streamed check treat it): not an orphan.
        const present = fk.columns.map((c) => `c.${quoteIdent(c)} IS NOT NULL`).join(' AND ');
        const orphans = await this.one(`SELECT count(*) FROM ${name} c ANTI JOIN ${quoteIdent(fk.references.table)} p ON ${on} WHERE ${present}`);
        add(`${t.name}: ${fk.references.table} foreign key resolves in database`, orphans === 0, `${count(orphans)} orphans`);
      }
    }
    const declared = await this.one(`SELECT count(*) FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') AND table_name NOT LIKE '__synthgen%'`);
    add('primary and foreign keys declared', declared === this.keys.declared, `${declared} of ${this.keys.declared} constraints`);
    for (const v of this.viewNames) {
      try {
        add(`view ${v} queries`, true, `${count(await this.one(`SELECT count(*) FROM ${quoteIdent(v)}`))} rows`);
      } catch (e) {
        if (this.interrupted) throw e;
        add(`view ${v} queries`, false, String((e as Error).message).split('\n')[0]);
      }
    }
    out.push(...(await runSqlChecks(sqlChecks, (sql) => this.one(sql))));
    this.closeDuck();
    return out;
  }

  async files(): Promise<OutputFile[]> {
    return [{ table: null, path: this.out, bytes: fileBytes(this.temp), sha256: await sha256File(this.temp, this.stop.signal) }];
  }

  async commit(manifestFor: (finalOut: string) => string, catalog?: string): Promise<string> {
    return this.claim!.commit(manifestFor, catalog);
  }

  private closeDuck(): void {
    if (!this.duck) return;
    for (const l of this.loaders.values()) l.discard();
    this.duck.con.closeSync();
    this.duck.instance.closeSync();
    this.duck = null;
  }

  /** Stops the running statement (a long INSERT, COPY or index build); it fails with "Interrupted". */
  interrupt(): void {
    this.stop.abort();
    this.duck?.con.interrupt();
  }

  async abort(): Promise<void> {
    this.closeDuck();
    this.claim?.release(); // the temp file and its .wal
  }
}
