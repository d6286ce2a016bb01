// Which keys and indexes a DuckDB file declares. DuckDB holds an index (ART: every
// primary key, every foreign key of a child table, every CREATE INDEX) in memory while
// it builds it, and fails the load when it outgrows the memory synthgen gives DuckDB
// (256 MB; "ART indexes must currently be able to fit in memory during index
// creation", DuckDB's docs). Measured in 256 MB: a primary key and a foreign key to
// 45,000 parents held 3M rows whose references come in random order and failed at 4M;
// with references in parent order (as scenarios make them) 10M held and 25M failed.
// So a table declares its keys only up to 2,097,152 rows; a bigger one lands without
// key or index and its keys are proven by the read-back checks alone (key unique, no
// orphans), as in a Parquet or CSV output. Row counts come from the parameters and the
// seed, so the same run declares the same keys whatever the batch size or workers.
import type { ForeignKey, TableSpec } from '../engine/model.js';

export const KEYED_ROWS_MAX = 2_097_152;

export interface DuckKeys {
  /** The primary key, its indexes and the foreign keys below are declared. */
  keyed: boolean;
  /** Foreign keys declared: the table's, where both it and the table it references are keyed. */
  foreignKeys: ForeignKey[];
}

/** The keys of a table of `rows` rows, given the tables already keyed (its parents come first). */
export function duckKeys(spec: TableSpec, rows: number, keyedTables: ReadonlySet<string>, most = KEYED_ROWS_MAX): DuckKeys {
  const keyed = rows <= most;
  const parentKeyed = (fk: ForeignKey) => fk.references.table === spec.name || keyedTables.has(fk.references.table);
  return { keyed, foreignKeys: keyed ? (spec.foreignKeys ?? []).filter(parentKeyed) : [] };
}

/** A file's keys, decided table by table in load order (parents before their children). */
export class DuckKeyPlan {
  private keyedTables = new Set<string>();
  /** Primary and foreign keys declared so far. */
  declared = 0;

  constructor(readonly most = KEYED_ROWS_MAX) {}

  /** The keys of the next table, once its row count is known. */
  decide(spec: TableSpec, rows: number): DuckKeys {
    const keys = duckKeys(spec, rows, this.keyedTables, this.most);
    if (keys.keyed) this.keyedTables.add(spec.name);
    this.declared += (keys.keyed ? 1 : 0) + keys.foreignKeys.length;
    return keys;
  }

  isKeyed(table: string): boolean {
    return this.keyedTables.has(table);
  }
}
