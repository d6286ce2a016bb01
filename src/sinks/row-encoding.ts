// Row encodings a worker thread can apply for a sink (chunk-pool.ts), so the
// main thread only writes the bytes: CSV records, PostgreSQL binary COPY tuples.
// The sink encodes with the same function when the rows come from its own thread.
import type { Column, Row } from '../engine/model.js';
import { csvRecords } from './csv-records.js';
import { formatterFor, mayNeedQuotes } from './format.js';
import { binaryEncoder } from './pgbinary.js';

export type RowEncoding = 'csv' | 'pg-binary';

export function rowEncoder(kind: RowEncoding, columns: readonly Column[]): (rows: readonly Row[]) => Uint8Array {
  if (kind === 'pg-binary') return binaryEncoder(columns);
  const formatters = columns.map(formatterFor);
  const quotable = columns.map(mayNeedQuotes);
  return (rows) => Buffer.from(csvRecords(rows, formatters, quotable), 'utf8');
}
