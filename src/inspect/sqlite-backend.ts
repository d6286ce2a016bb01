// SQLite files, queried in place through better-sqlite3, opened read-only. SQLite has
// no standard deviation or quantiles: two small aggregates of ours supply them.
import Database from 'better-sqlite3';
import { quoteIdent, quoteString } from '../sinks/sql.js';
import { kindOfType, num, type Backend, type Dialect, type Key, type Row, type SourceColumn, type SourceTable } from './backend.js';
import { EXACT_ROWS } from './model.js';
import { quartilesOf } from './quartiles.js';

const dialect: Dialect = {
  table: (name) => quoteIdent(name),
  double: (e) => `CAST(${e} AS REAL)`,
  text: (e) => `CAST(${e} AS TEXT)`,
  stddev: (e) => `sg_stddev(${e})`,
  floorInt: (e) => `CAST(${e} AS INTEGER)`,
  // Dates and timestamps are ISO text ('2024-01-31', '2024-01-31T13:45:00Z').
  month: (e) => `substr(${e}, 1, 7)`,
  hour: (e) => `CAST(substr(${e}, 12, 2) AS INTEGER)`,
  timeText: (agg, e) => `${agg}(${e})`,
  isTrue: (e) => `CASE WHEN ${e} THEN 1 ELSE 0 END`,
};

/** Welford's running variance: one pass, stable for large values. */
function registerAggregates(db: Database.Database): void {
  db.aggregate('sg_stddev', {
    start: () => ({ n: 0, mean: 0, m2: 0 }),
    step: (s: { n: number; mean: number; m2: number }, v: unknown) => {
      if (v === null || v === undefined) return;
      const x = Number(v);
      s.n++;
      const d = x - s.mean;
      s.mean += d / s.n;
      s.m2 += d * (x - s.mean);
    },
    result: (s: { n: number; m2: number }) => (s.n < 2 ? null : Math.sqrt(s.m2 / (s.n - 1))),
  });
  // Quartiles of every value up to EXACT_ROWS; beyond, of a reservoir sample that size (a fixed-seed generator, so reruns agree).
  db.aggregate('sg_quartiles', {
    start: () => ({ values: new Float64Array(1024), n: 0, seen: 0, rand: 0x9e3779b9 }),
    step: (s: { values: Float64Array; n: number; seen: number; rand: number }, v: unknown) => {
      if (v === null || v === undefined) return;
      const x = Number(v);
      s.seen++;
      if (s.n < EXACT_ROWS) {
        if (s.n === s.values.length) {
          const grown = new Float64Array(Math.min(EXACT_ROWS, s.values.length * 2));
          grown.set(s.values);
          s.values = grown;
        }
        s.values[s.n++] = x;
        return;
      }
      s.rand = (Math.imul(s.rand, 1664525) + 1013904223) >>> 0;
      const j = Math.floor((s.rand / 2 ** 32) * s.seen);
      if (j < EXACT_ROWS) s.values[j] = x;
    },
    result: (s: { values: Float64Array; n: number }) => (s.n === 0 ? null : JSON.stringify(quartilesOf(s.values.subarray(0, s.n)))),
  });
}

export class SqliteBackend implements Backend {
  readonly kind = 'sqlite' as const;
  readonly d = dialect;
  readonly exactDistinct = false;
  private readonly db: Database.Database;

  constructor(
    path: string,
    readonly location: string,
    readonly bytes: number,
  ) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    registerAggregates(this.db);
  }

  private tableNames(): { name: string }[] {
    return this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  }

  async tables(): Promise<SourceTable[]> {
    const sizes = this.sizes();
    return this.tableNames().map(({ name }) => ({
      name,
      columns: (this.db.prepare(`SELECT name, type FROM pragma_table_info(${quoteString(name)}) ORDER BY cid`).all() as { name: string; type: string }[]).map((c) => ({ name: c.name, type: c.type || 'ANY', kind: kindOfType(c.type) })),
      bytes: sizes.get(name) ?? null,
    }));
  }

  /** Pages of each table and its indexes (dbstat), or none where SQLite was built without it. */
  private sizes(): Map<string, number> {
    try {
      const rows = this.db.prepare(`SELECT m.tbl_name AS name, sum(s.pgsize) AS bytes FROM dbstat s JOIN sqlite_master m ON m.name = s.name GROUP BY m.tbl_name`).all() as { name: string; bytes: number }[];
      return new Map(rows.map((r) => [r.name, r.bytes]));
    } catch {
      return new Map();
    }
  }

  async declaredKeys(): Promise<Key[]> {
    const keys: Key[] = [];
    // Names only: tables() also sizes every table (dbstat reads every page of the file).
    for (const t of this.tableNames()) {
      const rows = this.db.prepare(`SELECT id, seq, "table" AS ref, "from" AS col, "to" AS refcol FROM pragma_foreign_key_list(${quoteString(t.name)}) ORDER BY id, seq`).all() as { id: number; ref: string; col: string; refcol: string | null }[];
      const byId = new Map<number, Key>();
      for (const r of rows) {
        let k = byId.get(r.id);
        if (!k) byId.set(r.id, (k = { table: t.name, columns: [], references: { table: r.ref, columns: [] } }));
        k.columns.push(r.col);
        // REFERENCES t without columns means t's primary key.
        k.references.columns.push(r.refcol ?? this.primaryKey(r.ref)[k.columns.length - 1]);
      }
      keys.push(...[...byId.keys()].sort((a, b) => b - a).map((id) => byId.get(id)!));
    }
    return keys;
  }

  private primaryKey(table: string): string[] {
    return (this.db.prepare(`SELECT name FROM pragma_table_info(${quoteString(table)}) WHERE pk > 0 ORDER BY pk`).all() as { name: string }[]).map((r) => r.name);
  }

  async all(sql: string): Promise<Row[]> {
    return this.db.prepare(sql).all() as Row[];
  }

  async approxQuartiles(table: string, columns: SourceColumn[]): Promise<([number, number, number] | null)[]> {
    if (!columns.length) return [];
    const r = await this.all(`SELECT ${columns.map((c, i) => `sg_quartiles(${quoteIdent(c.name)}) AS q${i}`).join(', ')} FROM ${quoteIdent(table)}`);
    return columns.map((_, i) => (r[0][`q${i}`] === null ? null : (JSON.parse(String(r[0][`q${i}`])) as [number, number, number])));
  }

  quartilesAggregate(expr: string): string {
    return `sg_quartiles(${expr})`;
  }

  /** One GROUP BY per expression: SQLite has no grouping sets. */
  async countsBy(table: string, exprs: string[]): Promise<{ counts: Map<string, number>[]; sample: null }> {
    const counts = exprs.map((e) => {
      const rows = this.db.prepare(`SELECT ${e} AS k, count(*) AS n FROM ${quoteIdent(table)} WHERE ${e} IS NOT NULL GROUP BY 1`).all() as { k: unknown; n: number }[];
      return new Map(rows.map((r) => [String(r.k), num(r.n)!]));
    });
    return { counts, sample: null };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
