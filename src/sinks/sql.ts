// SQL text helpers shared by the database targets.
import type { Column, LogicalType, TableSpec } from '../engine/model.js';

export const quoteIdent = (name: string) => '"' + name.replaceAll('"', '""') + '"';
export const quoteString = (s: string) => "'" + s.replaceAll("'", "''") + "'";

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

/** CREATE TABLE with NOT NULL, PRIMARY KEY and FOREIGN KEY clauses; each dialect brings its column types. */
export function createTableSql(t: TableSpec, typeOf: (c: Column) => string): string {
  const lines = t.columns.map((c) => `  ${columnSql(c, typeOf)}`);
  lines.push(`  PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`);
  for (const fk of t.foreignKeys ?? []) {
    lines.push(`  FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${quoteIdent(fk.references.table)} (${fk.references.columns.map(quoteIdent).join(', ')})`);
  }
  return `CREATE TABLE ${quoteIdent(t.name)} (\n${lines.join(',\n')}\n)`;
}
