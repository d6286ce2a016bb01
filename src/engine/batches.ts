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

/**
 * Rows made parent by parent: `rowsOf` pushes a parent's rows into the batch, and a
 * batch is handed on once it holds `size` rows, after a whole parent (so it may hold
 * a few more). For child tables of millions of rows: a generator step per row cost
 * saas-churn's usage_daily about a fifth of its generation time.
 */
export function* byParent<P>(parents: Iterable<P>, rowsOf: (parent: P, out: Row[]) => void, size: number): Generator<Row[]> {
  let batch: Row[] = [];
  for (const parent of parents) {
    rowsOf(parent, batch);
    if (batch.length >= size) yield batch, (batch = []);
  }
  if (batch.length) yield batch;
}
