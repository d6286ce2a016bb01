// Scenarios with rows tampered with after generation, to prove checks can fail.
import { saasMetrics } from '../../scenarios/saas-metrics/index.js';
import type { Row, Scenario, TableDef } from '../../src/engine/model.js';

/** `scenario` with each row of `table` passed through `change` (row copy, index in the table). */
export function tampered(scenario: Scenario, table: string, change: (row: Row, index: number) => void, name = scenario.name): Scenario {
  return {
    ...scenario,
    name,
    tables: (p, seed) =>
      scenario.tables(p, seed).map((def): TableDef =>
        def.spec.name !== table
          ? def
          : {
              ...def,
              *generate(ctx) {
                let i = 0;
                for (const batch of def.generate(ctx))
                  yield batch.map((r) => {
                    const copy = [...r];
                    change(copy, i++);
                    return copy;
                  });
              },
            },
      ),
  };
}

/** saas-metrics under another name, with one subscription pointing at a customer that does not exist. */
export const withOrphan = () => tampered(saasMetrics, 'subscriptions', (r, i) => i === 5 && (r[1] = 'cus_0000000000000000'), 'saas-orphan');
