// The end-of-run report: the scenario's headline numbers, tables, every check
// with its figure, and where the output is. Text for people, JSON for scripts.
import type { RunSummary } from '../engine/runner.js';

export function humanBytes(n: number | null): string {
  if (n === null) return '-';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** The output's size: its files, or in a database without files (PostgreSQL) its tables as loaded, with their indexes. */
export function outputBytes(s: Pick<RunSummary, 'files' | 'tables'>): number {
  return s.files.length ? s.files.reduce((a, f) => a + f.bytes, 0) : s.tables.reduce((a, t) => a + (t.bytes ?? 0), 0);
}

export function summaryText(s: RunSummary): string {
  const rule = '='.repeat(60);
  const width = Math.max(...s.tables.map((t) => t.name.length));
  const total = outputBytes(s);
  const lines = [
    `synthgen ${s.scenario} (seed ${s.seed}) -> ${s.target} ${s.out}`,
    rule,
    '',
    ...s.headlines,
    '',
    'Tables:',
    ...s.tables.map((t) => `  ${t.name.padEnd(width)}  ${t.rows.toLocaleString('en-US').padStart(12)} rows  ${(t.ms / 1000).toFixed(2).padStart(7)} s  ${humanBytes(t.bytes).padStart(9)}`),
    '',
    'Data Integrity Checks:',
    ...s.checks.map((c) => `  ${c.info ? 'i' : c.ok ? '✓' : '✗ FAILED'} ${c.name}: ${c.figure}`),
    '',
    `${s.ok ? 'All checks passed' : `${s.checks.filter((c) => !c.ok).length} check(s) FAILED`}`,
    `Output saved to: ${s.out}`,
    `Size: ${humanBytes(total)}${s.files.length ? '' : ' (tables and their indexes as loaded)'} in ${(s.timings.totalMs / 1000).toFixed(2)} s`,
    `Manifest: ${s.manifest}`,
    ...(s.catalog ? [`Catalog: ${s.catalog.path}`] : []),
    rule,
  ];
  return lines.join('\n') + '\n';
}

/** The summary as JSON, with the output's total size (`bytes`, as the text's Size line). */
export function summaryJson(s: RunSummary): string {
  return JSON.stringify({ ...s, bytes: outputBytes(s) }, null, 2) + '\n';
}
