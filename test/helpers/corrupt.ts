// saas-metrics with rows tampered with after generation, to prove checks can fail.
import { saasMetrics } from '../../scenarios/saas-metrics/index.js';
import type { Row, Scenario, TableDef } from '../../src/engine/model.js';

/** saas-metrics with one table's rows tampered with after generation. */
export function corrupted(name: string, table: string, tamper: (rows: Row[], batchIndex: number) => Row[]): Scenario {
  return {
    ...saasMetrics,
    name,
    tables(p, seed) {
      return saasMetrics.tables(p, seed).map((def): TableDef => {
        if (def.spec.name !== table) return def;
        return {
          ...def,
          *generate(ctx) {
            let k = 0;
            for (const batch of def.generate(ctx)) yield tamper(batch.map((r) => [...r]), k++);
          },
        };
      });
    },
  };
}

/** One subscription pointing at a customer that does not exist. */
export const withOrphan = () =>
  corrupted('saas-orphan', 'subscriptions', (rows, k) => {
    if (k === 0) rows[5][1] = 'cus_0000000000000000';
    return rows;
  });
