// A PostgreSQL schema, queried in place in a read-only session (UTC, so months and
// hours of timestamptz columns read the same as everywhere else).
import pg from 'pg';
import { UserError } from '../errors.js';
import { quoteIdent } from '../sinks/sql.js';
import { connectOrExplain, explainPgError } from '../sinks/pgerrors.js';
import { safeUrl } from '../sinks/pgurl.js';
import { kindOfType, num, type Backend, type Dialect, type Key, type Row, type SourceColumn, type SourceTable } from './backend.js';
import { EXACT_ROWS } from './model.js';

// int8 and numeric arrive as text by default: figures are numbers here (counts stay far below 2^53).
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
};

/** Grouping sets per query: GROUPING() takes at most 31 arguments. */
const SETS_PER_QUERY = 30;

export class PgBackend implements Backend {
  readonly kind = 'postgres' as const;
  readonly bytes = null;
  readonly exactDistinct = false;
  readonly d: Dialect;

  private constructor(
    private readonly client: pg.Client,
    private readonly schema: string,
    readonly location: string,
  ) {
    const table = (name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
    this.d = {
      table,
      double: (e) => `CAST(${e} AS double precision)`,
      text: (e) => `CAST(${e} AS text)`,
      stddev: (e) => `stddev_samp(${e})`,
      floorInt: (e) => `CAST(floor(${e}) AS bigint)`,
      month: (e) => `to_char(${e}, 'YYYY-MM')`,
      hour: (e) => `CAST(extract(hour FROM ${e}) AS integer)`,
      timeText: (agg, e, kind) => `to_char(${agg}(${e}), ${kind === 'date' ? `'YYYY-MM-DD'` : `'YYYY-MM-DD HH24:MI:SS'`})`,
      isTrue: (e) => `CASE WHEN ${e} THEN 1 ELSE 0 END`,
    };
  }

  static async open(url: string | undefined, schema: string, password?: string): Promise<PgBackend> {
    const client = new pg.Client({ connectionString: url, application_name: 'synthgen inspect', types });
    // Set after construction: a password beside connectionString is overridden by the URL's (none).
    if (password) client.password = password;
    client.on('error', () => {});
    const where = safeUrl(url);
    try {
      await connectOrExplain(client);
      await client.query(`SET default_transaction_read_only = on; SET TIME ZONE 'UTC'`);
      const s = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (!s.rowCount) throw new UserError(`no schema ${schema} in PostgreSQL at ${where}`);
    } catch (e) {
      await client.end().catch(() => {});
      throw explainPgError(e, url, schema);
    }
    return new PgBackend(client, schema, `${where} schema ${schema}`);
  }

  async tables(): Promise<SourceTable[]> {
    const r = await this.client.query(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
      [this.schema],
    );
    const cols = await this.client.query(
      `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`,
      [this.schema],
    );
    return r.rows.map((t: { name: string; bytes: number }) => ({
      name: t.name,
      bytes: t.bytes,
      columns: cols.rows.filter((c: { table: string }) => c.table === t.name).map((c: { name: string; type: string }) => ({ name: c.name, type: c.type, kind: kindOfType(c.type.replace(/\(.*$/, '').replace(/ with(out)? time zone$/, '')) })),
    }));
  }

  async declaredKeys(): Promise<Key[]> {
    const r = await this.client.query(
      `SELECT c.relname AS table, f.relname AS ref,
              ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
              ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) AS refs
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'f' AND n.nspname = $1 ORDER BY c.relname, k.conname`,
      [this.schema],
    );
    return r.rows.map((k: { table: string; ref: string; cols: string[] | string; refs: string[] | string }) => ({ table: k.table, columns: nameArray(k.cols), references: { table: k.ref, columns: nameArray(k.refs) } }));
  }

  async all(sql: string): Promise<Row[]> {
    return (await this.client.query(sql)).rows as Row[];
  }

  /** The planner's estimates (pg_stats, from ANALYZE); null for a column never analysed. */
  async approxDistinct(table: string, columns: SourceColumn[]): Promise<(number | null)[]> {
    const r = await this.client.query(
      `SELECT s.attname AS name, s.n_distinct AS nd, c.reltuples AS rows FROM pg_stats s JOIN pg_namespace n ON n.nspname = s.schemaname
         JOIN pg_class c ON c.relname = s.tablename AND c.relnamespace = n.oid WHERE s.schemaname = $1 AND s.tablename = $2`,
      [this.schema, table],
    );
    const by = new Map(r.rows.map((s: { name: string; nd: number; rows: number }) => [s.name, s.nd >= 0 ? s.nd : Math.round(-s.nd * s.rows)]));
    return columns.map((c) => by.get(c.name) ?? null);
  }

  /** Exact quartiles of a repeatable block sample of about EXACT_ROWS rows. */
  async approxQuartiles(table: string, columns: SourceColumn[]): Promise<([number, number, number] | null)[]> {
    if (!columns.length) return [];
    const est = await this.client.query(`SELECT reltuples AS n FROM pg_class WHERE oid = $1::regclass`, [this.d.table(table)]);
    const percent = Math.min(100, (100 * EXACT_ROWS) / Math.max(1, num(est.rows[0]?.n) ?? 1));
    const r = await this.all(
      `SELECT ${columns.map((c, i) => `percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY ${this.d.double(quoteIdent(c.name))}) AS q${i}`).join(', ')}
         FROM ${this.d.table(table)} TABLESAMPLE SYSTEM (${percent}) REPEATABLE (42)`,
    );
    return columns.map((_, i) => (r[0][`q${i}`] as [number, number, number] | null) ?? null);
  }

  quartilesAggregate(expr: string): string {
    return `percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY ${expr})`;
  }

  /**
   * GROUPING SETS: one scan for every expression (up to 30 per query). PostgreSQL cannot
   * estimate how many groups such expressions make and sorts the rows once per set (125 s
   * for 50M tap events at QA), so a table over EXACT_ROWS is counted on a repeatable block
   * sample of about EXACT_ROWS rows.
   */
  async countsBy(table: string, exprs: string[], rows: number): Promise<{ counts: Map<string, number>[]; sample: number | null }> {
    const counts: Map<string, number>[] = exprs.map(() => new Map());
    const sampled = rows > EXACT_ROWS;
    const from = `${this.d.table(table)}${sampled ? ` TABLESAMPLE SYSTEM (${Math.min(100, (100 * EXACT_ROWS) / rows)}) REPEATABLE (42)` : ''}`;
    let sample: number | null = null;
    for (let start = 0; start < exprs.length; start += SETS_PER_QUERY) {
      const part = exprs.slice(start, start + SETS_PER_QUERY);
      const keys = part.map((e) => this.d.text(e));
      // The empty set () gives the rows counted (GROUPING() then has every bit set).
      const r = await this.all(
        `SELECT ${keys.map((k, i) => `${k} AS k${i}`).join(', ')}, GROUPING(${keys.join(', ')}) AS g, count(*) AS n FROM ${from}
          GROUP BY GROUPING SETS (${keys.map((k) => `(${k})`).join(', ')}, ())`,
      );
      for (const row of r) {
        const g = Number(row.g);
        // GROUPING() sets a bit for every key NOT grouped on; the first key is the highest bit.
        const i = part.findIndex((_, j) => ((g >> (part.length - 1 - j)) & 1) === 0);
        if (i < 0) sample = Number(row.n);
        else if (row[`k${i}`] !== null) counts[start + i].set(String(row[`k${i}`]), Number(row.n));
      }
    }
    return { counts, sample: sampled ? sample : null };
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}

/** name[] arrives as a JS array, or as '{a,b}' text from drivers that do not parse it. */
function nameArray(v: string[] | string): string[] {
  return Array.isArray(v) ? v : v.slice(1, -1).split(',').map((s) => s.replace(/^"|"$/g, ''));
}
