// bar-platform's HubSpot source (seed 003 part 2): its tables, checks, SQL rules and notes.
import type { Source } from '../source.js';
import { HubspotChecks } from './checks.js';
import { HUBSPOT_NOTES } from './notes.js';
import { HUBSPOT_SQL_CHECKS } from './sqlchecks.js';
import { hubspotTables } from './tables.js';

export const hubspotSource: Source = {
  name: 'HubSpot',
  tables: hubspotTables,
  checks: (s, platform) => new HubspotChecks(s, platform),
  sqlChecks: HUBSPOT_SQL_CHECKS,
  notes: HUBSPOT_NOTES,
};
