-- Stage 2, step 2: one row per customer with usage, billing, support, plan and
-- region features and a churn label, written to data/analytics/churn_features.parquet.
-- as_of is the last day with any usage; a customer is churned when it has no usage
-- in the 30 days up to as_of. label_ready marks customers with 30+ days of tenure.
-- Sums are cast back to the raw columns' kind (DuckDB's sum of an INTEGER is a
-- HUGEINT, which Parquet can only hold as DOUBLE); every column but last_active_date
-- is declared NOT NULL below, so the Parquet file marks it REQUIRED.

CREATE TABLE churn_features AS
WITH snapshot AS (
  SELECT max(usage_date) AS as_of FROM stg_usage_daily
),
usage AS (
  SELECT
    customer_id,
    count(*) AS active_days,
    CAST(sum(sessions) AS BIGINT) AS sessions,
    CAST(sum(usage_minutes) AS DECIMAL(18,2)) AS usage_minutes,
    CAST(sum(feature_events) AS BIGINT) AS feature_events,
    max(usage_date) AS last_active_date,
    count(*) FILTER (WHERE usage_date > (SELECT as_of FROM snapshot) - 30) AS active_days_last_30,
    count(*) FILTER (WHERE usage_date > (SELECT as_of FROM snapshot) - 60 AND usage_date <= (SELECT as_of FROM snapshot) - 30) AS active_days_prior_30
  FROM stg_usage_daily
  GROUP BY customer_id
),
billing AS (
  SELECT
    customer_id,
    count(*) AS bills,
    CAST(sum(amount) AS DECIMAL(18,2)) AS billed_amount,
    count(*) FILTER (WHERE is_late) AS late_payments,
    count(*) FILTER (WHERE is_failed) AS failed_payments
  FROM stg_billing
  GROUP BY customer_id
),
support AS (
  SELECT
    customer_id,
    count(*) AS tickets,
    count(*) FILTER (WHERE category = 'billing') AS billing_tickets,
    count(*) FILTER (WHERE category = 'technical') AS technical_tickets,
    count(*) FILTER (WHERE category = 'onboarding') AS onboarding_tickets,
    count(*) FILTER (WHERE priority = 'high') AS high_priority_tickets
  FROM stg_support
  GROUP BY customer_id
)
SELECT
  c.customer_id,
  c.plan,
  c.region,
  c.is_paid,
  c.signup_date,
  date_diff('day', c.signup_date, (SELECT as_of FROM snapshot)) AS tenure_days,
  coalesce(u.active_days, 0) AS active_days,
  coalesce(u.sessions, 0) AS sessions,
  coalesce(u.usage_minutes, 0) AS usage_minutes,
  coalesce(u.feature_events, 0) AS feature_events,
  coalesce(u.active_days_last_30, 0) AS active_days_last_30,
  coalesce(u.active_days_prior_30, 0) AS active_days_prior_30,
  u.last_active_date,
  coalesce(b.bills, 0) AS bills,
  coalesce(b.billed_amount, 0) AS billed_amount,
  coalesce(b.late_payments, 0) AS late_payments,
  coalesce(b.failed_payments, 0) AS failed_payments,
  coalesce(s.tickets, 0) AS tickets,
  coalesce(s.billing_tickets, 0) AS billing_tickets,
  coalesce(s.technical_tickets, 0) AS technical_tickets,
  coalesce(s.onboarding_tickets, 0) AS onboarding_tickets,
  coalesce(s.high_priority_tickets, 0) AS high_priority_tickets,
  date_diff('day', c.signup_date, (SELECT as_of FROM snapshot)) >= 30 AS label_ready,
  CASE WHEN u.last_active_date IS NULL OR u.last_active_date <= (SELECT as_of FROM snapshot) - 30 THEN 1 ELSE 0 END AS churned
FROM stg_customers c
LEFT JOIN usage u USING (customer_id)
LEFT JOIN billing b USING (customer_id)
LEFT JOIN support s USING (customer_id)
ORDER BY c.customer_id;

ALTER TABLE churn_features ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN plan SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN region SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN is_paid SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN signup_date SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN tenure_days SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN active_days SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN sessions SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN usage_minutes SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN feature_events SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN active_days_last_30 SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN active_days_prior_30 SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN bills SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN billed_amount SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN late_payments SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN failed_payments SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN tickets SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN billing_tickets SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN technical_tickets SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN onboarding_tickets SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN high_priority_tickets SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN label_ready SET NOT NULL;
ALTER TABLE churn_features ALTER COLUMN churned SET NOT NULL;
