// A batch of rows as a few typed arrays, to move it from a worker thread to the
// main thread without structured-cloning millions of small arrays (measured on
// saas-churn: cloning the rows cost the main thread more than generating them).
// Numbers travel as Float64 (NULL as NaN: every number a generator makes is a
// finite integer), booleans as bytes, text as a per-batch dictionary of its
// distinct values and a code per row. The dictionary travels as an array of
// strings, each its own copy on arrival: slices of one joined string would each
// keep the whole string alive (a key set holding a million keys held a million
// batches' worth of text that way).
import type { Column, Row, Value } from './model.js';

export type WireColumn =
  | { kind: 'number'; values: Float64Array }
  | { kind: 'boolean'; values: Uint8Array }
  | { kind: 'text'; codes: Int32Array; values: string[] };

export interface WireBatch {
  rows: number;
  columns: WireColumn[];
}

const NULL_BOOLEAN = 2;

function kindOf(c: Column): WireColumn['kind'] {
  return c.type === 'text' || c.type === 'json' ? 'text' : c.type === 'boolean' ? 'boolean' : 'number';
}

function wrongValue(table: string, c: Column, v: Value): Error {
  return new Error(`${table}.${c.name}: a ${c.type} column got ${typeof v === 'string' ? JSON.stringify(v) : String(v)} (${typeof v}) from its generator`);
}

/** Encodes `rows` of `table`; the buffers of the result are for postMessage's transfer list. */
export function encodeBatch(table: string, columns: readonly Column[], rows: readonly Row[]): { batch: WireBatch; transfer: ArrayBuffer[] } {
  const n = rows.length;
  const out: WireColumn[] = [];
  const transfer: ArrayBuffer[] = [];
  columns.forEach((c, j) => {
    switch (kindOf(c)) {
      case 'number': {
        const values = new Float64Array(n);
        for (let r = 0; r < n; r++) {
          const v = rows[r][j];
          if (v === null) values[r] = NaN;
          else if (typeof v === 'number' && Number.isFinite(v)) values[r] = v;
          else throw wrongValue(table, c, v);
        }
        out.push({ kind: 'number', values });
        transfer.push(values.buffer);
        break;
      }
      case 'boolean': {
        const values = new Uint8Array(n);
        for (let r = 0; r < n; r++) {
          const v = rows[r][j];
          if (v === null) values[r] = NULL_BOOLEAN;
          else if (typeof v === 'boolean') values[r] = v ? 1 : 0;
          else throw wrongValue(table, c, v);
        }
        out.push({ kind: 'boolean', values });
        transfer.push(values.buffer);
        break;
      }
      case 'text': {
        const codes = new Int32Array(n);
        const seen = new Map<string, number>();
        const distinct: string[] = [];
        for (let r = 0; r < n; r++) {
          const v = rows[r][j];
          if (v === null) {
            codes[r] = -1;
            continue;
          }
          if (typeof v !== 'string') throw wrongValue(table, c, v);
          let code = seen.get(v);
          if (code === undefined) {
            code = distinct.length;
            seen.set(v, code);
            distinct.push(v);
          }
          codes[r] = code;
        }
        out.push({ kind: 'text', codes, values: distinct });
        transfer.push(codes.buffer);
        break;
      }
    }
  });
  return { batch: { rows: n, columns: out }, transfer };
}

/** The rows again, value for value. */
export function decodeBatch(batch: WireBatch): Row[] {
  const n = batch.rows;
  const m = batch.columns.length;
  const rows: Row[] = new Array(n);
  for (let r = 0; r < n; r++) rows[r] = new Array(m);
  for (let j = 0; j < m; j++) {
    const col = batch.columns[j];
    if (col.kind === 'number') {
      const a = col.values;
      for (let r = 0; r < n; r++) {
        const v = a[r];
        rows[r][j] = v !== v ? null : v;
      }
    } else if (col.kind === 'boolean') {
      const a = col.values;
      for (let r = 0; r < n; r++) rows[r][j] = a[r] === NULL_BOOLEAN ? null : a[r] === 1;
    } else {
      const dict = col.values;
      const codes = col.codes;
      for (let r = 0; r < n; r++) {
        const code = codes[r];
        rows[r][j] = code < 0 ? null : dict[code];
      }
    }
  }
  return rows;
}
