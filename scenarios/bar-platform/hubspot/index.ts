// bar-platform's HubSpot source (seed 003 part 2): its tables, checks, SQL rules and notes.
import type { Source } from '../source.js';

export const hubspotSource: Source = {
  name: 'HubSpot',
  tables: () => [],
  checks: () => ({ observe() {}, checks() {}, headlines: () => [] }),
  sqlChecks: [],
  notes: [],
};
