// CSV target: a folder with one <table>.csv per table. RFC 4180: a header row,
// CRLF-free '\n' records, a field quoted only when it holds a comma, quote, CR or
// LF (quotes doubled), empty for NULL. Each batch becomes one string and one
// write: per-row stream writes are the slow path this avoids.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, Row, TableSpec } from '../engine/model.js';
import { count } from '../checks/figures.js';
import { formatterFor, mayNeedQuotes, type Formatter } from './format.js';
import { csvField, csvRecords } from './csv-records.js';
import type { RowEncoding } from './row-encoding.js';

export { csvField, csvRecords };
import { fileBytes, sha256File } from './files.js';
import { checkTableFileNames, catalogPathFor, manifestPathFor, OutputClaim } from './output.js';
import type { OpenPlan, OutputFile, Sink, SinkOptions } from './sink.js';

interface Writer {
  fd: number;
  formatters: Formatter[];
  quotable: boolean[];
}

export class CsvSink implements Sink {
  readonly target = 'csv';
  readonly finishing = 'closing the files';
  readonly rowEncoding: RowEncoding = 'csv';
  readonly out: string;
  readonly manifestPath: string;
  readonly catalogPath: string;
  private temp = '';
  private force: boolean;
  private claim: OutputClaim | null = null;
  private writers = new Map<string, Writer>();
  /** sha256 of each file as verify() read it, so files() need not read it again. */
  private hashes = new Map<string, string>();
  private tables: TableSpec[] = [];
  /** Aborted by interrupt(). */
  private readonly stop = new AbortController();

  constructor(opts: SinkOptions) {
    this.out = opts.out;
    this.manifestPath = manifestPathFor(opts.out, this.target);
    this.catalogPath = catalogPathFor(opts.out, this.target);
    this.force = opts.force;
  }

  async open(tables: readonly TableSpec[], plan?: OpenPlan): Promise<void> {
    checkTableFileNames(tables, '.csv');
    this.claim = OutputClaim.take({ out: this.out, target: this.target, force: this.force, estimatedBytes: plan?.estimatedBytes });
    this.temp = this.claim.temp;
    mkdirSync(this.temp);
    this.tables = [...tables];
    for (const t of tables) {
      const fd = openSync(join(this.temp, `${t.name}.csv`), 'w');
      writeSync(fd, t.columns.map((c) => csvField(c.name)).join(',') + '\n');
      this.writers.set(t.name, { fd, formatters: t.columns.map(formatterFor), quotable: t.columns.map(mayNeedQuotes) });
    }
  }

  write(table: string, rows: Row[], encoded?: Uint8Array): void {
    const w = this.writers.get(table)!;
    if (!encoded) writeSync(w.fd, csvRecords(rows, w.formatters, w.quotable));
    else for (let at = 0; at < encoded.length; ) at += writeSync(w.fd, encoded, at);
  }

  endTable(table: string): void {
    const w = this.writers.get(table);
    if (w && w.fd >= 0) {
      closeSync(w.fd);
      w.fd = -1;
    }
  }

  async finish(): Promise<void> {
    for (const name of this.writers.keys()) this.endTable(name);
  }

  /** Reads every file back once: counts its records (quoted newlines included) and hashes it for files(). */
  async verify(rowCounts: Map<string, number>): Promise<CheckResult[]> {
    const out: CheckResult[] = [];
    for (const t of this.tables) {
      const path = join(this.temp, `${t.name}.csv`);
      const records = new CsvRecordCounter();
      this.hashes.set(path, await sha256File(path, this.stop.signal, (chunk) => records.add(chunk)));
      const landed = records.count();
      const want = rowCounts.get(t.name) ?? 0;
      out.push({ name: `${t.name}: rows in ${t.name}.csv`, ok: landed === want, figure: `${count(landed)} read back of ${count(want)} generated`, phase: 'target' });
    }
    return out;
  }

  async files(): Promise<OutputFile[]> {
    const files: OutputFile[] = [];
    for (const t of this.tables) {
      const temp = join(this.temp, `${t.name}.csv`);
      files.push({ table: t.name, path: join(this.out, `${t.name}.csv`), bytes: fileBytes(temp), sha256: this.hashes.get(temp) ?? (await sha256File(temp, this.stop.signal)) });
    }
    return files;
  }

  async commit(manifestFor: (finalOut: string) => string, catalog?: string): Promise<string> {
    return this.claim!.commit(manifestFor, catalog);
  }

  /** Stops the read-back or hashing of a large file between two reads. */
  interrupt(): void {
    this.stop.abort();
  }

  async abort(): Promise<void> {
    for (const name of this.writers.keys()) this.endTable(name);
    this.claim?.release();
  }
}

/**
 * Counts CSV records after the header from raw chunks, honouring quoted fields that span
 * lines: a newline counts outside quotes only ('""' toggles twice, so escaped quotes need no
 * care). Jumps between quotes and newlines with indexOf instead of decoding lines.
 */
export class CsvRecordCounter {
  private newlines = 0;
  private inQuotes = false;
  /** Whether the last byte seen ended a line (else a last record has no newline). */
  private atLineStart = true;

  add(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      const quote = chunk.indexOf(34, pos);
      const end = quote === -1 ? chunk.length : quote;
      if (!this.inQuotes) for (let nl = chunk.indexOf(10, pos); nl !== -1 && nl < end; nl = chunk.indexOf(10, nl + 1)) this.newlines++;
      if (quote === -1) break;
      this.inQuotes = !this.inQuotes;
      pos = quote + 1;
    }
    if (chunk.length) this.atLineStart = chunk[chunk.length - 1] === 10 && !this.inQuotes;
  }

  count(): number {
    // A last line without its newline is a record too, unless an unclosed quote swallowed it.
    return Math.max(0, this.newlines + (this.atLineStart || this.inQuotes ? 0 : 1) - 1);
  }
}
