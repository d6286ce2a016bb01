// The benchmark's wide table: N rows (2,000,000 by default) of 10 columns that
// cover every common logical type, generated chunk by chunk from the engine's
// named random streams, wrapped in a minimal Scenario so it goes through run().
import type { Params, Row, Scenario, TableDef } from '../src/engine/model.js';
import { intBetween, pick } from '../src/engine/random.js';

export const WIDE_TABLE = 'bench_wide';
export const WIDE_DEFAULT_ROWS = 2_000_000;
/** Rows per chunk: each chunk draws from its own stream, so chunks are independent. */
export const WIDE_CHUNK_ROWS = 100_000;

const FIRST = ['ada', 'bo', 'chen', 'dana', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jo', 'kai', 'lena', 'mo', 'nia', 'omar', 'pia'];
const LAST = ['smith', 'garcia', 'nguyen', 'müller', 'patel', 'rossi', 'kim', 'silva', 'novak', "o'brien", 'tanaka', 'okafor'];
const CATEGORIES = ['hardware', 'software', 'services', 'training', 'support', 'licences', 'consulting', 'other'];
const PLAIN_NOTES = ['ok', 'delivered on time', 'customer asked for invoice copy', 'renewal pending', 'no issues', 'follow up next week'];
// Notes that force CSV quoting: commas, quotes, both.
const QUOTED_NOTES = ['late, but complete', 'said "fine" twice', 'box "A", shelf 3', 'split, partial, backordered', '"urgent"'];

const DAY_2020 = 18_262; // 2020-01-01 as days since 1970-01-01
const DAYS = 5 * 365;

function rowsOf(params: Params): number {
  return params.rows as number;
}

export function wideTable(): TableDef {
  return {
    spec: {
      name: WIDE_TABLE,
      description: 'benchmark table: ten columns of mixed types',
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'text' },
        { name: 'category', type: 'text', values: CATEGORIES },
        { name: 'quantity', type: 'integer' },
        { name: 'amount', type: 'decimal', precision: 12, scale: 2 },
        { name: 'order_date', type: 'date' },
        { name: 'created_at', type: 'timestamp' },
        { name: 'active', type: 'boolean' },
        { name: 'note', type: 'text', values: [...PLAIN_NOTES, ...QUOTED_NOTES] },
        { name: 'parent_id', type: 'integer', nullable: true },
      ],
      primaryKey: ['id'],
      keyOrder: 'ascending',
    },
    estimateRows: rowsOf,
    exactRows: true,
    chunks: (params) => Math.ceil(rowsOf(params) / WIDE_CHUNK_ROWS),
    *generate(ctx) {
      const total = rowsOf(ctx.params);
      const first = ctx.chunk * WIDE_CHUNK_ROWS;
      const end = Math.min(total, first + WIDE_CHUNK_ROWS);
      const rng = ctx.stream();
      let batch: Row[] = [];
      for (let i = first; i < end; i++) {
        const id = i + 1;
        const day = DAY_2020 + intBetween(rng, 0, DAYS - 1);
        const r = rng();
        const note = r < 0.05 ? pick(rng, QUOTED_NOTES) : pick(rng, PLAIN_NOTES);
        batch.push([
          id,
          `${pick(rng, FIRST)} ${pick(rng, LAST)}`,
          pick(rng, CATEGORIES),
          intBetween(rng, 1, 500),
          intBetween(rng, 100, 99_999_999), // cents: 1.00 .. 999,999.99
          day,
          day * 86_400 + intBetween(rng, 0, 86_399),
          rng() < 0.7,
          note,
          // About one in five is NULL; otherwise an earlier id.
          id > 1 && rng() >= 0.2 ? intBetween(rng, 1, id - 1) : null,
        ]);
        if (batch.length >= ctx.batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}

export const benchWide: Scenario = {
  name: 'bench-wide',
  description: 'benchmark: one wide table of mixed types',
  seedFile: '',
  defaultSeed: 1,
  defaultTarget: 'csv',
  defaultOut: 'bench-out/bench-wide',
  params: [{ name: 'rows', type: 'integer', default: WIDE_DEFAULT_ROWS, min: 1, max: 100_000_000, help: 'rows in the wide table' }],
  tables: () => [wideTable()],
  // --workers: the generating threads import it from the build (dist/bench/wide-table.js).
  module: { url: import.meta.url, export: 'benchWide' },
};
