// SQL text helpers shared by the database targets.
import type { Column, TableSpec } from '../engine/model.js';

export const quoteIdent = (name: string) => '"' + name.replaceAll('"', '""') + '"';
export const quoteString = (s: string) => "'" + s.replaceAll("'", "''") + "'";


/** CREATE TABLE with NOT NULL, PRIMARY KEY and FOREIGN KEY clauses; each dialect brings its column types. */
export function createTableSql(t: TableSpec, typeOf: (c: Column) => string): string {
  const lines = t.columns.map((c) => `  ${quoteIdent(c.name)} ${typeOf(c)}${c.nullable ? '' : ' NOT NULL'}`);
  lines.push(`  PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`);
  for (const fk of t.foreignKeys ?? []) {
    lines.push(`  FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${quoteIdent(fk.references.table)} (${fk.references.columns.map(quoteIdent).join(', ')})`);
  }
  return `CREATE TABLE ${quoteIdent(t.name)} (\n${lines.join(',\n')}\n)`;
}
