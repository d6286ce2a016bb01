-- Stage 2, step 1: cleaned, typed staging tables over the raw layer (raw_* views
-- over data/raw). Every CREATE TABLE here is written to data/staging/<name>.parquet.
-- Rows are ordered so the files are the same on every run.

CREATE TABLE stg_customers AS
SELECT
  customer_id,
  signup_date,
  plan,
  region,
  plan <> 'Free' AS is_paid
FROM raw_customers
ORDER BY customer_id;

CREATE TABLE stg_usage_daily AS
SELECT
  u.customer_id,
  u.usage_date,
  u.sessions,
  u.usage_minutes,
  u.feature_events,
  date_diff('day', c.signup_date, u.usage_date) AS days_since_signup
FROM raw_usage_daily u
JOIN raw_customers c USING (customer_id)
WHERE u.sessions > 0 AND u.usage_date >= c.signup_date
ORDER BY u.customer_id, u.usage_date;

CREATE TABLE stg_billing AS
SELECT
  b.bill_id,
  b.customer_id,
  b.bill_date,
  b.amount,
  b.payment_status,
  b.payment_status = 'late' AS is_late,
  b.payment_status = 'failed' AS is_failed
FROM raw_billing b
JOIN raw_customers c USING (customer_id)
ORDER BY b.bill_id;

CREATE TABLE stg_support AS
SELECT
  s.ticket_id,
  s.customer_id,
  s.ticket_date,
  s.category,
  s.priority
FROM raw_support s
JOIN raw_customers c USING (customer_id)
ORDER BY s.ticket_id;
