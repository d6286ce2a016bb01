// bar-platform's Marketing source (seed 003 part 2): its tables, checks, SQL rules and notes.
import type { Source } from '../source.js';

export const marketingSource: Source = {
  name: 'Marketing',
  tables: () => [],
  checks: () => ({ observe() {}, checks() {}, headlines: () => [] }),
  sqlChecks: [],
  notes: [],
};
