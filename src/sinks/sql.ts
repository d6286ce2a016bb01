// SQL text helpers shared by the database targets.
import type { Column, ForeignKey, Index, LogicalType, TableSpec } from '../engine/model.js';

export const quoteIdent = (name: string) => '"' + name.replaceAll('"', '""') + '"';
export const quoteString = (s: string) => "'" + s.replaceAll("'", "''") + "'";

/**
 * SQL that reads a column back as the generator's value (see Value in engine/model.ts):
 * numbers as float8 (decimals in units of their scale), dates as days and timestamps as
 * seconds since 1970, text as text. The same text in DuckDB and PostgreSQL, so the
 * merges of file shards (DuckDB) and PostgreSQL shards read values back alike.
 */
export function generatorValueSql(c: Column): string {
  const col = quoteIdent(c.name);
  switch (c.type) {
    case 'integer':
    case 'bigint':
      return `${col}::float8`;
    case 'decimal':
      return `(${col} * ${10 ** (c.scale ?? 0)})::float8`;
    case 'date':
      return `(${col} - DATE '1970-01-01')::float8`;
    case 'timestamp':
      return `extract(epoch FROM ${col})::float8`;
    case 'boolean':
      return col;
    case 'text':
    case 'json':
      return `${col}::text`;
  }
}

const STANDARD_TYPES: Record<LogicalType, string> = {
  integer: 'INTEGER',
  bigint: 'BIGINT',
  decimal: 'DECIMAL',
  text: 'TEXT',
  json: 'JSON',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** A column's SQL type: the standard names, with a dialect's own names where they differ. */
export function columnType(c: Column, dialect: Partial<Record<LogicalType, string>> = {}): string {
  const name = dialect[c.type] ?? STANDARD_TYPES[c.type];
  return c.type === 'decimal' ? `${name}(${c.precision ?? 18},${c.scale ?? 0})` : name;
}

/** `"name" TYPE [NOT NULL]` */
export function columnSql(c: Column, typeOf: (c: Column) => string): string {
  return `${quoteIdent(c.name)} ${typeOf(c)}${c.nullable ? '' : ' NOT NULL'}`;
}

/**
 * CREATE TABLE with NOT NULL, PRIMARY KEY and FOREIGN KEY clauses; each dialect brings
 * its column types. `primaryKey: false` leaves the key out, for a database that adds it
 * after the load (addPrimaryKeySql); `foreignKeys` declares only those (DuckDB, duck-keys.ts).
 */
export function createTableSql(t: TableSpec, typeOf: (c: Column) => string, { primaryKey = true, foreignKeys = t.foreignKeys ?? [] }: { primaryKey?: boolean; foreignKeys?: ForeignKey[] } = {}): string {
  const lines = t.columns.map((c) => `  ${columnSql(c, typeOf)}`);
  if (primaryKey) lines.push(`  PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`);
  for (const fk of foreignKeys) {
    lines.push(`  FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${quoteIdent(fk.references.table)} (${fk.references.columns.map(quoteIdent).join(', ')})`);
  }
  return `CREATE TABLE ${quoteIdent(t.name)} (\n${lines.join(',\n')}\n)`;
}

export function addPrimaryKeySql(t: TableSpec): string {
  return `ALTER TABLE ${quoteIdent(t.name)} ADD PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`;
}

/**
 * The table's declared indexes plus one per foreign key whose columns no index or
 * the primary key already starts with (SQLite has no hash join: an unindexed key
 * makes every join on it build a temporary index, query after query).
 */
export function indexesWithForeignKeys(t: TableSpec): Index[] {
  const out = [...(t.indexes ?? [])];
  const leads = (cols: string[], key: string[]) => key.every((c, i) => cols[i] === c);
  for (const fk of t.foreignKeys ?? []) {
    if (leads(t.primaryKey, fk.columns) || out.some((ix) => leads(ix.columns, fk.columns))) continue;
    let name = `idx_${t.name}_${fk.columns.join('_')}`;
    for (let k = 2; out.some((ix) => ix.name === name); k++) name = `idx_${t.name}_${fk.columns.join('_')}_${k}`;
    out.push({ name, columns: fk.columns });
  }
  return out;
}
