// Checks every scenario gets while its rows stream: primary keys unique, foreign
// keys resolving to a parent already streamed, NOT NULL columns, exact row counts;
// and, for information, the children per parent row of every foreign key.
// Tables stream in their declared order, so once a table's last child has
// streamed its keys are let go (and the children counts of the keys into it,
// their figures taken first): at bar-platform PRODUCTION the Stripe ids and the
// deal stages' key set would otherwise stay until the end of the run.
import { cardinality, ChildCounts } from './childcounts.js';
import { count } from './figures.js';
import { KeySet } from './keyset.js';
import type { CheckResult, Row, TableDef } from '../engine/model.js';

interface TableState {
  def: TableDef;
  keyIdx: number[];
  keys: KeySet;
  /** For keyOrder 'ascending': the last key seen, and rows not above it. */
  last: Row | null;
  outOfOrder: number;
  /** Kept only when a child table references this one. */
  remember: boolean;
  /** Its declared position, and the last table that reads its keys (itself, or its last child). */
  order: number;
  lastUse: number;
  /** Its keys were let go: no later table may stream into it or reference it. */
  released: boolean;
  duplicates: number;
  nullIdx: number[];
  nulls: number;
  rows: number;
  fks: ForeignKeyState[];
}

interface ForeignKeyState {
  idx: number[];
  parent: string;
  orphans: number;
  /** Children per parent key; null where not counted (a key of several columns or not a small integer). */
  children: ChildCounts | null;
  /** The cardinality line's name: "usage_daily per customers", with the columns when the child has several keys to that parent. */
  label: string;
  /** The children-per-parent line, taken when the parent's keys were let go. */
  perParent: CheckResult | null;
}

function keyOf(row: Row, idx: number[]): string | number {
  if (idx.length === 1) return row[idx[0]] as string | number;
  return idx.map((i) => String(row[i])).join('\u0001');
}

/** Tuple order of two rows' key columns. */
function compareKeys(a: Row, b: Row, idx: number[]): number {
  for (const i of idx) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export class GenericChecks {
  private tables = new Map<string, TableState>();
  /** The position of the table streaming now: the tables before it are complete. */
  private at = -1;

  constructor(defs: readonly TableDef[]) {
    for (const [order, def] of defs.entries()) {
      const cols = def.spec.columns.map((c) => c.name);
      const at = (names: string[]) => names.map((n) => cols.indexOf(n));
      this.tables.set(def.spec.name, {
        def,
        keyIdx: at(def.spec.primaryKey),
        keys: new KeySet(def.spec.keyOrder === 'ascending'),
        last: null,
        outOfOrder: 0,
        remember: false,
        order,
        lastUse: order,
        released: false,
        duplicates: 0,
        nullIdx: def.spec.columns.flatMap((c, i) => (c.nullable ? [] : [i])),
        nulls: 0,
        rows: 0,
        fks: (def.spec.foreignKeys ?? []).map((fk, _, all) => ({
          idx: at(fk.columns),
          parent: fk.references.table,
          orphans: 0,
          children: fk.columns.length === 1 ? new ChildCounts() : null,
          label: `${def.spec.name} per ${fk.references.table}${all.filter((o) => o.references.table === fk.references.table).length > 1 ? ` (${fk.columns.join(', ')})` : ''}`,
          perParent: null,
        })),
      });
    }
    for (const t of this.tables.values()) for (const fk of t.fks) {
      const parent = this.tables.get(fk.parent);
      if (parent) {
        parent.remember = true;
        parent.lastUse = Math.max(parent.lastUse, t.order);
      }
    }
  }

  /** Called as table `order` starts streaming: every table whose keys no table from here on reads lets them go. */
  private reachTable(order: number): void {
    if (order < this.at) throw new Error('GenericChecks: tables must be observed in their declared order');
    this.at = order;
    for (const t of this.tables.values()) {
      if (t.released || t.lastUse >= order) continue;
      for (const child of this.tables.values()) for (const fk of child.fks) {
        if (fk.parent !== t.def.spec.name) continue;
        fk.perParent = this.childrenPerParent(fk);
        fk.children = null;
      }
      t.keys = new KeySet();
      t.released = true;
    }
  }

  // The hot path of every run: one pass per batch, split by check so each loop stays simple.
  observe(table: string, rows: Row[]): void {
    const t = this.tables.get(table)!;
    if (t.order !== this.at) this.reachTable(t.order);
    const n = rows.length;
    if (t.def.spec.keyOrder === 'ascending') {
      const idx = t.keyIdx;
      const k0 = idx[0];
      let last = t.last;
      for (let r = 0; r < n; r++) {
        const row = rows[r];
        if (last !== null) {
          const a = row[k0] as number | string;
          const b = last[k0] as number | string;
          if (a < b || (a === b && (idx.length === 1 || compareKeys(row, last, idx) <= 0))) t.outOfOrder++;
        }
        last = row;
      }
      t.last = last;
      if (t.remember) for (let r = 0; r < n; r++) t.keys.add(keyOf(rows[r], idx));
    } else {
      for (let r = 0; r < n; r++) {
        const key = keyOf(rows[r], t.keyIdx);
        if (t.keys.has(key)) t.duplicates++;
        else t.keys.add(key);
      }
    }
    for (const i of t.nullIdx) for (let r = 0; r < n; r++) if (rows[r][i] === null) t.nulls++;
    for (const fk of t.fks) {
      const parent = this.tables.get(fk.parent)?.keys;
      const children = fk.children;
      for (let r = 0; r < n; r++) {
        const ref = keyOf(rows[r], fk.idx);
        // A NULL foreign key references nothing, as in SQL.
        if (ref === null || ref === 'null') continue;
        if (!parent?.has(ref)) fk.orphans++;
        else if (children !== null) children.add(ref);
      }
      if (children?.gaveUp) fk.children = null;
    }
    t.rows += n;
  }

  /** min / mean / max children per parent row, parents without children counting 0: for information. */
  private childrenPerParent(fk: ForeignKeyState): CheckResult | null {
    const parent = this.tables.get(fk.parent);
    const keys = parent?.keyIdx.length === 1 ? parent.keys.denseMap : null;
    if (!fk.children || !keys) return null;
    const c = cardinality(keys, fk.children);
    return { name: fk.label, ok: true, info: true, phase: 'stream', figure: `min ${count(c.min)} / mean ${c.mean.toFixed(2)} / max ${count(c.max)} over ${count(c.parents)} ${fk.parent}` };
  }

  results(params: Parameters<TableDef['estimateRows']>[0]): CheckResult[] {
    const out: CheckResult[] = [];
    for (const [name, t] of this.tables) {
      const pk = t.def.spec.primaryKey.join(', ');
      if (t.def.spec.keyOrder === 'ascending') {
        out.push({ name: `${name}: primary key unique`, ok: t.outOfOrder === 0, figure: `${count(t.outOfOrder)} of ${count(t.rows)} ${pk} not above the previous (keys strictly ascending, so unique)`, phase: 'stream' });
      } else {
        out.push({ name: `${name}: primary key unique`, ok: t.duplicates === 0, figure: `${count(t.duplicates)} duplicate ${pk} of ${count(t.rows)}`, phase: 'stream' });
      }
      for (const fk of t.fks) {
        out.push({ name: `${name}: ${fk.parent} foreign key resolves`, ok: fk.orphans === 0, figure: `${count(fk.orphans)} orphan ${name} of ${count(t.rows)}`, phase: 'stream' });
        const perParent = fk.perParent ?? this.childrenPerParent(fk);
        if (perParent) out.push(perParent);
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
