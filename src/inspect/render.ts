// The text view of an inspect report, as styled lines: `synthgen inspect` prints them
// (with ANSI colours on a terminal, plain when piped or NO_COLOR), the wizard's inspect
// screen draws the same lines with Ink. Every line fits the width it is given.
import type { InspectReport, TableReport } from './model.js';

export type Style = 'title' | 'heading' | 'ok' | 'bad' | 'warn' | 'dim' | 'bar';
export interface Seg {
  text: string;
  style?: Style;
}
export type Line = Seg[];

/** The dataset as a whole: source, manifest, files, checks, tables, relationships, problems. */
export function overviewLines(report: InspectReport, width: number): Line[] {
  void report;
  void width;
  throw new Error('not yet');
}

/** One table: rows, size, rows per month, then each column with its figures and charts. */
export function tableLines(report: InspectReport, table: TableReport, width: number): Line[] {
  void report;
  void table;
  void width;
  throw new Error('not yet');
}
