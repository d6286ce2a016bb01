// What the PostgreSQL shard tests share: the binary against the test server (shards
// started at once, the finishing step), and what a schema holds, as hashes to compare.
import { expect } from 'vitest';
import { runCli, runCliAsync, type CliResult } from './binary.js';
import type { testServer } from './pg.js';

export interface Check {
  name: string;
  ok: boolean;
  figure: string;
  phase: string;
}
export const checksOf = (stdout: string): Check[] => (JSON.parse(stdout) as { checks: Check[] }).checks.map(({ name, ok, figure, phase }) => ({ name, ok, figure, phase }));

/** A run that succeeded: exit 0, no error line. */
export const ok = (r: CliResult) => {
  expect(r.stderr.split('\n').filter((l) => l.startsWith('synthgen:'))).toEqual([]);
  expect(r.status).toBe(0);
  return r;
};

export function pgShards(server: ReturnType<typeof testServer>) {
  const url = () => server.plainUrl;
  const cli = (dir: string, args: string[]) => runCli(dir, [...args], 60_000, server.env);
  const cliAsync = (dir: string, args: string[]) => runCliAsync(dir, [...args], 60_000, server.env);
  const merge = (dir: string, schema: string, extra: string[] = []) => cli(dir, ['merge-manifests', '--url', url(), '--schema', schema, ...extra]);
  /** The shards k of `base` into `schema`, all started at once (as an indexed Job starts its pods). */
  const loadShards = (dir: string, base: string[], schema: string, n: number, ks = Array.from({ length: n }, (_, k) => k), extra: string[] = []) =>
    Promise.all(ks.map((k) => cliAsync(dir, [...base, '--url', url(), '--schema', schema, '--shard', `${k}/${n}`, '--json', ...extra])));
  const one = async (sql: string, values?: unknown[]) => Object.values((await server.admin.query(sql, values)).rows[0])[0];
  /** A table's rows as text, in the order they lie in the heap (load order), hashed. */
  const rowsHash = (schema: string, table: string) => one(`SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY ctid), '')) FROM ${schema}.${table} x`);
  /**
   * Every relation in the schema, with its oid and each table's rows and their row versions (xmin):
   * any rewrite shows. `versions`: only where each row version lies and which transaction wrote it
   * (enough to show a table untouched; quicker on big ones).
   */
  async function schemaState(schema: string, versions = false) {
    const rels = (await server.admin.query(`SELECT c.relname, c.oid::text, c.relkind, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 ORDER BY 1`, [schema])).rows;
    const rows: Record<string, unknown> = {};
    for (const r of rels.filter((x) => x.relkind === 'r')) rows[r.relname] = await one(`SELECT md5(coalesce(string_agg(ctid::text || ' ' || xmin::text${versions ? '' : " || ' ' || x::text"}, E'\\n' ORDER BY ctid), '')) FROM ${schema}."${r.relname}" x`);
    return { rels, rows };
  }
  /** Every column's type (with its precision), NOT NULL and comment, every table's comment, key and index: the schema's shape. */
  async function shapeOf(schema: string) {
    const columns = await server.admin.query(
      `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, col_description(c.oid, a.attnum) AS comment, obj_description(c.oid, 'pg_class') AS table_comment
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'v') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`,
      [schema],
    );
    const indexes = await server.admin.query(`SELECT tablename, replace(indexdef, $1 || '.', '') AS def FROM pg_indexes WHERE schemaname = $1 ORDER BY 1, 2`, [schema]);
    return { columns: columns.rows, indexes: indexes.rows };
  }
  const shardsSchemaExists = async (schema: string) => Number(await one(`SELECT count(*) FROM pg_namespace WHERE nspname = $1`, [`synthgen_shards_${schema}`])) === 1;
  return { url, cli, merge, loadShards, one, rowsHash, schemaState, shapeOf, shardsSchemaExists };
}
