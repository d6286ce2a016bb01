// Reads Parquet with hyparquet: an independent reader, not the DuckDB that wrote it.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The files of a table as the parquet target writes it: <t>.parquet, or <t>/part-*.parquet with --parquet-parts. */
export function tableFiles(dir: string, table: string): string[] {
  const folder = join(dir, table);
  try {
    if (statSync(folder).isDirectory()) return readdirSync(folder).sort().map((f) => join(folder, f));
  } catch {
    // no folder: a single file
  }
  return [join(dir, `${table}.parquet`)];
}

export type ParquetColumn = { name: string; type?: string; logical?: string; repetition?: string };

/** Rows and the top-level columns (with their repetition: REQUIRED or OPTIONAL) of a table's files. */
export async function readParquet(files: string[]): Promise<{ rows: Record<string, unknown>[]; schema: ParquetColumn[] }> {
  const rows: Record<string, unknown>[] = [];
  let schema: ParquetColumn[] = [];
  for (const f of files) {
    const file = await asyncBufferFromFile(f);
    const metadata = await parquetMetadataAsync(file);
    schema = metadata.schema.slice(1).map((s) => ({
      name: s.name,
      type: s.type,
      logical: (s.logical_type as { type?: string } | undefined)?.type ?? s.converted_type,
      repetition: s.repetition_type,
    }));
    // one at a time: spreading a table of 0.5M rows overflows the stack
    for (const row of (await parquetReadObjects({ file, metadata, compressors })) as Record<string, unknown>[]) rows.push(row);
  }
  return { rows, schema };
}
