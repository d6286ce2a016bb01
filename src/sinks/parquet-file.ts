// One Parquet file grown from the part files DuckDB writes, one part at a time, so
// a table of any size is one file while memory holds one column chunk.
//
// DuckDB writes each part uncompressed; every page is copied into the growing file,
// compressed here, and the parts' footers are merged into one at close. It runs in
// a worker thread (parquet-worker.ts) beside the thread that generates rows, with
// synchronous file and zlib calls. On the way,
// a column declared NOT NULL becomes REQUIRED: DuckDB 1.5 writes every column as
// OPTIONAL, with definition levels at the head of each data page (a run of 1s when
// nothing is NULL), which a REQUIRED column must not have. Dropping them means
// rewriting the page, so the pages cannot keep DuckDB's zstd (Node 20 has no zstd);
// they are compressed with Node's zlib instead.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { CancelledError } from '../errors.js';
import { get, num, readStruct, set, T, unset, writeStruct, type TList, type TStruct } from './thrift.js';

const MAGIC = Buffer.from('PAR1', 'latin1');

/** Parquet's codec ids. */
const CODEC = { uncompressed: 0, gzip: 2, brotli: 4 } as const;
export type PageCodec = keyof typeof CODEC;
/**
 * The codec of every page. Brotli at quality 3 came out within 2% of DuckDB's zstd in
 * size (saas-churn's usage_daily: 18.7 MB against 18.4 MB) at about 4 times gzip's
 * speed (level 6: 18.3 MB); pandas, pyarrow, polars, DuckDB and hyparquet read it.
 */
export const PAGE_CODEC: PageCodec = 'brotli';
/** Rows per row group DuckDB writes: a part of 524,288 rows is 4 whole groups, so the one file's groups are even. */
export const ROW_GROUP_ROWS = 64 * 2048;

/** Page types. */
const DATA_PAGE = 0;
const DICTIONARY_PAGE = 2;
/** Repetition types. */
const REQUIRED = 0;

function compressor(codec: PageCodec): (page: Uint8Array) => Uint8Array {
  switch (codec) {
    case 'gzip':
      return (page) => gzipSync(page, { level: 6 });
    case 'brotli':
      return (page) => brotliCompressSync(page, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 3, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: page.length } });
    case 'uncompressed':
      return (page) => page;
  }
}

/** Reads `length` bytes at `position`, into `into` when it is large enough. */
function readAt(fd: number, position: number, length: number, into?: Buffer): Buffer {
  const buf = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const bytesRead = readSync(fd, buf, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`parquet: ${length} bytes expected at ${position}, file ends`);
    done += bytesRead;
  }
  return buf;
}

/** A Parquet file's footer (FileMetaData), decoded. */
export function readFooter(fd: number): TStruct {
  const { size } = fstatSync(fd);
  const tail = readAt(fd, size - 8, 8);
  if (!tail.subarray(4).equals(MAGIC)) throw new Error('parquet: not a Parquet file (no PAR1 at its end)');
  const length = tail.readUInt32LE(0);
  return readStruct(readAt(fd, size - 8 - length, length)).struct;
}

/** Whether RLE/bit-packed definition levels of bit width 1 are `count` 1s: no NULL among them. */
function allDefined(levels: Uint8Array, count: number): boolean {
  let pos = 0;
  let seen = 0;
  while (seen < count && pos < levels.length) {
    let header = 0;
    let shift = 0;
    for (;;) {
      const b = levels[pos++];
      header |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
    }
    if ((header & 1) === 0) {
      // an RLE run: its value in one byte (bit width 1)
      if (levels[pos++] !== 1) return false;
      seen += header >>> 1;
    } else {
      // bit-packed groups of 8 values, one byte each at bit width 1
      const groups = header >>> 1;
      for (let g = 0; g < groups; g++, pos++) {
        const n = Math.min(8, count - seen);
        if ((levels[pos] & ((1 << n) - 1)) !== (1 << n) - 1) return false;
        seen += n;
      }
    }
  }
  return seen >= count;
}

export interface ParquetFileOptions {
  /** Per top-level column: written as REQUIRED (the column is declared NOT NULL). */
  required: readonly boolean[];
  codec: PageCodec;
}

export class ParquetFileWriter {
  private pos = MAGIC.length;
  private schema: TList | null = null;
  private rest: TStruct | null = null;
  private rowGroups: TStruct[] = [];
  private rows = 0n;
  private compress: (page: Uint8Array) => Uint8Array;
  private chunk = Buffer.allocUnsafe(1 << 20);
  private codecId: number;

  private constructor(
    private fd: number,
    readonly path: string,
    private opts: ParquetFileOptions,
  ) {
    this.compress = compressor(opts.codec);
    this.codecId = CODEC[opts.codec];
  }

  static create(path: string, opts: ParquetFileOptions): ParquetFileWriter {
    const fd = openSync(path, 'w');
    writeSync(fd, MAGIC, 0, MAGIC.length, 0);
    return new ParquetFileWriter(fd, path, opts);
  }

  private write(buffers: Uint8Array[]): void {
    const joined = buffers.length === 1 ? buffers[0] : Buffer.concat(buffers);
    for (let done = 0; done < joined.length; ) done += writeSync(this.fd, joined, done, joined.length - done, this.pos + done);
    this.pos += joined.length;
  }

  /** Appends the row groups of a part file DuckDB wrote (uncompressed); `signal` stops it between two row groups. */
  append(partPath: string, stopped: () => boolean = () => false): void {
    const part = openSync(partPath, 'r');
    try {
      const meta = readFooter(part);
      const schema = get<TList>(meta, 2)!;
      if (!this.schema) {
        this.schema = schema;
        this.rest = meta;
        // top-level columns, in order, after the root element
        const columns = schema.items.slice(1) as TStruct[];
        if (columns.length !== this.opts.required.length) throw new Error(`parquet: ${columns.length} columns in ${partPath}, ${this.opts.required.length} expected`);
        columns.forEach((c, i) => this.opts.required[i] && set(c, 3, T.I32, REQUIRED));
      }
      this.rows += BigInt(num(meta, 3) ?? 0);
      for (const rg of (get<TList>(meta, 4)?.items ?? []) as TStruct[]) {
        if (stopped()) throw new CancelledError();
        this.appendRowGroup(part, rg);
      }
    } finally {
      closeSync(part);
    }
  }

  private appendRowGroup(part: number, rg: TStruct): void {
    const start = this.pos;
    let uncompressed = 0;
    const chunks = get<TList>(rg, 1)!.items as TStruct[];
    const blooms: { meta: TStruct; bytes: Buffer }[] = [];
    for (const [i, chunk] of chunks.entries()) {
      // page indexes (offset and column index) would point into the part: left out (DuckDB 1.5 writes none)
      for (const id of [4, 5, 6, 7]) unset(chunk, id);
      const meta = get<TStruct>(chunk, 3)!;
      if (num(meta, 4) !== CODEC.uncompressed) throw new Error('parquet: a part must be written uncompressed');
      const dict = num(meta, 11);
      const from = dict ?? num(meta, 9)!;
      // one buffer for every column chunk, grown to the largest: no garbage per chunk
      const size0 = num(meta, 7)!;
      if (this.chunk.length < size0) this.chunk = Buffer.allocUnsafe(Math.max(size0, this.chunk.length * 2));
      const bytes = readAt(part, from, size0, this.chunk);
      const pages = this.pages(bytes, this.opts.required[i]);
      const chunkStart = this.pos;
      let dataOffset = -1;
      let size = 0;
      let rawSize = 0;
      const out: Uint8Array[] = [];
      for (const p of pages) {
        if (p.type !== DICTIONARY_PAGE && dataOffset < 0) dataOffset = chunkStart + size;
        out.push(p.header, p.body);
        size += p.header.length + p.body.length;
        rawSize += p.header.length + p.rawLength;
      }
      this.write(out);
      if (dict !== undefined) set(meta, 11, T.I64, BigInt(chunkStart));
      set(meta, 9, T.I64, BigInt(dataOffset));
      set(meta, 4, T.I32, this.codecId);
      set(meta, 6, T.I64, BigInt(rawSize));
      set(meta, 7, T.I64, BigInt(size));
      // a REQUIRED column has no definition levels to count
      const sizes = get<TStruct>(meta, 16);
      if (sizes && this.opts.required[i]) unset(sizes, 3);
      uncompressed += rawSize;
      const bloom = num(meta, 14);
      if (bloom !== undefined) blooms.push({ meta, bytes: readAt(part, bloom, num(meta, 15)!) });
    }
    const compressedSize = this.pos - start;
    // DuckDB's bloom filters, copied after the row group they index
    for (const b of blooms) {
      set(b.meta, 14, T.I64, BigInt(this.pos));
      this.write([b.bytes]);
    }
    set(rg, 2, T.I64, BigInt(uncompressed));
    set(rg, 5, T.I64, BigInt(start));
    set(rg, 6, T.I64, BigInt(compressedSize));
    // ordinal is an i16: left out past its range
    if (this.rowGroups.length < 32768) set(rg, 7, T.I16, this.rowGroups.length);
    else unset(rg, 7);
    this.rowGroups.push(rg);
  }

  /** The pages of a column chunk, definition levels dropped when `required`, compressed. */
  private pages(bytes: Buffer, required: boolean): { type: number; header: Uint8Array; body: Uint8Array; rawLength: number }[] {
    const parsed: { type: number; header: TStruct; payload: Uint8Array }[] = [];
    for (let pos = 0; pos < bytes.length; ) {
      const { struct: header, end } = readStruct(bytes, pos);
      const size = num(header, 3)!;
      let payload = bytes.subarray(end, end + size);
      const type = num(header, 1)!;
      if (type !== DATA_PAGE && type !== DICTIONARY_PAGE) throw new Error(`parquet: page type ${type} not expected from DuckDB`);
      if (type === DATA_PAGE && required) {
        // [u32 length][levels][values]: the levels must be all 1s (no NULL) to be dropped
        const levels = payload.readUInt32LE(0);
        const count = num(get<TStruct>(header, 5)!, 1)!;
        if (!allDefined(payload.subarray(4, 4 + levels), count)) throw new Error('parquet: a NULL in a column declared NOT NULL');
        payload = payload.subarray(4 + levels);
      }
      parsed.push({ type, header, payload });
      pos = end + size;
    }
    return parsed.map((p) => {
      const body = this.compress(p.payload);
      set(p.header, 2, T.I32, p.payload.length);
      set(p.header, 3, T.I32, body.length);
      return { type: p.type, header: writeStruct(p.header), body, rawLength: p.payload.length };
    });
  }

  /** Writes the merged footer and closes the file. */
  close(): void {
    const meta = this.rest!;
    set(meta, 2, T.LIST, this.schema!);
    set(meta, 3, T.I64, this.rows);
    set(meta, 4, T.LIST, { kind: 'list', type: T.LIST, elemType: T.STRUCT, items: this.rowGroups });
    const footer = writeStruct(meta);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(footer.length, 0);
    this.write([footer, length, MAGIC]);
    closeSync(this.fd);
  }

  /** After an error: closes the file without a footer. */
  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
