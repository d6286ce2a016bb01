-- The four views seed 001 names. {p} is the table prefix; {churn_rate} the
-- scenario's churn_rate parameter. Each block starts with "-- view: NAME".

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
-- Per signup month: customers, how many churned, churn rate, MRR lost.
SELECT
  strftime('%Y-%m-01', c.signup_date) AS cohort_month,
  COUNT(*) AS customers,
  SUM(c.status = 'churned') AS churned,
  ROUND(100.0 * SUM(c.status = 'churned') / COUNT(*), 2) AS churn_rate_pct,
  (SELECT COALESCE(SUM(s.mrr), 0) FROM {p}subscriptions s JOIN {p}customers c2 ON c2.customer_id = s.customer_id
    WHERE s.end_date IS NOT NULL AND c2.status = 'churned' AND strftime('%Y-%m-01', c2.signup_date) = strftime('%Y-%m-01', c.signup_date)
      AND s.end_date = (SELECT MAX(end_date) FROM {p}subscriptions WHERE customer_id = s.customer_id)) AS churned_mrr
FROM {p}customers c
GROUP BY cohort_month

-- view: retention_curves
-- Share of each signup cohort still a customer N months after its signup month.
WITH life AS (
  SELECT c.customer_id, strftime('%Y-%m-01', c.signup_date) AS cohort_month,
         CASE WHEN c.status = 'churned' THEN (SELECT MAX(end_date) FROM {p}subscriptions s WHERE s.customer_id = c.customer_id) END AS churn_date
  FROM {p}customers c
),
cohorts AS (SELECT cohort_month, COUNT(*) AS size FROM life GROUP BY cohort_month)
SELECT
  k.cohort_month,
  CAST((strftime('%Y', m.month) - strftime('%Y', k.cohort_month)) * 12 + (strftime('%m', m.month) - strftime('%m', k.cohort_month)) AS INTEGER) AS months_since_signup,
  k.size AS cohort_size,
  (SELECT COUNT(*) FROM life l WHERE l.cohort_month = k.cohort_month AND (l.churn_date IS NULL OR l.churn_date > date(m.month, '+1 month', '-1 day'))) AS retained,
  ROUND(100.0 * (SELECT COUNT(*) FROM life l WHERE l.cohort_month = k.cohort_month AND (l.churn_date IS NULL OR l.churn_date > date(m.month, '+1 month', '-1 day'))) / k.size, 2) AS retention_pct
FROM cohorts k
JOIN {p}mrr_movements m ON m.month >= k.cohort_month

-- view: customer_health
-- Per customer: tenure, plan history, LTV from MRR and churn_rate, LTV/CAC with
-- assumed acquisition costs per tier (Starter $300, Pro $1,500, Enterprise $6,000).
WITH hist AS (
  SELECT customer_id, COUNT(*) AS subscriptions, MIN(start_date) AS first_start, MAX(COALESCE(end_date, (SELECT date(MAX(month), '+1 month', '-1 day') FROM {p}mrr_movements))) AS last_day,
         SUM(mrr * (julianday(COALESCE(end_date, (SELECT date(MAX(month), '+1 month', '-1 day') FROM {p}mrr_movements))) - julianday(start_date)) / 30.4375) AS lifetime_revenue
  FROM {p}subscriptions GROUP BY customer_id
),
scored AS (
  SELECT c.customer_id, c.plan_tier, c.status, c.mrr_current, h.subscriptions,
         ROUND((julianday(h.last_day) - julianday(c.signup_date)) / 30.4375, 1) AS tenure_months,
         ROUND(h.lifetime_revenue, 2) AS lifetime_revenue,
         ROUND(c.mrr_current / {churn_rate}, 2) AS ltv,
         CASE c.plan_tier WHEN 'Starter' THEN 300 WHEN 'Pro' THEN 1500 ELSE 6000 END AS cac
  FROM {p}customers c JOIN hist h ON h.customer_id = c.customer_id
)
SELECT *,
  ROUND(ltv / cac, 2) AS ltv_cac_ratio,
  CASE WHEN status = 'churned' THEN 'churned' WHEN ltv / cac >= 3 THEN 'healthy' WHEN ltv / cac >= 1 THEN 'watch' ELSE 'at risk' END AS health
FROM scored
