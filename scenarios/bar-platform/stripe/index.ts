// bar-platform's Stripe source (seed 003 steps 10-16): its tables, checks, SQL rules and notes.
import type { Source } from '../source.js';
import { StripeChecks } from './checks.js';
import { STRIPE_NOTES } from './notes.js';
import { STRIPE_SQL_CHECKS } from './sqlchecks.js';
import { stripeTables } from './tables.js';

export const stripeSource: Source = {
  name: 'Stripe',
  tables: stripeTables,
  checks: (s, platform) => new StripeChecks(s, platform),
  sqlChecks: STRIPE_SQL_CHECKS,
  notes: STRIPE_NOTES,
};
