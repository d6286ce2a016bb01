// Reading a DuckDB file back in a test: read-only, so the file is left as the run wrote it.
import { DuckDBInstance } from '@duckdb/node-api';

/** The rows of `sql` over the DuckDB file (or ':memory:', to read files with read_parquet), as JSON-safe values. */
export async function duckRows(file: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(file, file === ':memory:' ? {} : { access_mode: 'READ_ONLY' });
  const con = await instance.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowsJson() as unknown[][];
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
