// Parquet target: a folder with <table>.parquet per table, whatever its size.
// Rows are staged in DuckDB in parts of PART_ROWS rows; DuckDB writes each part,
// uncompressed, and its row groups are appended to the table's one file
// (ParquetFileWriter: NOT NULL columns REQUIRED, pages compressed), so memory stays
// bounded whatever the size. With --parquet-parts a table of more than one part
// is a folder <table>/ of part-00000.parquet, part-00001.parquet, ... instead.
// Output bytes are identical for the same rows, DuckDB version (pinned in
// package.json) and Node version (its zlib), whatever the batch size.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { count } from '../checks/figures.js';
import { CancelledError } from '../errors.js';
import type { CheckResult, Row, TableSpec } from '../engine/model.js';
import { openDuck, StageLoader } from './duck.js';
import { fileBytes, sha256File } from './files.js';
import { PAGE_CODEC, ROW_GROUP_ROWS } from './parquet-file.js';
import { ParquetFiles } from './parquet-files.js';
import { checkTableFileNames, catalogPathFor, manifestPathFor, OutputClaim } from './output.js';
import type { OpenPlan, OutputFile, Sink, SinkOptions } from './sink.js';
import { quoteIdent, quoteString } from './sql.js';

/** Rows per part: a multiple of DuckDB's 2048-row chunk; about 0.5M keeps memory flat and the default size under 5 s. */
export const PART_ROWS = 256 * 2048;

/**
 * What one stage may hold, estimated from the columns: a wide table (Stripe's charges,
 * 30 columns of ids and text) gets fewer rows per part, so its two stages stay near
 * what a narrow table's take (tables of up to 64 bytes a row keep PART_ROWS; bar-platform
 * PRODUCTION peaked at 1.2 GB with 524,288-row parts of Stripe's charges).
 */
export const STAGE_BYTES = 32 * 2 ** 20;

/** Estimated bytes a row takes in a DuckDB stage: 8 a number or time, 1 a boolean, 32 a text (its 16-byte string_t and a heap share). */
export function stageRowBytes(spec: TableSpec): number {
  return spec.columns.reduce((n, c) => n + (c.type === 'boolean' ? 1 : c.type === 'text' || c.type === 'json' ? 32 : 8), 0);
}

/** Rows per part of a table: PART_ROWS, or fewer whole chunks when its rows are wide; never below one chunk. */
export function partRowsOf(spec: TableSpec, most = PART_ROWS): number {
  const chunks = Math.floor(STAGE_BYTES / stageRowBytes(spec) / 2048);
  return Math.min(most, Math.max(2048, chunks * 2048));
}

/**
 * A table's two staging tables, each on its own connection: while one part file is
 * compressed from one stage (DuckDB's thread), the next part's rows are appended to
 * the other (the JS thread), so generation and Parquet writing overlap on two cores.
 */
interface TableState {
  stages: [StageLoader, StageLoader];
  active: 0 | 1;
  /** Rows in the active stage. */
  staged: number;
  /** Parts written so far. */
  parts: number;
  /** Rows per part (partRowsOf). */
  partRows: number;
  /** The part being written from the other stage: DuckDB's file, that stage's reset, the part appended. */
  pending: Promise<void> | null;
  /** Per column: declared NOT NULL, so REQUIRED in the file. */
  required: boolean[];
  /** --parquet-parts: the table became a folder of part files (it had more than one part's rows). */
  folder: boolean;
}

export class ParquetSink implements Sink {
  readonly target = 'parquet';
  readonly finishing = 'closing the files';
  readonly out: string;
  readonly manifestPath: string;
  readonly catalogPath: string;
  private temp = '';
  private force: boolean;
  private claim: OutputClaim | null = null;
  private duck: { instance: DuckDBInstance; con: DuckDBConnection } | null = null;
  /** The second stage's connection. */
  private con2: DuckDBConnection | null = null;
  private tables = new Map<string, TableState>();
  /** The worker thread that writes the files from DuckDB's raw parts. */
  private writer: ParquetFiles | null = null;
  private specs: TableSpec[] = [];

  constructor(opts: SinkOptions & { partRows?: number }) {
    this.out = opts.out;
    this.manifestPath = manifestPathFor(opts.out, this.target);
    this.catalogPath = catalogPathFor(opts.out, this.target);
    this.force = opts.force;
    this.partRows = opts.partRows ?? PART_ROWS;
    this.partFolders = opts.parquetParts ?? false;
  }

  private partRows: number;
  /** --parquet-parts: big tables as folders of part files. */
  private partFolders: boolean;
  /** Aborted by interrupt(): stops the running step and refuses the next. */
  private readonly stop = new AbortController();
  private get interrupted(): boolean {
    return this.stop.signal.aborted;
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
    this.con2 = await this.duck.instance.connect();
    this.writer = new ParquetFiles();
    this.specs = [...tables];
    for (const spec of tables) {
      const stages: [StageLoader, StageLoader] = [new StageLoader(this.duck.con, spec, `stage_${spec.name}_a`), new StageLoader(this.con2, spec, `stage_${spec.name}_b`)];
      for (const stage of stages) await stage.create();
      const required = spec.columns.map((c) => !c.nullable);
      this.tables.set(spec.name, { stages, active: 0, staged: 0, parts: 0, pending: null, partRows: partRowsOf(spec, this.partRows), required, folder: false });
    }
  }

  /** Appends to the active stage; a full stage becomes the next part file while the other stage fills. */
  async write(table: string, rows: Row[]): Promise<void> {
    const t = this.tables.get(table)!;
    for (let from = 0; from < rows.length; ) {
      const take = Math.min(t.partRows - t.staged, rows.length - from);
      t.stages[t.active].add(take === rows.length ? rows : rows.slice(from, from + take));
      t.staged += take;
      from += take;
      if (t.staged === t.partRows) await this.rotate(t);
    }
  }

  /** Starts writing the full active stage as the next part and switches to the other stage once it is empty. */
  private async rotate(t: TableState): Promise<void> {
    const full = t.stages[t.active];
    await full.close();
    await this.settle(t);
    const n = t.parts++;
    // Settled before the next rotate, endTable or abort; a failure surfaces there.
    t.pending = (async () => {
      const raw = await this.copy(full, n);
      await full.reset();
      await full.open();
      await this.place(t, raw, n, false);
    })();
    t.pending.catch(() => {});
    t.active = t.active === 0 ? 1 : 0;
    t.staged = 0;
  }

  private async settle(t: TableState): Promise<void> {
    const pending = t.pending;
    t.pending = null;
    if (pending) await pending;
  }

  /** DuckDB writes a stage as an uncompressed Parquet file (a part's raw file, removed once placed). */
  private async copy(stage: StageLoader, n: number): Promise<string> {
    if (this.interrupted) throw new CancelledError();
    const raw = join(this.temp, `.${stage.spec.name}.raw-${n}.parquet`);
    await stage.connection.run(`COPY (${stage.select()}) TO ${quoteString(raw)} (FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`);
    return raw;
  }

  /** A part's row groups into the table's file, or (--parquet-parts) into a part file of its own; `only` when it is the table's only part. */
  private async place(t: TableState, raw: string, n: number, only: boolean): Promise<void> {
    if (this.interrupted) throw new CancelledError();
    const name = t.stages[0].spec.name;
    const options = { required: t.required, codec: PAGE_CODEC };
    if (!this.partFolders) return this.writer!.run({ path: join(this.temp, `${name}.parquet`), raw, options, close: false });
    let path = join(this.temp, `${name}.parquet`);
    if (!only) {
      t.folder = true;
      mkdirSync(join(this.temp, name), { recursive: true });
      path = join(this.temp, name, `part-${String(n).padStart(5, '0')}.parquet`);
    }
    await this.writer!.run({ path, raw, options, close: true });
  }

  async endTable(table: string): Promise<void> {
    const t = this.tables.get(table)!;
    const last = t.stages[t.active];
    await last.close();
    await this.settle(t);
    // the rows left, or an empty table's file
    if (t.staged > 0 || t.parts === 0) {
      const n = t.parts++;
      await this.place(t, await this.copy(last, n), n, n === 0);
    }
    // the one file's footer
    if (!this.partFolders) await this.writer!.run({ path: join(this.temp, `${table}.parquet`), raw: null, options: { required: t.required, codec: PAGE_CODEC }, close: true });
    for (const stage of t.stages) {
      await stage.close();
      await stage.connection.run(`DROP TABLE ${quoteIdent(stage.stage)}`);
    }
  }

  async finish(): Promise<void> {
    this.closeDuck();
    await this.writer?.end();
    this.writer = null;
  }

  /** The files of a table: one file, or (--parquet-parts) the parts of its folder. */
  private filesOf(spec: TableSpec): { temp: string; final: string }[] {
    const single = `${spec.name}.parquet`;
    if (!this.tables.get(spec.name)!.folder) return [{ temp: join(this.temp, single), final: join(this.out, single) }];
    return readdirSync(join(this.temp, spec.name))
      .sort()
      .map((f) => ({ temp: join(this.temp, spec.name, f), final: join(this.out, spec.name, f) }));
  }

  /** Reads the files back with DuckDB: rows per table, and which columns are REQUIRED (its NOT NULL ones, no other). */
  async verify(rowCounts: Map<string, number>): Promise<CheckResult[]> {
    const { instance, con } = await openDuck(':memory:');
    const out: CheckResult[] = [];
    try {
      for (const spec of this.specs) {
        const files = this.filesOf(spec);
        const list = `[${files.map((f) => quoteString(f.temp)).join(', ')}]`;
        const where = this.tables.get(spec.name)!.folder ? `${files.length} part files in ${spec.name}/` : `${spec.name}.parquet`;
        const rows = await con.runAndReadAll(`SELECT CAST(coalesce(sum(num_rows), 0) AS DOUBLE) FROM parquet_file_metadata(${list})`);
        const landed = Number(rows.getRows()[0][0]);
        const want = rowCounts.get(spec.name) ?? 0;
        out.push({ name: `${spec.name}: rows in Parquet`, ok: landed === want, figure: `${count(landed)} read back of ${count(want)} generated from ${where}`, phase: 'target' });
        // every file's top-level columns (the root element has children, the columns none)
        const schema = await con.runAndReadAll(`SELECT DISTINCT name, repetition_type FROM parquet_schema(${list}) WHERE num_children IS NULL OR num_children = 0`);
        const required = new Set(schema.getRows().filter((r) => r[1] === 'REQUIRED').map((r) => String(r[0])));
        const notNull = spec.columns.filter((c) => !c.nullable).map((c) => c.name);
        const wrong = spec.columns.filter((c) => required.has(c.name) === !!c.nullable || schema.getRows().filter((r) => r[0] === c.name).length !== 1).map((c) => c.name);
        out.push({
          name: `${spec.name}: NOT NULL columns REQUIRED in Parquet`,
          ok: wrong.length === 0,
          figure: wrong.length ? `not as declared: ${wrong.join(', ')}` : `${notNull.length} NOT NULL columns REQUIRED, ${spec.columns.length - notNull.length} nullable OPTIONAL`,
          phase: 'target',
        });
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
    for (const t of this.tables.values()) for (const stage of t.stages) stage.discard();
    this.con2?.closeSync();
    this.con2 = null;
    this.duck.con.closeSync();
    this.duck.instance.closeSync();
    this.duck = null;
  }

  /** Stops the running COPY of a part file; it fails with "Interrupted". */
  interrupt(): void {
    this.stop.abort();
    this.writer?.interrupt();
    this.duck?.con.interrupt();
    this.con2?.interrupt();
  }

  async abort(): Promise<void> {
    // A part being written finishes or fails before its connection closes.
    for (const t of this.tables.values()) await this.settle(t).catch(() => {});
    await this.writer?.end();
    this.writer = null;
    this.closeDuck();
    this.claim?.release();
  }
}
