// Rules a database target checks again on what landed: portable SQL (SQLite,
// DuckDB, PostgreSQL), each returning the number of rows that break it.
export const SQL_CHECKS: { name: string; sql: string }[] = [
  { name: 'account MRR equals its current subscription', sql: 'SELECT count(*) FROM accounts a JOIN subscriptions s ON s.account_id = a.account_id WHERE s.status <> \'replaced\' AND s.mrr <> a.mrr' },
  { name: 'one current subscription per account', sql: "SELECT count(*) FROM (SELECT a.account_id FROM accounts a LEFT JOIN subscriptions s ON s.account_id = a.account_id AND s.status <> 'replaced' GROUP BY a.account_id HAVING count(s.subscription_id) <> 1) x" },
  { name: 'subscription history gap-free', sql: 'SELECT count(*) FROM subscriptions s JOIN subscriptions n ON n.account_id = s.account_id AND n.subscription_id = s.subscription_id + 1 WHERE s.ended_at IS NULL OR s.ended_at <> n.started_at' },
  { name: 'no location opened before its account', sql: 'SELECT count(*) FROM locations l JOIN accounts a ON a.account_id = l.account_id WHERE l.opened_at < a.created_at' },
  { name: 'no device installed before its location opened', sql: 'SELECT count(*) FROM devices d JOIN locations l ON l.location_id = d.location_id WHERE d.installed_at < l.opened_at' },
  { name: 'no user before its account', sql: 'SELECT count(*) FROM users u JOIN accounts a ON a.account_id = u.account_id WHERE u.created_at < a.created_at' },
  { name: 'device and location of the same account', sql: 'SELECT count(*) FROM devices d JOIN locations l ON l.location_id = d.location_id WHERE l.account_id <> d.account_id' },
  { name: 'session page counts match page_views', sql: 'SELECT count(*) FROM user_sessions s LEFT JOIN (SELECT session_id, count(*) AS n FROM page_views GROUP BY session_id) v ON v.session_id = s.session_id WHERE coalesce(v.n, 0) <> s.page_view_count' },
  { name: 'device_health tap counts match tap_events', sql: "SELECT count(*) FROM (SELECT device_id, sum(tap_events) AS n FROM device_health GROUP BY device_id) h FULL OUTER JOIN (SELECT device_id, count(*) AS n FROM tap_events GROUP BY device_id) t ON t.device_id = h.device_id WHERE coalesce(h.n, 0) <> coalesce(t.n, 0)" },
];
