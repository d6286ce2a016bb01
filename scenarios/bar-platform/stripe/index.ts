// bar-platform's Stripe source (seed 003 part 2): its tables, checks, SQL rules and notes.
import type { Source } from '../source.js';

export const stripeSource: Source = {
  name: 'Stripe',
  tables: () => [],
  checks: () => ({ observe() {}, checks() {}, headlines: () => [] }),
  sqlChecks: [],
  notes: [],
};
