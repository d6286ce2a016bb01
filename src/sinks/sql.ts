// SQL text helpers shared by the database targets.
export const quoteIdent = (name: string) => '"' + name.replaceAll('"', '""') + '"';
export const quoteString = (s: string) => "'" + s.replaceAll("'", "''") + "'";
