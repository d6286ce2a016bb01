// What each source of bar-platform part 2 (stripe/, hubspot/, marketing/) hands the
// scenario: its tables, its streaming checks, its SQL rules and its notes. One
// shape for all three so index.ts and observer.ts wire them the same way.
import type { CheckResult, Row, TableDef } from '../../src/engine/model.js';
import type { Plan } from './plan.js';
import type { PlatformChecks } from './platform/checks.js';

export type Add = (name: string, ok: boolean, figure: string, info?: boolean) => void;

/** A source's view of the streamed rows (every table's, in table order: parents first). */
export interface SourceChecks {
  observe(table: string, rows: Row[]): void;
  checks(add: Add): void;
  /** Summary lines for the run's headlines. */
  headlines(): string[];
}

export interface Source {
  name: string;
  tables(plan: Plan, seed: number): TableDef[];
  /** Checks see the platform's (accounts, subscriptions, clocks) for cross-source rules. */
  checks(plan: Plan['s'], platform: PlatformChecks): SourceChecks;
  sqlChecks: { name: string; sql: string }[];
  notes: string[];
}

export type { CheckResult };
