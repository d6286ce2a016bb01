// Turns bench/calibrate.ts's measurements into the data block of src/engine/estimate.ts
// (printed, to be pasted there): per scenario and table, [rows/s, bytes/row] per target;
// the seconds per million rows after the tables; and, for tables not measured, each
// target's median rate and bytes per byte of the column-width guess (tables of 10,000+ rows).
import type { Scenario } from '../src/engine/model.js';
import { columnBytes } from '../src/engine/estimate.js';
import { planTables } from './calibrate-sizes.js';

export interface Measured {
  measured: string;
  tables: Record<string, Record<string, Record<string, [number, number]>>>;
  post: Record<string, Record<string, number>>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
};
const num = (x: number) => (x >= 10_000 ? x.toLocaleString('en-US').replaceAll(',', '_') : String(x));

export function calibrationSource(m: Measured, scenarios: Scenario[]): string {
  const rateOf: Record<string, number[]> = {};
  const factorOf: Record<string, number[]> = {};
  for (const s of scenarios) {
    for (const t of planTables(s)) {
      const figures = m.tables[s.name]?.[t.spec.name];
      if (!figures || t.rows < 10_000) continue;
      const guess = t.spec.columns.reduce((a, c) => a + columnBytes(c), 0);
      for (const [target, [rate, bytes]] of Object.entries(figures)) {
        (rateOf[target] ??= []).push(rate);
        (factorOf[target] ??= []).push(bytes / guess);
      }
    }
  }
  const targets = Object.keys(rateOf);
  const lines = [
    `export const CALIBRATED_ON = '${m.measured}';`,
    '',
    '/** [rows per second, bytes per row] of each scenario table, per target. */',
    'export const MEASURED: Record<string, Record<string, Partial<Record<string, [number, number]>>>> = {',
  ];
  for (const [scenario, tables] of Object.entries(m.tables)) {
    lines.push(`  '${scenario}': {`);
    for (const [table, figures] of Object.entries(tables)) {
      lines.push(`    ${table}: { ${Object.entries(figures).map(([t, [r, b]]) => `${t}: [${num(r)}, ${b}]`).join(', ')} },`);
    }
    lines.push('  },');
  }
  lines.push('};', '', '/** Seconds per million rows after the tables are written (indexes, views, read-back checks, commit), per scenario and target. */');
  lines.push('export const POST_SECONDS_PER_MILLION_ROWS: Record<string, Partial<Record<string, number>>> = {');
  for (const [scenario, figures] of Object.entries(m.post)) lines.push(`  '${scenario}': { ${Object.entries(figures).map(([t, x]) => `${t}: ${x}`).join(', ')} },`);
  lines.push('};', '', '/** Tables not measured: median rows per second, bytes on disk per byte of the column-width guess, seconds after the tables per million rows. */');
  lines.push(`export const FALLBACK: Record<string, { rowsPerSecond: number; bytesFactor: number; postPerMillion: number }> = {`);
  for (const t of targets) {
    const post = median(Object.values(m.post).map((p) => p[t] ?? 0));
    lines.push(`  ${t}: { rowsPerSecond: ${num(Number(median(rateOf[t]!).toPrecision(2)))}, bytesFactor: ${Number(median(factorOf[t]!).toPrecision(2))}, postPerMillion: ${post} },`);
  }
  lines.push('};');
  return lines.join('\n');
}
