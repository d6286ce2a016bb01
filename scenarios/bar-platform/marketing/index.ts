// bar-platform's Marketing source (seed 003 part 2): campaigns and their daily
// performance, attribution touchpoints, MQLs and the website's sessions, with
// their checks, SQL rules and notes.
import type { Source } from '../source.js';
import { campaignTables } from './campaigns.js';
import { MarketingChecks } from './checks.js';
import { MARKETING_NOTES } from './notes.js';
import { MARKETING_SQL } from './sql.js';
import { journeyTables } from './journeys.js';
import { webTables } from './web.js';

export const marketingSource: Source = {
  name: 'Marketing',
  tables: (plan, seed) => [...campaignTables(plan, seed), ...journeyTables(plan, seed), ...webTables(plan, seed)],
  checks: (s, platform) => new MarketingChecks(s, platform),
  sqlChecks: MARKETING_SQL,
  notes: MARKETING_NOTES,
};
