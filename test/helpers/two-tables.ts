// A two-table test scenario: parent `shops` and child `orders`, with a knob
// (`order_amount_max`) that only the orders table reads.
import { intBetween } from '../../src/engine/random.js';
import type { Row, Scenario } from '../../src/engine/model.js';

export const twoTables: Scenario = {
  name: 'two-tables',
  description: 'test scenario',
  seedFile: '-',
  defaultSeed: 1,
  defaultTarget: 'csv',
  defaultOut: 'out',
  params: [
    { name: 'shops', type: 'integer', default: 50, min: 1, max: 10_000, help: 'shops' },
    { name: 'order_amount_max', type: 'integer', default: 100, min: 1, max: 1_000_000, help: 'orders only' },
  ],
  tables: (p) => [
    {
      spec: {
        name: 'orders',
        description: 'child declared first to exercise the planner',
        columns: [
          { name: 'order_id', type: 'integer' },
          { name: 'shop_id', type: 'integer' },
          { name: 'amount', type: 'decimal', precision: 10, scale: 2 },
        ],
        primaryKey: ['order_id'],
        foreignKeys: [{ columns: ['shop_id'], references: { table: 'shops', columns: ['shop_id'] } }],
      },
      estimateRows: (q) => (q.shops as number) * 20,
      exactRows: true,
      chunks: () => 4,
      *generate(ctx) {
        const rng = ctx.stream();
        const per = ((p.shops as number) * 20) / 4;
        let batch: Row[] = [];
        for (let i = 0; i < per; i++) {
          const id = ctx.chunk * per + i;
          batch.push([id, intBetween(rng, 0, (p.shops as number) - 1), intBetween(rng, 1, (p.order_amount_max as number) * 100)]);
          if (batch.length >= ctx.batchSize) yield batch, (batch = []);
        }
        if (batch.length) yield batch;
      },
    },
    {
      spec: {
        name: 'shops',
        description: 'parent',
        columns: [
          { name: 'shop_id', type: 'integer' },
          { name: 'name', type: 'text' },
        ],
        primaryKey: ['shop_id'],
      },
      estimateRows: (q) => q.shops as number,
      exactRows: true,
      chunks: () => 1,
      *generate(ctx) {
        const rng = ctx.stream();
        yield Array.from({ length: p.shops as number }, (_, i): Row => [i, `shop "${Math.floor(rng() * 1e6)}", ltd`]);
      },
    },
  ],
};
