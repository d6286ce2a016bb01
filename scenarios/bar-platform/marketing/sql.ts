// The marketing rules a database target checks again on what landed: portable
// SQL (SQLite, DuckDB, PostgreSQL), each returning the number of rows that break
// it. No date arithmetic (SQLite stores dates as text): days are compared as
// text of the form YYYY-MM-DD, the first ten characters of a timestamp.
const dayOf = (col: string) => `substr(CAST(${col} AS VARCHAR), 1, 10)`;

export const MARKETING_SQL: { name: string; sql: string }[] = [
  { name: "campaign performance inside its campaign's dates", sql: 'SELECT count(*) FROM campaign_performance p JOIN marketing_campaigns c ON c.campaign_id = p.campaign_id WHERE p.date < c.start_date OR p.date > c.end_date' },
  { name: 'campaign performance from start_date to end_date, one row a day', sql: 'SELECT count(*) FROM marketing_campaigns c LEFT JOIN (SELECT campaign_id, count(*) AS n, count(DISTINCT date) AS d, min(date) AS first_day, max(date) AS last_day FROM campaign_performance GROUP BY campaign_id) p ON p.campaign_id = c.campaign_id WHERE p.n IS NULL OR p.n <> p.d OR p.first_day <> c.start_date OR p.last_day <> c.end_date' },
  {
    name: "paid web sessions inside their campaign's dates and channel",
    sql: `SELECT count(*) FROM ga_sessions g JOIN marketing_campaigns c ON c.campaign_id = g.campaign_id WHERE ${dayOf('g.session_start')} < ${dayOf('c.start_date')} OR ${dayOf('g.session_start')} > ${dayOf('c.end_date')} OR c.channel <> CASE g.medium WHEN 'cpc' THEN 'Google Ads' WHEN 'email' THEN 'Email' WHEN 'paid' THEN CASE g.source WHEN 'facebook' THEN 'Meta' WHEN 'linkedin' THEN 'LinkedIn' END END`,
  },
  { name: 'web sessions without a campaign only on unpaid traffic', sql: "SELECT count(*) FROM ga_sessions WHERE (campaign_id IS NULL) <> (medium NOT IN ('cpc', 'paid', 'email'))" },
  { name: 'attribution weights of each conversion sum to 1', sql: 'SELECT count(*) FROM (SELECT contact_id FROM attribution_touchpoints GROUP BY contact_id HAVING sum(round(attribution_weight * 1000000)) <> 1000000) x' },
  { name: "touchpoints on or before their conversion, the contact's creation", sql: 'SELECT count(*) FROM attribution_touchpoints t JOIN hubspot_contact c ON c.id = t.contact_id WHERE t.touchpoint_at > t.conversion_at OR t.conversion_at <> c.property_createdate' },
  { name: "touchpoints inside their campaign's dates and channel", sql: `SELECT count(*) FROM attribution_touchpoints t JOIN marketing_campaigns c ON c.campaign_id = t.campaign_id WHERE ${dayOf('t.touchpoint_at')} < ${dayOf('c.start_date')} OR ${dayOf('t.touchpoint_at')} > ${dayOf('c.end_date')} OR c.channel <> t.channel` },
  { name: "MQLs on HubSpot's MQL date, after the contact's creation", sql: 'SELECT count(*) FROM marketing_qualified_leads m JOIN hubspot_contact c ON c.id = m.contact_id WHERE m.mql_at < c.property_createdate OR c.property_hs_lifecyclestage_marketingqualifiedlead_date IS NULL OR m.mql_at <> c.property_hs_lifecyclestage_marketingqualifiedlead_date' },
  { name: "an MQL's deal is its contact's, opened on or after the SQL date", sql: 'SELECT count(*) FROM marketing_qualified_leads m JOIN hubspot_deal d ON d.deal_id = m.deal_id LEFT JOIN hubspot_deal_contact dc ON dc.deal_id = m.deal_id AND dc.contact_id = m.contact_id WHERE dc.deal_id IS NULL OR m.sql_at IS NULL OR d.property_createdate < m.sql_at' },
];
