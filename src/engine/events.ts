// What a run reports as it goes; the wizard and the headless printer both render these.
import type { CheckResult } from './model.js';

export interface TableResult {
  name: string;
  rows: number;
  ms: number;
  bytes: number | null;
}

export type RunEvent =
  | { type: 'plan'; tables: { name: string; expectedRows: number }[]; /** Threads generating the chunks beside the main thread (0: none). */ workers: number }
  | { type: 'table-start'; table: string; expectedRows: number }
  | { type: 'progress'; table: string; rows: number; expectedRows: number }
  | { type: 'table-done'; table: string; rows: number; ms: number }
  | { type: 'phase'; label: string }
  | { type: 'check'; result: CheckResult }
  | { type: 'finished'; ok: boolean };

export type EventListener = (event: RunEvent) => void;
