// Orders tables so every parent is generated (and checked) before its children.
import { UserError } from '../errors.js';
import type { TableDef } from './model.js';

/** Stable topological order by foreign keys: declaration order among independent tables. */
export function loadOrder(tables: readonly TableDef[]): TableDef[] {
  const byName = new Map(tables.map((t) => [t.spec.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: TableDef[] = [];
  const visit = (t: TableDef) => {
    if (done.has(t.spec.name)) return;
    if (visiting.has(t.spec.name)) throw new UserError(`foreign keys form a cycle through table ${t.spec.name}`);
    visiting.add(t.spec.name);
    for (const fk of t.spec.foreignKeys ?? []) {
      const parent = byName.get(fk.references.table);
      if (parent && parent !== t) visit(parent);
    }
    visiting.delete(t.spec.name);
    done.add(t.spec.name);
    order.push(t);
  };
  tables.forEach(visit);
  return order;
}
