// Groups a stream of rows into batches of about `size` rows for the sinks.
import type { Row } from './model.js';

export function* inBatches(rows: Iterable<Row>, size: number): Generator<Row[]> {
  let batch: Row[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= size) yield batch, (batch = []);
  }
  if (batch.length) yield batch;
}
