-- The four views seed 001 names, in the SQL DuckDB and PostgreSQL share
-- (views.sqlite.sql holds the same views for SQLite: keep the two in step).
-- {p} is the table prefix; {churn_rate} the scenario's churn_rate parameter.
-- Each block starts with "-- view: NAME". Dates are DATE here.

-- view: mrr_summary
-- MRR waterfall: the month's movements and the MRR at the month's end.
SELECT
  month,
  new_mrr,
  expansion_mrr,
  contraction_mrr,
  churn_mrr,
  net_mrr,
  SUM(net_mrr) OVER (ORDER BY month) AS ending_mrr,
  ROUND(100.0 * net_mrr / NULLIF(SUM(net_mrr) OVER (ORDER BY month) - net_mrr, 0), 2) AS growth_pct
FROM {p}mrr_movements

-- view: churn_by_cohort
-- Per signup month: customers, how many churned, churn rate, and the MRR their
-- last subscriptions carried when they churned.
WITH last_sub AS (
  SELECT s.customer_id, s.mrr
  FROM {p}subscriptions s
  JOIN (SELECT customer_id, MAX(end_date) AS churn_date FROM {p}subscriptions GROUP BY customer_id) e
    ON e.customer_id = s.customer_id AND s.end_date = e.churn_date
)
SELECT
  CAST(date_trunc('month', c.signup_date) AS DATE) AS cohort_month,
  COUNT(*) AS customers,
  SUM(CASE WHEN c.status = 'churned' THEN 1 ELSE 0 END) AS churned,
  ROUND(100.0 * SUM(CASE WHEN c.status = 'churned' THEN 1 ELSE 0 END) / COUNT(*), 2) AS churn_rate_pct,
  COALESCE(SUM(CASE WHEN c.status = 'churned' THEN l.mrr END), 0) AS churned_mrr
FROM {p}customers c
LEFT JOIN last_sub l ON l.customer_id = c.customer_id
GROUP BY CAST(date_trunc('month', c.signup_date) AS DATE)

-- view: retention_curves
-- Share of each signup cohort still a customer N months after signing up: a
-- customer is retained at month N when its last subscription did not end before
-- its signup date plus N months (the 31st plus one month is the month's last
-- day). Month 0 is the signup itself: 100% for every cohort. One row per cohort
-- and calendar month of the window from the cohort's month on.
WITH life AS (
  SELECT c.customer_id, c.signup_date, CAST(date_trunc('month', c.signup_date) AS DATE) AS cohort_month,
         CASE WHEN c.status = 'churned' THEN e.churn_date END AS churn_date
  FROM {p}customers c
  LEFT JOIN (SELECT customer_id, MAX(end_date) AS churn_date FROM {p}subscriptions GROUP BY customer_id) e ON e.customer_id = c.customer_id
),
grid AS (
  SELECT l.*, CAST((EXTRACT(YEAR FROM m.month) - EXTRACT(YEAR FROM l.cohort_month)) * 12 + (EXTRACT(MONTH FROM m.month) - EXTRACT(MONTH FROM l.cohort_month)) AS INTEGER) AS n
  FROM life l JOIN {p}mrr_movements m ON m.month >= l.cohort_month
),
kept AS (
  SELECT cohort_month, n,
         CASE WHEN churn_date IS NULL OR churn_date >= CAST(signup_date + n * INTERVAL '1 month' AS DATE) THEN 1 ELSE 0 END AS retained
  FROM grid
)
SELECT
  cohort_month,
  n AS months_since_signup,
  COUNT(*) AS cohort_size,
  SUM(retained) AS retained,
  ROUND(100.0 * SUM(retained) / COUNT(*), 2) AS retention_pct
FROM kept
GROUP BY cohort_month, n

-- view: customer_health
-- Per customer: tenure, plan history, LTV from MRR and churn_rate, LTV/CAC with
-- assumed acquisition costs per tier (Starter $300, Pro $1,500, Enterprise $6,000).
-- An open subscription runs to the last day of the window.
WITH window_end AS (SELECT CAST(MAX(month) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE) AS day FROM {p}mrr_movements),
hist AS (
  SELECT s.customer_id, COUNT(*) AS subscriptions, MAX(COALESCE(s.end_date, w.day)) AS last_day,
         SUM(s.mrr * (COALESCE(s.end_date, w.day) - s.start_date) / 30.4375) AS lifetime_revenue
  FROM {p}subscriptions s CROSS JOIN window_end w GROUP BY s.customer_id
),
scored AS (
  SELECT c.customer_id, c.plan_tier, c.status, c.mrr_current, h.subscriptions,
         ROUND((h.last_day - c.signup_date) / 30.4375, 1) AS tenure_months,
         ROUND(h.lifetime_revenue, 2) AS lifetime_revenue,
         ROUND(c.mrr_current / {churn_rate}, 2) AS ltv,
         CASE c.plan_tier WHEN 'Starter' THEN 300 WHEN 'Pro' THEN 1500 ELSE 6000 END AS cac
  FROM {p}customers c JOIN hist h ON h.customer_id = c.customer_id
)
SELECT *,
  ROUND(ltv / cac, 2) AS ltv_cac_ratio,
  CASE WHEN status = 'churned' THEN 'churned' WHEN ltv / cac >= 3 THEN 'healthy' WHEN ltv / cac >= 1 THEN 'watch' ELSE 'at risk' END AS health
FROM scored
