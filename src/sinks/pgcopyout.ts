// Rows read back from PostgreSQL's binary COPY TO STDOUT format, for a query
// whose columns are all float8, boolean or text (generatorValueSql in sql.ts):
// about twice as fast as a cursor's rows through pg's text protocol.
// Format: an 11-byte signature, flags and header-extension length, then per
// tuple an int16 field count and per field an int32 length (-1: NULL) and the
// bytes; an int16 -1 ends the data.
import type { Row } from '../engine/model.js';

export type CopyOutKind = 'float8' | 'bool' | 'text';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export class CopyOutDecoder {
  private rest: Buffer = Buffer.alloc(0);
  private headerRead = false;
  /** The trailer (-1) was read: the data is complete. */
  done = false;

  constructor(private readonly kinds: readonly CopyOutKind[]) {}

  /** The whole tuples in `chunk` (with what was left of the one before); a partial tuple waits for the next. */
  push(chunk: Buffer): Row[] {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let p = 0;
    if (!this.headerRead) {
      if (buf.length < 19) return this.keep(buf, 0, []);
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new Error('COPY TO STDOUT did not start with the binary signature');
      const extension = buf.readUInt32BE(15);
      if (buf.length < 19 + extension) return this.keep(buf, 0, []);
      p = 19 + extension;
      this.headerRead = true;
    }
    const rows: Row[] = [];
    const width = this.kinds.length;
    for (;;) {
      if (buf.length - p < 2) break;
      const fields = buf.readInt16BE(p);
      if (fields === -1) {
        this.done = true;
        p += 2;
        break;
      }
      if (fields !== width) throw new Error(`COPY TO STDOUT: a tuple of ${fields} fields, expected ${width}`);
      let q = p + 2;
      const row: Row = new Array(width);
      let whole = true;
      for (let i = 0; i < width; i++) {
        if (buf.length - q < 4) {
          whole = false;
          break;
        }
        const len = buf.readInt32BE(q);
        q += 4;
        if (len === -1) {
          row[i] = null;
          continue;
        }
        if (buf.length - q < len) {
          whole = false;
          break;
        }
        const kind = this.kinds[i];
        row[i] = kind === 'float8' ? buf.readDoubleBE(q) : kind === 'bool' ? buf[q] !== 0 : buf.toString('utf8', q, q + len);
        q += len;
      }
      if (!whole) break;
      rows.push(row);
      p = q;
    }
    return this.keep(buf, p, rows);
  }

  private keep(buf: Buffer, from: number, rows: Row[]): Row[] {
    // A copy: the leftover must not pin the whole chunk it came from.
    this.rest = from < buf.length ? Buffer.from(buf.subarray(from)) : Buffer.alloc(0);
    return rows;
  }
}
