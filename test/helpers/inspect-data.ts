// A small, fully known dataset for `synthgen inspect`'s tests: three tables made by
// a fixed function (no randomness), writers for every source inspect reads, and the
// figures the spec says inspect must report, computed here from the rows alone
// (never by src/inspect), so the tests say what is right independently of the code.
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** Column types of the dataset; 'timestamptz' is a timestamp stored with a time zone where the source has one. */
export type DataType = 'integer' | 'decimal' | 'text' | 'date' | 'timestamp' | 'timestamptz' | 'boolean' | 'json';
export type Kind = 'integer' | 'number' | 'text' | 'json' | 'boolean' | 'date' | 'timestamp' | 'other';
export type Source = 'csv' | 'parquet' | 'duckdb' | 'sqlite' | 'postgres';

/**
 * Values: integer -> number; decimal -> number of cents (exact); text, json -> string;
 * date -> 'YYYY-MM-DD'; timestamp(tz) -> seconds since 1970-01-01 UTC; boolean; NULL -> null.
 */
export type Cell = number | string | boolean | null;

export interface DataColumn {
  name: string;
  type: DataType;
  /** The type SQLite declares (its kind follows from this name). */
  sqlite: string;
}

export interface DataTable {
  name: string;
  columns: DataColumn[];
  rows: Cell[][];
  primaryKey: string[];
  foreignKeys: { columns: string[]; references: { table: string; columns: string[] } }[];
  /** The manifest's time column (deliberately not always the first date column). */
  timeColumn: string | null;
}

const DAY = 86_400;
const JAN_2024 = Date.UTC(2024, 0, 1) / 1000;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const isoDate = (epochDays: number) => new Date(epochDays * DAY * 1000).toISOString().slice(0, 10);
/** 'YYYY-MM-DD HH:MM:SS', UTC. */
export const isoTimestamp = (s: number) => new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');

const TIERS = ['basic', 'plus', 'pro', 'basic', 'NA', 'plus', 'basic', 'pro', 'plus', 'basic', 'pro', 'NA'];

/**
 * accounts (120 rows), notes (0 rows), orders (300 rows), in that (alphabetical) order.
 * With `orphan`, order 300 references account 999, which does not exist (SQLite only:
 * the other databases enforce their keys).
 */
export function inspectDataset(opts: { orphan?: boolean } = {}): DataTable[] {
  const accounts: Cell[][] = [];
  for (let i = 1; i <= 120; i++) {
    const n = ((i - 1) % 100) + 1; // accounts 101..120 repeat the names of 1..20
    const name = `acct-${pad(n, 3)}` + (n % 7 === 0 ? '-zoë' : ''); // ë: characters are not bytes
    let cents = ((i * 7919) % 20_000) + 50;
    if (i % 9 === 0) cents = Math.round(cents / 100) * 100; // whole amounts: INTEGER storage in SQLite
    const amount = i % 10 === 3 ? null : cents;
    const signup = Date.UTC(2023, 10, 1) / 1000 / DAY + ((i * 37) % 140);
    const created = JAN_2024 + ((i * 1_234_567) % (150 * DAY));
    const active = i % 15 === 0 ? null : i % 3 !== 0;
    const meta = i % 11 === 0 ? null : `{"n":${i % 13},"tags":["a"${i % 2 ? ',"b"' : ''}]}`;
    accounts.push([i, name, TIERS[(i - 1) % 12], amount, isoDate(signup), created, active, meta]);
  }
  const orders: Cell[][] = [];
  for (let j = 1; j <= 300; j++) {
    let account: number | null = j % 17 === 0 ? null : ((j * 31) % 114) + 1; // accounts 115..120 have no orders
    if (opts.orphan && j === 300) account = 999;
    const quantity = j % 23 === 0 ? null : ((j * 5 + Math.floor(j / 7)) % 6) + 1;
    const u = ((j * 2_654_435_761) % 2 ** 32) / 2 ** 32;
    const sku = `sku-${1 + Math.floor(14 * u * u)}`;
    let at: number | null = JAN_2024 + ((j * 7_654_321) % (200 * DAY));
    if (new Date(at * 1000).getUTCMonth() === 3) at += 30 * DAY; // April stays empty: a zero month between others
    if (j % 29 === 0) at = null;
    orders.push([j, account, quantity, sku, at]);
  }
  return [
    {
      name: 'accounts',
      columns: [
        { name: 'id', type: 'integer', sqlite: 'INTEGER' },
        { name: 'name', type: 'text', sqlite: 'TEXT' },
        { name: 'tier', type: 'text', sqlite: 'TEXT' },
        { name: 'amount', type: 'decimal', sqlite: 'DECIMAL(10,2)' },
        { name: 'signup_date', type: 'date', sqlite: 'DATE' },
        { name: 'created_at', type: 'timestamp', sqlite: 'TIMESTAMP' },
        { name: 'active', type: 'boolean', sqlite: 'BOOLEAN' },
        { name: 'meta', type: 'json', sqlite: 'JSON' },
      ],
      rows: accounts,
      primaryKey: ['id'],
      foreignKeys: [],
      timeColumn: 'created_at',
    },
    {
      name: 'notes',
      columns: [
        { name: 'id', type: 'integer', sqlite: 'INTEGER' },
        { name: 'account_id', type: 'integer', sqlite: 'INTEGER' },
        { name: 'body', type: 'text', sqlite: 'TEXT' },
        { name: 'created', type: 'date', sqlite: 'DATE' },
      ],
      rows: [],
      primaryKey: ['id'],
      foreignKeys: [{ columns: ['account_id'], references: { table: 'accounts', columns: ['id'] } }],
      timeColumn: 'created',
    },
    {
      name: 'orders',
      columns: [
        { name: 'id', type: 'integer', sqlite: 'INTEGER' },
        { name: 'account_id', type: 'integer', sqlite: 'INTEGER' },
        { name: 'quantity', type: 'integer', sqlite: 'INTEGER' },
        { name: 'sku', type: 'text', sqlite: 'TEXT' },
        { name: 'ordered_at', type: 'timestamptz', sqlite: 'DATETIME' },
      ],
      rows: orders,
      primaryKey: ['id'],
      foreignKeys: [{ columns: ['account_id'], references: { table: 'accounts', columns: ['id'] } }],
      timeColumn: 'ordered_at',
    },
  ];
}

// ---------------------------------------------------------------- writers

const decimalText = (cents: number) => `${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;
const quote = (s: string) => "'" + s.replaceAll("'", "''") + "'";
const ident = (s: string) => '"' + s.replaceAll('"', '""') + '"';

/** A CSV field as synthgen writes it: ISO dates, '...T..Z' timestamps, decimals at scale 2, empty for NULL. */
function csvField(c: DataColumn, v: Cell): string {
  if (v === null) return '';
  let s: string;
  switch (c.type) {
    case 'decimal':
      s = decimalText(v as number);
      break;
    case 'timestamp':
    case 'timestamptz':
      s = new Date((v as number) * 1000).toISOString().slice(0, 19) + 'Z';
      break;
    default:
      s = String(v);
  }
  return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The type a synthgen manifest records for a column. */
function manifestType(c: DataColumn): string {
  return c.type === 'decimal' ? 'decimal(10,2)' : c.type === 'timestamptz' ? 'timestamp' : c.type;
}

/**
 * A synthgen-style manifest (src/engine/manifest.ts plus primaryKey, foreignKeys, timeColumn).
 * `files(table)` lists a table's files as paths relative to `cwd` (as a run records them).
 */
export function writeManifest(manifestPath: string, cwd: string, out: string, tables: DataTable[], files: (t: DataTable) => string[], target: string): Record<string, unknown> {
  const manifest = {
    synthgen: '0.1.0',
    scenario: 'inspect-fixture',
    seed: 7,
    params: {},
    target,
    out,
    ok: true,
    tables: tables.map((t) => ({
      name: t.name,
      rows: t.rows.length,
      columns: t.columns.map((c) => ({ name: c.name, type: manifestType(c), nullable: c.name !== 'id' })),
      primaryKey: t.primaryKey,
      foreignKeys: t.foreignKeys,
      timeColumn: t.timeColumn,
      files: files(t).map((path) => ({ path, bytes: statSync(join(cwd, path)).size, sha256: sha256(join(cwd, path)) })),
      ms: 1,
    })),
    files: [],
    checks: [
      { name: 'accounts: row count', ok: true, figure: '120 rows (expected 120)', phase: 'stream' },
      { name: 'orders per accounts', ok: true, figure: 'min 0 / mean 2.36 / max 4', phase: 'target', info: true },
    ],
    timings: {},
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** A CSV folder `cwd/out` (one <table>.csv each), with a manifest unless `manifest` is false. */
export function writeCsv(cwd: string, out: string, tables: DataTable[], manifest = true): void {
  mkdirSync(join(cwd, out), { recursive: true });
  for (const t of tables) {
    const lines = [t.columns.map((c) => c.name).join(','), ...t.rows.map((r) => r.map((v, i) => csvField(t.columns[i], v)).join(','))];
    writeFileSync(join(cwd, out, `${t.name}.csv`), lines.join('\n') + '\n');
  }
  if (manifest) writeManifest(join(cwd, out, 'synthgen-manifest.json'), cwd, out, tables, (t) => [`${out}/${t.name}.csv`], 'csv');
}

function sqlLiteral(c: DataColumn, v: Cell): string {
  if (v === null) return 'NULL';
  switch (c.type) {
    case 'integer':
      return String(v);
    case 'decimal':
      return decimalText(v as number);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'timestamp':
      return quote(isoTimestamp(v as number));
    case 'timestamptz':
      return quote(isoTimestamp(v as number) + '+00');
    default:
      return quote(String(v));
  }
}

const DUCK_TYPES: Record<DataType, string> = {
  integer: 'INTEGER',
  decimal: 'DECIMAL(10,2)',
  text: 'VARCHAR',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  boolean: 'BOOLEAN',
  json: 'JSON',
};
/** The type names DuckDB reports (DESCRIBE) for the DDL above. */
export const DUCK_TYPE_NAMES: Record<DataType, string> = { ...DUCK_TYPES, timestamptz: 'TIMESTAMP WITH TIME ZONE' };
const PG_TYPES: Record<DataType, string> = {
  integer: 'integer',
  decimal: 'numeric(10,2)',
  text: 'text',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  boolean: 'boolean',
  json: 'json', // json keeps the text as written (jsonb would respace it)
};

function createSql(t: DataTable, types: Record<DataType, string>, schema = ''): string {
  const q = (name: string) => (schema ? `${ident(schema)}.${ident(name)}` : ident(name));
  const lines = t.columns.map((c) => `${ident(c.name)} ${types[c.type]}${t.primaryKey.includes(c.name) ? ' NOT NULL' : ''}`);
  lines.push(`PRIMARY KEY (${t.primaryKey.map(ident).join(', ')})`);
  for (const fk of t.foreignKeys) lines.push(`FOREIGN KEY (${fk.columns.map(ident).join(', ')}) REFERENCES ${q(fk.references.table)} (${fk.references.columns.map(ident).join(', ')})`);
  return `CREATE TABLE ${q(t.name)} (${lines.join(', ')})`;
}

function insertSql(t: DataTable, schema = ''): string | null {
  if (!t.rows.length) return null;
  const name = schema ? `${ident(schema)}.${ident(t.name)}` : ident(t.name);
  return `INSERT INTO ${name} VALUES ${t.rows.map((r) => `(${r.map((v, i) => sqlLiteral(t.columns[i], v)).join(', ')})`).join(', ')}`;
}

/** A DuckDB file with declared primary and foreign keys. */
export async function writeDuckdb(path: string, tables: DataTable[]): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const con = await instance.connect();
  try {
    for (const t of tables) {
      await con.run(createSql(t, DUCK_TYPES));
      const insert = insertSql(t);
      if (insert) await con.run(insert);
    }
    await con.run('CHECKPOINT');
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/**
 * A Parquet folder `cwd/out`: <table>.parquet, except orders, written as orders/part-00000.parquet
 * and part-00001.parquet (150 rows each), the layout synthgen uses for big tables. With a manifest.
 */
export async function writeParquet(cwd: string, out: string, tables: DataTable[], manifest = true): Promise<void> {
  const dir = join(cwd, out);
  mkdirSync(join(dir, 'orders'), { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const files = (t: DataTable) => (t.name === 'orders' ? ['part-00000', 'part-00001'].map((p) => `${out}/orders/${p}.parquet`) : [`${out}/${t.name}.parquet`]);
  try {
    for (const t of tables) {
      await con.run(createSql({ ...t, foreignKeys: [] }, DUCK_TYPES));
      const insert = insertSql(t);
      if (insert) await con.run(insert);
      if (t.name === 'orders') {
        await con.run(`COPY (SELECT * FROM orders WHERE id <= 150 ORDER BY id) TO ${quote(join(dir, 'orders', 'part-00000.parquet'))} (FORMAT parquet)`);
        await con.run(`COPY (SELECT * FROM orders WHERE id > 150 ORDER BY id) TO ${quote(join(dir, 'orders', 'part-00001.parquet'))} (FORMAT parquet)`);
      } else {
        await con.run(`COPY (SELECT * FROM ${ident(t.name)} ORDER BY id) TO ${quote(join(dir, `${t.name}.parquet`))} (FORMAT parquet)`);
      }
    }
  } finally {
    con.closeSync();
    instance.closeSync();
  }
  if (manifest) writeManifest(join(dir, 'synthgen-manifest.json'), cwd, out, tables, files, 'parquet');
}

/** The bytes of a table's file(s) in a folder written by writeCsv or writeParquet. */
export function tableBytes(folder: string, kind: 'csv' | 'parquet', table: string): number {
  if (kind === 'csv') return statSync(join(folder, `${table}.csv`)).size;
  if (table === 'orders') return ['part-00000', 'part-00001'].reduce((a, p) => a + statSync(join(folder, 'orders', `${p}.parquet`)).size, 0);
  return statSync(join(folder, `${table}.parquet`)).size;
}

/**
 * A SQLite file as synthgen writes one: declared FOREIGN KEYs (not enforced), decimals as
 * numbers (NUMERIC affinity stores whole ones as INTEGER), booleans 0/1, dates as ISO text,
 * accounts' timestamps 'YYYY-MM-DDTHH:MM:SSZ', orders' with a space ('YYYY-MM-DD HH:MM:SS').
 */
export function writeSqlite(path: string, tables: DataTable[]): void {
  const db = new Database(path);
  try {
    db.exec('PRAGMA journal_mode = DELETE');
    db.pragma('foreign_keys = OFF'); // as in any SQLite by default: declared, not enforced (so an orphan can exist)
    for (const t of tables) {
      const cols = t.columns.map((c) => `${ident(c.name)} ${c.sqlite}${t.primaryKey.includes(c.name) ? ' NOT NULL' : ''}`);
      cols.push(`PRIMARY KEY (${t.primaryKey.map(ident).join(', ')})`);
      for (const fk of t.foreignKeys) cols.push(`FOREIGN KEY (${fk.columns.map(ident).join(', ')}) REFERENCES ${ident(fk.references.table)} (${fk.references.columns.map(ident).join(', ')})`);
      db.exec(`CREATE TABLE ${ident(t.name)} (${cols.join(', ')})`);
      const insert = db.prepare(`INSERT INTO ${ident(t.name)} VALUES (${t.columns.map(() => '?').join(', ')})`);
      const convert = (c: DataColumn, v: Cell): Cell => {
        if (v === null) return null;
        if (c.type === 'decimal') return (v as number) / 100;
        if (c.type === 'boolean') return v ? 1 : 0;
        if (c.type === 'timestamp') return new Date((v as number) * 1000).toISOString().slice(0, 19) + 'Z';
        if (c.type === 'timestamptz') return isoTimestamp(v as number);
        return v;
      };
      db.transaction(() => {
        for (const r of t.rows) insert.run(...r.map((v, i) => convert(t.columns[i], v)));
      })();
    }
  } finally {
    db.close();
  }
}

/** The dataset in a fresh PostgreSQL schema, with declared keys; the caller drops the schema. */
export async function writePostgres(client: pg.Client, schema: string, tables: DataTable[]): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
  await client.query(`CREATE SCHEMA ${ident(schema)}`);
  for (const t of tables) {
    await client.query(createSql(t, PG_TYPES, schema));
    const insert = insertSql(t, schema);
    if (insert) await client.query(insert);
  }
  await client.query(`ANALYZE ${tables.map((t) => `${ident(schema)}.${ident(t.name)}`).join(', ')}`);
}

// ---------------------------------------------------------------- expected figures

const BINS = 20;

export interface ExpectedHistogram {
  min: number;
  max: number;
  width: number;
  counts: number[];
}

/**
 * The spec's binning over exact values (`scale` = 100 for cents): one bin per value for
 * integers with max-min+1 <= 20, else 20 equal bins. Computed in integers, so it is the
 * mathematically right bin; a value exactly on an inner bin edge would make the answer
 * depend on float rounding, so the dataset is checked to have none.
 */
export function histogram(values: number[], integer: boolean, scale = 1): ExpectedHistogram {
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (integer && max - min + 1 <= BINS) {
    const counts = new Array(max - min + 1).fill(0);
    for (const v of values) counts[v - min]++;
    return { min, max, width: 1, counts };
  }
  if (max === min) return { min: min / scale, max: max / scale, width: 0, counts: [values.length] };
  const counts = new Array(BINS).fill(0);
  for (const v of values) {
    const num = (v - min) * BINS;
    if (v !== min && v !== max && num % (max - min) === 0) throw new Error(`dataset value ${v / scale} lies on a bin edge`);
    counts[Math.min(Math.floor(num / (max - min)), BINS - 1)]++;
  }
  return { min: min / scale, max: max / scale, width: (max - min) / scale / BINS, counts };
}

/** Linear interpolation between closest ranks (numpy's default), over sorted values. */
export function quantile(sorted: number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface ExpectedColumn {
  name: string;
  kind: Kind;
  nulls: number;
  nullShare: number;
  distinct: number;
  number: { min: number; max: number; mean: number; stddev: number | null; q1: number; median: number; q3: number; histogram: ExpectedHistogram } | null;
  time: { first: string; last: string; byMonth: { period: string; count: number }[]; byHour: number[] | null } | null;
  text: { minLength: number; maxLength: number; top: { value: string; count: number; share: number }[] | null } | null;
  boolean: { trueCount: number; trueShare: number } | null;
  /** Hazards, exactly (but for the SQLite storage one, whose wording is free). */
  hazards: string[];
  /** SQLite: a numeric column stored as both INTEGER and REAL; its hazard must name both counts. */
  storageMix?: { integer: number; real: number };
}

export interface ExpectedTable {
  name: string;
  rows: number;
  expectedRows: number | null;
  timeColumn: string | null;
  rowsByMonth: { period: string; count: number }[] | null;
  columns: ExpectedColumn[];
}

export interface ExpectedRelationship {
  table: string;
  columns: string[];
  references: { table: string; columns: string[] };
  from: 'manifest' | 'declared';
  orphans: number;
  children: { parents: number; min: number; mean: number; max: number; histogram: ExpectedHistogram } | null;
}

/** Every 'YYYY-MM' from the first month to the last, with its count (zeros included). */
function byMonth(months: string[]): { period: string; count: number }[] {
  const sorted = [...months].sort();
  const out: { period: string; count: number }[] = [];
  let [y, m] = sorted[0].split('-').map(Number);
  const last = sorted[sorted.length - 1];
  for (;;) {
    const period = `${y}-${pad(m, 2)}`;
    out.push({ period, count: months.filter((x) => x === period).length });
    if (period === last) return out;
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The text a value of a column reads as (its length and top values are of this). */
function textOf(c: DataColumn, v: Cell): string {
  if (c.type === 'decimal') return decimalText(v as number);
  if (c.type === 'timestamp' || c.type === 'timestamptz') return new Date((v as number) * 1000).toISOString().slice(0, 19) + 'Z';
  return String(v);
}

function expectedColumn(c: DataColumn, kind: Kind, values: Cell[], source: Source): ExpectedColumn {
  const rows = values.length;
  const present = values.filter((v) => v !== null);
  const nulls = rows - present.length;
  const keyOf = (v: Cell) => (c.type === 'decimal' ? String(v) : kind === 'text' || kind === 'json' ? textOf(c, v) : String(v));
  const distinct = new Set(present.map(keyOf)).size;
  const col: ExpectedColumn = { name: c.name, kind, nulls, nullShare: rows ? nulls / rows : 0, distinct, number: null, time: null, text: null, boolean: null, hazards: [] };
  if (!present.length) return col;
  if (kind === 'integer' || kind === 'number') {
    const scale = c.type === 'decimal' ? 100 : 1;
    const units = present as number[];
    const sorted = [...units].sort((a, b) => a - b).map((v) => v / scale);
    const mean = units.reduce((a, b) => a + b, 0) / units.length / scale;
    const stddev = sorted.length < 2 ? null : Math.sqrt(sorted.reduce((a, v) => a + (v - mean) ** 2, 0) / (sorted.length - 1));
    col.number = { min: sorted[0], max: sorted[sorted.length - 1], mean, stddev, q1: quantile(sorted, 0.25), median: quantile(sorted, 0.5), q3: quantile(sorted, 0.75), histogram: histogram(units, kind === 'integer', scale) };
    if (source === 'sqlite' && c.type === 'decimal') {
      // NUMERIC affinity keeps whole numbers as INTEGER, the rest as REAL.
      const whole = units.filter((v) => v % scale === 0).length;
      if (whole && whole < units.length) col.storageMix = { integer: whole, real: units.length - whole };
    }
  } else if (kind === 'date' || kind === 'timestamp') {
    const stamps = present.map((v) => (c.type === 'date' ? (v as string) : isoTimestamp(v as number))).sort();
    const byHour = kind === 'timestamp' ? new Array(24).fill(0) : null;
    if (byHour) for (const v of present) byHour[new Date((v as number) * 1000).getUTCHours()]++;
    col.time = { first: stamps[0], last: stamps[stamps.length - 1], byMonth: byMonth(stamps.map((s) => s.slice(0, 7))), byHour };
  } else if (kind === 'text' || kind === 'json') {
    const texts = present.map((v) => textOf(c, v));
    const lengths = texts.map((s) => [...s].length);
    let top: { value: string; count: number; share: number }[] | null = null;
    if (kind === 'text') {
      const counts = new Map<string, number>();
      for (const s of texts) counts.set(s, (counts.get(s) ?? 0) + 1);
      top = [...counts]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .slice(0, 10)
        .map(([value, count]) => ({ value, count, share: count / texts.length }));
      if (source === 'csv') {
        for (const [value, count] of counts) {
          if (PANDAS_NA.includes(value)) col.hazards.push(`"${value}" in ${fmt(count)} rows (${((100 * count) / rows).toFixed(1)}%): pandas reads it as missing unless keep_default_na=False`);
        }
      }
    }
    col.text = { minLength: Math.min(...lengths), maxLength: Math.max(...lengths), top };
  } else if (kind === 'boolean') {
    const trueCount = present.filter((v) => v === true).length;
    col.boolean = { trueCount, trueShare: trueCount / present.length };
  }
  return col;
}

/** pandas' default missing-value strings (read_csv's na_values). */
export const PANDAS_NA = ['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null'];

/** A column's kind from its type (a CSV without manifest: DuckDB's sniffing, json read as text, a header-only file all text). */
export function kindOf(c: DataColumn, source: Source, manifest: boolean, empty: boolean): Kind {
  if (source === 'csv' && !manifest && (empty || c.type === 'json')) return 'text';
  switch (c.type) {
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'number';
    case 'timestamptz':
      return 'timestamp';
    default:
      return c.type;
  }
}

/** What inspect must report for the dataset read from `source` (with or without a manifest). */
export function expectedFigures(tables: DataTable[], source: Source, manifest: boolean): { tables: ExpectedTable[]; relationships: ExpectedRelationship[] } {
  const out: ExpectedTable[] = tables.map((t) => {
    const columns = t.columns.map((c, i) =>
      expectedColumn(
        c,
        kindOf(c, source, manifest, t.rows.length === 0),
        t.rows.map((r) => r[i]),
        source,
      ),
    );
    const firstTime = columns.find((c) => c.kind === 'date' || c.kind === 'timestamp')?.name ?? null;
    const timeColumn = manifest ? t.timeColumn : firstTime;
    const time = columns.find((c) => c.name === timeColumn);
    return { name: t.name, rows: t.rows.length, expectedRows: manifest ? t.rows.length : null, timeColumn, rowsByMonth: time?.time?.byMonth ?? null, columns };
  });
  // Keys: declared in the databases, from the manifest for files (none without it).
  const keyed = source === 'csv' || source === 'parquet' ? manifest : true;
  const relationships: ExpectedRelationship[] = [];
  if (keyed) {
    for (const t of tables) {
      for (const fk of t.foreignKeys) {
        const parent = tables.find((p) => p.name === fk.references.table)!;
        const ci = fk.columns.map((n) => t.columns.findIndex((c) => c.name === n));
        const pi = fk.references.columns.map((n) => parent.columns.findIndex((c) => c.name === n));
        const keyOfParent = (r: Cell[]) => JSON.stringify(pi.map((i) => r[i]));
        const perParent = new Map(parent.rows.map((r) => [keyOfParent(r), 0]));
        let orphans = 0;
        for (const r of t.rows) {
          const key = ci.map((i) => r[i]);
          if (key.some((v) => v === null)) continue;
          const k = JSON.stringify(key);
          if (perParent.has(k)) perParent.set(k, perParent.get(k)! + 1);
          else orphans++;
        }
        const counts = [...perParent.values()];
        relationships.push({
          table: t.name,
          columns: fk.columns,
          references: fk.references,
          from: source === 'csv' || source === 'parquet' ? 'manifest' : 'declared',
          orphans,
          children: counts.length
            ? { parents: counts.length, min: Math.min(...counts), mean: counts.reduce((a, b) => a + b, 0) / counts.length, max: Math.max(...counts), histogram: histogram(counts, true) }
            : null,
        });
      }
    }
  }
  return { tables: out, relationships };
}
