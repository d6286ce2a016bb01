// `synthgen inspect PATH | --url URL --schema S [--table T] [--json]`: what a dataset holds.
// Exit 0 when it is what its manifest and keys say, 1 when not (changed files, row
// counts, orphans: the report says which), 2 for bad input.
import { UserError } from '../errors.js';
import { inspectDataset } from '../inspect/index.js';
import { overviewLines, tableLines, toText } from '../inspect/render.js';

export interface InspectFlags {
  path?: string;
  url?: string;
  schema?: string;
  table?: string;
  manifest?: string;
  json?: boolean;
}

/** Colours only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export const useColour = (stream: NodeJS.WriteStream) => !!stream.isTTY && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');

export async function inspectCommand(flags: InspectFlags): Promise<number> {
  if (flags.table !== undefined && flags.table === '') throw new UserError('--table needs a table name');
  const report = await inspectDataset(flags);
  if (flags.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    // A terminal's own width; 80 columns when piped. Relationships are in the overview, not again under each table.
    const width = process.stdout.isTTY ? Math.max(60, process.stdout.columns || 80) : 80;
    const lines = [...overviewLines(report, width), ...report.tables.flatMap((t) => [[], ...tableLines(report, t, width, false)])];
    process.stdout.write(toText(lines, useColour(process.stdout)));
  }
  return report.ok ? 0 : 1;
}
