-- Stage 2, step 1: cleaned, typed staging tables over the raw layer (raw_* views
-- over data/raw). Every CREATE TABLE here is written to data/staging/<name>.parquet.
-- Rows are ordered so the files are the same on every run. Every column comes
-- from a NOT NULL raw column and is declared NOT NULL after each table, so the
-- Parquet files mark it REQUIRED.

CREATE TABLE stg_customers AS
SELECT
  customer_id,
  signup_date,
  plan,
  region,
  plan <> 'Free' AS is_paid
FROM raw_customers
ORDER BY customer_id;
ALTER TABLE stg_customers ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE stg_customers ALTER COLUMN signup_date SET NOT NULL;
ALTER TABLE stg_customers ALTER COLUMN plan SET NOT NULL;
ALTER TABLE stg_customers ALTER COLUMN region SET NOT NULL;
ALTER TABLE stg_customers ALTER COLUMN is_paid SET NOT NULL;

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
ALTER TABLE stg_usage_daily ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE stg_usage_daily ALTER COLUMN usage_date SET NOT NULL;
ALTER TABLE stg_usage_daily ALTER COLUMN sessions SET NOT NULL;
ALTER TABLE stg_usage_daily ALTER COLUMN usage_minutes SET NOT NULL;
ALTER TABLE stg_usage_daily ALTER COLUMN feature_events SET NOT NULL;
ALTER TABLE stg_usage_daily ALTER COLUMN days_since_signup SET NOT NULL;

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
ALTER TABLE stg_billing ALTER COLUMN bill_id SET NOT NULL;
ALTER TABLE stg_billing ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE stg_billing ALTER COLUMN bill_date SET NOT NULL;
ALTER TABLE stg_billing ALTER COLUMN amount SET NOT NULL;
ALTER TABLE stg_billing ALTER COLUMN payment_status SET NOT NULL;
ALTER TABLE stg_billing ALTER COLUMN is_late SET NOT NULL;
ALTER TABLE stg_billing ALTER COLUMN is_failed SET NOT NULL;

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
ALTER TABLE stg_support ALTER COLUMN ticket_id SET NOT NULL;
ALTER TABLE stg_support ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE stg_support ALTER COLUMN ticket_date SET NOT NULL;
ALTER TABLE stg_support ALTER COLUMN category SET NOT NULL;
ALTER TABLE stg_support ALTER COLUMN priority SET NOT NULL;
