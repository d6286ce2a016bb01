// Parquet target: a folder with <table>.parquet per table, written by DuckDB
// from an in-memory staging table. A table of more than PART_ROWS rows becomes a
// folder <table>/ of part-00000.parquet, part-00001.parquet, ... so memory stays
// bounded whatever the size. Output bytes are identical for the same rows and
// DuckDB version (pinned in package.json), whatever the batch size.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { count } from '../checks/figures.js';
import { CancelledError } from '../errors.js';
import type { CheckResult, Row, TableSpec } from '../engine/model.js';
import { openDuck, selectTyped, StageLoader } from './duck.js';
import { fileBytes, sha256File } from './files.js';
import { checkTableFileNames, catalogPathFor, manifestPathFor, OutputClaim } from './output.js';
import type { OpenPlan, OutputFile, Sink, SinkOptions } from './sink.js';
import { quoteIdent, quoteString } from './sql.js';

/** Rows per part file: a multiple of DuckDB's 2048-row chunk; about 0.5M keeps memory flat and the default size under 5 s. */
export const PART_ROWS = 256 * 2048;

interface TableState {
  loader: StageLoader;
  parts: number;
}

export class ParquetSink implements Sink {
  readonly target = 'parquet';
  readonly out: string;
  readonly manifestPath: string;
  readonly catalogPath: string;
  private temp = '';
  private force: boolean;
  private claim: OutputClaim | null = null;
  private duck: { instance: DuckDBInstance; con: DuckDBConnection } | null = null;
  private tables = new Map<string, TableState>();
  private specs: TableSpec[] = [];

  constructor(opts: SinkOptions & { partRows?: number }) {
    this.out = opts.out;
    this.manifestPath = manifestPathFor(opts.out, this.target);
    this.catalogPath = catalogPathFor(opts.out, this.target);
    this.force = opts.force;
    this.partRows = opts.partRows ?? PART_ROWS;
  }

  private partRows: number;
  /** Aborted by interrupt(): stops the running step and refuses the next. */
  private readonly stop = new AbortController();
  private get interrupted(): boolean {
    return this.stop.signal.aborted;
  }

  /** The connection for the next statement; none after interrupt(), which only stops the statement running then. */
  private get con(): DuckDBConnection {
    if (this.interrupted) throw new CancelledError();
    return this.duck!.con;
  }

  async open(tables: readonly TableSpec[], plan?: OpenPlan): Promise<void> {
    checkTableFileNames(tables, '.parquet');
    this.claim = OutputClaim.take({ out: this.out, target: this.target, force: this.force, estimatedBytes: plan?.estimatedBytes });
    this.temp = this.claim.temp;
    mkdirSync(this.temp);
    // One DuckDB thread: generation in JS is the bottleneck, and a second thread's
    // allocations raised peak memory with the size of the run (saas-churn 10x:
    // +9% over the default size with two threads, +4% with one).
    this.duck = await openDuck(':memory:', { threads: '1' });
    this.specs = [...tables];
    for (const spec of tables) {
      const loader = new StageLoader(this.duck.con, spec, `stage_${spec.name}`);
      await loader.create();
      this.tables.set(spec.name, { loader, parts: 0 });
    }
  }

  async write(table: string, rows: Row[]): Promise<void> {
    const t = this.tables.get(table)!;
    await t.loader.add(rows, this.partRows, () => this.writePart(t));
  }

  /** Copies the staged rows to the next part file and empties the stage. */
  private async writePart(t: TableState): Promise<void> {
    const dir = join(this.temp, t.loader.spec.name);
    mkdirSync(dir, { recursive: true });
    await this.copy(t, join(dir, `part-${String(t.parts).padStart(5, '0')}.parquet`));
    await t.loader.reset();
    t.parts++;
  }

  private async copy(t: TableState, file: string): Promise<void> {
    await this.con.run(`COPY (${selectTyped(t.loader.spec, quoteIdent(t.loader.stage))}) TO ${quoteString(file)} (FORMAT parquet, COMPRESSION zstd)`);
  }

  async endTable(table: string): Promise<void> {
    const t = this.tables.get(table)!;
    await t.loader.close();
    const pending = t.loader.rows - t.parts * this.partRows;
    if (t.parts === 0) await this.copy(t, join(this.temp, `${table}.parquet`));
    else if (pending > 0) await this.writePart(t);
    await this.con.run(`DROP TABLE ${quoteIdent(t.loader.stage)}`);
  }

  async finish(): Promise<void> {
    this.closeDuck();
  }

  /** The files of a table: one file, or the parts of its folder. */
  private filesOf(spec: TableSpec): { temp: string; final: string }[] {
    const single = `${spec.name}.parquet`;
    const parts = this.tables.get(spec.name)!.parts;
    if (parts === 0) return [{ temp: join(this.temp, single), final: join(this.out, single) }];
    return readdirSync(join(this.temp, spec.name))
      .sort()
      .map((f) => ({ temp: join(this.temp, spec.name, f), final: join(this.out, spec.name, f) }));
  }

  /** Reads the files back with DuckDB: rows per table and each column's Parquet type. */
  async verify(rowCounts: Map<string, number>): Promise<CheckResult[]> {
    const { instance, con } = await openDuck(':memory:');
    const out: CheckResult[] = [];
    try {
      for (const spec of this.specs) {
        const files = this.filesOf(spec).map((f) => quoteString(f.temp));
        const list = `[${files.join(', ')}]`;
        const rows = await con.runAndReadAll(`SELECT CAST(coalesce(sum(num_rows), 0) AS DOUBLE) FROM parquet_file_metadata(${list})`);
        const landed = Number(rows.getRows()[0][0]);
        const want = rowCounts.get(spec.name) ?? 0;
        out.push({ name: `${spec.name}: rows in Parquet`, ok: landed === want, figure: `${count(landed)} read back of ${count(want)} generated in ${files.length} file(s)`, phase: 'target' });
      }
    } finally {
      con.closeSync();
      instance.closeSync();
    }
    return out;
  }

  async files(): Promise<OutputFile[]> {
    const out: OutputFile[] = [];
    for (const spec of this.specs) {
      for (const f of this.filesOf(spec)) out.push({ table: spec.name, path: f.final, bytes: fileBytes(f.temp), sha256: await sha256File(f.temp, this.stop.signal) });
    }
    return out;
  }

  /** The folder the output is in until commit(). */
  get staged(): string {
    return this.temp;
  }

  async commit(manifestFor: (finalOut: string) => string, catalog?: string): Promise<string> {
    return this.claim!.commit(manifestFor, catalog);
  }

  private closeDuck(): void {
    if (!this.duck) return;
    for (const t of this.tables.values()) t.loader.discard();
    this.duck.con.closeSync();
    this.duck.instance.closeSync();
    this.duck = null;
  }

  /** Stops the running COPY of a part file; it fails with "Interrupted". */
  interrupt(): void {
    this.stop.abort();
    this.duck?.con.interrupt();
  }

  async abort(): Promise<void> {
    this.closeDuck();
    this.claim?.release();
  }
}
