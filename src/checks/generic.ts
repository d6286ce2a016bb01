// Checks every scenario gets while its rows stream: primary keys unique, foreign
// keys resolving to a parent already streamed, NOT NULL columns, exact row counts.
import { count } from './figures.js';
import type { CheckResult, Row, TableDef } from '../engine/model.js';

interface TableState {
  def: TableDef;
  keyIdx: number[];
  keys: Set<string | number>;
  duplicates: number;
  nullIdx: number[];
  nulls: number;
  rows: number;
  fks: { idx: number[]; parent: string; orphans: number }[];
}

function keyOf(row: Row, idx: number[]): string | number {
  if (idx.length === 1) return row[idx[0]] as string | number;
  return idx.map((i) => String(row[i])).join('\u0001');
}

export class GenericChecks {
  private tables = new Map<string, TableState>();

  constructor(defs: readonly TableDef[]) {
    for (const def of defs) {
      const cols = def.spec.columns.map((c) => c.name);
      const at = (names: string[]) => names.map((n) => cols.indexOf(n));
      this.tables.set(def.spec.name, {
        def,
        keyIdx: at(def.spec.primaryKey),
        keys: new Set(),
        duplicates: 0,
        nullIdx: def.spec.columns.flatMap((c, i) => (c.nullable ? [] : [i])),
        nulls: 0,
        rows: 0,
        fks: (def.spec.foreignKeys ?? []).map((fk) => ({ idx: at(fk.columns), parent: fk.references.table, orphans: 0 })),
      });
    }
  }

  observe(table: string, rows: Row[]): void {
    const t = this.tables.get(table)!;
    const parents = t.fks.map((fk) => this.tables.get(fk.parent)?.keys);
    for (const row of rows) {
      const key = keyOf(row, t.keyIdx);
      if (t.keys.has(key)) t.duplicates++;
      else t.keys.add(key);
      for (const i of t.nullIdx) if (row[i] === null) t.nulls++;
      for (let f = 0; f < t.fks.length; f++) {
        const fk = t.fks[f];
        const ref = keyOf(row, fk.idx);
        // A NULL foreign key references nothing, as in SQL.
        if (ref !== null && ref !== 'null' && !parents[f]?.has(ref)) fk.orphans++;
      }
    }
    t.rows += rows.length;
  }

  rowCount(table: string): number {
    return this.tables.get(table)?.rows ?? 0;
  }

  results(params: Parameters<TableDef['estimateRows']>[0]): CheckResult[] {
    const out: CheckResult[] = [];
    for (const [name, t] of this.tables) {
      const pk = t.def.spec.primaryKey.join(', ');
      out.push({ name: `${name}: primary key unique`, ok: t.duplicates === 0, figure: `${count(t.duplicates)} duplicate ${pk} of ${count(t.rows)}`, phase: 'stream' });
      for (const fk of t.fks) {
        out.push({ name: `${name}: ${fk.parent} foreign key resolves`, ok: fk.orphans === 0, figure: `${count(fk.orphans)} orphan ${name} of ${count(t.rows)}`, phase: 'stream' });
      }
      out.push({ name: `${name}: NOT NULL columns filled`, ok: t.nulls === 0, figure: `${count(t.nulls)} NULLs in ${t.nullIdx.length} NOT NULL columns`, phase: 'stream' });
      if (t.def.exactRows) {
        const want = t.def.estimateRows(params);
        out.push({ name: `${name}: row count`, ok: t.rows === want, figure: `${count(t.rows)} rows (expected ${count(want)})`, phase: 'stream' });
      }
    }
    return out;
  }
}
